"""The course's YAML formats, each declared once (pydantic): a bad file of each fails with one line per problem
that names the file, the place in it and the fix. Quizzes: tests/test_quiz.py; next steps: tests/test_nextsteps.py."""

from __future__ import annotations

import copy
import shutil

import pytest
import yaml

from course.grading import spec
from course.kit import challenges
from course.kit.challenges import ChallengeError
from course.site import instructor, notesformat
from support import ROOT


def _challenge_file() -> dict:
    return yaml.safe_load(challenges.spec_path("03").read_text(encoding="utf-8"))


def _set(doc, path, value):
    for step in path[:-1]:
        doc = doc[step]
    if value is KeyError:
        del doc[path[-1]]
    else:
        doc[path[-1]] = value


@pytest.mark.parametrize(
    "path,value,expected",
    [
        (
            ("challenges", 1, "checks", 0, "check"),
            "nearly",
            "03.yaml, challenge 2 (03.2), check 1, 'check': 'check' must be one of",
        ),
        (
            ("challenges", 1, "checks", 1, "expected"),
            KeyError,
            "03.yaml, challenge 2 (03.2), check 2: 'equals' needs 'expected': add an expression over the course data",
        ),
        (
            ("challenges", 0, "titel"),
            "x",
            "03.yaml, challenge 1 (03.1), 'titel': Extra inputs are not permitted (remove it, or check its spelling",
        ),
        (("challenges", 0, "success"), KeyError, "03.yaml, challenge 1 (03.1), 'success': Field required (add it)"),
        (
            ("challenges", 0, "hint"),
            ["one step"],
            "03.yaml, challenge 1 (03.1), 'hint': 'hint' must be a list of at least 2",
        ),
        (
            ("challenges", 0, "name"),
            "growth 2021",
            "03.yaml, challenge 1 (03.1), 'name': 'name' must be the answer's variable",
        ),
        (
            ("challenges", 0, "checks", 0, "message"),
            " ",
            "03.yaml, challenge 1 (03.1), check 1, 'message': String should",
        ),
        (("challenges", 1, "id"), "03.1", "03.yaml: challenge 2: id '03.1' is used twice"),
        (("challenges", 0, "id"), "04.1", "03.yaml: challenge 1: 'id' must look like \"03.1\""),
        (("lesson",), 3, "03.yaml, 'lesson': Input should be a valid string (write it as text (in quotes"),
    ],
)
def test_a_bad_challenge_file_names_file_place_and_fix(path, value, expected):
    doc = _challenge_file()
    challenges.validate(doc, "03.yaml", "03")  # valid before the breakage
    _set(doc, path, value)
    with pytest.raises(ChallengeError) as err:
        challenges.validate(doc, "03.yaml", "03")
    assert expected in str(err.value), str(err.value)


def test_a_challenge_file_belongs_to_its_lesson():
    with pytest.raises(ChallengeError, match="'lesson' is '03' in the file of lesson '04': make them agree"):
        challenges.validate(_challenge_file(), "04.yaml", "04")


@pytest.fixture
def assignment_copy(tmp_path, monkeypatch):
    """A copy of exercises/a2 the test may break; spec.load reads it."""
    shutil.copytree(ROOT / "exercises" / "a2", tmp_path / "a2")
    monkeypatch.setattr(spec, "EXERCISES", tmp_path)
    return tmp_path / "a2"


def _edit(path, change):
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.mark.parametrize(
    "file,change,expected",
    [
        (
            "assignment.yaml",
            lambda d: d["questions"][0]["public"][0].update(points=-1),
            "a2/assignment.yaml, question 1 (q1), check 1, 'points': 'points' must be a number ≥ 0, not -1",
        ),
        (
            "assignment.yaml",
            lambda d: d["questions"][1].update(kind="essay"),
            "a2/assignment.yaml, question 2 (q2), 'kind': Input should be 'number', 'text'",
        ),
        (
            "assignment.yaml",
            lambda d: d["questions"][5].pop("rubric"),
            "a2/assignment.yaml, question 6 (q6): a manual question needs 'points' and a 'rubric'",
        ),
        (
            "assignment.yaml",
            lambda d: d["questions"][2].update(name=d["questions"][1]["name"]),
            "a2/assignment.yaml: question names must be unique: ['growth_by_stretch']",
        ),
        (
            "assignment.yaml",
            lambda d: d.update(id="a9"),
            "a2/assignment.yaml: 'id' must be 'a2', the name of its folder",
        ),
        (
            "assignment.yaml",
            lambda d: d["questions"][0].pop("prompt"),
            "a2/assignment.yaml, question 1 (q1), 'prompt': Field required (add it)",
        ),
        (
            "hidden.yaml",
            lambda d: d["q2"][0].pop("expected"),
            "a2/hidden.yaml, question 'q2', check 1: 'column_close' needs 'expected'",
        ),
        (
            "hidden.yaml",
            lambda d: d["q1"][0].update(mesage="x"),
            "a2/hidden.yaml, question 'q1', check 1, 'mesage': Extra inputs are not permitted (remove it, or check its spelling",
        ),
        (
            "hidden.yaml",
            lambda d: d.update(q1="close"),
            "a2/hidden.yaml, question 'q1': Input should be a valid list (write a list",
        ),
    ],
)
def test_a_bad_assignment_file_names_file_place_and_fix(assignment_copy, file, change, expected):
    spec.load("a2")  # valid before the breakage
    _edit(assignment_copy / file, change)
    with pytest.raises(spec.SpecError) as err:
        spec.load("a2")
    assert expected in str(err.value), str(err.value)


def test_hidden_checks_for_an_unknown_question_are_an_error(assignment_copy):
    _edit(assignment_copy / "hidden.yaml", lambda d: d.update(q99=[]))
    with pytest.raises(spec.SpecError, match=r"a2/hidden.yaml: checks for unknown questions \['q99'\]: remove them"):
        spec.load("a2")


def _notes() -> dict:
    return copy.deepcopy(yaml.safe_load(instructor.NOTES.read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    "change,expected",
    [
        (
            lambda d: d["03"]["timing"].__setitem__(1, ["5", "x"]),
            "notes.yaml, lesson '03', timing row 2, item 1: Input should be a valid integer (write the minutes as a whole",
        ),
        (
            lambda d: d["03"]["misconceptions"].__setitem__(0, ["only one side"]),
            "notes.yaml, lesson '03', misconception 1, item 2: Field required (add it)",
        ),
        (
            lambda d: d["04"].update(discusion=[]),
            "notes.yaml, lesson '04', 'discusion': Extra inputs are not permitted",
        ),
        (lambda d: d["05"].pop("timing"), "notes.yaml, lesson '05', 'timing': Field required (add it)"),
        (lambda d: d.update({"3": d["03"]}), "notes.yaml, lesson '3': String should match pattern"),
    ],
)
def test_bad_instructor_notes_name_file_place_and_fix(tmp_path, change, expected):
    path = tmp_path / "notes.yaml"
    doc = _notes()
    change(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    with pytest.raises(notesformat.NotesError) as err:
        notesformat.read(path)
    assert expected in str(err.value), str(err.value)


def test_the_course_files_follow_their_formats():
    """Every file of each format, as committed, is valid (the readers raise otherwise)."""
    assert all(challenges.load(lesson) for lesson in challenges.lessons())
    assert all(spec.load(a)["questions"] for a in spec.assignments())
    assert set(instructor.notes()) >= {"00", "08"}
