"""course.kit.explorers (the framework and the declarations): one declaration, a live ipywidgets box and a static HTML block (no browser needed here;
tests/test_browser.py checks the blocks react in Chromium like the Python)."""

from __future__ import annotations

import json
import re

import ipywidgets as w
import pytest

from course.kit import explorers
from course.kit.explorers import framework
from course.kit.explorers.framework import Choice, Explorer, Span


def _toy(calls=None):
    def render(settings):
        if calls is not None:
            calls.append(settings)
        return [f"<p role='status'>{settings['a']}+{settings['span'][0]}</p>"]
    return Explorer(key="toy", prompt="Pick", controls=[
        Choice("a", "A", [1, 2, 3], 2), Span("span", "Years", 2000, 2010, (2000, 2010), [("All", (2000, 2010)), ("Late", (2005, 2010))])],
        render=render)


def _payload(block: str) -> dict:
    return json.loads(re.search(r"<script type='application/json' class='course-explorer-data'>(.*?)</script>", block, re.S).group(1))


def test_static_block_holds_every_setting_once_and_shows_the_default():
    calls = []
    block = _toy(calls).static_html()
    payload = _payload(block)
    assert set(payload["views"]) == {f"{i}.{j}" for i in range(3) for j in range(2)}
    assert len(calls) == 6 and {(c["a"], c["span"]) for c in calls} == {(a, s) for a in (1, 2, 3) for s in ((2000, 2010), (2005, 2010))}
    assert payload["fragments"][payload["views"]["1.1"][0]] == "<p role='status'>2+2005</p>"
    assert "data-view='1.0'" in block and "<p role='status'>2+2000</p></div>" in block, "the default view is in the page"
    assert "<option value='1' selected>2</option>" in block


def test_identical_outputs_are_stored_once():
    spec = Explorer(key="same", prompt="p", controls=[Choice("a", "A", list(range(10)), 0)], render=lambda s: ["<p>same</p>"])
    payload = _payload(spec.static_html())
    assert payload["fragments"] == ["<p>same</p>"] and all(v == [0] for v in payload["views"].values())


def test_too_many_settings_is_a_clear_error():
    spec = Explorer(key="big", prompt="p", controls=[Choice("a", "A", list(range(30)), 0), Choice("b", "B", list(range(30)), 0)],
                    render=lambda s: [""])
    with pytest.raises(ValueError, match="900 settings to precompute.*static_options or list static_views"):
        spec.static_html()


def test_script_json_cannot_close_its_script_element():
    text = framework.script_json({"x": "</script><!-- y"})
    assert "</" not in text and "<!--" not in text and json.loads(text) == {"x": "</script><!-- y"}


def test_show_switches_on_the_build_environment(monkeypatch):
    monkeypatch.delenv(framework.STATIC_ENV, raising=False)
    assert isinstance(_toy().show(), w.VBox)
    monkeypatch.setenv(framework.STATIC_ENV, "1")
    static = _toy().show()
    assert isinstance(static, framework.StaticBlock) and "course-explorer" in static._repr_html_()


def test_live_box_reacts_through_the_same_render():
    calls = []
    box = _toy(calls).widget()
    dropdown = next(c for c in box.children if isinstance(c, w.Dropdown))
    dropdown.value = 3
    assert calls[-1] == {"a": 3, "span": (2000, 2010)}


@pytest.mark.parametrize("key", sorted(framework.REGISTRY))
def test_every_registered_explorer_fits_a_page(key):
    """Each lesson explorer's static block stays small: every view is kept, so weight grows with the domain."""
    block = framework.REGISTRY[key]().static_html()
    assert len(block) < 600_000, f"{key}: {len(block)} bytes"
    payload = _payload(block)
    assert payload["views"] and all(payload["views"].values())


def test_static_domains_are_subsets_of_the_live_ones():
    for key, factory in framework.REGISTRY.items():
        for control in factory().controls:
            if isinstance(control, Choice) and control.kind != "multi":
                live = {v for _, v in control.options}
                assert {v for _, v in control.static_choices()} <= live, f"{key}.{control.name}"


def test_png_shrinks_without_changing_size():
    from PIL import Image
    import io
    chart = explorers.asymmetry_spec().render({"year": 2023})[0]
    small = framework.small_png(chart.png)
    assert len(small) < len(chart.png)
    assert Image.open(io.BytesIO(small)).size == Image.open(io.BytesIO(chart.png)).size


def test_a_list_is_stored_item_by_item_and_joins_back_to_itself():
    """Views share events: each item is stored once, and a view's pieces joined give the same list."""
    whole = "<ol class='course-events'><li>a <a href='x'>[source]</a></li><li>b</li></ol>"
    pieces = framework.list_pieces(whole)
    assert pieces == ["<ol class='course-events'>", "<li>a <a href='x'>[source]</a></li>", "<li>b</li>", "</ol>"]
    assert "".join(pieces) == whole
    nested = "<ul><li>a<ul><li>b</li></ul></li></ul>"
    assert framework.list_pieces(nested) == [nested] and framework.list_pieces("<p>text</p>") == ["<p>text</p>"]


def test_a_question_names_controls_and_options_as_each_version_shows_them():
    spec = Explorer(key="q", prompt="Choose {span} “{span:late}” and {a} “{a:3}”.", controls=[
        Choice("a", "A", [1, 2, 3], 2), Span("span", "Years", 2000, 2010, (2000, 2010),
                                            [("All", (2000, 2010), "all"), ("Late years, 2005–2010", (2005, 2010), "late")])],
        render=lambda s: [""])
    assert spec.prompt_text(static=True) == "Choose Era “Late years, 2005–2010” and A “3”."
    assert spec.prompt_text(static=False) == "Choose Era “Late years” and A “3”.", "live, a preset is a button cut at its comma"
    assert "Choose Era “Late years, 2005–2010”" in spec.static_html()
    assert any("Choose Era “Late years”" in getattr(c, "value", "") for c in spec.widget().children)


@pytest.mark.parametrize("prompt,match", [("Move the {slider}", r"names \{slider\}, but the controls are \['a'\]"),
                                          ("Pick {a:9}", r"names \{a:9\}, which the static page does not offer")])
def test_a_question_naming_what_the_page_lacks_fails_when_declared(prompt, match):
    with pytest.raises(ValueError, match=match):
        Explorer(key="bad", prompt=prompt, controls=[Choice("a", "A", [1, 2, 3], 2, static_options=[1, 2])],
                 render=lambda s: [""])


def test_lesson_timeline_questions_name_what_their_pages_offer():
    """Lesson 01 asks for 1858–1860: its static page offers that span; lesson 00 asks about the theme conflict."""
    treaties = explorers.timeline_spec(1689, 1950, task="treaties-1858")
    span = treaties.controls[0]
    assert ("Aigun and Peking, 1858–1860", (1858, 1860)) in span.static_choices()
    assert "“Aigun and Peking, 1858–1860”" in treaties.prompt_text(static=True)
    conflicts = explorers.timeline_spec(task="conflicts").prompt_text(static=True)
    assert "“conflict”" in conflicts and "between Russia (then the Soviet Union) and China" in conflicts
    assert explorers.timeline_spec().prompt == explorers.TIMELINE_QUESTION
    with pytest.raises(ValueError, match="Unknown timeline task 'x'; the tasks are"):
        explorers.timeline_spec(task="x")


def test_lesson_00s_conflict_question_has_one_answer_in_the_data():
    """The question asks which listed conflict was between Russia (the USSR) and China: the data hold one, and others."""
    from course.kit import data, timeline
    conflicts = timeline.filter_events(data.load("timeline"), 1689, 2025, ["conflict"])
    russia_china = conflicts[conflicts.title.str.contains("Zhenbao")]
    assert len(russia_china) == 1 and len(conflicts) > 1


def test_no_lesson_or_page_says_the_explorers_need_a_kernel():
    """The explorers work on the static site; the "Run it live" boxes and the guides must not say otherwise."""
    from support import LESSONS, ROOT
    stale = ("To move the slider", "They move only when the lesson runs live", "explorers need a running kernel",
             "The explorers need a running kernel", "| in each lesson, when run live |")
    texts = {p.name: p.read_text(encoding="utf-8") for p in [*LESSONS, *(ROOT / "book").glob("*.md")]}
    found = [(name, s) for name, text in texts.items() for s in stale if s in text]
    assert not found, found
    boxes = [name for name, text in texts.items() if name.endswith(".ipynb") and "Run it live" in text
             and "explorers" not in text.split("Run it live", 1)[1][:700]]
    assert not boxes, f"Run it live boxes that do not mention the explorers: {boxes}"
