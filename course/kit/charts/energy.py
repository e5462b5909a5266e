"""Crude oil and gas: China's suppliers, Russia's share of China's and India's crude, Power of Siberia deliveries (lessons 03, 06, 08).

Each function takes a table from ``data/`` and returns a captioned :class:`course.kit.plots.Chart` whose alt text
is computed from the numbers it draws.
"""

from __future__ import annotations

import pandas as pd

from .. import plots, recent, trade

C = plots.COUNTRY

_MONTHS = {m: i for i, m in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"))}


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
    first_for = {who: plots.year_list(leaders.year[leaders.leader == who]) for who in ("Russia", "Saudi Arabia")}
    alt = (f"Line chart of crude oil shipped to China by Russia and Saudi Arabia, {int(leaders.year.min())}–"
           f"{int(leaders.year.max())}. Russia was China's first supplier in {first_for['Russia']}; "
           f"Saudi Arabia in {first_for['Saudi Arabia']}. Missing points are years without a sourced tonnage.")
    return plots.show(fig, caption="Who sold China the most crude oil?", source="china_crude_imports", alt=alt)


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
