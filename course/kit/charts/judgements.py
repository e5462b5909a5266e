"""Scores the course declares as judgements: the evidence board's hypotheses and India's policy options (lessons 07, 08).

Each function takes a table from ``data/`` and returns a captioned :class:`course.kit.plots.Chart` whose alt text
is computed from the numbers it draws.
"""

from __future__ import annotations

import pandas as pd

from .. import plots

C = plots.COUNTRY
# The labels and colours the browser's copies of these charts take from the page (course/kit/explorers/boards.py).
ACH_XLABEL = "Inconsistent evidence items (fewer is better)"
ACH_COLOURS = {"best": plots.PALETTE["green"], "other": C["Other"]}
POLICY_XLABEL = "Weighted score (0 = works against the goals, 3 = helps a lot)"
POLICY_CAPTION = "India's options, weighted by your goals"
POLICY_COLOURS = {"bar": C["India"]}


def ach_scores(scores: pd.Series, labels: dict):
    """Bars of inconsistent items per hypothesis; the leader(s) highlighted."""
    best = scores.min()
    fig, ax = plots.new(7.5, 2.8)
    names = [labels[h] for h in scores.index]
    colours = [ACH_COLOURS["best"] if s == best else ACH_COLOURS["other"] for s in scores]
    ax.barh(names, scores.values, color=colours)
    ax.invert_yaxis()
    ax.set_xlabel(ACH_XLABEL)
    for i, s in enumerate(scores):
        ax.text(s, i, f" {s:g}", va="center", fontsize=8)
    leading = [labels[h] for h in scores.index if scores[h] == best]
    alt = ("Horizontal bars counting the evidence inconsistent with each hypothesis: "
           + "; ".join(f"{labels[h]} {scores[h]:g}" for h in scores.index)
           + f". Fewest: {' and '.join(leading)}.")
    return plots.show(fig, caption="Which hypothesis has the least evidence against it?", source="ach_evidence (ratings as set)", alt=alt)


def option_scores(scores: pd.Series, weights: dict):
    """Bars of the weighted score of each policy option, with the weights in the caption."""
    fig, ax = plots.new(7.5, 3.0)
    ax.barh(list(scores.index), scores.values, color=POLICY_COLOURS["bar"])
    ax.invert_yaxis()
    ax.set_xlim(0, 3)
    ax.set_xlabel(POLICY_XLABEL)
    for i, s in enumerate(scores):
        ax.text(s, i, f" {s:.2f}", va="center", fontsize=8)
    w = ", ".join(f"{g} {v:g}" for g, v in weights.items())
    alt = f"Horizontal bars of policy options scored with weights {w}: " + "; ".join(f"{o} {s:.2f}" for o, s in scores.items()) + "."
    return plots.show(fig, caption=f"{POLICY_CAPTION} ({w})",
                      source="course authors' scores in course/kit/policy.py (a judgement, not data)", alt=alt)
