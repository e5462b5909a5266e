"""Lesson 06 (2022–2025): shares, changes and one-year summaries computed from the course tables.

Plain functions over frames from ``data.load``; the charts in :mod:`course.kit.charts` and the explorer in
:mod:`course.kit.widgets` call them, and the tests check them by hand. A year with no sourced figure is
reported as a gap with the reason, never filled.
"""

from __future__ import annotations

import pandas as pd

FIRST_YEAR, LAST_YEAR = 2019, 2025


def crude_share(crude: pd.DataFrame, supplier: str = "russia") -> pd.Series:
    """Percent of China's crude imports from ``supplier`` ('russia' or 'saudi'), by year.

    Only years that have both the supplier's tonnage and China's total appear (2016–2017 have no total).
    """
    column = {"russia": "russia_crude_mt", "saudi": "saudi_crude_mt"}.get(supplier)
    if column is None:
        raise ValueError(f"Unknown supplier {supplier!r}; choose 'russia' or 'saudi'.")
    both = crude.dropna(subset=[column, "china_total_crude_mt"]).set_index("year")
    return (both[column] / both["china_total_crude_mt"] * 100).rename(f"{supplier}_share_pct")


def trade_change(trade: pd.DataFrame) -> pd.Series:
    """Percent change of Russia–China trade on the previous calendar year; NaN after a gap year."""
    by_year = trade.set_index("year")["value_usd_bn"].sort_index()
    previous = by_year.shift(1).where(by_year.index.to_series().diff().eq(1))
    return ((by_year / previous - 1) * 100).rename("change_pct")


def delivered_gas(gas: pd.DataFrame) -> pd.DataFrame:
    """The Power of Siberia rows that are gas delivered (not contracts or capacity), indexed by year."""
    return gas[gas.measure == "delivered"].set_index("year")[["bcm", "source_quality", "reporter", "note"]]


def statement_label(row) -> str:
    """'Putin, 2024-05-16: 90%' style label for one settlement statement (hedge kept)."""
    hedge = f"{row.qualifier} " if isinstance(row.qualifier, str) else ""
    share = f"{hedge}{row.share_pct:g}%" if pd.notna(row.share_pct) else "no percentage"
    name = row.who if "Ministry" in row.who else row.who.split()[-1]  # a body keeps its full name
    return f"{name}, {row.said_as_given.split(' (')[0]}: {share}"


def year_summary(year: int, trade: pd.DataFrame, crude: pd.DataFrame, gas: pd.DataFrame,
                 statements: pd.DataFrame, events: pd.DataFrame) -> list[str]:
    """What the tables say about one year, 2019–2025, one sentence per series; gaps say where the series stops."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"{year} is outside {FIRST_YEAR}–{LAST_YEAR}; pick a year in that range.")
    lines = []
    values, change = trade.set_index("year")["value_usd_bn"], trade_change(trade)
    if year in values.index and pd.notna(values[year]):
        delta = f", {change[year]:+.1f}% on {year - 1}" if pd.notna(change.get(year)) else ""
        lines.append(f"Trade: ${values[year]:,.2f} bn (Chinese customs, calendar year){delta}.")
    else:
        lines.append(f"Trade: no sourced figure for {year}.")
    crude_by_year, share = crude.set_index("year"), crude_share(crude)
    if year in crude_by_year.index and pd.notna(crude_by_year.loc[year, "russia_crude_mt"]):
        part = f", {share[year]:.1f}% of China's crude imports" if year in share.index else ""
        lines.append(f"Crude oil from Russia to China: {crude_by_year.loc[year, 'russia_crude_mt']:g} million tonnes{part} "
                     f"(Russia ranked {crude_by_year.loc[year, 'russia_rank']}).")
    else:
        last = int(crude_by_year.index.max())
        lines.append(f"Crude oil from Russia to China: no full-year customs figure for {year}; the series stops in {last}.")
    delivered = delivered_gas(gas)
    if year in delivered.index:
        row = delivered.loc[year]
        warn = " — weak source, treat with care" if row.source_quality == "low" else ""
        lines.append(f"Power of Siberia: {row.bcm:g} bcm delivered (source quality: {row.source_quality}{warn}).")
    else:
        lines.append(f"Power of Siberia: no delivery figure for {year}"
                     + (" (the pipeline opened in December 2019)." if year < delivered.index.min() else "."))
    said = statements[statements.said_as_given.str.contains(str(year))]
    lines.append("Settlement statements: " + ("; ".join(statement_label(r) for r in said.itertuples())
                                            if len(said) else f"none in the table for {year}") + ".")
    happened = events[events.year == year].sort_values(["year", "event_id"])
    lines.append("Events: " + ("; ".join(f"{r.event_id} {r.title}" for r in happened.itertuples())
                              if len(happened) else "none in the timeline") + ".")
    return lines
