"""The evidence board (lesson 07) and the policy weights (lesson 08) on the static site.

Their parameter spaces are too large to precompute (4 ratings for 20 items and 4 hypotheses; 7 weights for
each of 3 goals), so the page carries the tables (the evidence items and suggested ratings; the option scores)
and ``course/kit/explorers/static/course-boards.js`` computes in the browser with a port of the scoring rules in
:mod:`course.kit.ach` and :mod:`course.kit.policy`. The port is small (counts, a weighted mean, a stable sort) and the
browser tests check it against the Python on the same cases, so the two cannot drift unnoticed.

Each block also holds the Python's own result for the default settings (a PNG chart and the verdict), which is
what a reader without JavaScript sees.
"""

from __future__ import annotations

import html

from .. import ach, charts, data, policy
from ..charts import judgements
from .framework import script_json, step_button

STATIC_NOTE = (
    "<p class='course-explorer-note'><em>This works on this page without a kernel: the page computes "
    "the result in your browser with the same rules as the course's Python code{extra}. Running the lesson "
    "live (the “Run it live” box at the top, or <code>make lab</code>) lets you change the code too.</em></p>"
)


def _figure(chart) -> str:
    from .framework import fragment_html

    return fragment_html(chart, static=True)


def ach_block(evidence=None, prompt: str = "", preset: str = "suggested") -> str:
    """The evidence board as plain HTML menus, the default verdict, and the data for the browser's scoring.

    ``preset`` picks the starting ratings (see :func:`course.kit.ach.suggested_ratings`); "Reset" returns to them."""

    evidence = data.load("ach_evidence") if evidence is None else evidence
    ratings = ach.suggested_ratings(evidence, preset)
    head = "".join(f"<th scope='col'>{html.escape(label)}</th>" for label in ach.HYPOTHESES.values())
    rows = []
    for row in evidence.itertuples():
        cells = [
            f"<th scope='row'><span title='{html.escape(row.source_table)}: {html.escape(row.source_ref)}'>"
            f"<strong>{html.escape(row.item_id)}</strong> {html.escape(row.evidence)} <em>({html.escape(row.kind)})</em></span></th>"
        ]
        for h, label in ach.HYPOTHESES.items():
            options = "".join(
                f"<option value='{r}'{' selected' if ratings[row.item_id][h] == r else ''}>{r}</option>"
                for r in ach.RATINGS
            )
            cells.append(
                f"<td><select data-item='{html.escape(row.item_id)}' data-hypothesis='{h}' "
                f"aria-label='{html.escape(row.item_id)} vs {html.escape(label)}'>{options}</select></td>"
            )
        rows.append("<tr>" + "".join(cells) + "</tr>")
    scores = ach.inconsistency(ratings)
    chart = charts.ach_scores(scores, ach.HYPOTHESES)
    payload = ach_payload(ratings, chart)
    return (
        "<div class='course-board' data-board='ach'>"
        + STATIC_NOTE.format(extra="; your ratings are kept in this browser (see <em>Your progress</em>)")
        + f"<p><strong>{html.escape(prompt)}</strong></p>"
        "<div class='course-ach-scroll'><table class='course-ach-table'>"
        f"<thead><tr><th scope='col'>Evidence</th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
        "<p><button type='button' class='course-board-reset'>Reset to the starting ratings</button></p>"
        f"<div class='course-board-out' aria-live='polite'>{_figure(chart)}{ach.summary_html(ratings)}</div>"
        f"<script type='application/json' class='course-board-data'>{script_json(payload)}</script></div>"
    )


def ach_payload(ratings: dict, chart) -> dict:
    """What course-boards.js needs to score and draw the evidence board: the hypotheses, the ratings, the starting
    ratings, and the chart's caption, source, axis label and colours (so the browser's chart is the Python's)."""
    return {
        "hypotheses": list(ach.HYPOTHESES.items()),
        "ratings": list(ach.RATINGS),
        "suggested": ratings,
        "items": list(ratings),
        "caption": chart.caption,
        "source": chart.source,
        "xlabel": judgements.ACH_XLABEL,
        "colours": judgements.ACH_COLOURS,
    }


def policy_payload(chart) -> dict:
    """What course-boards.js needs to score and draw the policy weights: the goals, each option's scores, and the
    chart's source, caption, axis label and colour."""
    table = policy.score_table()
    return {
        "goals": list(policy.GOALS),
        "options": [[opt, {g: int(table.loc[opt, g]) for g in policy.GOALS}] for opt in table.index],
        "source": chart.source,
        "xlabel": judgements.POLICY_XLABEL,
        "caption_prefix": judgements.POLICY_CAPTION,
        "colours": judgements.POLICY_COLOURS,
    }


WEIGHT_STEPS = [0, 0.5, 1, 1.5, 2, 2.5, 3]


def policy_block(weights: dict, prompt: str = "") -> str:
    """The policy weights as range inputs, the default chart, and the score table for the browser."""
    controls = "".join(
        f"<label class='course-explorer-control'>{goal.capitalize()} "
        + step_button(-1, f"the weight of {goal}")
        + f"<input type='range' min='0' max='3' step='0.5' value='{weights[goal]:g}' data-goal='{goal}' "
        f"aria-label='Weight of {html.escape(goal)} (0 to 3)'>"
        + step_button(1, f"the weight of {goal}")
        + f" <output>{weights[goal]:g}</output></label>"
        for goal in policy.GOALS
    )
    scores = policy.weighted_scores(weights)
    chart = charts.option_scores(scores, weights)
    payload = policy_payload(chart)
    return (
        "<div class='course-board' data-board='policy'>"
        + STATIC_NOTE.format(extra="")
        + f"<p><strong>{html.escape(prompt)}</strong></p><div class='course-explorer-controls'>{controls}</div>"
        f"<div class='course-board-out' aria-live='polite'>{_figure(chart)}</div>"
        f"<script type='application/json' class='course-board-data'>{script_json(payload)}</script></div>"
    )
