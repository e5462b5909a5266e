"""Lesson 06's helpers (course.kit.recent), its charts and its explorer, checked by hand on small frames and on data/."""

from __future__ import annotations

import pandas as pd
import pytest

from course.kit import charts, data, recent, explorers


def _trade():
    return pd.DataFrame({"year": [2020, 2021, 2022, 2023, 2024],
                         "value_usd_bn": [100.0, 150.0, None, 120.0, 90.0], "qualifier": [None] * 5})


def test_trade_change_by_hand_and_after_a_gap():
    change = recent.trade_change(_trade())
    assert change[2021] == pytest.approx(50.0)
    assert pd.isna(change[2020]) and pd.isna(change[2022]) and pd.isna(change[2023]), "no change across a gap"
    assert change[2024] == pytest.approx(-25.0)


def test_crude_share_by_hand_and_bad_supplier():
    crude = pd.DataFrame({"year": [2017, 2018], "russia_crude_mt": [60.0, 50.0], "saudi_crude_mt": [None, 40.0],
                          "china_total_crude_mt": [None, 400.0]})
    assert recent.crude_share(crude).to_dict() == {2018: 12.5}
    assert recent.crude_share(crude, "saudi").to_dict() == {2018: 10.0}
    with pytest.raises(ValueError, match="choose 'russia' or 'saudi'"):
        recent.crude_share(crude, "iraq")


def _tables():
    return (data.load("russia_china_trade"), data.load("china_crude_imports"), data.load("power_of_siberia_gas"),
            data.load("russia_china_settlement_statements"), data.load("timeline"))


def test_year_summary_states_figures_and_gaps():
    lines = recent.year_summary(2025, *_tables())
    assert lines[0] == "Trade: $228.10 bn (Chinese customs, calendar year), -6.8% on 2024."
    assert "no full-year customs figure for 2025; the series stops in 2024" in lines[1]
    assert lines[2] == "Power of Siberia: 38.8 bcm delivered (source quality: high)."
    assert "E53 Power of Siberia 2 memorandum" in lines[4]
    y2024 = recent.year_summary(2024, *_tables())
    assert y2024[2] == "Power of Siberia: 31.12 bcm delivered (source quality: high)."
    assert "19.6% of China's crude imports (Russia ranked 1)" in y2024[1]
    assert "Putin, 2024-05-16: 90%" in y2024[3]
    with pytest.raises(ValueError, match="outside 2019–2025"):
        recent.year_summary(2018, *_tables())


def test_lesson06_charts_alt_text_follows_the_data():
    trade = charts.trade_since(data.load("russia_china_trade"), highlight=2022)
    assert "The record is 244.81 in 2024" in trade.alt and "2025 (-6.8%)" in trade.alt and "2022 is outlined" in trade.alt
    crude = charts.crude_shares(data.load("china_crude_imports"))
    assert "2024 19.6%" in crude.alt and "stops in 2024" in crude.alt
    gas = charts.pipeline_gas(data.load("power_of_siberia_gas"))
    assert "2024 31.12 bcm; 2025 38.8 bcm." in gas.alt and "weak source" not in gas.alt
    assert "contracted 2024 30 bcm; design capacity 2024 38 bcm; agreed capacity 2025 44 bcm" in gas.alt
    said = charts.settlement_statements(data.load("russia_china_settlement_statements"))
    assert "Putin, 2023-06-16: more than 80% (weak source)" in said.alt and "no official statistic" in said.alt
    assert "Lavrov, 2024-04-22: more than 90%;" in said.alt, "S10 is now sourced to TASS, so it is not hatched"
    assert said.alt.split(" These are")[0].endswith("Siluanov, Nov 2025: 99.1%."), "the newest statement (S12, medium) comes last, unhatched"
    clubs = charts.membership_growth(data.load("brics_sco_members"))
    assert "SCO: 2001: 6, 2017: 8, 2023: 9, 2024: 10" in clubs.alt and "BRICS: 2009: 4, 2010: 5, 2024: 9, 2025: 10" in clubs.alt
    for chart in (trade, crude, gas, said, clubs):
        assert chart.png.startswith(b"\x89PNG")


def test_year_explorer_builds_and_reacts():
    box = explorers.year_explorer(year=2022)
    slider, out = box.children[2], box.children[3]
    assert (slider.min, slider.max, slider.value) == (2019, 2025, 2022)
    slider.value = 2025  # the redraw must not fail on a year where two series have stopped
    assert slider.value == 2025 and out is not None
