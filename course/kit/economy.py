"""Economic asymmetry (lesson 05): GDP and population side by side, and the China/Russia ratio.

The World Bank tables name Russia "Russian Federation"; lessons use the short names of
:data:`SHORT_NAMES` so charts and text match the rest of the course.
"""

from __future__ import annotations

import pandas as pd

SHORT_NAMES = {"Russian Federation": "Russia", "China": "China", "India": "India", "United States": "United States"}


def wide(table: pd.DataFrame, value: str, countries=("Russia", "China", "India")) -> pd.DataFrame:
    """One column per country (short names), one row per year; ``value`` is the column to spread.

    Years a country has no figure for stay missing (Russia's series starts in 1988).
    """
    named = table.assign(country=table["country"].map(lambda c: SHORT_NAMES.get(c, c)))
    unknown = set(countries) - set(named["country"])
    if unknown:
        raise ValueError(f"No data for {sorted(unknown)}; the table has {sorted(named['country'].unique())}.")
    out = named[named["country"].isin(countries)].pivot(index="year", columns="country", values=value)
    return out[list(countries)]


def gdp_bn(gdp: pd.DataFrame, countries=("Russia", "China", "India")) -> pd.DataFrame:
    """GDP in current US$ billions, one column per country."""
    return wide(gdp, "gdp_usd", countries) / 1e9


def ratio(gdp: pd.DataFrame, numerator: str = "China", denominator: str = "Russia") -> pd.Series:
    """How many times larger one economy is than another, by year (missing where either is missing)."""
    table = gdp_bn(gdp, (numerator, denominator))
    return (table[numerator] / table[denominator]).dropna().rename(f"{numerator} / {denominator}")


def crossover_year(gdp: pd.DataFrame, larger: str, smaller: str) -> int:
    """The first year from which ``larger``'s GDP stays above ``smaller``'s (ValueError if never)."""
    r = ratio(gdp, larger, smaller)
    below = r[r <= 1]
    after = r.index[r.index > below.index.max()] if not below.empty else r.index
    if after.empty:
        raise ValueError(f"{larger}'s GDP is not above {smaller}'s in the last year of the table.")
    return int(after.min())


def snapshot(gdp: pd.DataFrame, year: int, countries=("Russia", "China", "India")) -> dict:
    """GDP (US$ bn) of each country in one year plus the China/Russia ratio; ValueError if a figure is missing."""
    table = gdp_bn(gdp, countries)
    if year not in table.index:
        raise ValueError(f"{year} is outside the GDP table ({int(table.index.min())}–{int(table.index.max())}).")
    row = table.loc[year]
    missing = [c for c in countries if pd.isna(row[c])]
    if missing:
        raise ValueError(f"No World Bank GDP figure for {', '.join(missing)} in {year}; choose a later year.")
    out = {c: float(row[c]) for c in countries}
    if {"China", "Russia"} <= set(countries):
        out["China / Russia"] = out["China"] / out["Russia"]
    return out
