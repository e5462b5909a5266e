"""A challenge never asks for a number the page has already printed: its answer (a figure with decimals) appears in
no sentence and no visible output before the challenge, as the book build ran the lesson."""

from __future__ import annotations

import html
import re

import pytest

from course import paths
from course.kit import ach, challenges, data, india, prose, recent
from course.site import executed
from support import LESSONS

# The figures each glued lesson pastes into its prose (the same calls as the lessons' own glue cells).
GLUED = {
    "06": lambda: recent.lesson06_figures(
        data.load("russia_china_trade"),
        data.load("russia_china_trade_2026"),
        data.load("china_crude_imports"),
        data.load("power_of_siberia_gas"),
        data.load("russia_china_settlement_statements"),
        data.load("timeline"),
        data.load("india_crude_imports"),
    ),
    "07": lambda: ach.lesson07_figures(data.load("ach_evidence"), data.load("sipri_transfers")),
    "08": india.figures,
}
HIDDEN = {"remove-cell", "remove-output", "solution", "hide-cell"}


def _answer_forms(challenge_id: str, challenge: dict) -> set[str]:
    """How the challenge's answer would be written on the page, if it is a figure with decimals."""
    forms = set()
    for index, spec in enumerate(challenge["checks"]):
        if spec["check"] not in ("close", "equals"):
            continue
        value = challenges.expected(challenge_id, index)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and not float(value).is_integer():
            forms |= {f"{value:.1f}", f"{value:.2f}", f"{value:,.1f}"}
    return forms


def _shown_before(nb, stop: int, figures: dict[str, str]) -> str:
    """The text of the cells before ``stop`` as a reader sees it: prose with its glued figures, visible outputs."""
    parts = []
    for cell in nb.cells[:stop]:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if cell.cell_type == "markdown":
            parts.append(prose.ROLE.sub(lambda m: figures.get(m.group(1), ""), cell.source))
        elif not tags & HIDDEN:
            for output in cell.get("outputs", []):
                bundle = output.get("data", {})
                text = bundle.get("text/html") or bundle.get("text/plain") or output.get("text", "")
                text = re.sub(
                    r"<(script|style|template)\b.*?</\1>", " ", "".join(text), flags=re.S | re.I
                )  # data, not text
                parts.append(html.unescape(re.sub(r"<[^>]+>", " ", text)))
    return "\n".join(parts)


@pytest.mark.book
@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_no_challenge_asks_for_a_figure_the_page_printed_before_it(path):
    lesson = paths.lesson_id(path)
    nb = executed.from_book_build(path)
    assert nb is not None, f"{path.name}: the book build's run is missing or stale: run `make book`"
    figures = GLUED[lesson]() if lesson in GLUED else {}
    for challenge_id, challenge in challenges.load(lesson).items():
        prompt = next(
            i
            for i, c in enumerate(nb.cells)
            if c.cell_type == "markdown" and f"### Your turn {challenge_id}:" in c.source
        )
        shown = _shown_before(nb, prompt, figures)
        printed = {
            form
            for form in _answer_forms(challenge_id, challenge)
            if re.search(rf"(?<![\d.]){re.escape(form)}(?!\d)", shown)
        }
        assert not printed, f"{path.name}: challenge {challenge_id}'s answer is printed before it ({sorted(printed)})"


def test_the_check_finds_a_printed_answer():
    """The control: a page that prints 37.01 before asking for it fails; one that does not, passes."""
    import nbformat

    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("x"), nbformat.v4.new_markdown_cell("### Your turn 99.1: x")]
    )
    nb.cells[0].outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "rise    37.01"}, execution_count=1)]
    assert re.search(r"(?<![\d.])37\.01(?!\d)", _shown_before(nb, 1, {}))
    nb.cells[0].outputs[0]["data"] = {
        "text/html": '<div>rise</div><script type="application/json">{"37.01": 1}</script>'
    }
    assert "37.01" not in _shown_before(nb, 1, {}), "an explorer's data is not text a reader sees"
    nb.cells[0].metadata["tags"] = ["remove-cell"]
    nb.cells[0].outputs[0]["data"] = {"text/plain": "rise    37.01"}
    assert "37.01" not in _shown_before(nb, 1, {})
