"""Lesson 08's figures, computed from data/ so that the prose never types a number the tables hold.

``figures()`` returns name -> the figure formatted as the lesson's prose writes it; the lesson glues them
(``prose.show``) and writes ``{glue:text}`name``` in its sentences. Rows are picked by their stable ids
(``row_id``, ``event_id``), so a new row never shifts a figure; a changed value flows into every sentence.
Figures quoted inside a row's excerpt or description (a rate in an executive order, a year-earlier value)
are read from that text with a pattern, and a missing match is an error that names the row.
"""

from __future__ import annotations

import re

import pandas as pd

from . import arms, data

FLY_AWAY = ("Rafale", "P-8A")             # deals SIPRI flags for local production that were built abroad
UPGRADES = ("MiG-29SMT", "Mirage-2000-5")  # refits of aircraft India already flew


def _find(pattern: str, text: str, where: str) -> str:
    match = re.search(pattern, text)
    if not match:
        raise ValueError(f"{where}: no match for {pattern!r}; the row's wording changed, so update lesson 08's figures")
    return match.group(1)


def _n(value: float, digits: int = 0) -> str:
    """A number as the prose writes it: fixed decimals, or ':g' when digits is None."""
    return f"{value:g}" if digits is None else f"{value:.{digits}f}"


def india_arms(transfers: pd.DataFrame) -> pd.DataFrame:
    """India's deliveries from the register extract, with the five-year period of each delivery year."""
    india = arms.deliveries(transfers, recipient="India")
    return india.assign(period=india.delivery_year.map(arms.period_label))


def local_production_shares(transfers: pd.DataFrame) -> pd.DataFrame:
    """Percent of India's imports (TIV) by period: all flagged deals, without the fly-away deals, and also without upgrades."""
    india = india_arms(transfers)
    total = india.groupby("period").tiv_delivered.sum()
    flagged = india.local_production
    abroad, refits = india.designation.isin(FLY_AWAY), india.designation.isin(UPGRADES)

    def share(mask):
        return india[mask].groupby("period").tiv_delivered.sum() / total * 100
    return pd.DataFrame({"flagged_pct": share(flagged), "without_fly_away_pct": share(flagged & ~abroad),
                         "also_without_upgrades_pct": share(flagged & ~abroad & ~refits)})


def supplier_shares(transfers: pd.DataFrame, recipient: str) -> pd.DataFrame:
    """Period x supplier: each supplier's percent of the recipient's imports (TIV) in the extract."""
    rows = arms.deliveries(transfers, recipient=recipient)
    rows = rows.assign(period=rows.delivery_year.map(arms.period_label))
    table = rows.pivot_table(index="period", columns="supplier", values="tiv_delivered", aggfunc="sum")
    return table.div(table.sum(axis=1), axis=0) * 100


def figures() -> dict[str, str]:
    """Every figure lesson 08's prose states, formatted as it states it."""
    transfers = data.load("sipri_transfers")
    crude = data.load("india_crude_imports").set_index("row_id")
    events = data.load("timeline").set_index("event_id").description
    published = data.load("sipri_period_shares").set_index("row_id").share_pct
    russia_trade = data.load("india_russia_trade").set_index("fiscal_year")
    china_trade = data.load("india_china_trade").set_index("year").value_usd_bn

    local = local_production_shares(transfers).loc["2020–2023"]
    india_suppliers = supplier_shares(transfers, "India")
    pakistan = arms.deliveries(transfers, recipient="Pakistan")
    engines = pakistan[(pakistan.supplier == "Russia") & pakistan.designation.str.startswith("RD-33")]
    jets = pakistan[(pakistan.supplier == "China") & pakistan.designation.str.startswith("JF-17")]
    jets_by_type = jets.groupby("designation").number_delivered.sum()
    before_2022 = russia_trade[russia_trade.starts_year < 2022].value_usd_bn
    value = crude.value
    shares = crude[crude.measure == "russia_share_pct"]
    before = shares[(shares.starts_year < 2022) & (shares.basis != "official statement")].value  # the minister's 0.2% is discussed apart

    return {
        # section 2: arms (the register extract, then SIPRI's published period shares)
        "russia_india_2020_23": _n(india_suppliers.loc["2020–2023", "Russia"]),
        "without_fly_away_2020_23": _n(local["without_fly_away_pct"]),
        "without_upgrades_2020_23": _n(local["also_without_upgrades_pct"]),
        "sipri_russia_india_2021_25": _n(published["SP01"]),
        "sipri_russia_india_2016_20": _n(published["SP02"]),
        "sipri_russia_india_2011_15": _n(published["SP03"]),
        "sipri_china_pakistan_2021_25": _n(published["SP04"]),
        "sipri_china_pakistan_2016_20": _n(published["SP05"]),
        "china_pakistan_2020_23": _n(supplier_shares(transfers, "Pakistan").loc["2020–2023", "China"]),
        # section 4: Pakistan
        "rd33_engines": _n(engines.number_delivered.sum()),
        "rd33_first": str(engines.delivery_year.min()), "rd33_last": str(engines.delivery_year.max()),
        "jf17_total": _n(jets.number_delivered.sum()),
        "jf17_first_batch": _n(jets_by_type["JF-17 -"]), "jf17_block3": _n(jets_by_type["JF-17-3 -"]),
        "army_pakistan_china_pct": _find(r"'(\d+) per cent of the military hardware", events["E105"], "timeline E105"),
        # section 5: oil (customs/official statistics, then ship-tracking)
        "pre2022_share_low": _n(before.min(), None), "pre2022_share_high": _n(before.max(), None),
        "minister_mt": _n(value["IC07"], None), "minister_pct": _n(value["IC06"], None),
        "rbi_fy2021_22": _n(value["IC08"], 1), "rbi_fy2022_23": _n(value["IC13"], 1),
        "cpr_mt_fy2021_22": _n(value["IC09"]), "cpr_total_fy2021_22": _n(value["IC10"]),
        "cpr_volume_fy2024_25": _n(value["IC22"], 1), "cpr_value_fy2024_25": _n(value["IC23"], 1),
        "oies_cy2023": _n(value["IC17"]),
        "reuters_apr_sep_2025": _n(value["IC26"]),
        "crea_nov_2025": _find(r"down from (\d+) per cent in Nove", crude.excerpt["IC28"], "india_crude_imports IC28"),
        "crea_dec_2025": _n(value["IC28"]),
        "value_apr_dec_2025": _n(value["IC29"], 1),
        "value_apr_dec_2024": _find(r"around \$(\d+) billion in April-December 2024", crude.excerpt["IC29"], "india_crude_imports IC29"),
        "iea_cy2025_mbpd": _n(value["IC30"], 1),
        "reuters_jan_2026_mbpd": _n(value["IC31"], 1), "reuters_jan_2026_share": _n(value["IC32"], 1),
        "kpler_jan_2026_mbpd": _n(value["IC33"], None),
        "kpler_mar_2026_first11_mbpd": _n(value["IC34"], 1), "kpler_mar_2026_forecast_mbpd": _n(value["IC35"], None),
        # tariffs (timeline descriptions: the executive orders and the interim framework as reported)
        "oil_tariff_pct": _find(r"further (\d+)% tariff", events["E51"], "timeline E51"),
        "combined_tariff_pct": _find(r"combined rate to (\d+)%", events["E51"], "timeline E51"),
        "reciprocal_before_pct": _find(r"falls from (\d+)% to \d+%", events["E112"], "timeline E112"),
        "reciprocal_after_pct": _find(r"falls from \d+% to (\d+)%", events["E112"], "timeline E112"),
        "section122_pct": _find(r"raised to (\d+)%", events["E114"], "timeline E114"),
        "section122_days": _find(r"up to \d+% for (\d+) days", events["E114"], "timeline E114"),
        # section 1 and 6: the December 2025 summit's target, and trade
        "trade_target_2030_bn": _find(r"USD (\d+) billion in trade by 2030", events["E109"], "timeline E109"),
        "russia_trade_pre2022_min": _n(before_2022.min()), "russia_trade_pre2022_max": _n(before_2022.max()),
        "russia_trade_fy2022_23": _n(russia_trade.value_usd_bn["FY2022-23"], 1),
        "russia_trade_fy2024_25": _n(russia_trade.value_usd_bn["FY2024-25"], 1),
        "china_trade_2025": _n(china_trade[2025], 2),
    }
