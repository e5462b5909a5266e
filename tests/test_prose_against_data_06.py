"""Lesson 06's prose against data/: every figure is computed (myst-nb glue) or, where still typed, sourced;
every sentence whose wording depends on the data (a record, a fall, "the first since", a rise) is checked
here, and a failure names the sentence so an update to a table shows which words to change."""

from __future__ import annotations

import re

import nbformat
import pandas as pd
import pytest

from course.kit import data, prose, recent

from support import ROOT

LESSON = ROOT / "notebooks" / "06_war_sanctions_no_limits.ipynb"
GLUE = re.compile(r"\{glue:text\}`([^`]+)`")
# a typed figure: a number with a unit the lessons use (percent, US$ bn, bcm, million tonnes, "times", US$ a barrel)
FIGURE = re.compile(r"(?:US\$|\$)?(\d+(?:\.\d+)?)(?=%| bn| bcm| billion cubic| million tonnes| times| a barrel|–\d+%)")


def _source() -> str:
    nb = nbformat.read(LESSON, as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def _figures() -> dict[str, str]:
    return recent.lesson06_figures(
        data.load("russia_china_trade"), data.load("russia_china_trade_2026"), data.load("china_crude_imports"),
        data.load("power_of_siberia_gas"), data.load("russia_china_settlement_statements"),
        data.load("timeline"), data.load("india_crude_imports"))


def _rendered() -> str:
    """The prose as the built page shows it: every glue role replaced by its computed figure."""
    figures = _figures()
    return GLUE.sub(lambda m: figures[m.group(1)], _source())


def _sentence(prefix: str) -> str:
    """The rendered sentence that starts with ``prefix`` (a test names the sentence it checks)."""
    text = _rendered()
    at = text.find(prefix)
    assert at >= 0, f"lesson 06 no longer has the sentence starting {prefix!r}: update it and this test together"
    return text[at:text.find(". ", at + len(prefix)) + 1]  # a sentence ends at a full stop and a space


def test_every_glued_name_is_computed():
    used = set(GLUE.findall(_source()))
    assert len(used) >= 50, "the lesson should take its figures from the computed cell"
    missing = sorted(used - set(_figures()))
    assert not missing, f"lesson 06 pastes figures that recent.lesson06_figures does not compute: {missing}"


def test_the_lesson_glues_the_figures_it_computes():
    nb = nbformat.read(LESSON, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "prose.glue(recent.lesson06_figures(" in code


def test_no_typed_figure_is_unsourced():
    """A figure still typed into the prose (a quotation's number, a contract volume) must be in data/."""
    said = data.load("russia_china_settlement_statements").share_pct.dropna()
    gas = data.load("power_of_siberia_gas")
    events = data.load("timeline").set_index("event_id").description
    allowed = {f"{v:g}" for v in said} | {f"{v:g}" for v in gas.bcm}
    allowed |= set(re.findall(r"up to (\d+) bcm", events["E53"])) | set(re.findall(r"(\d+) bcm", events["E58"]))
    stated = set(FIGURE.findall(GLUE.sub("", _source())))
    assert not sorted(stated - allowed), f"lesson 06 types figures that data/ does not give: {sorted(stated - allowed)}"


def test_the_computed_figures_are_the_tables_values():
    """The rendered page states the values of the rows, independently recomputed here."""
    trade = data.load("russia_china_trade").set_index("year").value_usd_bn
    t26 = data.load("russia_china_trade_2026").set_index("period")
    crude = data.load("china_crude_imports").set_index("year")
    text = _rendered()
    assert f"Trade rose from ${trade[2020]:.1f} bn in 2020 to a record ${trade[2024]:.1f} bn in 2024, {trade[2024] / trade[2020]:.1f} times as much." in text
    assert f"fell by {abs(trade[2025] / trade[2024] - 1) * 100:.1f}% to ${trade[2025]:.1f} bn" in text
    latest = t26.sort_values("months").iloc[-1]
    months = f"{pd.Timestamp(2026, 1, 1):%B}–{pd.Timestamp(2026, int(latest.months), 1):%B}"
    assert f"In {months} 2026 trade was ${latest.value_usd_bn:.2f} bn, up {latest.yoy_pct:g}%" in text
    assert f"(reported by {latest.reporter.split(';')[0].strip()})" in text, "the part-year's source is not the row's"
    share = crude.russia_crude_mt / crude.china_total_crude_mt * 100
    assert f"China bought {crude.loc[2021, 'russia_crude_mt']:g} million tonnes of Russian crude in 2021, {share[2021]:.1f}%" in text
    assert "the EU's new dynamic mechanism cut the cap to US$44.10 a barrel" in text and "the United States kept US$60 (E83)" in text


# --- sentences whose words depend on the data ---------------------------------------------------------------

def test_growth_ranking_sentence():
    """'It grew fastest in 2021 (...), the last year before the war, then in 2022 ... and 2023 ...'"""
    change = recent.trade_change(data.load("russia_china_trade")).loc[2020:].dropna()
    sentence = _sentence("It grew fastest in")
    ranked = change.sort_values(ascending=False).index[:3].tolist()
    assert ranked[0] == 2021, f"'the last year before the war' is no longer the fastest year: {sentence}"
    assert re.findall(r"(\d{4}) \(\+", sentence)[:3] == [str(y) for y in ranked], sentence


def test_record_and_first_fall_sentence():
    """'... a record $244.8 bn in 2024 ...' and 'in 2025 fell by ..., the first fall since 2020.'"""
    trade = data.load("russia_china_trade")
    values, change = trade.set_index("year").value_usd_bn, recent.trade_change(trade)
    last = int(values.dropna().index.max())
    assert values.loc[2019:].idxmax() == 2024, "the sentence 'a record ... in 2024' no longer holds"
    assert change[last] < 0, f"'in {last} fell by' is false: trade rose in {last}"
    falls = change[(change < 0) & (change.index < last)]
    assert int(falls.index.max()) == 2020 and f"the first fall since {int(falls.index.max())}" in _rendered()
    assert 0 < change[2024] < 3, "'it almost stopped growing in 2024' no longer holds"


def test_part_year_sentences():
    """'In <months> 2026 trade was ..., up ...% on the same months of 2025', 'the Chinese sales whose fall drove 2025
    down led the rise', '... so the series stops at <month> for that reason', 'trade up again in <months> 2026' and
    'it must now also explain the rise of <months> 2026': the months come from the newest row; the words "up",
    "rise" and "led" are checked here against it."""
    t26 = data.load("russia_china_trade_2026").sort_values("months")
    latest = t26.iloc[-1]
    assert (t26.yoy_pct > 0).all(), "a part-year change is no longer a rise: rewrite 'up ... on the same months'"
    assert latest.cn_exports_yoy_pct > latest.cn_imports_yoy_pct > 0, "'the Chinese sales ... led the rise' is false"
    end, months = f"{pd.Timestamp(2026, int(latest.months), 1):%B}", f"January–{pd.Timestamp(2026, int(latest.months), 1):%B}"
    text = _rendered()
    assert f"The course has {prose.number_word(len(t26))} such totals for 2026" in text
    assert f"so the series stops at {end} for that reason" in text
    assert f"trade up again in {months} 2026 (section 3)" in text and f"explain the rise of {months} 2026" in text
    assert f"Neither reading is proved by {prose.number_word(int(latest.months))} months." in text
    assert "January–April" not in text or latest.months == 4, "a typed 'January–April' is left in lesson 06"
    assert (t26.months < 12).all()


def test_india_share_sentence_keeps_before_and_after_apart():
    """'Over April–September 2025 ... the extra tariff took effect only on 27 August (E51), so those six months
    lie mostly before it' and 'By December 2025, after the US sanctions on Rosneft and Lukoil took effect (E64)'."""
    india = data.load("india_crude_imports").set_index("row_id")
    events = data.load("timeline").set_index("event_id")
    assert india.loc["IC26", "period"] == "Apr-Sep 2025" and india.loc["IC28", "period"] == "Dec 2025"
    effective = pd.Timestamp(re.search(r"effective (\d{4}-\d\d-\d\d)", events.loc["E51", "date_as_given"]).group(1))
    assert effective == pd.Timestamp("2025-08-27")
    before = (effective - pd.Timestamp("2025-04-01")).days
    after = (pd.Timestamp("2025-09-30") - effective).days
    assert before > 3 * after, "April-September 2025 is no longer mostly before the tariff"
    assert events.loc["E64", "date"] < pd.Timestamp("2025-12-01")
    assert "after the tariff" not in _rendered()


def test_settlement_and_pipeline_sentences():
    """'The course found no statement from 2026.' and 'just above its design capacity of 38 bcm'."""
    said = data.load("russia_china_settlement_statements")
    assert not said.said_as_given.str.contains("2026").any(), "a 2026 statement was added: update the sentence"
    assert said.share_pct.max() == pytest.approx(99.1)
    gas = data.load("power_of_siberia_gas")
    assert recent.delivered_gas(gas).bcm[2025] > gas[gas.measure == "design capacity"].bcm.item()
    crude = data.load("china_crude_imports")
    assert int(crude.year.max()) == 2024 and "The series stops in 2024" in _rendered()


def test_statements_about_years_and_counts_hold():
    events = data.load("timeline").set_index("event_id")
    assert (events.loc["E38", "date"] - events.loc["E24", "date"]).days == 20  # "Twenty days later"
    crude = data.load("china_crude_imports").set_index("year")
    # "regained first place ... first in 2016–18 and second in 2019–22"
    assert crude.russia_rank.to_dict() == {2016: 1, 2017: 1, 2018: 1, 2019: 2, 2020: 2, 2021: 2, 2022: 2, 2023: 1, 2024: 1}
    members = data.load("brics_sco_members")
    full = members[members.status == "member"]
    assert (full.organisation == "SCO").sum() == 10 and ((full.organisation == "BRICS") & (full.joined_year <= 2024)).sum() == 9
    # "most of the fall was in Chinese goods sold to Russia": in both reports exports fell faster than imports
    note = data.load("russia_china_trade").set_index("year").note[2025]
    pairs = re.findall(r"exports[^%]*?-(\d+\.\d)%[^%]*?imports[^%]*?-(\d+\.\d)%", note)
    assert len(pairs) == 2 and all(float(e) > 2 * float(i) for e, i in pairs)
    # section 9: the visits and the statements keep their dates
    assert events.loc["E85", "date"] == pd.Timestamp("2026-02-28") and events.loc["E86", "date"] == pd.Timestamp("2026-03-01")
    assert events.loc["E87", "date"] == pd.Timestamp("2026-03-02")
    assert events.loc["E88", "date"] < events.loc["E89", "date"] == pd.Timestamp("2026-05-19")
    assert events.loc["E14", "date"] == pd.Timestamp("2001-07-16")  # "the 25th anniversary of the 2001 treaty"


def test_india_figures_keep_their_period_and_reporter():
    """The lesson names the year and the source of each India figure: the rows must still say the same."""
    india = data.load("india_crude_imports").set_index("row_id")
    expected = {"IC06": ("Apr 2021-Jan 2022", "Oil Minister"), "IC08": ("FY2021-22", "Reserve Bank of India"),
                "IC13": ("FY2022-23", "Reserve Bank of India"), "IC14": ("FY2022-23", "Reuters"),
                "IC22": ("FY2024-25", "Ministry of Commerce")}
    for row, (period, reporter) in expected.items():
        assert india.loc[row, "period"] == period and india.loc[row, "reporter"].startswith(reporter), row
    assert india.loc["IC22", "measure"] == "russia_share_pct" and india.loc["IC14", "basis"] == "ship-tracking"


def test_voices_are_attributed_where_the_issue_asked():
    text = _rendered()
    peak = text[text.find("- **A partnership past its peak.**"):text.find("- **An axis of convenience.**")]
    assert "is a gloss on the words \"no limits\", not a claim" in peak and "Fu Cong called" not in peak
    assert "Axis of Convenience: Moscow, Beijing, and the New Geopolitics" in text and "2008" in text
    assert "Xi Jinping to Putin in Beijing (16 May 2024, Xinhua)" in text
    assert "the course could not open the original" in text  # Gabuev: the gap is stated


def test_glue_wants_text_and_says_so():
    assert prose.glue({"a": "1.0"}) == {"a": "1.0"}
    with pytest.raises(TypeError, match="not strings"):
        prose.glue({"a": 1.0})


def test_number_word_spells_counts_as_the_prose_does():
    assert [prose.number_word(n) for n in (0, 4, 11, 20, 29)] == ["no", "four", "eleven", "twenty", "twenty-nine"]
    assert prose.number_word(30, capital=True) == "Thirty" and prose.number_word(75) == "75"
    with pytest.raises(ValueError, match="negative"):
        prose.number_word(-1)
