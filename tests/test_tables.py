"""course.kit.tables: how a lesson's tables display (whole cells, no row numbers, a readable missing mark)."""

from __future__ import annotations

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from IPython.core.formatters import DisplayFormatter

from course.kit import data, tables


def _cells(html: str) -> list[str]:
    return [td.get_text() for td in BeautifulSoup(html, "html.parser").find_all("td")]


def test_a_long_cell_is_shown_whole():
    evidence = data.load("ach_evidence")
    longest = evidence.evidence[evidence.evidence.str.len().idxmax()]
    assert len(longest) > 50, "the test needs a cell pandas would cut"
    html = tables.to_html(evidence[["item_id", "evidence"]])
    assert longest in _cells(html) and "..." not in html
    with pd.option_context("display.max_colwidth", 50):  # pandas' default: the cut this module avoids
        assert longest not in _cells(evidence[["item_id", "evidence"]]._repr_html_())


def test_row_numbers_are_hidden_and_a_meaningful_index_kept():
    treaties = data.load("treaties")
    late = treaties[treaties.year >= 1991][["name", "year"]]  # an index of leftover positions, not 0, 1, 2 …
    soup = BeautifulSoup(tables.to_html(late), "html.parser")
    assert soup.find("tbody").find("th") is None, "row positions mean nothing to a reader"
    by_year = late.set_index("year")
    soup = BeautifulSoup(tables.to_html(by_year), "html.parser")
    assert [th.get_text() for th in soup.find("tbody").find_all("th")] == [str(y) for y in by_year.index]
    labelled = pd.Series([1.5, 2.0], index=["alliance", "rivalry"], name="score")
    assert [th.get_text() for th in BeautifulSoup(tables.to_html(labelled), "html.parser").find("tbody").find_all("th")] \
        == ["alliance", "rivalry"]


@pytest.mark.parametrize("missing", [float("nan"), pd.NA, None])
def test_a_missing_value_is_a_dash_explained_once(missing):
    frame = pd.DataFrame({"a": pd.array([1, None], dtype="Int64"), "b": ["x", missing], "c": [1.5, missing]},
                         dtype=object).astype({"a": "Int64"})
    html = tables.to_html(frame)
    assert _cells(html) == ["1", "x", "1.5", tables.MISSING, tables.MISSING, tables.MISSING]
    text = BeautifulSoup(html, "html.parser").get_text()
    assert text.count("no value in the table") == 1
    for raw in ("NaN", "<NA>", "None"):
        assert raw not in " ".join(_cells(html)), raw


def test_no_note_without_a_missing_value_and_values_untouched():
    frame = pd.DataFrame({"x": [1.0, float("nan")]})
    assert "no value" not in tables.to_html(frame.dropna())
    tables.to_html(frame)
    assert frame.x.isna().tolist() == [False, True], "display only: the data keep pandas' own missing value"


def test_a_series_is_a_table_with_its_name():
    growth = pd.Series([5.0, None], index=pd.Index([2015, 2016], name="year"), name="growth_pct")
    soup = BeautifulSoup(tables.to_html(growth), "html.parser")
    assert "growth_pct" in soup.find("thead").get_text() and _cells(str(soup)) == ["5.0", tables.MISSING]


def test_install_routes_frames_through_the_hook_in_a_kernel(monkeypatch):
    class Shell:
        display_formatter = DisplayFormatter()

    import IPython
    monkeypatch.setattr(IPython, "get_ipython", lambda: Shell)
    with pd.option_context("display.max_colwidth", 50):  # install() sets it; leave pandas as the test found it
        assert tables.install()
        assert pd.get_option("display.max_colwidth") is None
    formatted, _ = Shell.display_formatter.format(pd.DataFrame({"a": [1.0, None]}))
    assert formatted["text/html"] == tables.to_html(pd.DataFrame({"a": [1.0, None]}))
    monkeypatch.setattr(IPython, "get_ipython", lambda: None)
    assert not tables.install(), "outside a kernel (a script, the grader) nothing is installed"
