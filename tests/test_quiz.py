"""Question files are valid, agree with the data, cannot be passed by position or length, climb above recall, and
keep stable ids; they convert to jupyterquiz's format with those ids in the page."""

from __future__ import annotations

import collections
import copy
import re

import pytest
import yaml

from course import paths
from course.kit import expressions, quiz
from course.kit.quiz import QuizError

QUIZ_FILES = sorted(paths.QUIZZES.glob("*.yaml"))
LESSONS = [f.stem for f in QUIZ_FILES]
RAW = [(f.stem, q) for f in QUIZ_FILES for q in yaml.safe_load(f.read_text(encoding="utf-8"))["questions"]]
RESOLVED = {lesson: quiz.resolved(lesson) for lesson in LESSONS}
QUESTIONS = [(lesson, q) for lesson in LESSONS for q in RESOLVED[lesson]]
SINGLE = [(lesson, q) for lesson, q in QUESTIONS if q["type"] == "multiple_choice"]
CHOICE = [(lesson, q) for lesson, q in QUESTIONS if "answers" in q]


def _ids(value):
    return value if isinstance(value, str) else value["id"]


def test_every_lesson_has_a_quiz_and_every_quiz_a_lesson():
    lessons = {paths.lesson_id(p) for p in paths.lessons()}
    assert set(LESSONS) == lessons, "exercises/quizzes/NN.yaml for each lesson NN, and no other"


@pytest.mark.parametrize("lesson", LESSONS)
def test_file_is_valid_and_sized(lesson):
    doc = quiz.load(lesson)
    assert doc["lesson"] == lesson, f"{lesson}.yaml says lesson {doc['lesson']!r}"
    assert 6 <= len(doc["questions"]) <= 10, "a lesson quiz has 6-10 questions"


# ---- keys from the data -------------------------------------------------------------------------------------


@pytest.mark.parametrize("lesson,question", [q for q in QUESTIONS if q[1]["type"] == "numeric"], ids=_ids)
def test_numeric_key_is_computed_from_data(lesson, question):
    """The key a student is marked against is the value of `from_data`, not a number typed into the file."""
    computed = float(expressions.evaluate(question["from_data"]))
    assert question["answer"] == pytest.approx(computed), f"{lesson}/{question['id']}"
    raw = next(q for les, q in RAW if les == lesson and q["id"] == question["id"])
    assert "answer" not in raw, f"{lesson}/{question['id']}: drop the typed 'answer'; the key is computed by from_data"


@pytest.mark.parametrize("lesson,question", [q for q in CHOICE if "from_data" in q[1]], ids=_ids)
def test_choice_key_is_recomputed_from_data(lesson, question):
    """A choice question with `from_data` names its correct answer's text; the data must give the same."""
    computed = str(expressions.evaluate(question["from_data"]))
    correct = [a["answer"] for a in question["answers"] if a["correct"]]
    assert correct == [computed], f"{lesson}/{question['id']}: key {correct} but data give {computed!r}"
    assert sum(a["answer"] == computed for a in question["answers"]) == 1


def test_every_numeric_question_is_tied_to_data():
    untied = [f"{lesson}/{q['id']}" for lesson, q in RAW if q["type"] == "numeric" and "from_data" not in q]
    assert not untied, f"numeric questions must say how the data give their answer: {untied}"


@pytest.mark.parametrize("lesson,question", [q for q in QUESTIONS if q[1]["type"] == "numeric"], ids=_ids)
def test_numeric_range_accepts_the_key_and_its_edges(lesson, question):
    """jupyterquiz checks low <= x < high, so the key and key +/- tolerance must all fall inside."""
    converted = quiz.to_jupyterquiz(question)
    low, high = converted["answers"][0]["range"]
    key, tol = question["answer"], question["tolerance"]
    for value in (key, key - tol, key + tol):
        assert low <= value < high, f"{lesson}/{question['id']}: {value} would be marked wrong"
    assert not (low <= key + tol + max(tol, 1) * 1e-3 < high), "the range must not be wider than the tolerance"


@pytest.mark.parametrize("lesson,question", [q for q in QUESTIONS if q[1]["type"] == "numeric"], ids=_ids)
def test_the_key_rounded_as_the_stem_asks_is_accepted(lesson, question):
    """A student who rounds as told ("whole number", "one decimal place", ...) is marked right."""
    stem = question["question"].lower()
    digits = next((d for words, d in (("whole number", 0), ("one decimal", 1), ("two decimal", 2)) if words in stem), None)
    if digits is None:  # no instruction: one decimal place must do
        digits = 1
    low, high = quiz.to_jupyterquiz(question)["answers"][0]["range"]
    rounded = round(question["answer"], digits)
    assert low <= rounded < high, f"{lesson}/{question['id']}: {rounded} (rounded as asked) would be marked wrong"


def test_a_reported_figure_is_treated_fairly():
    """Lesson 03: 2015 is derived ($68.0 bn, -28.6%); TASS reported -27.8%. A student who enters the reported fall
    is not marked wrong, and the feedback names both bases."""
    q = next(q for q in RESOLVED["03"] if q["id"] == "fall-2015")
    low, high = quiz.to_jupyterquiz(q)["answers"][0]["range"]
    assert low <= 27.8 < high and low <= round(q["answer"], 1) < high
    assert "27.8" in q["feedback_correct"] and "derived" in q["feedback_correct"].lower()


def test_no_question_mixes_the_india_china_bases():
    """Lesson 08 says not to compare figures on different bases: a growth ratio of india_china_trade must use two
    years with the same `basis`."""
    table = expressions.evaluate("data.load('india_china_trade')").set_index("year")
    for lesson, q in QUESTIONS:
        expression = " ".join(e for e in [q.get("from_data", ""), *q.get("values", {}).values()]
                              if "india_china_trade" in e and "value_usd_bn" in e)
        if not expression:
            continue
        years = {int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", expression) if int(y) in table.index}
        # "Chinese customs", "… (reported by PTI)", "Chinese embassy (GAC basis)" are one basis; others are their own
        bases = {"Chinese customs" if "Chinese" in b or "GAC" in b else b for b in table.loc[sorted(years), "basis"]}
        assert len(bases) <= 1, f"{lesson}/{q['id']} mixes bases {bases} across the years {sorted(years)}"


# ---- no answer by position or length --------------------------------------------------------------------------


def position_shares() -> dict[int, float]:
    """Share of single-answer questions whose right option is at each position (1-based), over every quiz."""
    counts = collections.Counter(next(i for i, a in enumerate(q["answers"], 1) if a["correct"]) for _, q in SINGLE)
    return {pos: n / len(SINGLE) for pos, n in sorted(counts.items())}


def longest_share() -> float:
    """Share of choice questions in which a right option is longer than every wrong one (a tie gives nothing away)."""
    def longest(q):
        right = max(len(a["answer"]) for a in q["answers"] if a["correct"])
        return right > max(len(a["answer"]) for a in q["answers"] if not a["correct"])
    return sum(longest(q) for _, q in CHOICE) / len(CHOICE)


def test_position_gives_nothing_away():
    shares = position_shares()
    assert max(shares.values()) <= 0.40, f"right option by position: {shares}; move some right answers"
    assert len(shares) >= 3, f"right answers sit only at positions {sorted(shares)}"
    first = sum(q["answers"][0]["correct"] for _, q in CHOICE) / len(CHOICE)
    assert first <= 0.40, f"the first stored option is right in {first:.0%} of choice questions"
    for lesson in LESSONS:
        own = [q for les, q in SINGLE if les == lesson]
        assert not all(q["answers"][0]["correct"] for q in own), f"quiz {lesson}: the first option is always right"


def test_length_gives_nothing_away():
    share = longest_share()
    assert share <= 0.40, f"the right option is the longest in {share:.0%} of choice questions; lengthen distractors"


def test_many_choice_and_evaluation_right_options_are_not_all_on_top():
    for lesson, q in QUESTIONS:
        if q["type"] not in ("many_choice", "evaluation"):
            continue
        flags = [a["correct"] for a in q["answers"]]
        assert flags != sorted(flags, reverse=True), f"{lesson}/{q['id']}: every right option comes first"


def test_the_bias_measures_catch_a_first_option_quiz():
    """The measures above fail on the old habit: the right answer first and longest."""
    global SINGLE, CHOICE
    saved = SINGLE, CHOICE
    rigged = []
    for lesson, q in saved[1]:
        answers = sorted(q["answers"], key=lambda a: not a["correct"])
        longest = max(len(a["answer"]) for a in answers)
        answers = [{**a, "answer": a["answer"].ljust(longest + 1, "…") if a["correct"] else a["answer"]} for a in answers]
        rigged.append((lesson, {**q, "answers": answers}))
    try:
        SINGLE, CHOICE = [r for r in rigged if r[1]["type"] == "multiple_choice"], rigged
        assert position_shares()[1] == 1.0 and longest_share() == 1.0
    finally:
        SINGLE, CHOICE = saved


@pytest.mark.parametrize("lesson,question", CHOICE, ids=_ids)
def test_the_stem_does_not_give_the_answer_away(lesson, question):
    """A number or year that is the right option must not be printed in the question itself."""
    for a in question["answers"]:
        if a["correct"] and re.fullmatch(r"[\d.,%–-]+", a["answer"]):
            assert not re.search(rf"(?<![\d.]){re.escape(a['answer'])}(?![\d.])", question["question"]), \
                f"{lesson}/{question['id']}: the stem prints the key {a['answer']}"


# ---- levels: recall is not enough -----------------------------------------------------------------------------


@pytest.mark.parametrize("lesson", LESSONS)
def test_a_third_apply_or_analyse_and_one_evaluation(lesson):
    own = RESOLVED[lesson]
    levels = collections.Counter(q["level"] for q in own)
    assert (levels["apply"] + levels["analyse"]) * 3 >= len(own), \
        f"quiz {lesson}: {dict(levels)}; at least a third of the questions apply or analyse"
    evaluations = [q for q in own if q["type"] == "evaluation"]
    assert len(evaluations) >= 1, f"quiz {lesson} needs an evaluation item (type: evaluation, two defensible options)"
    assert levels["recall"] < len(own), f"quiz {lesson} is all recall"


@pytest.mark.parametrize("lesson,question", [q for q in QUESTIONS if q[1]["level"] in ("apply", "analyse")], ids=_ids)
def test_applied_questions_are_answered_from_the_data(lesson, question):
    """An apply or analyse question's key is computed from data/ (its from_data), never typed."""
    assert question.get("from_data"), f"{lesson}/{question['id']}: an {question['level']} question needs from_data"


@pytest.mark.parametrize("lesson,question", [q for q in QUESTIONS if q[1]["type"] == "evaluation"], ids=_ids)
def test_evaluation_items_weigh_two_defensible_options(lesson, question):
    defensible = [a for a in question["answers"] if a["correct"]]
    assert len(defensible) >= 2
    assert len({a["feedback"] for a in defensible}) == len(defensible), "each defensible option gets its own weighing"
    converted = quiz.to_jupyterquiz(question)
    assert converted["type"] == "multiple_choice" and 'data-kind="evaluation"' in converted["question"]


@pytest.mark.parametrize("lesson,question", QUESTIONS, ids=_ids)
def test_every_answer_explains_itself(lesson, question):
    if question["type"] == "numeric":
        assert question["feedback_correct"].strip() and question["feedback_wrong"].strip()
    else:
        assert all(a["feedback"].strip() for a in question["answers"])
    assert "{" not in yaml.safe_dump(question["question"]), f"{lesson}/{question['id']}: an unfilled {{value}}"


# ---- stable ids ----------------------------------------------------------------------------------------------


def test_ids_are_unique_and_stable_looking():
    """Ids are slugs (lower-case words and hyphens), unique across the whole course, and not numbered by position
    (a renumbering would move students' answers)."""
    ids = [q["id"] for _, q in RAW]
    assert len(ids) == len(set(ids)), [i for i, n in collections.Counter(ids).items() if n > 1]
    for i in ids:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i), i
        assert not re.fullmatch(r"(q|question)-?\d+", i), f"{i}: name the question, do not number it"


def test_ids_and_former_wordings_are_in_the_page():
    for lesson in LESSONS:
        for q, converted in zip(RESOLVED[lesson], quiz.questions(lesson)):
            assert converted["question"].startswith(f'<span class="course-qid" data-qid="{q["id"]}"')
            assert "$" not in converted["question"], "a $ inside the marker would start LaTeX"
    keys = quiz.progress_keys("03")
    assert [k["id"] for k in keys] == [q["id"] for q in RESOLVED["03"]]
    assert all(k["texts"][0] == q["question"] for k, q in zip(keys, RESOLVED["03"]))


def test_a_former_wording_leads_to_one_question():
    """Answers a browser kept under a question's text move to the id whose question has (or had) that text: a
    wording may belong to one question of its lesson only, and is not repeated as former."""
    for lesson in LESSONS:
        owners = collections.defaultdict(set)
        for k in quiz.progress_keys(lesson):
            assert len(k["texts"]) == len(set(k["texts"])), f"{lesson}/{k['id']}: a former wording repeats the text"
            for text in k["texts"]:
                owners[text].add(k["id"])
        shared = {t: ids for t, ids in owners.items() if len(ids) > 1}
        assert not shared, f"quiz {lesson}: wordings claimed by two questions: {shared}"


# ---- the format's errors say what to fix ----------------------------------------------------------------------


def _valid_doc():
    return {"lesson": "99", "title": "T", "questions": [{"id": "a", "level": "recall", "type": "multiple_choice",
            "question": "Q?", "answers": [{"answer": "x", "correct": True, "feedback": "yes"},
                                          {"answer": "y", "correct": False, "feedback": "no"}]}]}


@pytest.mark.parametrize("breakage,message", [
    (lambda d: d["questions"][0]["answers"][1].pop("feedback"), "question 1 (a), answer 2, 'feedback': Field required (add it)"),
    (lambda d: d["questions"][0]["answers"][1].update(correct=True), "exactly one correct answer, found 2"),
    (lambda d: d["questions"][0].update(type="essay"), "use one of multiple_choice, many_choice, evaluation, numeric"),
    (lambda d: d["questions"].append(copy.deepcopy(d["questions"][0])), "question 2: id 'a' is used twice"),
    (lambda d: d["questions"][0].update(type="numeric", from_data="1"), "question 1 (a), 'tolerance': Field required"),
    (lambda d: d["questions"][0]["answers"].pop(), "question 1 (a), 'answers'"),
    (lambda d: d.update(questions=[]), "'questions'"),
    (lambda d: d["questions"][0].update(levle="recall"), "'levle': Extra inputs are not permitted (remove it"),
    (lambda d: d["questions"][0].pop("level"), "question 1 (a), 'level': Field required (add it)"),
    (lambda d: d["questions"][0].update(level="remember"), "'level': Input should be 'recall', 'apply', 'analyse' or 'evaluate'"),
    (lambda d: d["questions"][0].update(id="Question 1"), "lower-case words joined by hyphens"),
    (lambda d: d["questions"][0].update(type="evaluation", level="evaluate"), "'answers': List should have at least 3 items"),
    (lambda d: d["questions"][0].update(type="evaluation", level="evaluate", answers=d["questions"][0]["answers"] + [
        {"answer": "z", "correct": False, "feedback": "no"}]), "at least two defensible options ('correct: true')"),
    (lambda d: d["questions"][0].update(level="evaluate"), "level 'evaluate' belongs to 'type: evaluation' items"),
    (lambda d: d["questions"][0]["answers"][0].update(correct="yes"), "answer 1, 'correct': Input should be a valid boolean (write true or false)"),
])
def test_validation_names_file_place_and_fix(breakage, message):
    doc = _valid_doc()
    quiz.validate(doc, "99.yaml")  # valid before the breakage
    breakage(doc)
    with pytest.raises(QuizError) as err:
        quiz.validate(doc, "99.yaml")
    assert str(err.value).startswith(("99.yaml, ", "99.yaml: ")) and message in str(err.value), str(err.value)


def test_a_value_that_is_not_named_fails_with_its_place():
    q = {**_valid_doc()["questions"][0], "values": {"x": "1 + 1"}, "question": "Is {y} two?"}
    q = quiz.validate({**_valid_doc(), "questions": [q]})["questions"][0]
    with pytest.raises(QuizError, match=r"99/a: cannot fill 'Is \{y\} two\?'.*name each \{value\} under 'values'"):
        quiz.resolve(q, "99/a")
    q["question"] = "Is {x:.0f} two?"
    assert quiz.resolve(q)["question"] == "Is 2 two?"


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
    q = {"id": "m", "type": "multiple_choice", "level": "recall", "question": "Did trade pass $100 bn, or <$50 bn & falling?",
         "former_texts": ["Trade [$100 bn](x)?"],
         "answers": [{"answer": "$107 bn", "correct": True, "feedback": "Yes: $107.06 bn"},
                     {"answer": "No", "correct": False, "feedback": "No: < $100 bn was 2017"}]}
    converted = quiz.to_jupyterquiz(q)
    texts = [converted["question"]] + [a[k] for a in converted["answers"] for k in ("answer", "feedback")]
    assert not any("$" in t for t in texts)
    assert converted["question"].endswith("</span>Did trade pass &#36;100 bn, or &lt;&#36;50 bn &amp; falling?")
    assert "](" not in converted["question"], "a former wording must not look like a markdown link to jupyterquiz"


def test_no_question_file_relies_on_maths():
    """The site loads no MathJax (it would come from a CDN), so question files must not use LaTeX."""
    latex = [f"{lesson}/{q['id']}" for lesson, q in QUESTIONS if "\\(" in yaml.safe_dump(q) or "$$" in yaml.safe_dump(q)]
    assert not latex
