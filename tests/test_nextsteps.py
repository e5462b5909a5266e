"""course.site.nextsteps: each lesson's "What next" section, from _toc.yml's order and next_steps.yaml."""

from __future__ import annotations

import json

import nbformat
import pytest

from course import paths
from course.site import nextsteps
from support import LESSONS, toc_pages


def test_the_declaration_names_real_lessons_assignments_and_readings():
    declared = nextsteps.load()
    assert set(declared) == {paths.lesson_id(p) for p in LESSONS}, "every lesson, and only lessons, in next_steps.yaml"
    assert all("reading" in steps for steps in declared.values()), "each lesson suggests a reading"
    assert {steps["assignment"] for steps in declared.values() if "assignment" in steps} == {"a1", "a2", "a3"}


def test_sections_follow_the_table_of_contents():
    docs, declared = toc_pages(), nextsteps.load()
    lessons = nextsteps.lesson_docs(docs)
    assert lessons == [f"notebooks/{p.stem}" for p in LESSONS]
    for here, there in zip(lessons, lessons[1:]):
        assert f"**Next lesson:** {{doc}}`/{there}`" in nextsteps.markdown(here, docs, declared)
    after_02 = nextsteps.markdown("notebooks/02_split_and_normalisation", docs, declared)
    assert "*A1 — Reading the record*" in after_02 and "{cite:t}`radchenko2009`" in after_02
    last = nextsteps.markdown(lessons[-1], docs, declared)
    assert "Next lesson" not in last and "{doc}`/book/capstone`" in last and "{doc}`/notebooks/capstone_memo`" in last
    assert all(nextsteps.markdown(d, docs, declared).startswith("## What next\n") for d in lessons)


def test_only_pages_of_the_build_are_linked():
    declared = nextsteps.load()
    alone = nextsteps.markdown("notebooks/08_implications_for_india", ["notebooks/08_implications_for_india"], declared)
    assert "{doc}" not in alone and "{cite:t}`chellaney2024`" in alone


def test_the_section_is_a_last_markdown_cell_left_out_of_the_slides():
    source = LESSONS[0].read_text(encoding="utf-8")
    added = nbformat.reads(nextsteps.append_to_notebook(source, "## What next\n\n- x\n"), as_version=4)
    nbformat.validate(added)
    assert added.cells[-1].source == "## What next\n\n- x\n" and added.cells[-1].metadata.slideshow.slide_type == "skip"
    assert len(added.cells) == len(json.loads(source)["cells"]) + 1


@pytest.mark.parametrize("text,match", [
    ('"03": {reading: {key: nobody2099, why: "x"}}', "lesson '03': 'nobody2099' is not an entry of references.bib; add it"),
    ('"03": {assignment: a9}', "lesson '03': names an assignment 'a9' that has no exercises/a9/assignment.yaml"),
    ('"03": {homework: yes}', "lesson '03', 'homework': .*a lesson's steps are some of assignment, capstone, reading"),
    ('"3": {}', "lesson '3': .*write the lesson id quoted"),
    ('"03": {reading: lukin2018}', r"lesson '03', 'reading': .*a reading as \{key: <bib key>, why: <one phrase>\}"),
    ('"03": {reading: {key: lukin2018}}', r"lesson '03', 'reading', 'why': Field required \(add it\)"),
])
def test_a_bad_declaration_says_what_to_fix(tmp_path, text, match):
    """Each error names the file, the place in it and the fix."""
    path = tmp_path / "next_steps.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(nextsteps.NextStepsError, match="^next_steps.yaml, " + match):
        nextsteps.load(path)
