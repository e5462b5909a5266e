"""Trade between Russia and China by year, its growth, the years since 2019, and India's trade with both (lessons 03, 06, 08).

Each function takes a table from ``data/`` and returns a captioned :class:`course.kit.plots.Chart` whose alt text
is computed from the numbers it draws.
"""

from __future__ import annotations

import pandas as pd

from .. import plots, recent, trade

C = plots.COUNTRY


def trade_by_year(table: pd.DataFrame, threshold_bn: float = 100):
    """Bars of Russia–China trade by year, gaps shaded, with a line at ``threshold_bn``."""
    fig, ax = plots.new()
    hedged = table.qualifier.notna()
    ax.bar(table.year[~hedged], table.value_usd_bn[~hedged], color=C["China"], label="figure as reported")
    ax.bar(table.year[hedged], table.value_usd_bn[hedged], color="white", edgecolor=C["China"], hatch="//",
           label="hedged figure (\"more than\", \"about\")")
    gaps = plots.mark_gaps(ax, table.year, table.value_usd_bn)
    ax.axhline(threshold_bn, color="black", lw=0.8, ls="--")
    crossed = trade.first_year_at_least(table, threshold_bn)
    ax.annotate(f"${threshold_bn:g} bn, first reached {crossed}", (table.year.min(), threshold_bn),
                xytext=(0, 4), textcoords="offset points", fontsize=8)
    ax.set_ylabel("US$ bn (current)")
    ax.legend(loc="upper left", bbox_to_anchor=(0, 0.9), fontsize=8)
    known = table.dropna(subset=["value_usd_bn"])
    first, last = known.iloc[0], known.iloc[-1]
    alt = (f"Bar chart of Russia–China trade, {int(table.year.min())}–{int(table.year.max())}: from "
           f"${first.value_usd_bn:g} bn in {int(first.year)} to ${last.value_usd_bn:g} bn in {int(last.year)}, "
           f"first above ${threshold_bn:g} bn in {crossed}. {gaps} years have no sourced figure and are shaded: "
           f"{plots.year_list(table.year[table.value_usd_bn.isna()])}.")
    return plots.show(fig, caption="Russia–China trade in goods by year (Chinese customs where available)",
                      source="russia_china_trade", alt=alt)


def yearly_growth(table: pd.DataFrame, since: int = 2013):
    """Bars of year-on-year growth in percent from ``since``; a year after a gap has no bar."""
    growth = trade.yearly_growth(table)
    growth = growth[growth.year >= since]
    fig, ax = plots.new(7.5, 3.2)
    colours = [C["China"] if g >= 0 else C["Russia"] for g in growth.growth_pct.fillna(0)]
    ax.bar(growth.year, growth.growth_pct.fillna(0), color=colours)
    ax.axhline(0, color="black", lw=0.8)
    ax.set_ylabel("Change on previous year (%)")
    falls = growth[growth.growth_pct < 0]
    missing = growth[growth.growth_pct.isna()]
    alt = (f"Bar chart of yearly growth in trade, {since}–{int(growth.year.max())}. Falls in "
           + (", ".join(f"{int(r.year)} ({r.growth_pct:.0f}%)" for r in falls.itertuples()) or "no year")
           + "; the largest rise is " + "{:.0f}% in {}".format(growth.growth_pct.max(), int(growth.loc[growth.growth_pct.idxmax(), 'year']))
           + (f". No bar where the previous year is a gap: {plots.year_list(missing.year)}." if len(missing) else "."))
    return plots.show(fig, caption=f"Yearly growth of Russia–China trade since {since}", source="russia_china_trade", alt=alt)


def trade_since(table: pd.DataFrame, since: int = 2019, highlight: int | None = None):
    """Bars of Russia–China trade from ``since``, each labelled with its change on the year before.

    Falls are drawn in the Russia colour, rises in the China colour; ``highlight`` outlines one year.
    """
    rows = table[table.year >= since].dropna(subset=["value_usd_bn"])
    change = recent.trade_change(table)
    fig, ax = plots.new(7.5, 3.6)
    colours = [C["Russia"] if change.get(y, 0) < 0 else C["China"] for y in rows.year]
    bars = ax.bar(rows.year, rows.value_usd_bn, color=colours)
    if highlight in set(rows.year):
        bars[list(rows.year).index(highlight)].set(edgecolor="black", linewidth=2.5)
    for row in rows.itertuples():
        pct = change.get(row.year)
        label = f"{row.value_usd_bn:.1f}" + (f"\n{pct:+.1f}%" if pd.notna(pct) else "")
        ax.annotate(label, (row.year, row.value_usd_bn), xytext=(0, 2), textcoords="offset points", ha="center", fontsize=8)
    ax.set_ylim(0, rows.value_usd_bn.max() * 1.2)
    ax.set_xticks(list(rows.year))
    ax.set_ylabel("US$ bn (current), calendar year")
    peak = rows.loc[rows.value_usd_bn.idxmax()]
    last = rows.iloc[-1]
    falls = [f"{int(y)} ({change[y]:+.1f}%)" for y in rows.year if change.get(y, 0) < 0]
    alt = (f"Bars of Russia–China trade, {int(rows.year.min())}–{int(last.year)} (US$ bn, Chinese customs): "
           + "; ".join(f"{int(r.year)} {r.value_usd_bn:g}" for r in rows.itertuples())
           + f". The record is {peak.value_usd_bn:g} in {int(peak.year)}. Falls: {', '.join(falls) or 'none'}."
           + (f" {highlight} is outlined." if highlight in set(rows.year) else ""))
    return plots.show(fig, caption=f"Russia–China trade since {since}: a record, then a fall", source="russia_china_trade", alt=alt)


def india_trade(china: pd.DataFrame, russia: pd.DataFrame):
    """India's trade with China (calendar years) and Russia (fiscal years, plotted at their first year), gaps marked."""
    fig, ax = plots.new()
    ax.plot(china.year, china.value_usd_bn, "o", color=C["China"], label="with China (calendar year)")
    ax.plot(russia.starts_year, russia.value_usd_bn, "s", color=C["Russia"], label="with Russia (fiscal year from April)")
    gaps_c = plots.mark_gaps(ax, china.year, china.value_usd_bn, label="no sourced figure")
    gaps_r = plots.mark_gaps(ax, russia.starts_year, russia.value_usd_bn, label="_")
    ax.set_ylabel("Two-way trade, US$ bn")
    ax.legend(loc="upper left")
    c, r = china.dropna(subset=["value_usd_bn"]), russia.dropna(subset=["value_usd_bn"])
    alt = (f"Dot chart of India's trade. With China: {', '.join(f'{int(y)} ${v:g} bn' for y, v in zip(c.year, c.value_usd_bn))}. "
           f"With Russia (fiscal years): {', '.join(f'{fy} ${v:g} bn' for fy, v in zip(r.fiscal_year, r.value_usd_bn))}. "
           f"{gaps_c + gaps_r} gaps are shaded; the years between 2001 and 2017 have no figures in the table.")
    return plots.show(fig, caption="India's trade with China and with Russia", source="india_china_trade; india_russia_trade", alt=alt)
