"""The lessons' recurring charts. Each takes a table from ``data/`` and returns a captioned
:class:`course.kit.plots.Chart` whose alt text is computed from the same numbers it draws, so the words
a screen reader hears can never drift from the data.
"""

from __future__ import annotations

import pandas as pd

from . import arms, economy, plots, recent, trade

C = plots.COUNTRY


def _fmt_years(years) -> str:
    return ", ".join(str(int(y)) for y in years) or "none"


# --- Lesson 02: the border ------------------------------------------------------------------

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


# --- Lesson 03: trade and energy ------------------------------------------------------------

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
           f"{_fmt_years(table.year[table.value_usd_bn.isna()])}.")
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
           + (f". No bar where the previous year is a gap: {_fmt_years(missing.year)}." if len(missing) else "."))
    return plots.show(fig, caption=f"Yearly growth of Russia–China trade since {since}", source="russia_china_trade", alt=alt)


def crude_suppliers(crude: pd.DataFrame):
    """Russia's and Saudi Arabia's crude sales to China by year, the leader of each year marked."""
    leaders = trade.crude_leaders(crude)
    fig, ax = plots.new(7.5, 3.4)
    ax.plot(leaders.year, leaders.russia_crude_mt, "o-", color=C["Russia"], label="Russia")
    ax.plot(leaders.year, leaders.saudi_crude_mt, "s--", color=C["Saudi Arabia"], label="Saudi Arabia")
    for row in leaders.itertuples():
        ax.annotate("1st: " + ("RU" if row.leader == "Russia" else "SA"), (row.year, ax.get_ylim()[0]),
                    xytext=(0, 3), textcoords="offset points", ha="center", fontsize=7)
    ax.set_xlim(leaders.year.min() - 0.5, leaders.year.max() + 0.5)  # keep years with a rank but no tonnage
    ax.set_ylabel("Crude oil to China (million tonnes)")
    ax.legend(loc="upper left")
    first_for = {who: _fmt_years(leaders.year[leaders.leader == who]) for who in ("Russia", "Saudi Arabia")}
    alt = (f"Line chart of crude oil shipped to China by Russia and Saudi Arabia, {int(leaders.year.min())}–"
           f"{int(leaders.year.max())}. Russia was China's first supplier in {first_for['Russia']}; "
           f"Saudi Arabia in {first_for['Saudi Arabia']}. Missing points are years without a sourced tonnage.")
    return plots.show(fig, caption="Who sold China the most crude oil?", source="china_crude_imports", alt=alt)


# --- Lesson 04: arms and military ties ------------------------------------------------------

def arms_by_year(transfers: pd.DataFrame, supplier="Russia", recipient="China", category=None,
                 start=arms.FIRST_YEAR, end=arms.LAST_YEAR):
    """Bars of TIV delivered per year for one supplier→recipient pair (optionally one weapon category)."""
    yearly = arms.tiv_by_year(transfers, supplier=supplier, recipient=recipient, category=category, start=start, end=end)
    fig, ax = plots.new(7.5, 3.2)
    ax.bar(yearly.index, yearly.values, color=C.get(supplier, plots.PALETTE["blue"]))
    ax.set_ylabel("SIPRI TIV (millions)")
    what = f"{category.lower()} " if category not in (None, "All") else ""
    peak = int(yearly.idxmax()) if yearly.max() > 0 else None
    alt = (f"Bar chart of {what}arms deliveries from {supplier or 'all suppliers'} to {recipient or 'all recipients'}, {start}–{end}, "
           f"in SIPRI TIV: total {yearly.sum():,.0f}; "
           + (f"highest in {peak} ({yearly.max():,.0f}); lowest {yearly.min():,.0f} in {int(yearly.idxmin())}."
              if peak else "no deliveries in these years."))
    return plots.show(fig, caption=f"Arms deliveries, {supplier or 'all'} → {recipient or 'all'}, {what}{start}–{end}",
                      source="sipri_transfers", alt=alt)


def arms_shares(transfers: pd.DataFrame, supplier="Russia", recipient="China"):
    """Two bar series per 5-year period: the pair's share of the recipient's imports and of the supplier's exports."""
    table = arms.shares(transfers, supplier, recipient)
    fig, ax = plots.new(7.5, 3.4)
    x = range(len(table))
    ax.bar([i - 0.2 for i in x], table.share_of_recipient_imports_pct, width=0.4, color=C.get(recipient, "#555"),
           label=f"share of {recipient}'s arms imports from {supplier}")
    ax.bar([i + 0.2 for i in x], table.share_of_supplier_exports_pct, width=0.4, color=C.get(supplier, "#555"),
           hatch="..", edgecolor="white", label=f"share of {supplier}'s arms exports going to {recipient}")
    ax.set_xticks(list(x), table.index)
    ax.set_ylabel("Percent of TIV")
    ax.set_ylim(0, 100)
    ax.legend(loc="upper right", fontsize=8)
    alt = (f"Paired bars by five-year period. {supplier}'s share of {recipient}'s arms imports: "
           + ", ".join(f"{p} {v:.0f}%" for p, v in table.share_of_recipient_imports_pct.items())
           + f". {recipient}'s share of {supplier}'s arms exports: "
           + ", ".join(f"{p} {v:.0f}%" for p, v in table.share_of_supplier_exports_pct.items()) + ".")
    return plots.show(fig, caption=f"How much each side depends on the other: {supplier}→{recipient} arms, by period",
                      source="sipri_transfers", alt=alt)


def meetings(table: pd.DataFrame):
    """Cumulative Xi–Putin meeting counts as reported, with the speaker's hedge on each point."""
    fig, ax = plots.new(7.5, 3.2)
    ax.plot(table.as_of, table["count"], "o", color=C["China"])
    for row in table.itertuples():
        ax.annotate(f"{row.as_reported}\n({row.who_said.split('(')[0].strip()})", (row.as_of, row.count),
                    xytext=(4, -4), textcoords="offset points", fontsize=7)
    ax.set_ylabel("Meetings since 2013, as reported")
    ax.set_ylim(0, table["count"].max() * 1.25)
    alt = ("Dot chart of Xi–Putin meeting counts as reported: "
           + "; ".join(f"{row.as_of:%b %Y}: {row.as_reported} ({row.who_said})" for row in table.itertuples())
           + ". The counts come from different speakers with different scopes, so they do not form a series.")
    return plots.show(fig, caption="Xi and Putin: how many meetings, according to whom?", source="xi_putin_meetings", alt=alt)


def exercises_by_year(table: pd.DataFrame):
    """A dot per joint exercise or patrol on a time axis, split into land, sea and air."""
    kind = table.name.map(lambda n: "air patrol" if "air" in n.lower() else
                          "sea" if ("sea" in n.lower() or "naval" in n.lower()) else "land (and combined)")
    rows = ["land (and combined)", "sea", "air patrol"]
    fig, ax = plots.new(7.5, 2.6)
    for i, k in enumerate(rows):
        sub = table[kind == k]
        ax.scatter(sub.year, [i] * len(sub), s=60, marker="os^"[i], color=[C["Russia"], C["China"], plots.PALETTE["orange"]][i],
                   edgecolor="black", lw=0.5, zorder=3)
    ax.set_yticks(range(3), rows)
    ax.set_ylim(-0.7, 2.7)
    ax.set_xlabel("Year")
    alt = (f"Time axis of {len(table)} joint exercises and patrols, {int(table.year.min())}–{int(table.year.max())}: "
           + "; ".join(f"{k}: {_fmt_years(table.year[kind == k])}" for k in rows) + ".")
    return plots.show(fig, caption="Russia–China joint exercises and patrols in the table, by kind", source="joint_exercises", alt=alt)


# --- Lesson 05: asymmetry -------------------------------------------------------------------

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


# --- Lesson 07: weighing the evidence ---------------------------------------------------------

def ach_scores(scores: pd.Series, labels: dict):
    """Bars of inconsistent items per hypothesis; the leader(s) highlighted."""
    best = scores.min()
    fig, ax = plots.new(7.5, 2.8)
    names = [labels[h] for h in scores.index]
    colours = [plots.PALETTE["green"] if s == best else C["Other"] for s in scores]
    ax.barh(names, scores.values, color=colours)
    ax.invert_yaxis()
    ax.set_xlabel("Inconsistent evidence items (fewer is better)")
    for i, s in enumerate(scores):
        ax.text(s, i, f" {s:g}", va="center", fontsize=8)
    leading = [labels[h] for h in scores.index if scores[h] == best]
    alt = ("Horizontal bars counting the evidence inconsistent with each hypothesis: "
           + "; ".join(f"{labels[h]} {scores[h]:g}" for h in scores.index)
           + f". Fewest: {' and '.join(leading)}.")
    return plots.show(fig, caption="Which hypothesis has the least evidence against it?", source="ach_evidence (ratings as set)", alt=alt)


# --- Lesson 08: India -------------------------------------------------------------------------

def india_arms_suppliers(transfers: pd.DataFrame, suppliers=("Russia", "France", "United States", "Israel")):
    """Stacked bars of India's arms imports by 5-year period: named suppliers and all others."""
    periods = {s: arms.tiv_by_period(transfers, recipient="India", supplier=s) for s in suppliers}
    total = arms.tiv_by_period(transfers, recipient="India")
    table = pd.DataFrame(periods)
    table["Other"] = total - table.sum(axis=1)
    share = table.div(total, axis=0) * 100
    fig, ax = plots.new()
    bottom = pd.Series(0.0, index=table.index)
    for name in table.columns:
        ax.bar(table.index, share[name], bottom=bottom, color=C.get(name, "#555"), label=name,
               edgecolor="white", hatch="//" if name == "Other" else None)
        bottom += share[name]
    ax.set_ylabel("Share of India's arms imports (% of TIV)")
    ax.set_ylim(0, 100)
    ax.legend(loc="upper left", bbox_to_anchor=(1, 1))
    alt = ("Stacked bars of India's arms imports by supplier and five-year period. Russia's share: "
           + ", ".join(f"{p} {v:.0f}%" for p, v in share["Russia"].items()) + ". "
           + "; ".join(f"{s} in {share.index[-1]}: {share[s].iloc[-1]:.0f}%" for s in suppliers[1:]) + ".")
    return plots.show(fig, caption="Where India's arms come from, by five-year period", source="sipri_transfers", alt=alt)


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


def option_scores(scores: pd.Series, weights: dict):
    """Bars of the weighted score of each policy option, with the weights in the caption."""
    fig, ax = plots.new(7.5, 3.0)
    ax.barh(list(scores.index), scores.values, color=C["India"])
    ax.invert_yaxis()
    ax.set_xlim(0, 3)
    ax.set_xlabel("Weighted score (0 = works against the goals, 3 = helps a lot)")
    for i, s in enumerate(scores):
        ax.text(s, i, f" {s:.2f}", va="center", fontsize=8)
    w = ", ".join(f"{g} {v:g}" for g, v in weights.items())
    alt = f"Horizontal bars of policy options scored with weights {w}: " + "; ".join(f"{o} {s:.2f}" for o, s in scores.items()) + "."
    return plots.show(fig, caption=f"India's options, weighted by your goals ({w})",
                      source="course authors' scores in course/policy.py (a judgement, not data)", alt=alt)


# --- Lesson 06: since 'no limits', 2022–2025 ------------------------------------------------

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


def crude_shares(crude: pd.DataFrame):
    """Russia's and Saudi Arabia's share of China's crude imports by year (only years with China's total)."""
    russia, saudi = recent.crude_share(crude, "russia"), recent.crude_share(crude, "saudi")
    fig, ax = plots.new(7.5, 3.4)
    ax.plot(russia.index, russia.values, "o-", color=C["Russia"], label="Russia")
    ax.plot(saudi.index, saudi.values, "s--", color=C["Saudi Arabia"], label="Saudi Arabia")
    for year, value in russia.items():
        ax.annotate(f"{value:.1f}%", (year, value), xytext=(0, 6), textcoords="offset points", ha="center", fontsize=8)
    ax.axvline(2022, color="#555555", lw=0.8, ls=":")
    ax.annotate("Feb 2022: invasion", (2022, ax.get_ylim()[0]), xytext=(3, 3), textcoords="offset points", fontsize=7)
    ax.set_ylabel("Share of China's crude imports (%)")
    ax.set_xticks(list(russia.index))
    ax.legend(loc="upper left")
    alt = (f"Line chart of the share of China's crude oil imports that came from Russia and from Saudi Arabia, "
           f"{int(russia.index.min())}–{int(russia.index.max())}. Russia: "
           + "; ".join(f"{y} {v:.1f}%" for y, v in russia.items()) + ". Saudi Arabia: "
           + "; ".join(f"{y} {v:.1f}%" for y, v in saudi.items())
           + f". The series stops in {int(crude.year.max())}: no full-year 2025 customs figure was found.")
    return plots.show(fig, caption="How much of China's crude oil came from Russia?", source="china_crude_imports", alt=alt)


def settlement_statements(statements: pd.DataFrame):
    """One bar per official statement of the share of Russia–China trade settled in roubles and yuan.

    A statement is not a statistic: bars are labelled with who said it and when; hedges are kept and
    statements reported only by a weak source are hatched.
    """
    rows = statements.dropna(subset=["share_pct"]).reset_index(drop=True)
    fig, ax = plots.new(7.5, 0.6 + 0.38 * len(rows))
    weak = rows.source_quality == "low"
    colours = ["white" if w else C["Russia"] for w in weak]
    ax.barh(range(len(rows)), rows.share_pct, color=colours, edgecolor=C["Russia"], hatch=None)
    for i, row in rows.iterrows():
        if weak[i]:
            ax.patches[i].set_hatch("//")
        hedge = f"{row.qualifier} " if isinstance(row.qualifier, str) else ""
        ax.text(row.share_pct, i, f" {hedge}{row.share_pct:g}%", va="center", fontsize=8)
    ax.set_yticks(range(len(rows)), [recent.statement_label(r).rsplit(":", 1)[0] for r in rows.itertuples()], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 115)
    ax.set_xlabel("Share in roubles and yuan, as stated (%); hatched: reported only by a weak source")
    alt = ("Horizontal bars of statements on the share of Russia–China trade settled in roubles and yuan, in the order made: "
           + "; ".join(recent.statement_label(r) + (" (weak source)" if r.source_quality == "low" else "") for r in rows.itertuples())
           + ". These are statements by Russian officials; no official statistic is published.")
    return plots.show(fig, caption="Roubles and yuan: who said what share, and when?", source="russia_china_settlement_statements", alt=alt)


def pipeline_gas(gas: pd.DataFrame):
    """Power of Siberia deliveries by year (any weak-source figure hatched), with the contract and capacity lines."""
    delivered = recent.delivered_gas(gas)
    fig, ax = plots.new(7.5, 3.4)
    weak = delivered.source_quality == "low"
    ax.bar(delivered.index[~weak], delivered.bcm[~weak], color=C["Russia"], label="delivered")
    ax.bar(delivered.index[weak], delivered.bcm[weak], color="white", edgecolor=C["Russia"], hatch="//",
           label="delivered, weak source only")
    for year, bcm in delivered.bcm.items():
        ax.annotate(f"{bcm:g}", (year, bcm), xytext=(0, 2), textcoords="offset points", ha="center", fontsize=8)
    lines = gas[gas.measure != "delivered"]
    for row, style in zip(lines.itertuples(), ("--", ":", "-.", (0, (1, 3)))):
        ax.axhline(row.bcm, color="black", lw=0.8, ls=style)
        ax.annotate(f"{row.measure} ({row.year}): {row.bcm:g} bcm", (delivered.index.min() - 0.4, row.bcm),
                    xytext=(0, 3), textcoords="offset points", fontsize=8)
    ax.set_ylim(0, lines.bcm.max() * 1.15)
    ax.set_xticks(list(delivered.index))
    ax.set_ylabel("Billion cubic metres a year")
    ax.legend(loc="center left", fontsize=8)
    alt = ("Bars of gas delivered to China through Power of Siberia, "
           + "; ".join(f"{y} {b:g} bcm" + (" (weak source)" if q == "low" else "")
                       for y, b, q in zip(delivered.index, delivered.bcm, delivered.source_quality))
           + ". Reference lines: " + "; ".join(f"{r.measure} {r.year} {r.bcm:g} bcm" for r in lines.itertuples()) + ".")
    return plots.show(fig, caption="Power of Siberia: how much gas reached China?", source="power_of_siberia_gas", alt=alt)


def membership_growth(members: pd.DataFrame, first_year: int = 2001, last_year: int = 2025):
    """Number of full members of BRICS and the SCO at the end of each year."""
    full = members[members.status == "member"]
    years = list(range(first_year, last_year + 1))
    fig, ax = plots.new(7.5, 3.2)
    counts = {}
    for org, colour, style in (("SCO", C["Russia"], "-"), ("BRICS", C["China"], "--")):
        joined = full[full.organisation == org].joined_year
        counts[org] = [int((joined <= y).sum()) for y in years]
        ax.step(years, counts[org], where="post", color=colour, ls=style, label=org)
    ax.set_ylabel("Full members")
    ax.set_ylim(0, max(max(c) for c in counts.values()) + 2)
    ax.legend(loc="upper left")
    changes = {org: [f"{y}: {c}" for y, c, p in zip(years, counts[org], [0] + counts[org][:-1]) if c != p] for org in counts}
    alt = ("Step chart of full members of the SCO and BRICS, "
           f"{first_year}–{last_year}. SCO: " + ", ".join(changes["SCO"]) + ". BRICS: " + ", ".join(changes["BRICS"])
           + ". Saudi Arabia (invited 2023, not formalised) and Argentina (declined) are not counted.")
    return plots.show(fig, caption="Two clubs grow: full members of BRICS and the SCO", source="brics_sco_members", alt=alt)

# --- Lesson 08: India's Russian crude -------------------------------------------------------

_MONTHS = {m: i for i, m in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"))}


def _period_start(period: str, period_type: str, starts_year: int) -> float:
    """Where a period starts on a year axis: fiscal years at April, part-years and months at their first month."""
    if period_type == "fiscal year (Apr-Mar)":
        return starts_year + 3 / 12
    first_word = period.split()[0][:3]
    return starts_year + _MONTHS.get(first_word, 0) / 12


def india_crude_shares(crude: pd.DataFrame):
    """Russia's share of India's crude imports, one marker per figure as its source gives it.

    Colour says how it was measured (customs/official, ship-tracking, a minister's statement); filled markers are
    whole years (fiscal or calendar), hollow ones part-years, months or several years together. Nothing is joined
    by lines, because the figures are not one series.
    """
    shares = crude[crude.measure == "russia_share_pct"]
    colours = {"customs/official statistics": C["Russia"], "ship-tracking": plots.PALETTE["orange"],
               "official statement": C["Other"]}
    fig, ax = plots.new(7.5, 3.8)
    for basis, rows in shares.groupby("basis", sort=False):
        x = [_period_start(r.period, r.period_type, r.starts_year) for r in rows.itertuples()]
        whole = rows.period_type.isin(["fiscal year (Apr-Mar)", "calendar year"]).tolist()
        for keep, style, kind in ((True, {"color": colours[basis]}, "whole year"),
                                  (False, {"facecolors": "none", "edgecolors": colours[basis]}, "part-year, month or several years")):
            picked = [w == keep for w in whole]
            if any(picked):
                ax.scatter([xi for xi, p in zip(x, picked) if p], rows.value[picked], s=45, label=f"{basis} ({kind})", **style)
    ax.set_ylabel("Russia's share of India's crude imports (%)")
    ax.set_ylim(0, max(45, shares.value.max() * 1.1))
    ax.legend(loc="upper left", fontsize=7)
    alt = ("Scatter of Russia's share of India's crude imports as each source gives it: "
           + "; ".join(f"{r.period} {r.value:g}% ({r.reporter}, {r.basis})" for r in shares.itertuples())
           + ". Fiscal years run April to March and are placed at April of their first year.")
    return plots.show(fig, caption="Russian crude in India's imports: one marker per sourced figure",
                      source="india_crude_imports", alt=alt)
