"""Growth and rank calculations over the trade and energy tables (lesson 03).

Every figure a lesson quotes about growth is computed here from ``data/``, never typed in.
Years without a sourced figure stay missing: a growth rate that would need one is not computed.

    >>> trade = data.load("russia_china_trade")
    >>> period_growth(trade, 2016, 2024)["cagr_pct"]
"""

from __future__ import annotations

import pandas as pd


def cagr(start_value: float, end_value: float, years: int) -> float:
    """Compound annual growth rate in percent: the constant yearly rate that turns start into end.

    ``years`` is the number of years between the two values (2016 to 2024 is 8). Raises ValueError
    for a non-positive start value or number of years.
    """
    if years <= 0:
        raise ValueError(f"years must be positive (got {years}): the end year must come after the start year.")
    if start_value <= 0:
        raise ValueError(f"start value must be positive (got {start_value}) to compute a growth rate.")
    return ((end_value / start_value) ** (1 / years) - 1) * 100


def yearly_growth(trade: pd.DataFrame) -> pd.DataFrame:
    """Year, value and growth on the previous year in percent; missing where either year is a gap."""
    by_year = trade.set_index("year")["value_usd_bn"].sort_index()
    previous = by_year.shift(1).where(by_year.index.to_series().diff() == 1)
    growth = (by_year / previous - 1) * 100
    return pd.DataFrame({"year": by_year.index, "value_usd_bn": by_year.values, "growth_pct": growth.values})


def _nearest_with_value(by_year: pd.Series, year: int) -> str:
    present = by_year.dropna().index
    before, after = present[present < year], present[present > year]
    options = [str(int(y)) for y in (before.max() if len(before) else None, after.min() if len(after) else None) if y is not None]
    return " or ".join(options)


def period_growth(trade: pd.DataFrame, start: int, end: int) -> dict:
    """Total growth and compound annual growth between two years of the trade table.

    Returns a dict with start, end, years, start_value, end_value, their qualifiers
    ("" when exact), total_growth_pct and cagr_pct. Raises ValueError, naming the nearest
    years with a figure, when either year is a gap or outside the table.
    """
    if start >= end:
        raise ValueError(f"Choose a start year before the end year (got {start}–{end}).")
    by_year = trade.set_index("year")["value_usd_bn"]
    qualifier = trade.set_index("year")["qualifier"].fillna("")
    for year in (start, end):
        if year not in by_year.index:
            raise ValueError(f"{year} is outside the table ({int(by_year.index.min())}–{int(by_year.index.max())}).")
        if pd.isna(by_year[year]):
            raise ValueError(f"{year} has no sourced figure (a gap in the table). "
                             f"Choose a year with a value, such as {_nearest_with_value(by_year, year)}.")
    first, last = float(by_year[start]), float(by_year[end])
    return {"start": start, "end": end, "years": end - start,
            "start_value": first, "end_value": last,
            "start_qualifier": str(qualifier[start]), "end_qualifier": str(qualifier[end]),
            "total_growth_pct": (last / first - 1) * 100, "cagr_pct": cagr(first, last, end - start)}


def describe_growth(result: dict) -> str:
    """One sentence for a :func:`period_growth` result, with the sources' hedges kept."""
    def value(v, q):
        return f"{q + ' ' if q else ''}${v:,.1f} bn"
    hedge = (" The start or end figure is hedged in its source, so treat the rates as approximate."
             if result["start_qualifier"] or result["end_qualifier"] else "")
    return (f"From {value(result['start_value'], result['start_qualifier'])} in {result['start']} to "
            f"{value(result['end_value'], result['end_qualifier'])} in {result['end']}: "
            f"{result['total_growth_pct']:+.0f}% in {result['years']} years, "
            f"or {result['cagr_pct']:+.1f}% a year compounded.{hedge}")


def first_year_at_least(trade: pd.DataFrame, threshold_bn: float) -> int:
    """The first year whose sourced trade value is at least ``threshold_bn``; ValueError if none."""
    hits = trade.loc[trade["value_usd_bn"] >= threshold_bn, "year"]
    if hits.empty:
        raise ValueError(f"No year in the table reaches ${threshold_bn} bn.")
    return int(hits.min())


def crude_leaders(crude: pd.DataFrame) -> pd.DataFrame:
    """China's top crude supplier by year, and Russia's share of China's crude imports.

    ``leader`` is read from ``russia_rank`` (1 means Russia was first; 2 means Saudi Arabia was,
    in the years of this table). ``russia_share_pct`` is missing where a total is missing.
    """
    out = crude[["year", "russia_crude_mt", "saudi_crude_mt", "china_total_crude_mt", "russia_rank"]].copy()
    out["leader"] = out["russia_rank"].map(lambda r: "Russia" if r == 1 else "Saudi Arabia")
    out["russia_share_pct"] = out["russia_crude_mt"] / out["china_total_crude_mt"] * 100
    return out.reset_index(drop=True)
