"""Lesson 06 (2022–2026): shares, changes and one-year summaries computed from the course tables.

Plain functions over frames from ``data.load``; the charts in :mod:`course.kit.charts` and the explorer in
:mod:`course.kit.explorers` call them, and the tests check them by hand. A year with no sourced figure is
reported as a gap with the reason, never filled.
"""

from __future__ import annotations

import re as _re

import pandas as pd

from .prose import number_word

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


# --- lesson 06's prose: every figure it states, computed from the tables ------------------------------------


_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November"]


def _months(period: str) -> str:
    """'Jan-Apr' -> 'January–April', as the prose writes a part-year."""
    first, last = period.split("-")
    name = {m[:3]: m for m in _MONTHS}
    return f"{name[first]}–{name[last]}"


def _reporter(trade_2026: pd.DataFrame, period: str) -> str:
    """Who reported a part-year row, as the prose cites it: the row's ``reporter`` up to its first ';' (what follows
    is a note on other copies)."""
    return trade_2026.set_index("period").reporter[period].split(";")[0].strip()


def _pct(value: float) -> str:
    return f"{abs(value):.1f}"


def part_year_table(trade_2026: pd.DataFrame) -> pd.DataFrame:
    """The 2026 part-year rows, each with the same months of 2025 implied by its reported change (derived).

    The implied 2025 value is ``value / (1 + yoy/100)``: a derived figure, labelled so, for comparing like
    months with like months. A part-year is never set beside a calendar year.
    """
    rows = trade_2026.sort_values("months").set_index("period")
    out = rows[["months", "value_usd_bn", "yoy_pct", "cn_exports_yoy_pct", "cn_imports_yoy_pct", "source_quality"]].copy()
    out["same_months_2025_derived"] = (rows.value_usd_bn / (1 + rows.yoy_pct / 100)).round(2)
    return out


def lesson06_figures(trade: pd.DataFrame, trade_2026: pd.DataFrame, crude: pd.DataFrame, gas: pd.DataFrame,
                     statements: pd.DataFrame, events: pd.DataFrame, india: pd.DataFrame) -> dict[str, str]:
    """Every figure lesson 06's prose states, formatted as the prose shows it (words that depend on the data,
    such as "fell" or "the first fall since", stay typed and are checked by tests/test_prose_against_data_06.py)."""
    values = trade.set_index("year").value_usd_bn
    change = trade_change(trade).dropna()
    since_2019 = change.loc[2020:]
    ranked = since_2019.sort_values(ascending=False)
    last_year = int(values.dropna().index.max())
    earlier_falls = change[(change < 0) & (change.index < last_year)]
    f = {
        "trade_2020": f"{values[2020]:.1f}", "trade_2021": f"{values[2021]:.1f}",
        "trade_record": f"{values.loc[2019:].max():.1f}", "trade_record_year": str(int(values.loc[2019:].idxmax())),
        "trade_last": f"{values[last_year]:.1f}", "trade_last_year": str(last_year),
        "trade_times_2020_record": f"{values.loc[2019:].max() / values[2020]:.1f}",
        "growth_fastest_year": str(int(ranked.index[0])), "growth_fastest": _pct(ranked.iloc[0]),
        "growth_second_year": str(int(ranked.index[1])), "growth_second": _pct(ranked.iloc[1]),
        "growth_third_year": str(int(ranked.index[2])), "growth_third": _pct(ranked.iloc[2]),
        "growth_2024": _pct(change[2024]),
        "change_last": _pct(change[last_year]),
        "first_fall_since": str(int(earlier_falls.index.max())) if len(earlier_falls) else "records began",
    }
    note = trade.set_index("year").note[2025]
    yuan, usd = _re.findall(r"exports[^%]*?-(\d+\.\d)%[^%]*?imports[^%]*?-(\d+\.\d)%", note)
    reported = _re.search(r"\((-\d+\.\d)% on", note).group(1)
    f |= {"split_yuan_exports": yuan[0], "split_yuan_imports": yuan[1], "split_usd_exports": usd[0],
          "split_usd_imports": usd[1], "reported_change_2025": reported.lstrip("-"),
          "yuan_change_2025": _re.search(r"yuan [\d.]+ trn \((-\d+\.\d)%\)", note).group(1).lstrip("-")}
    part = part_year_table(trade_2026)
    latest, first = part.iloc[-1], part.iloc[0]
    f |= {"t26_latest_period": _months(part.index[-1]), "t26_latest_months": number_word(int(latest.months)),
          "t26_latest_value": f"{latest.value_usd_bn:.2f}", "t26_latest_yoy": f"{abs(latest.yoy_pct):g}",
          "t26_latest_base": f"{latest.same_months_2025_derived:.1f}",
          "t26_latest_exports_yoy": f"{latest.cn_exports_yoy_pct:g}", "t26_latest_imports_yoy": f"{latest.cn_imports_yoy_pct:g}",
          "t26_first_period": _months(part.index[0]), "t26_first_value": f"{first.value_usd_bn:.2f}",
          "t26_first_yoy": f"{abs(first.yoy_pct):g}", "t26_first_exports_yoy": f"{first.cn_exports_yoy_pct:g}",
          "t26_first_imports_yoy": f"{first.cn_imports_yoy_pct:g}",
          "t26_latest_end": _months(part.index[-1]).split("–")[-1], "t26_count": number_word(len(part)),
          "t26_latest_reporter": _reporter(trade_2026, part.index[-1]),
          "t26_first_reporter": _reporter(trade_2026, part.index[0])}
    by_year = crude.set_index("year")
    share = crude_share(crude)
    f |= {"crude_2021": f"{by_year.loc[2021, 'russia_crude_mt']:g}", "crude_2024": f"{by_year.loc[2024, 'russia_crude_mt']:g}",
          "crude_share_2021": f"{share[2021]:.1f}", "crude_share_2024": f"{share[2024]:.1f}",
          "crude_last_year": str(int(by_year.index.max()))}
    delivered = delivered_gas(gas).bcm
    capacity = gas[gas.measure == "design capacity"].bcm.item()
    agreed = gas[gas.measure == "agreed capacity"].bcm.item()
    tass = _re.search(r"up (\d+\.\d)%", gas.set_index(["year", "measure"]).excerpt[(2025, "delivered")]).group(1)
    f |= {f"gas_{y}": f"{delivered[y]:g}" for y in (2020, 2023, 2024, 2025)}
    f |= {"gas_design": f"{capacity:g}", "gas_agreed": f"{agreed:g}", "gas_growth_2025": f"{(delivered[2025] / delivered[2024] - 1) * 100:.1f}",
          "gas_growth_2025_tass": tass}
    shares = statements.set_index("statement_id").share_pct
    late = shares.loc["S06":"S10"]
    f |= {"settle_low": f"{late.min():g}", "settle_high": f"{late.max():g}", "settle_top": f"{shares.max():g}",
          "settle_first": f"{shares.loc['S01']:g}"}
    desc = events.set_index("event_id")
    caps = [float(c) for c in _re.findall(r"US\$(\d+\.\d\d)", desc.description["E83"])]
    f |= {"cap_2025": f"{caps[0]:.2f}", "cap_2026": f"{caps[1]:.2f}",
          "cap_us": _re.search(r"US\$(\d+) level", desc.description["E83"]).group(1),
          "cap_first": _re.search(r"US\$(\d+) a barrel", desc.description["E39"]).group(1),
          "nayara_stake": _re.search(r"(\d+\.\d+)% owned", desc.description["E61"]).group(1),
          "tariff_extra": _re.search(r"(\d+)% tariff", desc.description["E51"]).group(1)}
    ic = india.set_index("row_id").value
    f |= {"india_apr_sep_2025": f"{ic['IC26']:g}", "india_dec_2025": f"{ic['IC28']:g}", "india_fy22": f"{ic['IC08']:.1f}",
          "india_fy25": f"{ic['IC22']:g}", "india_fy23_rbi": f"{ic['IC13']:g}", "india_fy23_reuters": f"{ic['IC14']:g}",
          "india_minister": f"{ic['IC06']:g}"}
    return f
