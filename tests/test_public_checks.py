"""An assignment's public checks catch a plainly wrong answer of the right type (a row lost, rows out of order, a share
in the wrong units) without saying what the right answer is; the authored solution passes every one of them."""

from __future__ import annotations

import contextlib
import io

import matplotlib
import nbformat
import pandas as pd
import pytest

from course.grading import public, release, scoring, spec

matplotlib.use("Agg")
ASSIGNMENTS = ["a1", "a2", "a3"]


@pytest.fixture(scope="module")
def solved() -> dict[str, dict]:
    """Each assignment's variables after its authored notebook (with the solutions) has run, in this process."""
    spaces = {}
    for assignment in ASSIGNMENTS:
        namespace: dict = {"__name__": "__main__"}
        with contextlib.redirect_stdout(io.StringIO()):
            for cell in release.authored(assignment).cells:
                if cell.cell_type == "code":
                    exec(compile(cell.source, f"{assignment}.ipynb", "exec"), namespace)  # noqa: S102 - the course's own notebook
        spaces[assignment] = namespace
    return spaces


def _questions(kinds=("table", "list", "number")):
    return [(a, q) for a in ASSIGNMENTS for q in spec.load(a, with_hidden=False)["questions"] if q["kind"] in kinds]


def _failing(question, value) -> list[str]:
    report = public.run_public(question, {question["name"]: value})
    return [message for ok, message in report.lines if not ok]


def _wrong_versions(value):
    """Wrong answers of the right type: a row or item lost, the order reversed, the numbers in other units."""
    if isinstance(value, pd.DataFrame):
        numeric = value.select_dtypes("number").columns
        scaled = value.copy()
        scaled[numeric] = scaled[numeric] * 100
        return {"a row lost": value.iloc[:-1], "rows reversed": value.iloc[::-1], "numbers x100": scaled}
    items = list(value)
    wrong = {"an item lost": items[:-1], "items reversed": items[::-1]}
    if all(isinstance(x, (int, float)) for x in items):
        wrong["numbers x100"] = [x * 100 for x in items]
    else:
        wrong["a name the question rules out"] = ["Russia", *items[1:]]
    return wrong


@pytest.mark.parametrize("assignment,question", _questions(), ids=lambda v: v if isinstance(v, str) else v["id"])
def test_the_authored_solution_passes_every_public_check(assignment, question, solved):
    assert question["public"], f"{assignment} {question['id']}: give it public checks"
    assert not _failing(question, solved[assignment][question["name"]])


# What the question itself states, so a public check may test it without giving the answer away: the number of rows
# (or items), and an order it can see (years or labels in a column). Where the question states neither (how many
# quiet stretches there are, say), only the hidden checks can tell a lost row.
STATES_COUNT = {("a1", "q1"), ("a2", "q2"), ("a2", "q4"), ("a3", "q1"), ("a3", "q2"), ("a3", "q3")}
STATES_ORDER = {("a1", "q1"), ("a1", "q3"), ("a2", "q1"), ("a2", "q3"), ("a3", "q1"), ("a3", "q3")}


@pytest.mark.parametrize(
    "assignment,question", _questions(("table", "list")), ids=lambda v: v if isinstance(v, str) else v["id"]
)
def test_public_checks_reject_a_plainly_wrong_answer_of_the_right_type(assignment, question, solved):
    honest = solved[assignment][question["name"]]
    wrong = _wrong_versions(honest)
    rejected = {what for what, answer in wrong.items() if _failing(question, answer)}
    key = (assignment, question["id"])
    must = {"numbers x100", "a name the question rules out"} & set(wrong)
    if key in STATES_COUNT:
        must |= {"a row lost", "an item lost"} & set(wrong)
    if key in STATES_ORDER:
        must |= {"rows reversed", "items reversed"} & set(wrong)
    assert must and must <= rejected, (
        f"{assignment} {question['id']}: {sorted(must - rejected)} pass every public check"
    )


def _shown(value) -> set[str]:
    """How an expected number could be written in a message: 12.3, 12.34, 12."""
    numbers = []
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        numbers = [value]
    elif isinstance(value, (list, tuple)):
        numbers = [v for v in value if isinstance(v, (int, float)) and not isinstance(v, bool)]
    return {f"{n:.1f}" for n in numbers if abs(n) >= 1 and not float(n).is_integer()} | {
        f"{n:.2f}" for n in numbers if not float(n).is_integer()
    }


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_no_public_message_gives_away_an_expected_value(assignment):
    doc = spec.load(assignment)
    expected = scoring.expected_values(doc)
    for question in doc["questions"]:
        messages = " ".join(c["message"] for c in question["public"])
        for key, value in expected.items():
            if key[0] != question["id"]:
                continue
            leaked = {text for text in _shown(value) if text in messages}
            assert not leaked, f"{assignment} {question['id']}: a public message shows the expected {leaked}"


def test_a_shape_check_says_what_to_fix_on_a_wrong_table():
    question = next(q for q in spec.load("a3", with_hidden=False)["questions"] if q["id"] == "q3")
    fractions = pd.DataFrame({"recipient": ["India", "Pakistan", "China", "Viet Nam"], "hhi": [0.3, 0.4, 0.5, 0.6]})
    assert not _failing(question, fractions), "an HHI of fractions lies in 0-10,000 too: the hidden check catches it"
    assert any("in that order" in m for m in _failing(question, fractions.iloc[::-1]))
    assert any("10,000" in m for m in _failing(question, fractions.assign(hhi=fractions.hhi * 1e5)))
    nbformat.validate(release.authored("a3"))


@pytest.mark.parametrize(
    "assignment,question", _questions(("number",)), ids=lambda v: v if isinstance(v, str) else v["id"]
)
def test_public_checks_reject_a_number_in_other_units_or_of_the_wrong_sign(assignment, question, solved):
    honest = solved[assignment][question["name"]]
    assert isinstance(honest, (int, float)) and honest > 0, (
        f"{assignment} {question['id']}: the solution is a positive number"
    )
    for what, answer in {"x100 (a percentage)": honest * 100, "negated": -honest}.items():
        assert _failing(question, answer), f"{assignment} {question['id']}: the answer {what} passes every public check"
