"""The history rows added for lessons 01 and 02 in December 2026 (data/FACTCHECK.md, "history rows"): each pinned
to its values and its source, the two western cessions kept without an area, and the lessons' sentences about
these events checked against the rows, so that a data edit that changes a date or fills an area fails here,
naming the sentence to rewrite."""

import re

import nbformat
import pandas as pd
import pytest

from course.kit import data
from course.paths import NOTEBOOKS


def _prose(stem: str) -> str:
    """All markdown of one lesson, joined, with runs of whitespace collapsed."""
    nb = nbformat.read(next(NOTEBOOKS.glob(f"{stem}_*.ipynb")), as_version=4)
    return re.sub(r"\s+", " ", "\n".join(c.source for c in nb.cells if c.cell_type == "markdown"))


def _day(value) -> str:
    """A date as the lessons write it: '24 March 1982'."""
    stamp = pd.Timestamp(value)
    return f"{stamp.day} {stamp.month_name()} {stamp.year}"


@pytest.fixture(scope="module")
def treaties():
    return data.load("treaties").set_index("treaty_id")


@pytest.fixture(scope="module")
def events():
    return data.load("timeline").set_index("event_id")


# --- the rows, pinned ------------------------------------------------------------------------------------------

TREATY_ROWS = {
    "T1864": ("1864-10-07", "Russian Empire; Qing China", "chinaforeignrelations.net/node/235"),
    "T1881": ("1881-02-24", "Russian Empire; Qing China", "wikipedia.org/wiki/Treaty_of_Saint_Petersburg_(1881)"),
}


@pytest.mark.parametrize("treaty_id", sorted(TREATY_ROWS))
def test_western_cession_rows_are_pinned(treaties, treaty_id):
    signed, parties, source = TREATY_ROWS[treaty_id]
    row = treaties.loc[treaty_id]
    assert str(pd.Timestamp(row.date_signed).date()) == signed
    assert row.year == int(signed[:4])
    assert row.parties == parties
    assert source in row.source_url


@pytest.mark.parametrize("treaty_id", sorted(TREATY_ROWS))
def test_western_cessions_have_no_invented_area_and_say_why(treaties, treaty_id):
    row = treaties.loc[treaty_id]
    assert pd.isna(row.territory_to_russia_km2) and pd.isna(row.area_qualifier)
    assert "Area: left empty" in row.what_it_did and "Wikipedia" in row.what_it_did


EVENT_ROWS = {  # event id: (date or None, year, a phrase of its description, a piece of its source URL)
    "E123": ("1864-10-07", 1864, "along the line of the Chinese pickets", "chinaforeignrelations.net/node/235"),
    "E124": ("1881-02-24", 1881, "9,000,000 'metal roubles'", "Treaty_of_Saint_Petersburg_(1881)"),
    "E125": ("1982-03-24", 1982, "calls China a socialist country", "hungaricana.hu/en/view/KULUGY_KulugyiSzemle_2007"),
    "E126": (
        "1986-07-28",
        1986,
        "'The official border might pass along the main ship channel'",
        "la-xpm-1986-08-01-mn-18992",
    ),
    "E127": (
        None,
        1986,
        "'three obstacles' - Cambodia, Soviet intervention in Afghanistan, and Soviet troop "
        "deployment along the Soviet-Chinese border",
        "la-xpm-1986-09-07-mn-12217",
    ),
    "E128": (None, 1988, "September 1988 speech in the Siberian city of Krasnoyarsk", "10.4324/9781315130101-15"),
    "E129": ("1988-10-13", 1988, "will take place in 1989", "la-xpm-1988-10-13-mn-5069"),
    "E09": (
        "1989-05-15",
        1989,
        "'Can we take this opportunity to announce the normalization of Sino-Soviet relations?'",
        "chicagotribune.com/1989-05-16",
    ),
}


@pytest.mark.parametrize("event_id", sorted(EVENT_ROWS))
def test_normalisation_and_cession_events_are_pinned(events, event_id):
    date, year, phrase, source = EVENT_ROWS[event_id]
    row = events.loc[event_id]
    assert row.year == year
    if date is None:  # the sources give no day: the cell must stay empty rather than guess one
        assert pd.isna(row.date), f"{event_id}: its sources give no day, so 'date' must stay empty"
    else:
        assert str(pd.Timestamp(row.date).date()) == date
    assert phrase in row.description
    assert source in row.source_url


def test_new_rows_cite_no_mirror_of_a_wiki(treaties, events):
    """Pages of wiki copies found in the search (fandom, wikimili, piglix) are not cited beside these rows."""
    urls = " ".join(list(treaties.loc[list(TREATY_ROWS)].source_url) + list(events.loc[list(EVENT_ROWS)].source_url))
    for mirror in ("fandom.com", "wikimili", "piglix", "wikisum", "416w.cn"):
        assert mirror not in urls


# --- the lessons' sentences against the rows -------------------------------------------------------------------


def test_lesson01_dates_of_the_western_treaties_match_the_table(treaties):
    prose = _prose("01")
    for treaty_id in TREATY_ROWS:
        day = _day(treaties.loc[treaty_id].date_signed)
        assert day in prose, f"lesson 01 no longer gives {treaty_id}'s date as {day!r}: fix the sentence or the row"


def test_lesson01_says_no_area_only_while_the_table_has_none(treaties):
    prose = _prose("01")
    sentence = "The course's sources give no reliable area for either treaty"
    assert sentence in prose
    assert treaties.loc[list(TREATY_ROWS)].territory_to_russia_km2.isna().all(), (
        f"an area was added for 1864 or 1881: rewrite lesson 01's sentence {sentence!r} and its sum"
    )


def test_lesson01_cession_sum_still_covers_only_aigun_and_peking(treaties):
    ceded = treaties.dropna(subset=["territory_to_russia_km2"])
    assert sorted(ceded.index) == ["T1858", "T1860"], (
        "lesson 01 says 'the sum above still covers only Aigun and Peking': rewrite it with the new rows"
    )


def test_lesson01_senior_partner_judgement_is_attributed():
    prose = _prose("01")
    assert "The Soviet Union was the senior partner." not in prose
    assert "{cite:p}`radchenko_origins`" in prose
    assert "on balance a remarkable success for China" in prose


@pytest.mark.parametrize(
    "event_id, phrase",
    [
        ("E125", "At Tashkent on {day} Brezhnev"),
        ("E126", "At Vladivostok on {day} Gorbachev"),
    ],
)
def test_lesson02_dated_sentences_match_the_timeline(events, event_id, phrase):
    sentence = phrase.format(day=_day(events.loc[event_id].date))
    assert sentence in _prose("02"), f"lesson 02 should say {sentence!r} ({event_id}): fix the sentence or the row"


def test_lesson02_months_and_summit_day_match_the_timeline(events):
    prose = _prose("02")
    assert "September 1988" in events.loc["E128"].date_as_given.replace("1988 (September)", "September 1988")
    assert "at Krasnoyarsk in September 1988 (E128)" in prose
    e129 = pd.Timestamp(events.loc["E129"].date)
    assert f"in {e129.month_name()} {e129.year} that a summit would take place in 1989 (E129)" in prose
    assert "on 16 May 1989" in prose and "16 May" in events.loc["E09"].description


def test_lesson02_three_obstacles_are_the_timelines():
    prose = _prose("02")
    description = data.load("timeline").set_index("event_id").loc["E127"].description
    for obstacle in ("Cambodia", "Afghanistan", "border"):
        assert obstacle in description
    assert re.search(
        r'"three obstacles": Vietnam\'s occupation of Cambodia.*the Soviet war in Afghanistan, and '
        r"Soviet troops along the border \(E127\)",
        prose,
    )


def test_lesson02_road_back_table_holds_the_new_events(events):
    road_back = events[events.year.between(1979, 1988)]
    assert {"E125", "E126", "E127", "E128", "E129"} <= set(road_back.index)
