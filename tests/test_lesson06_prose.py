"""Every figure stated in lesson 06's prose is recomputed from data/: a figure the tables do not give fails the test."""

from __future__ import annotations

import re

import nbformat
import pandas as pd
import pytest

from course.kit import data, recent

from support import ROOT

LESSON = ROOT / "notebooks" / "06_war_sanctions_no_limits.ipynb"
# a figure: a number with a unit the lessons use (percent, US$ bn, bcm, million tonnes, "times", US$ a barrel)
FIGURE = re.compile(r"(?:US\$|\$)?(\d+(?:\.\d+)?)(?=%| bn| bcm| billion cubic| million tonnes| times| a barrel|–\d+%)")


def _prose() -> str:
    nb = nbformat.read(LESSON, as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def _sourced_figures() -> set[str]:
    """Every figure the lesson may state, formatted as the lesson writes it, computed from the tables."""
    trade = data.load("russia_china_trade").set_index("year").value_usd_bn
    change = recent.trade_change(data.load("russia_china_trade"))
    crude = data.load("china_crude_imports").set_index("year")
    share = recent.crude_share(data.load("china_crude_imports"))
    gas = data.load("power_of_siberia_gas")
    said = data.load("russia_china_settlement_statements").share_pct.dropna()
    figures = {f"{trade[y]:.1f}" for y in (2020, 2024, 2025)}
    figures |= {f"{abs(change[y]):.1f}" for y in (2022, 2023, 2024, 2025)}
    figures.add(f"{trade[2024] / trade[2020]:.1f}")
    figures |= {f"{crude.loc[y, 'russia_crude_mt']:g}" for y in (2021, 2024)} | {f"{share[y]:.1f}" for y in (2021, 2024)}
    figures |= {f"{v:g}" for v in gas.bcm} | {f"{v:g}" for v in said}
    note_2025 = data.load("russia_china_trade").set_index("year").note[2025]  # reported changes and the 2025 split
    figures |= set(re.findall(r"-(\d+\.\d)%", note_2025))
    delivered = recent.delivered_gas(gas).bcm
    figures.add(f"{(delivered[2025] / delivered[2024] - 1) * 100:.1f}")  # growth computed from the table
    figures |= set(re.findall(r"up (\d+\.\d)%", gas.set_index(["year", "measure"]).excerpt[(2025, "delivered")]))  # TASS
    india = data.load("india_crude_imports").set_index("row_id").value  # IC06 minister, IC08/IC13 RBI, IC14 Reuters, IC22 CPR
    figures |= {f"{india[r]:g}" for r in ("IC06", "IC13", "IC14", "IC22")} | {f"{india['IC08']:.1f}"}
    events = data.load("timeline").set_index("event_id").description
    figures |= set(re.findall(r"US\$(\d+) a barrel", events["E39"])) | set(re.findall(r"up to (\d+) bcm", events["E53"]))
    figures |= set(re.findall(r"US\$(\d+\.\d+) a barrel", events["E62"])) | set(re.findall(r"(\d+\.\d+)% owned", events["E61"]))
    figures |= set(re.findall(r"(\d+)% tariff", events["E51"])) | set(re.findall(r"(\d+) bcm", events["E58"]))
    india = data.load("india_crude_imports").set_index("row_id")  # India's side, told in lesson 08
    figures |= {f"{india.loc[r, 'value']:g}" for r in ("IC26", "IC28")}
    return figures


def test_every_figure_in_the_prose_comes_from_the_tables():
    stated = FIGURE.findall(_prose())
    assert len(stated) >= 20, "the pattern should find the lesson's figures"
    unsourced = sorted(set(stated) - _sourced_figures())
    assert not unsourced, f"lesson 06 states figures that data/ does not give: {unsourced}"


@pytest.mark.parametrize("sentence", [
    "Trade rose from $107.8 bn in 2020 to a record $244.8 bn in 2024, 2.3 times as much.",
    "in 2025 fell by 6.8% to $228.1 bn, the first fall since 2020",
    "China bought 79.64 million tonnes of Russian crude in 2021, 15.5% of its crude imports; in 2024 it bought 108.5 million tonnes, 19.6%.",
    "Deliveries rose from 4.1 bcm (billion cubic metres) in 2020 to 22.7 bcm in 2023, 31.12 bcm in 2024 and 38.8 bcm in 2025",
    "The pipeline reached its design capacity of 38 bcm a year on 1 December 2024",
    "In September 2025 the two sides agreed to raise it to 44 bcm a year",
    "Russia regained first place from Saudi Arabia in 2023 (it had been first in 2016–18 and second in 2019–22)",
    "China's exports to Russia fell 9.9% and its imports from Russia 3.4%",
    "they fell 10.4% and 3.9%",
    "Russia still supplied about 36% of India's crude in April–September 2025",
    "The share fell to about a quarter, 25%, by December 2025 (CREA)",
    "From 3 September 2025 the EU and United Kingdom cap fell from US$60 to US$47.60 a barrel (E62)",
    "rose from 2.0% in fiscal year 2021–22 (Reserve Bank of India) to 35.8% by volume in 2024–25",
])
def test_key_sentences_match_the_data(sentence):
    assert sentence in _prose(), "a key figure's sentence changed: update it from data/ and this test together"


def test_statements_about_years_and_counts_hold():
    events = data.load("timeline").set_index("event_id")
    assert (events.loc["E38", "date"] - events.loc["E24", "date"]).days == 20  # "Twenty days later"
    crude = data.load("china_crude_imports").set_index("year")
    assert crude.russia_rank[crude.russia_rank == 1].index[crude.russia_rank[crude.russia_rank == 1].index >= 2020].tolist() == [2023, 2024]
    trade = data.load("russia_china_trade").set_index("year").value_usd_bn
    assert trade.loc[2019:].idxmax() == 2024 and recent.trade_change(data.load("russia_china_trade"))[2021:2024].gt(0).all()
    members = data.load("brics_sco_members")
    full = members[members.status == "member"]
    assert (full.organisation == "SCO").sum() == 10 and ((full.organisation == "BRICS") & (full.joined_year <= 2024)).sum() == 9
    assert int(crude.index.max()) == 2024 and "stops in 2024" in _prose()
    # "regained first place ... first in 2016–18 and second in 2019–22"
    assert crude.russia_rank.to_dict() == {2016: 1, 2017: 1, 2018: 1, 2019: 2, 2020: 2, 2021: 2, 2022: 2, 2023: 1, 2024: 1}
    # "Power of Siberia 1 carried 38.8 bcm in 2025 ..., just above its design capacity of 38 bcm, reached on 1 December 2024"
    gas = data.load("power_of_siberia_gas")
    design = gas[gas.measure == "design capacity"]
    assert recent.delivered_gas(gas).bcm[2025] > design.bcm.item() and "December 1, 2024" in design.excerpt.item()
    # "most of the fall was in Chinese goods sold to Russia": in both reports exports fell faster than imports
    note = data.load("russia_china_trade").set_index("year").note[2025]
    for exports, imports in re.findall(r"exports[^%]*?-(\d+\.\d)%[^%]*?imports[^%]*?-(\d+\.\d)%", note):
        assert float(exports) > 2 * float(imports)
    assert len(re.findall(r"exports[^%]*?-(\d+\.\d)%[^%]*?imports[^%]*?-(\d+\.\d)%", note)) == 2
    # India's share: ~36% in Apr-Sep 2025 (after the tariff), ~25% in Dec 2025 (after the Rosneft/Lukoil sanctions, E64)
    india = data.load("india_crude_imports").set_index("row_id")
    assert india.loc["IC26", ["period", "value"]].tolist() == ["Apr-Sep 2025", 36.0]
    assert india.loc["IC28", ["period", "value"]].tolist() == ["Dec 2025", 25.0]
    events = data.load("timeline").set_index("event_id")
    assert events.loc["E51", "date"] < events.loc["E64", "date"] < pd.Timestamp("2025-12-01")


def test_india_figures_keep_their_period_and_reporter():
    """The lesson names the year and the source of each India figure: the rows must still say the same."""
    india = data.load("india_crude_imports").set_index("row_id")
    expected = {"IC06": ("Apr 2021-Jan 2022", "Oil Minister"), "IC08": ("FY2021-22", "Reserve Bank of India"),
                "IC13": ("FY2022-23", "Reserve Bank of India"), "IC14": ("FY2022-23", "Reuters"),
                "IC22": ("FY2024-25", "Ministry of Commerce")}
    for row, (period, reporter) in expected.items():
        assert india.loc[row, "period"] == period and india.loc[row, "reporter"].startswith(reporter), row
    assert india.loc["IC22", "measure"] == "russia_share_pct" and india.loc["IC14", "basis"] == "ship-tracking"
