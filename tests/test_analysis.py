"""The analysis modules behind lessons 02–05 (trade, arms, economy, charts) and their explorers.

Small hand-made tables give hand-worked answers; a few checks against the real tables compare with
figures worked out independently in data/FACTCHECK.md (SIPRI shares, GDP ratios).
"""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from course.kit import arms, charts, data, economy, maps, trade, explorers
from course.kit import india as india_kit


# --- trade -----------------------------------------------------------------------------------
def _trade(values, qualifiers=None):
    years = list(range(2000, 2000 + len(values)))
    return pd.DataFrame({"year": years, "value_usd_bn": [float("nan") if v is None else v for v in values],
                         "qualifier": qualifiers or [None] * len(values)})


def test_cagr_hand_worked():
    assert trade.cagr(100, 121, 2) == pytest.approx(10.0)      # 100 -> 110 -> 121
    assert trade.cagr(50, 50, 5) == pytest.approx(0.0)
    assert trade.cagr(100, 50, 1) == pytest.approx(-50.0)


@pytest.mark.parametrize("args,match", [((0, 10, 2), "start value"), ((10, 20, 0), "years must be positive")])
def test_cagr_rejects_bad_input(args, match):
    with pytest.raises(ValueError, match=match):
        trade.cagr(*args)


def test_yearly_growth_skips_gaps():
    growth = trade.yearly_growth(_trade([100, 110, None, 120, 60])).set_index("year").growth_pct
    assert math.isnan(growth[2000]) and growth[2001] == pytest.approx(10.0)
    assert math.isnan(growth[2002]) and math.isnan(growth[2003]), "no growth to or from a gap year"
    assert growth[2004] == pytest.approx(-50.0)


def test_period_growth_and_its_gap_error():
    table = _trade([100, None, 121], ["", None, "about"])
    result = trade.period_growth(table, 2000, 2002)
    assert result["total_growth_pct"] == pytest.approx(21.0)
    assert result["cagr_pct"] == pytest.approx(10.0)
    assert "approximate" in trade.describe_growth(result), "a hedged end value is flagged"
    with pytest.raises(ValueError, match=r"2001 has no sourced figure.*2000 or 2002"):
        trade.period_growth(table, 2001, 2002)
    with pytest.raises(ValueError, match="before the end year"):
        trade.period_growth(table, 2002, 2000)
    with pytest.raises(ValueError, match="outside the table"):
        trade.period_growth(table, 1990, 2002)


def test_first_year_at_least():
    assert trade.first_year_at_least(_trade([90, None, 100, 95]), 100) == 2002
    with pytest.raises(ValueError):
        trade.first_year_at_least(_trade([1, 2]), 100)


def test_crude_leader_is_the_larger_supplier():
    leaders = trade.crude_leaders(data.load("china_crude_imports")).dropna(subset=["russia_crude_mt", "saudi_crude_mt"])
    bigger = leaders.apply(lambda r: "Russia" if r.russia_crude_mt > r.saudi_crude_mt else "Saudi Arabia", axis=1)
    assert (leaders.leader == bigger).all()
    assert set(leaders.year[leaders.leader == "Saudi Arabia"]) == {2019, 2020, 2021, 2022}


# --- arms ------------------------------------------------------------------------------------
def _register():
    rows = [("R", "C", "Aircraft", 2000, 60), ("R", "C", "Ships", 2004, 20), ("R", "I", "Aircraft", 2001, 100),
            ("F", "C", "Engines", 2002, 20), ("R", "C", "Aircraft", 2006, 10), ("F", "I", "Ships", 2007, 30)]
    return pd.DataFrame(rows, columns=["supplier", "recipient", "category", "delivery_year", "tiv_delivered"]).assign(
        designation="x", description="y", number_delivered=1)


def test_shares_hand_worked():
    table = arms.shares(_register(), "R", "C")
    first = table.loc["2000–2004"]
    assert first.pair_tiv == 80 and first.recipient_imports_tiv == 100 and first.supplier_exports_tiv == 180
    assert first.share_of_recipient_imports_pct == pytest.approx(80.0)
    assert first.share_of_supplier_exports_pct == pytest.approx(100 * 80 / 180)


def test_tiv_by_year_fills_zero_years_and_filters():
    yearly = arms.tiv_by_year(_register(), supplier="R", recipient="C", category="Aircraft", start=2000, end=2006)
    assert list(yearly.index) == list(range(2000, 2007))
    assert yearly[2000] == 60 and yearly[2006] == 10 and yearly[2003] == 0


def test_period_labels_stop_at_the_last_year():
    assert arms.period_label(2017) == "2015–2019"
    assert arms.period_label(2021) == "2020–2023", "never promise years the register does not cover"


def test_unknown_names_are_errors_with_hints():
    with pytest.raises(ValueError, match="Did you mean"):
        arms.deliveries(data.load("sipri_transfers"), supplier="Rusia")
    with pytest.raises(ValueError, match="after end"):
        arms.deliveries(_register(), start=2005, end=2000)


def test_register_agrees_with_the_fact_check():
    """FACTCHECK.md §2c: 2000–2010, Russia's share of China's imports 86.0%, China's share of Russia's exports 36.9%;
    5-year table: 88.7% (2000–2004), 55.3% (2010–2014)."""
    register = data.load("sipri_transfers")
    span = arms.share_between(register, "Russia", "China", 2000, 2010)
    assert round(span["of_recipient_imports_pct"], 1) == 86.0
    assert round(span["of_supplier_exports_pct"], 1) == 36.9
    periods = arms.shares(register, "Russia", "China").share_of_recipient_imports_pct.round(1)
    assert periods["2000–2004"] == 88.7 and periods["2010–2014"] == 55.3


def test_top_systems_include_su35_and_s400_since_2015():
    top = arms.top_systems(data.load("sipri_transfers"), "Russia", "China", n=5, start=2015)
    assert {"Su-35S", "S-400 Triumf"} <= set(top.designation)
    assert top.tiv.is_monotonic_decreasing


# --- economy ---------------------------------------------------------------------------------
def _gdp():
    rows = [("Russian Federation", y, v) for y, v in [(2000, 4e9), (2001, 2e9), (2002, 2e9)]]
    rows += [("China", y, v) for y, v in [(2000, 2e9), (2001, 3e9), (2002, 8e9)]]
    rows += [("India", y, v) for y, v in [(2000, 1e9), (2001, 1e9), (2002, 3e9)]]
    return pd.DataFrame(rows, columns=["country", "year", "gdp_usd"])


def test_ratio_and_crossover_hand_worked():
    r = economy.ratio(_gdp())
    assert list(r.round(2)) == [0.5, 1.5, 4.0]
    assert economy.crossover_year(_gdp(), "China", "Russia") == 2001
    assert economy.crossover_year(_gdp(), "India", "Russia") == 2002


def test_crossover_means_stays_ahead():
    gdp = _gdp()
    gdp.loc[(gdp.country == "India") & (gdp.year == 2000), "gdp_usd"] = 9e9  # ahead, then behind, then ahead
    assert economy.crossover_year(gdp, "India", "Russia") == 2002


def test_snapshot_errors_name_the_problem():
    with pytest.raises(ValueError, match="outside the GDP table"):
        economy.snapshot(_gdp(), 1990)
    with pytest.raises(ValueError, match="No data for"):
        economy.gdp_bn(_gdp(), ("Russia", "Atlantis"))
    assert economy.snapshot(_gdp(), 2002)["China / Russia"] == pytest.approx(4.0)


def test_real_gdp_agrees_with_the_fact_check():
    """FACTCHECK.md §2g: China ÷ Russia 0.70 (1990), 4.7 (2000), 9.8 (2020), 8.8 (2023)."""
    r = economy.ratio(data.load("worldbank_gdp"))
    assert [round(r[y], 1) for y in (1990, 2000, 2020, 2023)] == [0.7, 4.7, 9.8, 8.8]


# --- charts: alt text is computed from the data ----------------------------------------------
def test_trade_chart_alt_names_gaps_and_crossing():
    chart = charts.trade_by_year(data.load("russia_china_trade"))
    assert "first above $100 bn in 2018" in chart.alt
    assert "8 years have no sourced figure" in chart.alt and "1992" in chart.alt


def test_alt_text_follows_the_table():
    table = _trade([10, 20, None, 200])
    alt = charts.trade_by_year(table, threshold_bn=100).alt
    assert "first above $100 bn in 2003" in alt and "1 years have no sourced figure" in alt and "2002" in alt


def test_settlement_and_border_charts():
    steps = charts.settlement_steps(data.load("treaties"))
    assert "4 steps from 1991 to 2008" in steps.alt and "17 years" in steps.alt
    lengths = charts.border_lengths(data.load("border_lengths"))
    assert "4,209.3 km" in lengths.alt and "4,380 km" in lengths.alt


def test_far_east_chart_keeps_definitions():
    alt = charts.far_east(data.load("far_east_population")).alt
    assert "11 regions" in alt and "9 regions" in alt and "more than 98.0 million" in alt


def test_exercises_map_places_named_cities_and_lists_the_rest():
    chart = maps.exercises_map()
    assert "near Vladivostok (Peace Mission 2005; Joint Sea 2013; Vostok 2022)" in chart.alt
    assert "Joint Sea 2017 (phase 1)" in chart.caption, "unmapped exercises are named"
    assert "illustrative" in chart.caption


# --- explorers -------------------------------------------------------------------------------
def test_arms_summary_sentence():
    text = explorers.arms_summary("Russia", "China", 2000, 2010,
                                {"pair_tiv": 22262.45, "of_recipient_imports_pct": 86.02, "of_supplier_exports_pct": 36.87})
    assert text == ("2000–2010, all categories: Russia delivered 22,262 million TIV to China, "
                    "86% of China's arms imports and 37% of Russia's arms exports.")
    assert "No deliveries" in explorers.arms_summary("A", "B", 2000, 2001, {"pair_tiv": 0.0})


def test_explorers_build_and_react():
    growth = explorers.trade_growth_explorer()
    first, last = growth.children[2], growth.children[3]
    first.value = 2012  # a gap year: the explorer must not fail
    assert first.value == 2012 and last.value == 2024
    arms_box = explorers.arms_explorer()
    arms_box.children[2].value = "India"  # recipient
    asym = explorers.asymmetry_explorer(year=2000)
    assert asym.children[2].min == 1988, "the slider starts at the first year all three countries have GDP"
    assert "8.8 times" in explorers.snapshot_sentence(2023, economy.snapshot(data.load("worldbank_gdp"), 2023))


# --- lesson 07: ACH scoring (hand-worked) ----------------------------------------------------
from course.kit import ach, policy  # noqa: E402

H = list(ach.HYPOTHESES)


def _ratings(table: str) -> dict:
    """Rows like 'X1 C I N N' -> {item: {hypothesis: rating}} in HYPOTHESES order."""
    out = {}
    for line in table.strip().splitlines():
        item, *marks = line.split()
        out[item] = dict(zip(H, marks))
    return out


HAND = _ratings("""
X1 C C I I
X2 I C C N
X3 I N C I
X4 C C C C
""")


def test_inconsistency_counts_by_hand():
    # alliance: X2, X3 -> 2; alignment: none -> 0; past_peak: X1 -> 1; rivalry: X1, X3 -> 2
    assert ach.inconsistency(HAND).to_dict() == {"alliance": 2, "alignment": 0, "past_peak": 1, "rivalry": 2}
    assert ach.leaders(ach.inconsistency(HAND)) == ["alignment"]
    assert ach.margin(ach.inconsistency(HAND)) == 1


def test_weights_count_strong_items_more():
    scores = ach.inconsistency(HAND, weights={"X1": 3})
    assert scores["past_peak"] == 3 and scores["rivalry"] == 4


def test_non_diagnostic_items():
    assert ach.diagnostic_items(HAND) == ["X1", "X2", "X3"], "X4 is C for every hypothesis"


def test_sensitivity_finds_the_hinge():
    ratings = _ratings("""
X1 I C I I
X2 I I C I
""")
    # alignment 1 (X2), past_peak 1 (X1): a tie. Drop X2 -> alignment alone leads; drop X1 -> past_peak alone.
    assert ach.leaders(ach.inconsistency(ratings)) == ["alignment", "past_peak"]
    sens = ach.sensitivity(ratings).set_index("item_id")
    assert sens.loc["X2", "leaders_without"] == "alignment" and sens.loc["X2", "changes_result"]
    assert sens.loc["X1", "leaders_without"] == "past_peak" and sens.loc["X1", "changes_result"]
    # HAND: alignment 0 leads past_peak 1; dropping X1 (past_peak's only I) ties them, nothing else matters
    hinges = ach.sensitivity(HAND).set_index("item_id")
    assert list(hinges.index[hinges.changes_result]) == ["X1"]
    assert hinges.loc["X1", "leaders_without"] == "alignment, past_peak"


@pytest.mark.parametrize("bad,match", [({}, "No evidence items"), ({"X": {"alliance": "C"}}, "no rating for"),
                                       ({"X": dict.fromkeys(H, "Y")}, "not C, I or N")])
def test_bad_ratings_are_clear_errors(bad, match):
    with pytest.raises(ValueError, match=match):
        ach.inconsistency(bad)


def test_suggested_ratings_match_what_lesson_07_says():
    evidence = data.load("ach_evidence")
    ratings = ach.suggested_ratings(evidence)
    scores = ach.inconsistency(ratings)
    assert scores.to_dict() == {"alliance": 10, "alignment": 2, "past_peak": 12, "rivalry": 13}
    assert ach.leaders(scores) == ["alignment"] and ach.margin(scores) == 8
    assert ach.diagnostic_items(ratings) == list(ratings), "lesson 07 says every suggested item is diagnostic"
    assert not ach.sensitivity(ratings).changes_result.any(), "lesson 07 says no single item changes the result"
    recent = ach.suggested_ratings(evidence[evidence.item_id >= "A21"])
    assert ach.inconsistency(recent).to_dict() == {"alliance": 2, "alignment": 0, "past_peak": 4, "rivalry": 3}
    assert [i for i, r in recent.items() if r["past_peak"] == "I"] == ["A22", "A27", "A29", "A30"], "named in lesson 07"
    assert recent["A21"] == {"alliance": "N", "alignment": "N", "past_peak": "C", "rivalry": "N"}
    text = _lesson_text("07_weighing_the_evidence")
    assert "(A22 Russia's crude sales to China, A27 the summits, A29 the US claim on dual-use exports, A30 the rise of early 2026)" in text
    assert recent["A30"] == {"alliance": "N", "alignment": "C", "past_peak": "I", "rivalry": "N"}, "A30 sits beside A21, not instead of it"
    assert recent["A25"]["past_peak"] == "N" and "A25, the settlement claims, is rated neutral" in text
    assert evidence.set_index("item_id").kind[["A28", "A29"]].str.startswith("opinion").all()
    from course.kit import arms
    share = arms.shares(data.load("sipri_transfers"), "Russia", "China").share_of_supplier_exports_pct.round(1)
    a07 = evidence.set_index("item_id").evidence["A07"]
    assert (share["2015–2019"], share["2020–2023"]) == (18.0, 20.2) and "18.0% (2015–2019) and 20.2% (2020–2023)" in a07
    assert "rose again to 20.2%" in text
    assert "Thirty items from lessons 02–08, nine of them (A21–A29)" in text and len(evidence) == 30
    from course import paths
    raw = (paths.ROOT / "notebooks" / "07_weighing_the_evidence.ipynb").read_text(encoding="utf-8")
    assert "{glue:text}`items_total` items" in raw and "prose.glue(ach.lesson07_figures(" in raw, "the count is computed, not typed"


def test_the_opinion_article_preset_reverses_the_leader_as_lesson_07_says():
    evidence = data.load("ach_evidence")
    article = ach.suggested_ratings(evidence, preset="article")
    scores = ach.inconsistency(article)
    assert ach.leaders(scores) == ["past_peak"] and (scores["past_peak"], scores["alignment"]) == (3, 8)
    assert sorted(set(article) - set(ach.diagnostic_items(article))) == ["A16", "A17", "A18"]
    assert [i for i, r in article.items() if r["past_peak"] == "I"] == ["A04", "A22", "A30"]
    text = _lesson_text("07_weighing_the_evidence")
    assert "with 3 inconsistent items against 8 for \"alignment\", and A16–A18 drop out as non-diagnostic" in text
    with pytest.raises(ValueError, match="Unknown preset"):
        ach.suggested_ratings(evidence, preset="mine")


def test_evidence_items_point_at_rows_that_exist():
    """Each post-2022 item names its table and rows; the rows must exist and say what the item says."""
    events = data.load("timeline").set_index("event_id")
    assert {"E25", "E26", "E44", "E46", "E49", "E53"} <= set(events.index)
    assert "price and financing were not announced" in events.loc["E53", "description"]
    trade = data.load("russia_china_trade").set_index("year")
    assert trade.value_usd_bn[2025] == 228.1 and trade.value_usd_bn.idxmax() == 2024
    assert trade.value_usd_bn[2024] == 244.81 and "first annual fall since 2020" in trade.note[2025]
    a21 = data.load("ach_evidence").set_index("item_id").evidence["A21"]
    assert "$228.1 bn from the record $244.8 bn of 2024" in a21 and "%" not in a21, "no percentage: lesson 06 explains 6.8 vs 6.9"
    a30 = data.load("ach_evidence").set_index("item_id").loc["A30"]
    part = data.load("russia_china_trade_2026").set_index("row_id").loc["RC2604"]
    assert a30.source_table == "russia_china_trade_2026" and part.months == 4 and part.period == "Jan-Apr"
    assert f"up {part.yoy_pct:g}% on the same months of 2025" in a30.evidence and f"up {part.cn_exports_yoy_pct:g}%" in a30.evidence
    crude = data.load("china_crude_imports").set_index("year")
    assert crude.loc[[2023, 2024], "russia_rank"].tolist() == [1, 1] and crude.loc[[2023, 2024], "russia_crude_mt"].tolist() == [107, 108.5]
    statements = data.load("russia_china_settlement_statements").set_index("statement_id")
    assert statements.loc["S06":"S10", "share_pct"].between(90, 95).all()
    china_to_russia = arms.deliveries(data.load("sipri_transfers"), supplier="China", recipient="Russia", start=2022, end=2023)
    assert sorted(china_to_russia.number_delivered) == [4, 7] and set(china_to_russia.deal_id) == {65349, 66584}


def test_board_summary_names_leader_and_hinges():
    ratings = _ratings("""
X1 I C I I
X2 I I C I
""")
    text = ach.summary_html(ratings)
    assert "An enduring alignment and A partnership past its peak" in text and "margin 0" in text
    assert "X1 (then: A partnership past its peak)" in text
    board = explorers.ach_board()
    assert len(board.children[2].children) == 1 + len(data.load("ach_evidence")), "a header plus one row per item"
    first_row = explorers.ach_board(preset="article").children[2].children[1].children
    evidence = data.load("ach_evidence").set_index("item_id")
    assert [d.value for d in first_row[1:]] == [evidence.loc["A01", f"article_{h}"] for h in H], "the board starts from the preset"


# --- lesson 08: policy scores (hand-worked) --------------------------------------------------
def test_weighted_scores_by_hand():
    scores = pd.DataFrame({"security": [3, 0], "economy": [0, 3], "autonomy": [1, 2]}, index=["A", "B"])
    # A: (2*3 + 0*0 + 1*1) / 3 = 7/3; B: (0 + 0 + 2) / 3 = 2/3
    result = policy.weighted_scores({"security": 2, "autonomy": 1}, scores)
    assert list(result.index) == ["A", "B"]
    assert result["A"] == pytest.approx(7 / 3) and result["B"] == pytest.approx(2 / 3)
    flipped = policy.weighted_scores({"economy": 1}, scores)
    assert list(flipped.index) == ["B", "A"] and flipped["B"] == 3


@pytest.mark.parametrize("weights,match", [({"security": -1}, "negative"), ({"security": 0}, "All weights are zero"),
                                           ({"wealth": 1}, "Unknown goal")])
def test_bad_weights_are_clear_errors(weights, match):
    with pytest.raises(ValueError, match=match):
        policy.weighted_scores(weights)


def test_a_students_own_scores_change_the_ranking_and_leave_the_course_scores_alone():
    """The capstone ranks the student's copy of the table (scores=...), never an edited course/kit/policy.py."""
    corridor, ric = "Push the North–South Transport Corridor", "Russia–India–China (RIC) trilateral"
    course_score = policy.score_table().loc[corridor, "economy"]
    mine = policy.score_table().astype(float)
    mine.loc[corridor, "economy"] = 3  # a disputed score, in the student's copy only
    weights = {"security": 2, "economy": 1, "autonomy": 1.5}
    theirs, ours = policy.weighted_scores(weights, scores=mine), policy.weighted_scores(weights)
    assert course_score < 3, "the test needs a score the student can raise"
    assert theirs[corridor] == pytest.approx(ours[corridor] + (3 - course_score) / 4.5), "economy has weight 1 of 4.5"
    assert ours[corridor] < ours[ric] and theirs[corridor] > theirs[ric], "the student's score changes the ranking"
    assert policy.score_table().loc[corridor, "economy"] == course_score, "the course's table is unchanged"


@pytest.mark.parametrize("change,match", [(("economy", 4), "is 4: write a number from 0 to 3"),
                                          (("economy", float("nan")), "is nan: write a number from 0 to 3"),
                                          (("security", "high"), "is 'high': write a number from 0 to 3")])
def test_a_bad_score_in_a_students_table_is_a_clear_error(change, match):
    mine = policy.score_table().astype(object)
    mine.loc["Russia–India–China (RIC) trilateral", change[0]] = change[1]
    with pytest.raises(ValueError, match="The score of 'Russia–India–China \\(RIC\\) trilateral' for '" + change[0] + "' " + match):
        policy.weighted_scores({"security": 1, "economy": 1}, scores=mine)
    with pytest.raises(ValueError, match="scores must be a table"):
        policy.weighted_scores({"security": 1}, scores={"security": 1})


def test_every_option_score_has_a_reason_and_is_in_range():
    table, why = policy.score_table(), policy.reasons()
    assert list(table.columns) == list(policy.GOALS) and len(table) == 5, "the paper's five options, three goals"
    assert table.isin([0, 1, 2, 3]).all().all()
    assert why.map(lambda r: isinstance(r, str) and len(r) > 10).all().all()


def test_lesson_07_claims_about_the_explorer_hold():
    """Quiz 07 says the US option wins on security alone and comes last on autonomy alone."""
    us = "Closer ties with the US; a US–Russia–India trilateral"
    assert policy.weighted_scores({"security": 1}).index[0] == us
    assert policy.weighted_scores({"autonomy": 1}).index[-1] == us


def test_india_and_corridor_charts():
    alt = charts.india_arms_suppliers(data.load("sipri_transfers")).alt
    assert "2020–2023 36%" in alt and "France in 2020–2023: 35%" in alt
    corridor = maps.corridor_map()
    assert "Mumbai → Bandar-e-Abbas → Baku" in corridor.alt and "Schematic" in corridor.caption


def test_trade_figures_typed_in_the_policy_reasons_match_the_data():
    """policy.py's reasons and lesson 08's prose state India's trade in words; check them against data/."""
    india_russia = data.load("india_russia_trade").set_index("fiscal_year")
    before_2022 = india_russia[india_russia.starts_year < 2022].value_usd_bn
    assert (round(before_2022.min()), round(before_2022.max())) == (8, 13), "'about $8–13 bn a year' before 2022"
    assert india_russia.value_usd_bn["FY2024-25"] == 68.7 and india_russia.value_usd_bn["FY2022-23"] == 44.4
    india_china = data.load("india_china_trade").set_index("year").value_usd_bn
    assert india_china.dropna()[india_china.dropna() > 100].index.tolist() == [2021, 2022, 2023, 2025], \
        "'above $100 bn a year in 2021–2023' and again in 2025 (2024 is a gap)"
    assert pd.isna(india_china[2024]), "the PTI '2024' figures are India's FY2024-25 data: 2024 stays a gap"
    assert india_china.idxmax() == 2025 and india_china[2025] == 155.62, "'a record in 2025'"
    why = policy.reasons()
    assert "about $8–13 bn a year" in why.loc["Deepen ties with Russia as a balancer", "economy"]
    assert "$68.7 bn in FY2024-25" in why.loc["Deepen ties with Russia as a balancer", "economy"]
    assert "above $100 bn a year in 2021–2023 and a record in 2025" in why.loc["Russia–India–China (RIC) trilateral", "economy"]
    # the 2026 facts typed into the reasons, against the timeline
    pasted = india_kit.figures()
    us = why.loc["Closer ties with the US; a US–Russia–India trilateral", "economy"]
    assert f"from {pasted['reciprocal_before_pct']}% to {pasted['reciprocal_after_pct']}%" in us
    assert f"a temporary {pasted['section122_pct']}% followed" in us
    corridor = why.loc["Push the North–South Transport Corridor", "economy"]
    events = data.load("timeline").set_index("event_id")
    assert "26 April 2026" in corridor and "26 April, 2026" in events.loc["E108", "description"]
    assert "2026-27 budget" in corridor and "Budget 2026-27" in events.loc["E111", "description"]
    assert "(March 2026)" in corridor and events.loc["E115", "date"] == pd.Timestamp("2026-03-02")


# --- lesson 08: India's Russian crude, as each source gives it --------------------------------
def _crude(period: str, measure: str) -> pd.Series:
    crude = data.load("india_crude_imports")
    return crude[(crude.period == period) & (crude.measure == measure)].set_index("reporter").value


def test_india_crude_table_keeps_its_sources_apart():
    crude = data.load("india_crude_imports")
    assert list(crude.columns) == [f["name"] for f in data.resource("india_crude_imports")["schema"]["fields"]]
    assert set(crude.basis) == {"customs/official statistics", "ship-tracking", "official statement"}
    assert crude.row_id.is_unique and crude.source_url.str.startswith("http").all()
    # the mirror copies are marked weak, and nothing from the unverified social-media post is used
    assert crude[crude.source_url.str.contains("vuink")].source_quality.str.startswith("weak").all()
    assert not crude.source.str.contains("Binance").any()


def test_india_crude_key_figures_match_their_sources():
    """The figures lesson 08 teaches, pinned to the values their sources give (research pack, 2026-11-24)."""
    assert _crude("FY2018-19", "russia_share_pct").tolist() == [1]
    assert _crude("FY2021-22", "russia_share_pct")["Reserve Bank of India"] == 2.0
    assert _crude("Apr 2021-Jan 2022", "russia_share_pct").tolist() == [0.2], "the minister's figure is kept, not averaged"
    assert _crude("FY2022-23", "russia_share_pct").to_dict() == {
        "Reserve Bank of India": 19.1, "Reuters (tanker data from industry sources)": 22}
    assert _crude("FY2024-25", "russia_share_pct").tolist() == [35.8]
    assert _crude("FY2024-25", "russia_share_by_value_pct").tolist() == [35.1]
    assert _crude("FY2021-22", "russia_mt").tolist() == [4] and _crude("FY2024-25", "russia_mt").tolist() == [87]
    assert _crude("FY2021-22", "total_mt").tolist() == [196] and _crude("FY2024-25", "total_mt").tolist() == [244]
    # the shares CPR's tonnages imply, as the lesson computes them: about 2% and over a third
    implied = {fy: _crude(fy, "russia_mt").iloc[0] / _crude(fy, "total_mt").iloc[0] * 100 for fy in ("FY2021-22", "FY2024-25")}
    assert round(implied["FY2021-22"], 1) == 2.0 and round(implied["FY2024-25"], 1) == 35.7
    assert _crude("Dec 2025", "russia_share_pct").tolist() == [25]


# --- lesson 08: every number in its prose, checked against data/ ------------------------------
def _lesson_text(stem: str) -> str:
    import nbformat

    from course import paths
    nb = nbformat.read(paths.ROOT / "notebooks" / f"{stem}.ipynb", as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    if stem[:2] not in _GLUED:  # lesson 08's tests read its roles as written (tests/test_prose_against_data_08.py pins the values)
        return text
    figures = _GLUED[stem[:2]]()
    # the page as built: each pasted figure replaced by its value computed from data/ (a missing name fails)
    return re.sub(r"\{glue:text\}`([^`]+)`", lambda m: figures[m.group(1)], text)


_GLUED = {"07": lambda: ach.lesson07_figures(data.load("ach_evidence"), data.load("sipri_transfers"))}


def test_lesson_08_record_and_arms_words_match_the_data():
    text = _lesson_text("08_implications_for_india")
    events = data.load("timeline").set_index("event_id")
    assert "20 Indian soldiers were killed, the first deadly India–China clash since 1975" in text
    assert "20 Indian soldiers killed" in events.loc["E37", "description"] and "since 1975" in events.loc["E37", "description"]
    assert events.loc["E34", "date"] == pd.Timestamp("1971-08-09") and "In August 1971" in text
    assert events.loc["E45", "date"] == pd.Timestamp("2024-10-21") and "October 2024" in text
    assert "25%" in events.loc["E51", "description"] and "50%" in events.loc["E51", "description"]
    assert "added a further {glue:text}`oil_tariff_pct`% tariff" in text and "combined rate to {glue:text}`combined_tariff_pct`%" in text
    assert (india_kit.figures()["oil_tariff_pct"], india_kit.figures()["combined_tariff_pct"]) == ("25", "50")
    transfers = data.load("sipri_transfers")
    india = arms.deliveries(transfers, recipient="India")
    india = india.assign(period=india.delivery_year.map(arms.period_label))
    total = india.groupby("period").tiv_delivered.sum()
    built = (india[india.local_production].groupby("period").tiv_delivered.sum() / total * 100).round(0)
    assert built["2000–2004"] == 21 and (built["2015–2019"], built["2020–2023"]) == (80, 78)
    assert "about a fifth of India's arms imports in 2000–2004" in text and "about four-fifths in 2015–2019 and 2020–2023" in text
    # the flag marks deals with *some* production in India: the fly-away Rafales and P-8Is carry it too
    abroad = india.designation.isin(["Rafale", "P-8A"])
    assert india[abroad].local_production.all() and set(india[abroad].supplier) == {"France", "United States"}
    without = (india[india.local_production & ~abroad].groupby("period").tiv_delivered.sum() / total * 100).round(0)
    # the figures are pasted from course.kit.india (tests/test_prose_against_data_08.py pins them); the words stay here
    assert without["2020–2023"] == 57 and "2020–2023 falls to {glue:text}`without_fly_away_2020_23`%" in text
    assert "{glue:text}`without_fly_away_2020_23`% without two deals built abroad" in text
    assert india_kit.figures()["without_fly_away_2020_23"] == "57" and without["2020–2023"] > 50, "'more than half, not four-fifths'"
    assert "more than half, not four-fifths" in text
    upgrades = india.designation.isin(["MiG-29SMT", "Mirage-2000-5"])
    rest = (india[india.local_production & ~abroad & ~upgrades].groupby("period").tiv_delivered.sum() / total * 100).round(0)
    assert rest["2020–2023"] == 43 and "Without them the share is {glue:text}`without_upgrades_2020_23`%" in text
    assert india_kit.figures()["without_upgrades_2020_23"] == "43"
    assert "built under licence in India" not in text, "the flag is not 'built under licence'"
    # "as France, above all, and Israel gained; the United States' share fell too"
    share = india.pivot_table(index="period", columns="supplier", values="tiv_delivered", aggfunc="sum")
    share = share.div(share.sum(axis=1), axis=0) * 100
    us = share["United States"].round(1)
    assert (us["2010–2014"], us["2015–2019"], us["2020–2023"]) == (12.9, 10.3, 9.7)
    assert share.loc["2020–2023"].nlargest(3).index.tolist() == ["Russia", "France", "Israel"]
    assert "as France, above all, and Israel gained; the United States' share fell too" in text
    assert "generated on 3 January 2025" in text and india.delivery_year.max() == 2023
    top = india[india.local_production & (india.supplier == "Russia")].groupby("designation").tiv_delivered.sum().nlargest(2)
    assert list(top.index) == ["Su-30MK", "T-90S"] and "(the Su-30MK fighter and the T-90S tank)" in text


def test_lesson_08_pakistan_box_says_what_the_register_shows():
    text = _lesson_text("08_implications_for_india")
    pakistan = arms.deliveries(data.load("sipri_transfers"), recipient="Pakistan")
    engines = pakistan[(pakistan.supplier == "Russia") & pakistan.designation.str.startswith("RD-33")]
    jets = pakistan[(pakistan.supplier == "China") & pakistan.designation.str.startswith("JF-17")]
    assert (engines.number_delivered.sum(), engines.delivery_year.min(), engines.delivery_year.max()) == (194, 2007, 2023)
    assert (jets.number_delivered.sum(), jets.delivery_year.min(), jets.delivery_year.max()) == (150, 2007, 2023)
    assert jets.local_production.all() and not engines.local_production.any()
    assert jets.groupby("designation").number_delivered.sum().to_dict() == {"JF-17 -": 138, "JF-17-3 -": 12}
    assert ("{glue:text}`rd33_engines` Russian RD-33 turbofan engines delivered to Pakistan from {glue:text}`rd33_first` "
            "to {glue:text}`rd33_last`") in text
    assert "{glue:text}`jf17_total` Chinese JF-17 fighters ({glue:text}`jf17_first_batch` JF-17 and {glue:text}`jf17_block3`" in text
    pasted = india_kit.figures()
    assert [pasted[k] for k in ("rd33_engines", "rd33_first", "rd33_last", "jf17_total", "jf17_first_batch", "jf17_block3")] == \
        ["194", "2007", "2023", "150", "138", "12"]
    assert "not a recorded fact" not in text, "the register does record Russian engines sold to Pakistan"


def test_lesson_08_oil_and_trade_words_match_the_data():
    """The oil and trade sentences paste their figures; each pasted name is the row it claims to be."""
    text = _lesson_text("08_implications_for_india")
    crude = data.load("india_crude_imports")
    pasted = india_kit.figures()
    for period, reporter, value, name, words in [
        ("FY2021-22", "Reserve Bank of India", 2.0, "rbi_fy2021_22", "RBI: {glue:text}`rbi_fy2021_22`% in FY2021-22"),
        ("FY2022-23", "Reserve Bank of India", 19.1, "rbi_fy2022_23", "{glue:text}`rbi_fy2022_23`% in FY2022-23 (RBI)"),
        ("FY2024-25", "Ministry of Commerce (analysed by CPR)", 35.8, "cpr_volume_fy2024_25", "{glue:text}`cpr_volume_fy2024_25`% by volume in FY2024-25"),
        ("CY2023", "Vortexa (cited by OIES)", 40, "oies_cy2023", "calendar 2023 near {glue:text}`oies_cy2023`%"),
        ("Dec 2025", "CREA", 25, "crea_dec_2025", "about {glue:text}`crea_dec_2025`% in December 2025"),
    ]:
        assert _crude(period, "russia_share_pct")[reporter] == value and words in text, words
        assert float(pasted[name]) == value, name
    assert _crude("Apr 2021-Jan 2022", "russia_mt").tolist() == [0.419] and "just {glue:text}`minister_mt` MMT" in text
    assert pasted["minister_mt"] == "0.419" and pasted["minister_pct"] == "0.2"
    assert "tonnes ({glue:text}`cpr_mt_fy2021_22` of {glue:text}`cpr_total_fy2021_22` million)" in text
    assert (pasted["cpr_mt_fy2021_22"], pasted["cpr_total_fy2021_22"]) == ("4", "196")
    value_2025 = crude[crude.period == "Apr-Dec 2025"].iloc[0]
    assert value_2025.value == 33.1 and "around $40 billion in April-December 2024" in value_2025.excerpt
    assert "${glue:text}`value_apr_dec_2025` bn, against around ${glue:text}`value_apr_dec_2024` bn a year earlier" in text
    assert (pasted["value_apr_dec_2025"], pasted["value_apr_dec_2024"]) == ("33.1", "40")
    russia = data.load("india_russia_trade").set_index("fiscal_year").value_usd_bn
    china = data.load("india_china_trade").set_index("year").value_usd_bn
    assert (russia["FY2022-23"], russia["FY2024-25"], china[2025]) == (44.4, 68.7, 155.62) and pd.isna(china[2024])
    assert (pasted["russia_trade_fy2022_23"], pasted["russia_trade_fy2024_25"], pasted["china_trade_2025"]) == ("44.4", "68.7", "155.62")
    assert "jumped to ${glue:text}`russia_trade_fy2022_23` bn" in text and "a record ${glue:text}`china_trade_2025` bn in 2025" in text
    assert "2024 is a gap" in text


def test_lesson_08_says_what_the_revised_scores_give():
    text = _lesson_text("08_implications_for_india")
    equal = policy.weighted_scores({"security": 1, "economy": 1, "autonomy": 1})
    top = equal[equal == equal.max()].index.tolist()
    assert top == ["Deepen ties with Russia as a balancer"]
    second = equal[equal == equal.drop(top).max()].index.tolist()
    assert second == ["Russia–India–China (RIC) trilateral"]
    corridor, us = "Push the North–South Transport Corridor", "Closer ties with the US; a US–Russia–India trilateral"
    assert equal[corridor] == equal[us] < equal[second[0]], "'the corridor ... now ties with the US option behind it'"
    assert ("deepening ties with Russia leads alone, RIC comes second, and the corridor, marked down twice, now ties "
            "with the US option behind it") in text
    assert "four old scores" in text and "Four scores changed" in text
    assert policy.score_table().loc[corridor, "economy"] == 1 and "from 3 to 2" in text and "and to 1 when the war" in text
    # the oil line: the tariff (E51, 27 Aug 2025) before the Rosneft/Lukoil sanctions (E64); CREA's shares on either side
    events = data.load("timeline").set_index("event_id")
    assert events.loc["E51", "date"] < events.loc["E64", "date"] and "7 February 2026" in events.loc["E51", "description"]
    crude = data.load("india_crude_imports").set_index("row_id")
    assert crude.loc["IC28", "value"] == 25 and "down from 35 per cent in Nove" in crude.loc["IC28", "excerpt"]
    assert (crude.loc["IC26", "period"], crude.loc["IC26", "value"]) == ("Apr-Sep 2025", 36)
    assert "CREA at {glue:text}`crea_nov_2025`% in November, the first of these figures from after the tariff" in text
    assert "around {glue:text}`reuters_apr_sep_2025`% in April–September 2025" in text
    assert "still about {glue:text}`crea_nov_2025`% in November 2025 (CREA), after the US oil tariff" in text
    assert "after US sanctions on Rosneft and Lukoil" in text
    from course import paths
    policy_source = (paths.ROOT / "course" / "kit" / "policy.py").read_text()
    assert policy_source.count("# was ") == 4, "the lesson says four scores changed; policy.py marks each old score"
    alt = charts.india_crude_shares(data.load("india_crude_imports")).alt
    assert "FY2024-25 35.8% (Ministry of Commerce (analysed by CPR), customs/official statistics)" in alt
    assert "Apr 2021-Jan 2022 0.2% (Oil Minister (Rajya Sabha), official statement)" in alt
    assert "Jan 2026 21.2% (Reuters (tanker data from industry sources), ship-tracking)" in alt


def test_lesson_02_dates_of_the_split_match_the_timeline():
    text = _lesson_text("02_split_and_normalisation")
    events = data.load("timeline").set_index("event_id")
    assert events.loc["E54", "date_as_given"] == "1957 (October)"
    assert "New Defence Technical Accord of October 1957" in text
    assert events.loc["E56", "date"] == pd.Timestamp("1959-06-20") and "On 20 June 1959" in text
    assert events.loc["E55", "year"] == 1958 and "Taiwan Strait crisis of 1958" in text
    assert events.loc["E30", "date"] == pd.Timestamp("1959-09-09") and "On 9 September 1959" in text
    assert events.loc["E33", "year"] == 1963 and "Ministry report of 1963" in text
    late = events[events.year.between(1957, 1960)]
    assert sorted(late.index) == ["E28", "E30", "E54", "E55", "E56", "E78"], "the table the lesson's section 2 shows"
    assert events.loc["E78", "date"] == pd.Timestamp("1958-07-31") and "Chinese property" in events.loc["E78", "description"]
    assert "\"the Chinese need the fleet as Chinese property\"" in text and "on 31 July 1958 (E78" in text
    assert events.loc["E79", "date_as_given"] == "1964 (July)" and "By July 1964 Mao" in text
    assert "We have not yet presented our bill for this list" in events.loc["E79", "description"]
    treaties = data.load("treaties").set_index("treaty_id").what_it_did
    assert "Tarabarov (Yinlong) island transferred wholly to China" in treaties["T2004"] and "returned" not in treaties["T2008"]
    assert "gave Tarabarov (Yinlong) island wholly to China and divided Bolshoy Ussuriysky" in text and "handed 174" not in text
