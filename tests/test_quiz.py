"""Question files are valid, convert to jupyterquiz's format, and agree with the data."""

from __future__ import annotations

import copy

import pytest
import yaml

from course import paths
from course.kit import expressions, quiz
from course.kit.quiz import QuizError

QUIZ_FILES = sorted(paths.QUIZZES.glob("*.yaml"))
QUESTIONS = [(f.stem, q) for f in QUIZ_FILES for q in yaml.safe_load(f.read_text(encoding="utf-8"))["questions"]]


def test_every_lesson_has_a_quiz_and_every_quiz_a_lesson():
    lessons = {paths.lesson_id(p) for p in paths.lessons()}
    assert {f.stem for f in QUIZ_FILES} == lessons, "exercises/quizzes/NN.yaml for each lesson NN, and no other"


@pytest.mark.parametrize("path", QUIZ_FILES, ids=lambda p: p.stem)
def test_file_is_valid_and_sized(path):
    doc = quiz.load(path.stem)
    assert 6 <= len(doc["questions"]) <= 10, "a lesson quiz has 6-10 questions"


@pytest.mark.parametrize("lesson,question", [q for q in QUESTIONS if "from_data" in q[1] and q[1]["type"] == "numeric"],
                         ids=lambda v: v if isinstance(v, str) else v["id"])
def test_numeric_answer_is_recomputed_from_data(lesson, question):
    computed = expressions.evaluate(question["from_data"])
    assert abs(computed - question["answer"]) <= question["tolerance"] + 1e-9, \
        f"{lesson}/{question['id']}: key {question['answer']} but data give {computed}"


@pytest.mark.parametrize("lesson,question", [q for q in QUESTIONS if "from_data" in q[1] and q[1]["type"] == "multiple_choice"],
                         ids=lambda v: v if isinstance(v, str) else v["id"])
def test_choice_key_is_recomputed_from_data(lesson, question):
    """A choice question with `from_data` names its correct answer's text; the data must give the same."""
    computed = str(expressions.evaluate(question["from_data"]))
    correct = [a["answer"] for a in question["answers"] if a["correct"]]
    assert correct == [computed], f"{lesson}/{question['id']}: key {correct} but data give {computed!r}"
    assert sum(a["answer"] == computed for a in question["answers"]) == 1


def test_every_numeric_question_is_tied_to_data():
    untied = [f"{lesson}/{q['id']}" for lesson, q in QUESTIONS if q["type"] == "numeric" and "from_data" not in q]
    assert not untied, f"numeric questions must say how the data give their answer: {untied}"


def test_conversion_to_jupyterquiz():
    converted = quiz.questions("01")
    numeric = next(q for q in converted if q["type"] == "numeric")
    low, high = numeric["answers"][0]["range"]
    assert low <= 1000 <= high and numeric["answers"][1]["type"] == "default"
    choice = converted[0]
    assert sum(a["correct"] for a in choice["answers"]) == 1
    assert all(a["feedback"] for a in choice["answers"])


@pytest.mark.parametrize("lesson,question", [q for q in QUESTIONS if q[1]["type"] == "numeric"],
                         ids=lambda v: v if isinstance(v, str) else v["id"])
def test_numeric_range_accepts_the_key_and_its_edges(lesson, question):
    """jupyterquiz checks low <= x < high, so the key and key +/- tolerance must all fall inside."""
    converted = quiz.to_jupyterquiz(question)
    low, high = converted["answers"][0]["range"]
    key, tol = question["answer"], question["tolerance"]
    for value in (key, key - tol, key + tol):
        assert low <= value < high, f"{lesson}/{question['id']}: {value} would be marked wrong"
    assert not (low <= key + tol + max(tol, 1) * 1e-3 < high), "the range must not be wider than the tolerance"


def _valid_doc():
    return {"questions": [{"id": "a", "type": "multiple_choice", "question": "Q?", "answers": [
        {"answer": "x", "correct": True, "feedback": "yes"}, {"answer": "y", "correct": False, "feedback": "no"}]}]}


@pytest.mark.parametrize("breakage,message", [
    (lambda d: d["questions"][0]["answers"][1].pop("feedback"), "answer 2 needs 'feedback'"),
    (lambda d: d["questions"][0]["answers"][1].update(correct=True), "exactly one correct answer, found 2"),
    (lambda d: d["questions"][0].update(type="essay"), "'type' must be one of"),
    (lambda d: d["questions"].append(copy.deepcopy(d["questions"][0])), "id 'a' is used twice"),
    (lambda d: d["questions"][0].update(type="numeric", answer=3), "numeric questions need a number 'tolerance'"),
    (lambda d: d["questions"][0]["answers"].pop(), "at least two 'answers'"),
    (lambda d: d.update(questions=[]), "non-empty 'questions'"),
])
def test_validation_says_what_to_fix(breakage, message):
    doc = _valid_doc()
    breakage(doc)
    with pytest.raises(QuizError, match=message.replace("(", r"\(").replace(")", r"\)")):
        quiz.validate(doc, "test.yaml")


def test_missing_and_malformed_files(tmp_path):
    with pytest.raises(QuizError, match=r"No file .*99\.yaml: create exercises/quizzes/99\.yaml"):
        quiz.load("99", tmp_path / "99.yaml")
    bad = tmp_path / "98.yaml"
    bad.write_text("questions: [unclosed", encoding="utf-8")
    with pytest.raises(QuizError, match="98.yaml is not valid YAML"):
        quiz.load("98", bad)
    bad.write_text("- a list, not a mapping", encoding="utf-8")
    with pytest.raises(QuizError, match="98.yaml must be a mapping"):
        quiz.load("98", bad)


def test_dollars_and_markup_survive_jupyterquiz():
    """jupyterquiz turns each `$` into a LaTeX delimiter and inserts text as HTML: money and `<` must stay text."""
    q = {"id": "m", "type": "multiple_choice", "question": "Did trade pass $100 bn, or <$50 bn & falling?",
         "answers": [{"answer": "$107 bn", "correct": True, "feedback": "Yes: $107.06 bn"},
                     {"answer": "No", "correct": False, "feedback": "No: < $100 bn was 2017"}]}
    converted = quiz.to_jupyterquiz(q)
    texts = [converted["question"]] + [a[k] for a in converted["answers"] for k in ("answer", "feedback")]
    assert not any("$" in t for t in texts)
    assert converted["question"] == "Did trade pass &#36;100 bn, or &lt;&#36;50 bn &amp; falling?"


def test_no_question_file_relies_on_maths():
    """The site loads no MathJax (it would come from a CDN), so question files must not use LaTeX."""
    latex = [f"{lesson}/{q['id']}" for lesson, q in QUESTIONS if "\\(" in yaml.safe_dump(q) or "$$" in yaml.safe_dump(q)]
    assert not latex
