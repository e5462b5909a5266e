"""GDP of Russia, China and India, the China/Russia ratio, one year's bars, the Far East's population (lesson 05).

Each function takes a table from ``data/`` and returns a captioned :class:`course.kit.plots.Chart` whose alt text
is computed from the numbers it draws.
"""

from __future__ import annotations

import pandas as pd

from .. import economy, plots

C = plots.COUNTRY


def gdp_lines(gdp: pd.DataFrame, start: int = 1990, end: int | None = None, countries=("Russia", "China", "India")):
    """GDP in current US$ bn, one line per country, on a log scale so growth rates compare fairly."""
    table = economy.gdp_bn(gdp, countries)
    end = end or int(table.index.max())
    table = table.loc[start:end]
    fig, ax = plots.new()
    for country in countries:
        ax.plot(table.index, table[country], color=C.get(country), lw=2, label=country)
    ax.set_yscale("log")
    ax.set_ylabel("GDP, current US$ bn (log scale)")
    ax.legend(loc="upper left")
    first, last = table.dropna().index.min(), table.index.max()
    alt = (f"Line chart of GDP on a log scale, {start}–{end}. "
           + "; ".join(f"{c}: ${table.loc[first, c]:,.0f} bn in {first} to ${table.loc[last, c]:,.0f} bn in {last}" for c in countries)
           + ".")
    return plots.show(fig, caption=f"GDP of {', '.join(countries)}, {start}–{end}", source="worldbank_gdp", alt=alt)


def gdp_ratio(gdp: pd.DataFrame, numerator="China", denominator="Russia"):
    """The ratio of two economies by year, with a line at 1 (equal size)."""
    r = ratio = economy.ratio(gdp, numerator, denominator)
    fig, ax = plots.new(7.5, 3.2)
    ax.plot(r.index, r.values, color=C.get(numerator), lw=2)
    ax.axhline(1, color="black", lw=0.8, ls="--")
    ax.set_ylabel(f"{numerator}'s GDP ÷ {denominator}'s")
    cross = economy.crossover_year(gdp, numerator, denominator)
    alt = (f"Line chart of {numerator}'s GDP divided by {denominator}'s, {int(r.index.min())}–{int(r.index.max())}: "
           f"{ratio.iloc[0]:.1f} in {int(r.index.min())}, above 1 from {cross}, highest {ratio.max():.1f} in {int(ratio.idxmax())}, "
           f"{ratio.iloc[-1]:.1f} in {int(r.index.max())}.")
    return plots.show(fig, caption=f"How many times larger is {numerator}'s economy than {denominator}'s?",
                      source="worldbank_gdp", alt=alt)


def gdp_bars(gdp: pd.DataFrame, year: int, countries=("Russia", "China", "India")):
    """Bars of GDP in one year, one per country, labelled with their values."""
    snap = economy.snapshot(gdp, year, countries)
    fig, ax = plots.new(6, 2.6)
    values = [snap[c] for c in countries]
    ax.barh(list(countries), values, color=[C.get(c) for c in countries])
    for i, v in enumerate(values):
        ax.text(v, i, f" ${v:,.0f} bn", va="center", fontsize=8)
    ax.set_xlim(0, max(values) * 1.2)
    ax.invert_yaxis()
    ax.set_xlabel("GDP, current US$ bn")
    alt = f"Horizontal bars of GDP in {year}: " + "; ".join(f"{c} ${snap[c]:,.0f} bn" for c in countries) + "."
    return plots.show(fig, caption=f"GDP in {year}", source="worldbank_gdp", alt=alt)


def far_east(table: pd.DataFrame):
    """Bars of the population figures for the Russian Far East and North-East China, with definitions."""
    people = table[table.measure == "population"]
    fig, ax = plots.new(7.5, 3.0)
    colours = [C["Russia"] if r == "Far Eastern Federal District" else C["China"] for r in people.region]
    labels = [f"{r.region}, {r.definition.split('(')[0].strip()} ({r.as_of})" for r in people.itertuples()]
    ax.barh(range(len(people)), people.people / 1e6, color=colours)
    ax.set_yticks(range(len(people)), labels, fontsize=7.5)
    ax.invert_yaxis()
    ax.set_xlabel("Million people")
    for i, r in enumerate(people.itertuples()):
        ax.text(r.people / 1e6, i, f" {r.qualifier + ' ' if r.qualifier != 'exactly' else ''}{r.people / 1e6:.1f} m",
                va="center", fontsize=7.5)
    alt = ("Horizontal bars of population: " + "; ".join(
        f"{r.region} ({r.definition}, {r.as_of}): {r.qualifier + ' ' if r.qualifier != 'exactly' else ''}{r.people / 1e6:.1f} million"
        for r in people.itertuples()) + ".")
    return plots.show(fig, caption="Across the Amur: how many people on each side?", source="far_east_population", alt=alt)
