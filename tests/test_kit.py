"""The course kit: plots, timeline logic, the explorer widget, maps."""

from __future__ import annotations

import pandas as pd
import pytest
from shapely.geometry import Point

from course.kit import data, maps, plots, timeline, explorers


def _events():
    return pd.DataFrame({
        "event_id": ["E1", "E2", "E3", "E4"], "year": [1689, 1858, 1969, 2001],
        "date_as_given": ["1689", "1858", "1969", "2001"], "title": ["A", "B", "C", "D"],
        "description": ["a", "b", "c <script>", "d"],
        "theme": ["border and treaties", "border and treaties", "conflict", "diplomacy"],
        "source_url": ["http://x ; http://y", "http://z", "http://w", "http://v"],
    })


# --- plots ---------------------------------------------------------------------------------
def test_chart_carries_caption_source_and_alt():
    fig, ax = plots.new()
    ax.plot([1, 2], [3, 4])
    chart = plots.show(fig, caption="Cap", source="russia_china_trade", alt="A rising line")
    html = chart._repr_html_()
    assert chart.png.startswith(b"\x89PNG")
    assert 'alt="A rising line"' in html and "<figcaption" in html and "Cap" in html
    assert "Course fact check" in chart.source, "a table name expands to its citation"


@pytest.mark.parametrize("missing", ["caption", "source", "alt"])
def test_chart_refuses_missing_words(missing):
    fig, _ = plots.new()
    words = {"caption": "c", "source": "s", "alt": "a"} | {missing: "  "}
    with pytest.raises(ValueError, match=missing):
        plots.show(fig, **words)


def test_alt_text_is_escaped():
    fig, _ = plots.new()
    html = plots.show(fig, caption="c", source="s", alt='say "hi" <b>').__dict__["alt"]
    assert html == 'say "hi" <b>'
    fig, _ = plots.new()
    assert 'alt="say &quot;hi&quot; &lt;b&gt;"' in plots.show(fig, caption="c", source="s", alt='say "hi" <b>')._repr_html_()


def test_mark_gaps_counts_missing_years():
    fig, ax = plots.new()
    trade = data.load("russia_china_trade")
    assert plots.mark_gaps(ax, trade.year, trade.value_usd_bn) == trade.value_usd_bn.isna().sum() > 0


def test_each_country_keeps_its_own_palette_colour():
    """Russia, China and India are told apart by colour in every chart: never two alike, never off the palette."""
    countries = {k: v for k, v in plots.COUNTRY.items() if k in ("Russia", "China", "India")}
    assert len(set(countries.values())) == 3, countries
    assert set(countries.values()) <= set(plots.PALETTE.values()), countries


# --- timeline logic ------------------------------------------------------------------------
def test_filter_by_years_and_theme():
    events = _events()
    assert list(timeline.filter_events(events, 1600, 1900).title) == ["A", "B"]
    assert list(timeline.filter_events(events, 1600, 2024, ["conflict"]).title) == ["C"]
    assert list(timeline.filter_events(events, 1600, 2024, []).title) == ["A", "B", "C", "D"]


def test_filter_errors_are_clear():
    with pytest.raises(ValueError, match="after end"):
        timeline.filter_events(_events(), 2000, 1900)
    with pytest.raises(ValueError, match="Unknown theme"):
        timeline.filter_events(_events(), 1600, 2024, ["sport"])


def test_eras_cover_the_data_without_overlap():
    years = data.load("timeline").year
    assert all(timeline.era_of(int(y)) for y in years)
    assert timeline.era_of(1950) == "alliance-split" and timeline.era_of(1949) == "treaties"
    with pytest.raises(ValueError):
        timeline.era_of(1500)


def test_event_list_escapes_and_links():
    html = timeline.event_list_html(_events())
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert html.count("[source]") == 5
    assert "No events match" in timeline.event_list_html(_events().iloc[0:0])


def test_timeline_chart_alt_lists_the_years():
    chart = timeline.chart(_events())
    assert chart.alt.startswith("Time axis of 4 events (1689–2001) in 3 themes")
    assert "conflict: 1969" in chart.alt


def test_explorer_default_view_and_reaction():
    box = explorers.timeline_explorer(start=1858, end=1860)
    slider = next(c for c in box.children if getattr(c, "description", "") == "Years")
    assert slider.value == (1858, 1860)
    slider.value = (1689, 1700)  # the observer redraws without error
    era = next(c for c in box.children if getattr(c, "description", "") == "Era")
    era.value = "alliance-split"
    assert slider.value == (1950, 1988)


# --- maps ----------------------------------------------------------------------------------
def test_cession_sketch_sits_in_russia_and_north_east():
    parts = maps.cessions_1858_1860()
    russia = maps.countries()["Russia"]
    for name, geom in parts.items():
        assert not geom.is_empty, name
        assert geom.difference(russia).area < 1e-6, f"{name} must lie within today's Russia"
    aigun, peking = parts["Aigun 1858"], parts["Peking 1860"]
    assert aigun.centroid.y > peking.centroid.y, "Aigun's band lies north of the Peking cession"
    assert peking.contains(Point(131.91, 43.13)), "Vladivostok lies in the Peking cession"


def test_india_maps_carry_the_disclaimer():
    assert maps.shows_india((60, 100, 5, 40)) and not maps.shows_india((108, 148, 36, 60))
    fig, ax = maps.base_map((60, 100, 5, 40), highlight=("India",))
    texts = " ".join(t.get_text() for t in ax.texts)
    assert "illustrative and not authoritative" in texts and "Aksai Chin" in texts
    fig2, ax2 = maps.base_map((108, 148, 36, 60))
    assert "illustrative" not in " ".join(t.get_text() for t in ax2.texts)


def test_cessions_map_is_a_captioned_chart():
    chart = maps.cessions_map()
    assert "600,000" in chart.alt and "400,000" in chart.alt and "illustrative" in chart.caption
