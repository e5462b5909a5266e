"""Lessons 00-05's prose against data/: the numbers they state checked against what the tables give, and each
figure corrected in the 2026 re-check (data/FACTCHECK.md) pinned to its row and its original source. A lesson that drifts from its data fails here, naming the
sentence to fix."""
import re

import nbformat
import pytest

from course.kit import arms, data, economy, trade
from course.paths import NOTEBOOKS, ROOT

# Domains of mirrors, aggregators and content farms found in the re-check: a row citing one of them is not an original.
WEAK_DOMAINS = ("vuink", "lynealtrust", "sott.net", "menafn", "diligentia", "businessinvestorguide", "thegulfindians",
                "mynation", "greaterkashmir", "urdupoint", "piglix", "wikisum", "wikimili", "kotoba.ne.jp",
                "hitchhikersgui", "giftpals", "fashionrebelsbook", "thesbocc", "windowstorussia", "canadanewsmedia",
                "jingleoffice", "bazhesc", "hxen.com", "learnchineseeasily", "blogspot", "anjagusev", "devdiscourse")


def _prose(stem: str) -> str:
    """All markdown of one lesson, joined, with runs of whitespace collapsed (sentences may wrap)."""
    nb = nbformat.read(next(NOTEBOOKS.glob(f"{stem}_*.ipynb")), as_version=4)
    return re.sub(r"\s+", " ", "\n".join(c.source for c in nb.cells if c.cell_type == "markdown"))


def _number_after(text: str, pattern: str) -> float:
    """The first number captured by ``pattern`` (one group) in ``text``; fails naming the pattern if absent."""
    match = re.search(pattern, text)
    assert match, f"the lesson no longer says {pattern!r}: update this test together with the sentence"
    return float(match.group(1).replace(",", ""))


@pytest.fixture(scope="module")
def trade_table():
    return data.load("russia_china_trade").set_index("year")


# --- Russia-China trade, 2015 -------------------------------------------------------------------------------------

def test_2015_is_derived_from_2016_and_marked_as_such(trade_table):
    row = trade_table.loc[2015]
    assert row.value_usd_bn == 68.0 and row.qualifier == "about"
    assert row.note.startswith("DERIVED") and "64.2" in row.note, "say that 2015 is derived and what it replaces"
    # 2016 is $69.525 bn, +2.2% (rounded to one decimal): 2015 must lie in the interval that rounding allows.
    assert 69.525 / 1.0225 <= row.value_usd_bn + 0.05 and row.value_usd_bn - 0.05 <= 69.525 / 1.0215
    assert "69,525" in row.excerpt and "2,2%" in row.excerpt, "the excerpt must quote the inputs of the derivation"


def test_2015_fits_both_neighbours(trade_table):
    growth = trade.yearly_growth(trade_table.reset_index()).set_index("year").growth_pct
    assert round(growth[2016], 1) == pytest.approx(2.2, abs=0.05), "2016's reported +2.2% must follow from 2015"
    assert round(growth[2015], 1) == -28.6
    # The figure it replaces would have made 2016 +8.3%, contradicting the +2.2% GAC reported.
    assert (69.52 / 64.2 - 1) * 100 > 8


def test_trade_rows_cite_originals_not_aggregators(trade_table):
    for year in (2014, 2015):
        url = trade_table.loc[year].source_url
        assert not any(d in url for d in WEAK_DOMAINS), f"{year} cites a mirror: {url}"


# --- Source quality -----------------------------------------------------------------------------------------------

def test_rows_citing_a_mirror_are_not_rated_original():
    claims = data.load("article_claims")
    for row in claims.itertuples():
        cited = [d for d in WEAK_DOMAINS if d in row.evidence]
        if row.source_quality == "original":
            assert not cited, f"{row.article} claim {row.claim_no} is rated original but cites {cited}"
        if cited and not any(s in row.evidence for s in ("tass.com", "reuters", "ecns.cn", "china.org.cn")):
            assert row.source_quality in ("weak", "mixed", "tertiary"), f"{row.article} claim {row.claim_no}"


def test_unverified_claims_have_no_source_quality():
    claims = data.load("article_claims")
    unverified = claims[claims.verdict == "unverified"]
    assert set(unverified.source_quality) <= {"none", "original", "weak"}
    assert (claims[claims.source_quality == "none"].verdict == "unverified").all(), "'none' means nothing was found"


def test_timeline_shanghai_five_and_sco_rows_cite_their_own_events():
    events = data.load("timeline").set_index("event_id")
    assert "rferl.org" in events.loc["E12", "source_url"]
    assert "india-pakistan-become-full-members-of-sco" in events.loc["E20", "source_url"]
    for url in events.source_url.dropna():
        assert "piglix" not in url, url


# --- Numbers in the lessons' prose, checked against data/ ---------------------------------------------------------

def test_lesson03_growth_figures(trade_table):
    text = _prose("03")
    table = trade_table.reset_index()
    growth = trade.yearly_growth(table).set_index("year").growth_pct
    assert _number_after(text, r"a fall of (\d+)% in 2015") == round(-growth[2015])
    assert _number_after(text, r"\(−(\d+)% in 2015") == round(-growth[2015])
    assert _number_after(text, r"\+(\d+)% in 2021") == round(growth[2021])
    period = trade.period_growth(table, 2016, 2024)
    assert _number_after(text, r"About (\d+)% a year") == round(period["cagr_pct"])
    assert _number_after(text, r"total growth \(\+(\d+)%\)") == round(period["total_growth_pct"])
    assert _number_after(text, r"about (\d+)% a year, which overstates") == int(period["total_growth_pct"] / 8)


def test_lesson03_levels_and_gaps(trade_table):
    text = _prose("03")
    values = trade_table.value_usd_bn
    assert _number_after(text, r"\$([\d.]+) bn in 2018") == values[2018]
    assert _number_after(text, r"2015 \(\$([\d.]+) bn\)") == values[2015]
    assert _number_after(text, r"\$([\d.]+) bn \(2024\)") == round(values[2024], 1)
    assert _number_after(text, r"\$([\d.]+) bn \(1991\)") == values[1991]
    gaps = trade_table.index[values.isna()]
    assert "Eight gap years, all before 2013" in text and len(gaps) == 8 and gaps.max() < 2013
    assert trade.first_year_at_least(trade_table.reset_index(), 100) == 2018
    # "27.8% less than 2014's $95.28 bn is about $68.8 bn"
    assert _number_after(text, r"is about \$([\d.]+) bn") == round(values[2014] * (1 - 0.278), 1)


def test_lesson03_crude_share_stays_below_a_fifth():
    leaders = trade.crude_leaders(data.load("china_crude_imports")).set_index("year")
    assert leaders.russia_share_pct.max() < 20
    assert list(leaders.index[leaders.leader == "Saudi Arabia"]) == [2019, 2020, 2021, 2022]
    assert "**Saudi Arabia was first in 2019, 2020, 2021 and 2022**" in _prose("03")


def test_lesson04_shares():
    text = _prose("04")
    transfers = data.load("sipri_transfers")
    between = arms.share_between(transfers, "Russia", "China", 2000, 2010)
    assert "About 86% and 37%" in text
    assert (round(between["of_recipient_imports_pct"]), round(between["of_supplier_exports_pct"])) == (86, 37)
    shares = arms.shares(transfers, "Russia", "China").share_of_supplier_exports_pct
    assert _number_after(text, r"from about (\d+)% \(2000–2004\)") == round(shares["2000–2004"])
    assert _number_after(text, r"to (\d+)% \(2010–2014\)") == round(shares["2010–2014"])


def _runs(flags):
    """(first, last) year of each run of True in a boolean Series indexed by year."""
    runs, start = [], None
    for year, flag in flags.items():
        if flag and start is None:
            start = year
        if not flag and start is not None:
            runs.append((start, year - 1))
            start = None
    if start is not None:
        runs.append((start, flags.index[-1]))
    return runs


def test_lesson05_gdp_sentences():
    text = _prose("05")
    gdp = data.load("worldbank_gdp")
    china = economy.ratio(gdp, "China", "Russia")
    assert _number_after(text, r"China pulled ahead in (\d{4})") == economy.crossover_year(gdp, "China", "Russia")
    assert "by 2020 was almost ten times" in text and 9.5 <= china[2020] < 10
    assert _number_after(text, r"about ([\d.]+) times Russia's size in 2023") == round(china[2023], 1)
    india = economy.ratio(gdp, "India", "Russia").loc[1990:]
    behind_after_first_lead = _runs(india.loc[india.gt(1).idxmax():] < 1)
    said = re.search(r"India's economy first overtook Russia's in (\d{4}), fell behind again in (\d{4})–(\d{4}) and "
                     r"(\d{4})–(\d{4}), and has stayed ahead since (\d{4})", text)
    assert said, "lesson 05 no longer states India's GDP history in the tested form"
    first, a1, a2, b1, b2, since = map(int, said.groups())
    assert first == india.gt(1).idxmax()
    assert behind_after_first_lead == [(a1, a2), (b1, b2)]
    assert since == economy.crossover_year(gdp, "India", "Russia")


def test_lesson05_far_east_ratio():
    text = _prose("05")
    people = data.load("far_east_population").set_index("row_id").people
    assert _number_after(text, r"about \*\*([\d.]+) million\*\* people at the 2021 census") == round(people["FEFD11-2021"] / 1e6, 1)
    assert "The imbalance is real (about 12 to 1)" in text and round(people["NEC-2020"] / people["FEFD11-2021"]) == 12


def test_lesson00_chart_text_comes_from_data():
    nb = nbformat.read(next(NOTEBOOKS.glob("00_*.ipynb")), as_version=4)
    chart_cell = next(c.source for c in nb.cells if c.cell_type == "code" and "plots.show" in c.source
                      and "russia_china_trade" in c.source)
    assert "1991–2024" not in chart_cell and "2012 are shaded" not in chart_cell, "compute the years from the table"


def test_lesson03_years_of_decline_match_the_table(trade_table):
    """Quiz 03 and challenge 03.2 name the years trade fell and the steepest fall; both must follow the table."""
    import yaml

    growth = trade.yearly_growth(trade_table.reset_index()).set_index("year").growth_pct
    falls = [int(y) for y in growth.index[growth < 0]]
    quiz_text = (ROOT / "exercises" / "quizzes" / "03.yaml").read_text(encoding="utf-8")
    listed = ", ".join(str(y) for y in falls[:-1]) + f" and {falls[-1]}"
    assert f"it fell in {listed}," in quiz_text, f"quiz 03 should list the falls {falls}"
    challenge = next(c for c in yaml.safe_load((ROOT / "exercises" / "challenges" / "03.yaml").read_text(
        encoding="utf-8"))["challenges"] if c["id"] == "03.2")
    steepest, second = growth.sort_values().index[:2]
    assert challenge["success"].startswith(f"Right: {int(steepest)},") and f"{int(second)} (about {round(-growth[second])}%)" in challenge["success"]
    assert f"about {round(-growth[steepest])}%" in challenge["success"]
    said = _number_after(_prose("03"), r"In 2025 trade fell to \$([\d.]+) bn, its first fall since 2020")
    assert said == trade_table.value_usd_bn[2025] and falls[-2:] == [2020, 2025]


def test_lesson04_and_glossary_memberships_match_the_table():
    members = data.load("brics_sco_members")
    joined = {(r.organisation, r.country): r.joined_year for r in members.itertuples() if r.status == "member"}
    text = _prose("04")
    sco = re.search(r"the SCO, which India and Pakistan joined in (\d{4}), Iran in (\d{4}) and Belarus in (\d{4})", text)
    assert sco, "lesson 04 no longer lists the SCO's later members in the tested form"
    assert [int(y) for y in sco.groups()] == [joined["SCO", c] for c in ("India", "Iran", "Belarus")]
    assert joined["SCO", "Pakistan"] == joined["SCO", "India"]
    brics = re.search(r"from (\d{4}) took in Egypt, Ethiopia, Iran and the United Arab Emirates, with Indonesia in "
                      r"January (\d{4})", text)
    assert brics, "lesson 04 no longer lists BRICS's new members in the tested form"
    new_2024 = sorted(c for (o, c), y in joined.items() if o == "BRICS" and y == int(brics.group(1)))
    assert new_2024 == ["Egypt", "Ethiopia", "Iran", "United Arab Emirates"]
    assert joined["BRICS", "Indonesia"] == int(brics.group(2))
    assert not members[(members.country == "Saudi Arabia") & (members.organisation == "BRICS")].status.eq("member").any()
    glossary = (ROOT / "book" / "glossary.md").read_text(encoding="utf-8")
    for country in ("Iran", "Belarus"):
        year = joined["SCO", country]
        assert re.search(rf"{country}[^.;]*{year}", glossary), f"glossary: {country} joined the SCO in {year}"


@pytest.mark.parametrize("table,key_column,key", [
    ("timeline", "event_id", "E04"), ("timeline", "event_id", "E12"), ("timeline", "event_id", "E20"),
    ("treaties", "treaty_id", "T1860"), ("joint_exercises", "name", "First joint strategic air patrol"),
    ("russia_china_trade", "year", 2014), ("russia_china_trade", "year", 2015)])
def test_re_sourced_rows_cite_no_mirror(table, key_column, key):
    """Rows the 2026 re-check moved from a mirror to an original must not slide back."""
    url = data.load(table).set_index(key_column).loc[key, "source_url"]
    assert not any(d in url for d in WEAK_DOMAINS), f"{table} {key}: {url}"
