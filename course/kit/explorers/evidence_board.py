"""The evidence board (lesson 07): rate each item against each hypothesis; the static page's version is
:func:`course.kit.explorers.boards.ach_block`, scored in the browser by ``static/course-boards.js``."""

from __future__ import annotations

import html

import ipywidgets as w
from IPython.display import HTML, display
from ipywidgets.widgets.widget_description import DescriptionStyle  # not exported at the top level

from .. import data
from . import boards, framework
from .common import live_box

ACH_PROMPT = (
    "Rate each item C (consistent), I (inconsistent) or N (neutral) for each hypothesis. "
    "Which hypothesis has the least evidence against it, and which items does that hang on?"
)


def ach_board(evidence=None, preset: str = "suggested"):
    """The evidence board of lesson 07: rate each item C / I / N against each hypothesis and see the scores.

    Starts from one of the two rating sets in ``data/ach_evidence.csv`` (``preset``: "suggested", the course
    authors' ratings, or "article", as a reader of the opinion article might rate). Shows the inconsistency
    count per hypothesis, the margin, and the items the result hangs on.
    """
    from .. import ach, charts

    evidence = data.load("ach_evidence") if evidence is None else evidence
    if framework.static_build():
        return framework.StaticBlock(boards.ach_block(evidence, ACH_PROMPT, preset))
    ratings = ach.suggested_ratings(evidence, preset)
    # One layout and one style shared by all cells: each new one is a separate widget model, and the saved
    # widget state of the board (about 80 pickers) was most of lesson 07's page weight.
    wide, narrow, style = w.Layout(width="46%"), w.Layout(width="13%"), DescriptionStyle()
    header = w.HBox(
        [w.HTML("<strong>Evidence</strong>", layout=wide)]
        + [w.HTML(f"<strong>{label}</strong>", layout=narrow) for label in ach.HYPOTHESES.values()]
    )
    rows, pickers = [header], []
    for row in evidence.itertuples():
        cells = [
            w.HTML(
                f"<span title='{html.escape(row.source_table)}: {html.escape(row.source_ref)}'>"
                f"<strong>{row.item_id}</strong> {html.escape(row.evidence)} <em>({html.escape(row.kind)})</em></span>",
                layout=wide,
            )
        ]
        for h in ach.HYPOTHESES:
            pick = w.Dropdown(
                options=list(ach.RATINGS),
                value=ratings[row.item_id][h],
                layout=narrow,
                style=style,
                description_allow_html=False,
                tooltip=f"{row.item_id} vs {h}",
            )
            pick.item_id, pick.hypothesis = row.item_id, h
            pickers.append(pick)
            cells.append(pick)
        rows.append(w.HBox(cells))

    def redraw():
        for pick in pickers:
            ratings[pick.item_id][pick.hypothesis] = pick.value
        display(charts.ach_scores(ach.inconsistency(ratings), ach.HYPOTHESES))
        display(HTML(ach.summary_html(ratings)))

    board = live_box(pickers, redraw, ACH_PROMPT)
    live, prompt, *_controls, out = board.children
    return w.VBox([live, prompt, w.VBox(rows), out])
