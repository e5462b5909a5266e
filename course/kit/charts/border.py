"""The border: its lengths as different sources give them, and the steps that settled it (lesson 02).

Each function takes a table from ``data/`` and returns a captioned :class:`course.kit.plots.Chart` whose alt text
is computed from the numbers it draws.
"""

from __future__ import annotations

import pandas as pd

from .. import plots

C = plots.COUNTRY


def border_lengths(lengths: pd.DataFrame):
    """Bars of each length given for the Russia–China border, labelled with who gives it."""
    fig, ax = plots.new(7.5, 3.2)

    def short(text, n):
        return text if len(text) <= n else text[:n - 1].rstrip() + "…"
    labels = [f"{short(row.who_says.split('(')[0].strip(), 34)}\n{short(row.what_it_measures, 44)}" for row in lengths.itertuples()]
    colours = [C["Other"] if "paper" in row.who_says else plots.PALETTE["blue"] for row in lengths.itertuples()]
    ax.barh(range(len(lengths)), lengths.figure_km, color=colours)
    ax.set_yticks(range(len(lengths)), labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(4000, lengths.figure_km.max() * 1.02)
    ax.set_xlabel("Length of the border (km); the axis starts at 4,000 km to show the differences")
    for i, km in enumerate(lengths.figure_km):
        ax.text(km, i, f" {km:,.0f}", va="center", fontsize=8)
    alt = "Horizontal bars of the border lengths given by each source: " + "; ".join(
        f"{row.who_says} gives {row.qualifier + ' ' if pd.notna(row.qualifier) else ''}{row.figure_km:,g} km"
        for row in lengths.itertuples()) + "."
    return plots.show(fig, caption="One border, four lengths", source="border_lengths", alt=alt)


def settlement_steps(treaties: pd.DataFrame, first_year: int = 1991):
    """The steps of the post-1991 border settlement on a time axis, each labelled with its name."""
    steps = treaties[treaties.year >= first_year].sort_values("year")
    fig, ax = plots.new(7.5, 0.5 + 0.55 * len(steps))
    ax.plot(steps.year, range(len(steps)), color=plots.PALETTE["blue"], lw=1, ls=":", zorder=1)
    ax.scatter(steps.year, range(len(steps)), s=70, color=plots.PALETTE["blue"], marker="s", zorder=2)
    for i, row in enumerate(steps.itertuples()):
        ax.annotate(f"{row.year}: {row.name}", (row.year, i), xytext=(8, -3), textcoords="offset points", fontsize=8)
    ax.set_yticks([])
    ax.invert_yaxis()
    ax.set_xlim(steps.year.min() - 1, steps.year.max() + 14)
    ax.set_xticks(list(steps.year))
    ax.grid(axis="y", alpha=0)
    years = steps.year.tolist()
    alt = (f"Time axis of the border settlement: {len(steps)} steps from {years[0]} to {years[-1]} — "
           + "; ".join(f"{row.year} {row.name}" for row in steps.itertuples())
           + f". The whole settlement took {years[-1] - years[0]} years.")
    return plots.show(fig, caption=f"Settling the border, {years[0]}–{years[-1]}", source="treaties", alt=alt)
