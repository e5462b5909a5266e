"""Lesson 08's prose against data/: no typed figure, every pasted figure pinned to its row, and every sentence
whose wording depends on the data (a fall, a low, a rebound, "lower than", "before the tariff") checked, with
the sentence named in the failure. Also the lesson's time: its reading load must fit the time it states."""

from __future__ import annotations

import re

import nbformat
import pandas as pd
import pytest
import yaml

from course.kit import data, india, prose
from course.site import frontmatter

from support import ROOT

LESSON = ROOT / "notebooks" / "08_implications_for_india.ipynb"
# a typed figure: a number followed by a unit the lesson uses (percent, US$ bn, barrels a day, tonnes)
FIGURE = re.compile(r"(?<![\w.\-–])(\d+(?:\.\d+)?)(?:–\d+(?:\.\d+)?)?"
                    r"(?=\s?(?:%|per cent|percent| bn\b| billion| m bpd| million|\s?MMT|\s?mb/d|\s?bpd))")
THRESHOLDS = {"100"}  # "passed $100 bn in 2021": a round threshold the sentence tests, not a figure it reports


@pytest.fixture(scope="module")
def nb():
    return nbformat.read(LESSON, as_version=4)


@pytest.fixture(scope="module")
def text(nb):
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


@pytest.fixture(scope="module")
def figures():
    return india.figures()


def _sentence(text: str, fragment: str) -> str:
    """The sentence of the lesson holding ``fragment`` (fails, naming the fragment, if it is gone)."""
    assert fragment in text, f"lesson 08 no longer says: {fragment!r}"
    start = max(text.rfind(". ", 0, text.index(fragment)), text.rfind("\n", 0, text.index(fragment))) + 1
    end = text.find(". ", text.index(fragment))
    return text[start:end if end > 0 else None].strip()


def test_no_figure_is_typed_into_the_prose(text):
    bare = re.sub(r"\]\([^)]*\)", "]", prose.ROLE.sub("{pasted}", text))  # glued figures and link targets out
    typed = sorted(set(FIGURE.findall(bare)) - THRESHOLDS)
    assert not typed, f"lesson 08 types figures instead of pasting them ({{glue:text}}`name`): {typed}"


def test_every_pasted_name_is_computed_and_every_figure_is_used(text, figures):
    used = set(prose.roles(text))
    assert used, "the prose should paste its figures"
    assert not used - set(figures), f"pasted names that course.kit.india.figures() does not compute: {sorted(used - set(figures))}"
    assert not set(figures) - used, f"figures computed but never pasted: {sorted(set(figures) - used)}"


def test_the_figures_cell_glues_them(nb):
    code = [c for c in nb.cells if c.cell_type == "code"]
    glue_cell = code[1]
    assert "prose.show(india.figures())" in glue_cell.source and "remove-cell" in glue_cell.metadata.get("tags", [])


def test_glue_stores_plain_text_without_quotes(monkeypatch):
    stored = {}
    monkeypatch.setattr(prose, "_glue", lambda name, value: stored.setdefault(name, repr(value)))
    table = prose.show({"a": "21.2", "b": "155.62"})
    assert stored == {"a": "21.2", "b": "155.62"} and table.loc["b", "value"] == "155.62"
    with pytest.raises(TypeError, match="figure 'c' should be formatted text"):
        prose.show({"c": 21.2})


def test_a_reworded_row_fails_with_its_name(monkeypatch):
    events = data.load("timeline")
    broken = events.assign(description=events.description.where(events.event_id != "E114", "no rate here"))
    real = data.load
    monkeypatch.setattr(data, "load", lambda name: broken if name == "timeline" else real(name))
    with pytest.raises(ValueError, match="timeline E114"):
        india.figures()


# --- each figure pinned to its row -------------------------------------------------------------------
def test_2026_crude_figures_are_their_rows(figures):
    crude = data.load("india_crude_imports").set_index("row_id")
    expected = {  # row: (period, period_type, measure, basis, value, figure name)
        "IC30": ("CY2025", "calendar year", "russia_mbpd", "ship-tracking", 1.7, "iea_cy2025_mbpd"),
        "IC31": ("Jan 2026", "month", "russia_mbpd", "ship-tracking", 1.1, "reuters_jan_2026_mbpd"),
        "IC32": ("Jan 2026", "month", "russia_share_pct", "ship-tracking", 21.2, "reuters_jan_2026_share"),
        "IC33": ("Jan 2026", "month", "russia_mbpd", "ship-tracking", 1.215, "kpler_jan_2026_mbpd"),
        "IC34": ("1-11 Mar 2026", "part of a month", "russia_mbpd", "ship-tracking", 1.5, "kpler_mar_2026_first11_mbpd"),
        "IC35": ("Mar 2026", "month", "russia_mbpd_forecast", "ship-tracking", 2.0, "kpler_mar_2026_forecast_mbpd"),
    }
    for row, (period, kind, measure, basis, value, name) in expected.items():
        got = crude.loc[row]
        assert (got.period, got.period_type, got.measure, got.basis, got.value) == (period, kind, measure, basis, value), row
        assert float(figures[name]) == value, name
    assert "first 11 days" in crude.loc["IC34", "excerpt"] and "Kpler" in crude.loc["IC34", "excerpt"]
    assert "could reach close to 2 million" in crude.loc["IC35", "excerpt"], "the forecast is the analyst's, quoted"
    assert "21.2%" in crude.loc["IC32", "excerpt"] and "1.215 million" in crude.loc["IC33", "excerpt"]
    assert "1.7 mb/d on average in 2025" in crude.loc["IC30", "excerpt"]
    assert crude.loc["IC30", "source_quality"].startswith("weak"), "a copy of a press report of the IEA"


def test_sipri_published_shares_are_their_rows(figures):
    shares = data.load("sipri_period_shares").set_index("row_id")
    for row, (period, recipient, supplier, value, name) in {
        "SP01": ("2021-2025", "India", "Russia", 40, "sipri_russia_india_2021_25"),
        "SP02": ("2016-2020", "India", "Russia", 51, "sipri_russia_india_2016_20"),
        "SP03": ("2011-2015", "India", "Russia", 70, "sipri_russia_india_2011_15"),
        "SP04": ("2021-2025", "Pakistan", "China", 80, "sipri_china_pakistan_2021_25"),
        "SP05": ("2016-2020", "Pakistan", "China", 73, "sipri_china_pakistan_2016_20"),
    }.items():
        got = shares.loc[row]
        assert (got.period, got.recipient, got.supplier, got.share_pct) == (period, recipient, supplier, value), row
        assert figures[name] == str(value), name
        assert f"{value} per cent" in got.excerpt, row
    assert shares.release.str.contains("March 2026").sum() == 5


def test_tariff_and_summit_figures_are_their_events(figures):
    events = data.load("timeline").set_index("event_id")
    assert (figures["oil_tariff_pct"], figures["combined_tariff_pct"]) == ("25", "50")
    assert (figures["reciprocal_before_pct"], figures["reciprocal_after_pct"]) == ("25", "18")
    assert (figures["section122_pct"], figures["section122_days"]) == ("15", "150")
    assert figures["trade_target_2030_bn"] == "100" and figures["army_pakistan_china_pct"] == "81"
    assert "Learning Resources" in events.loc["E113", "description"] and "6-3" in events.loc["E113", "description"]
    assert "Executive Order 14329" in events.loc["E113", "description"], "the oil tariff was an IEEPA measure"


def test_dates_in_the_prose_are_the_timelines(text):
    events = data.load("timeline").set_index("event_id")
    for event, date, words in [
        ("E100", "1993-01-28", "In January 1993 Yeltsin signed"),
        ("E101", "2000-10-03", "Declaration on Strategic Partnership in October 2000"),
        ("E102", "2010-12-21", "in December 2010 the partnership became"),
        ("E103", "2022-09-16", "at Samarkand on 16 September 2022"),
        ("E122", "2024-07-08", "he went to Moscow in July 2024, his first visit since the invasion"),
        ("E121", "2022-03-02", "India abstained when the UN General Assembly deplored the invasion"),
        ("E104", "2025-05-07", "India struck nine sites in Pakistan and Pakistan-administered Kashmir on 7 May"),
        ("E107", "2025-08-15", "summit in Alaska in August 2025"),
        ("E113", "2026-02-20", "Supreme Court ruled on 20 February"),
        ("E116", "2026-03-05", "on 5 March the US Treasury licensed Indian refiners"),
    ]:
        assert events.loc[event, "date"] == pd.Timestamp(date) and words in text, words
    assert "to 3 April (E116)" in text and "end of 3 April 2026" in events.loc["E116", "description"]
    assert "valid to 26 April 2026 (E108)" in text and "26 April, 2026" in events.loc["E108", "description"]
    assert "killing of 26 civilians at Pahalgam" in text and "26 civilians were killed" in events.loc["E104", "description"]
    assert "10 May" in events.loc["E104", "date_as_given"] or events.loc["E104", "date_as_given"].endswith("2025-05-10")


# --- words that depend on the data ------------------------------------------------------------------
def test_russia_still_largest_with_a_falling_share(text):
    shares = data.load("sipri_period_shares").set_index("row_id").share_pct
    sentence = _sentence(text, "still the largest supplier, with a falling share")
    assert shares["SP01"] < shares["SP02"] < shares["SP03"], sentence
    assert "largest share of Indian arms imports came from Russia" in data.load("sipri_period_shares").set_index("row_id").excerpt["SP01"]


def test_extract_share_is_lower_than_sipris(text, figures):
    sentence = _sentence(text, "is lower than SIPRI's")
    assert float(figures["russia_india_2020_23"]) < float(figures["sipri_russia_india_2021_25"]), sentence


def test_china_share_of_pakistan_rose_and_the_numbers_agree(text, figures):
    sentence = _sentence(text, "up from {glue:text}`sipri_china_pakistan_2016_20`% in 2016–20")
    assert int(figures["sipri_china_pakistan_2021_25"]) > int(figures["sipri_china_pakistan_2016_20"]), sentence
    three = [int(figures[k]) for k in ("army_pakistan_china_pct", "sipri_china_pakistan_2021_25", "china_pakistan_2020_23")]
    assert max(three) - min(three) <= 5, _sentence(text, "The numbers agree with SIPRI's")


def test_january_2026_was_the_low_and_march_rebounded(text):
    crude = data.load("india_crude_imports")
    volumes = crude[(crude.measure == "russia_mbpd") & (crude.starts_year >= 2023)].set_index("row_id").value
    low = _sentence(text, "January 2026 was the low")
    assert volumes.idxmin() == "IC31" and "lowest" in crude.set_index("row_id").excerpt["IC31"], low
    rebound = _sentence(text, "When Hormuz closed in March 2026 it rebounded")
    assert volumes["IC34"] > volumes["IC33"], f"{rebound} (Kpler against Kpler)"


def test_the_line_bends_after_the_boom(text, figures):
    sentence = _sentence(text, "Then the line bends")
    assert float(figures["crea_dec_2025"]) < float(figures["cpr_volume_fy2024_25"]), sentence
    assert float(figures["reuters_jan_2026_share"]) < float(figures["oies_cy2023"]), sentence


def test_april_september_2025_is_mostly_before_the_tariff(text):
    """The reviewer's before/after error: April-September 2025 was read as 'after the tariff'."""
    events = data.load("timeline").set_index("event_id")
    effective = pd.Timestamp("2025-08-27")
    assert "effective 2025-08-27" in events.loc["E51", "date_as_given"]
    period = pd.date_range("2025-04-01", "2025-09-30")
    sentence = _sentence(text, "a period mostly before the tariff took effect")
    assert (period < effective).mean() > 0.5, sentence
    assert "after the tariff (Reuters" not in text and "September 2025, after the tariff" not in text
    assert pd.Timestamp("2025-11-01") > effective, _sentence(text, "the first of these figures from after the tariff")


def test_caatsa_targets_persons_not_countries(text):
    assert "countries that buy" not in text
    assert "requires sanctions on *persons*" in text and "Russia's defence or intelligence sector" in text
    glossary = (ROOT / "book" / "glossary.md").read_text(encoding="utf-8")
    assert "countries that buy" not in glossary and "significant transaction" in glossary


def test_gaps_are_stated_as_gaps(text):
    for gap in ("no figure for April–November 2026", "no report of it is in the sources",
                "the sources hold no Quad summit in 2025 or 2026", "a gap, not a verdict",
                "That last row is a **forecast**, not an observation"):
        assert gap in text, gap


def test_india_record_since_1991_is_in_the_timeline(nb):
    events = data.load("timeline").set_index("event_id")
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    listed = re.search(r"since_1991 = \[(.*?)\]", code).group(1)
    ids = re.findall(r'"(E\d+)"', listed)
    assert set(ids) <= set(events.index) and all(100 <= int(i[1:]) <= 139 for i in ids)
    assert events.loc[ids, "date"].notna().all(), "the table is sorted by date: every listed event needs one"


# --- time ---------------------------------------------------------------------------------------------
def test_the_stated_time_covers_the_reading_load(nb):
    """~150 words a minute, 5 minutes per challenge and per explorer, a minute per quiz question; no more than 90."""
    minutes = frontmatter.read(nb, LESSON.name).minutes
    words = sum(len(c.source.split()) for c in nb.cells if c.cell_type == "markdown")
    challenges = sum("challenge" in c.metadata.get("tags", []) for c in nb.cells)
    explorers = sum("explorers." in c.source for c in nb.cells if c.cell_type == "code")
    questions = len(yaml.safe_load((ROOT / "exercises" / "quizzes" / "08.yaml").read_text(encoding="utf-8"))["questions"])
    load = words / 150 + 5 * challenges + 5 * explorers + questions
    assert load <= minutes <= 90, f"lesson 08: reading load {load:.0f} min, stated {minutes} (at most 90)"
    assert minutes - load <= 15, f"lesson 08 states {minutes} min for a load of {load:.0f}: state it honestly"
