"""The freshness report and each lesson's "Evidence to …" line follow the data, read from their declarations."""

from __future__ import annotations

import json
import re

import pytest

from course.kit import data
from course.site import freshness
from course.site.freshness import FreshnessError, Observed

from support import HTML, LESSONS, ROOT, read_package


@pytest.mark.parametrize("value, expected", [
    (2025, Observed(2025, 12, has_month=False)),
    ("2025-12-04", Observed(2025, 12)),
    ("2026-04", Observed(2026, 4)),
    ("FY2024-25", Observed(2025, 3)),  # April 2024 to March 2025
    ("Jan-Apr 2026", Observed(2026, 4)),
    ("2026-01..2026-04", Observed(2026, 4)),
    ("end of 2024", Observed(2024, 12, has_month=False)),
    ("", None), (None, None), (float("nan"), None), ("no date here", None),
])
def test_parse_reads_the_end_of_each_period(value, expected):
    assert freshness.parse(value) == expected


def test_a_fiscal_year_is_older_than_the_calendar_year_it_ends_in():
    assert freshness.parse("FY2024-25") < freshness.parse(2025)
    assert freshness.parse("FY2024-25").label == "March 2025"
    assert freshness.parse(2025).label == "2025"


def _fixture(tmp_path, rows: str, observed="period"):
    """A data folder with one table, ``trade`` (columns period, value), and a lesson that uses it."""
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "trade.csv").write_text("period,value\n" + rows, encoding="utf-8")
    package = {"name": "fixture", "resources": [
        {"name": "trade", "observed": observed, "path": "trade.csv", "format": "csv", "retrieved": "2026-06-01",
         "hash": "sha256:" + data.sha256_of(folder / "trade.csv"),
         "schema": {"fields": [{"name": "period", "type": "string"}, {"name": "value", "type": "number"}]}},
        {"name": "claims", "observed": None, "path": "trade.csv", "format": "csv",
         "hash": "sha256:" + data.sha256_of(folder / "trade.csv"),
         "schema": {"fields": [{"name": "period", "type": "string"}, {"name": "value", "type": "number"}]}},
    ]}
    (folder / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    lesson = {"cells": [], "metadata": {"course": {"lesson": "09", "tables": ["trade", "claims"]}},
              "nbformat": 4, "nbformat_minor": 5}
    (notebooks / "09_fixture.ipynb").write_text(json.dumps(lesson), encoding="utf-8")
    return folder, notebooks


def test_report_follows_a_data_edit(tmp_path):
    """Adding next month's row moves the table's newest observation and the lesson's evidence date."""
    folder, notebooks = _fixture(tmp_path, "2025,1.0\nJan-Feb 2026,2.0\n")
    assert freshness.newest("trade", folder) == Observed(2026, 2)
    report = freshness.report(folder, notebooks)
    assert re.search(r"^trade\s+February 2026\s+2026-06-01\s+09$", report, re.M), report
    assert re.search(r"^claims\s+not dated", report, re.M), report
    assert re.search(r"^09\s+February 2026$", report, re.M), report

    with (folder / "trade.csv").open("a", encoding="utf-8") as table:
        table.write("Jan-Apr 2026,3.0\n")
    package = read_package(folder)
    for res in package["resources"]:
        res["hash"] = "sha256:" + data.sha256_of(folder / "trade.csv")
    (folder / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    assert freshness.evidence_to(["trade", "claims"], folder) == Observed(2026, 4)
    assert re.search(r"^09\s+April 2026$", freshness.report(folder, notebooks), re.M)


def test_a_table_without_a_declaration_is_named(tmp_path):
    folder, _ = _fixture(tmp_path, "2025,1.0\n")
    package = read_package(folder)
    del package["resources"][0]["observed"]
    (folder / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    with pytest.raises(FreshnessError, match=r"'trade' has no 'observed' property"):
        freshness.newest("trade", folder)


@pytest.mark.parametrize("observed, message", [("year", r"no column 'year'"),
                                              ("value", r"no value of value reads as a year")])
def test_a_wrong_declaration_says_what_to_fix(tmp_path, observed, message):
    folder, _ = _fixture(tmp_path, "2025,1.0\n", observed=observed)
    with pytest.raises(FreshnessError, match=message):
        freshness.newest("trade", folder)


def test_every_table_of_the_course_declares_how_its_rows_are_dated():
    """A new table must say which field dates it (or null), or the report and the lessons' dates would skip it."""
    undeclared = [r["name"] for r in read_package(ROOT / "data")["resources"] if "observed" not in r]
    assert not undeclared, f"add an 'observed' property to: {undeclared}"
    for name in data.tables():
        freshness.newest(name)  # raises, naming the table, if a declaration is wrong


def test_the_command_prints_every_table_and_lesson(capsys):
    assert freshness.main([]) == 0
    out = capsys.readouterr().out
    for name in data.tables():
        assert re.search(rf"^{name}\s", out, re.M), name
    for lesson in freshness.lesson_tables():
        assert re.search(rf"^{lesson}\s", out, re.M), lesson


@pytest.mark.book
@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_each_lesson_page_states_its_evidence_date(lesson):
    """The line under the title is computed at build time from the tables the lesson's metadata lists."""
    meta = json.loads(lesson.read_text(encoding="utf-8"))["metadata"]["course"]
    expected = freshness.evidence_to(meta.get("tables", []))
    page = (HTML / "notebooks" / f"{lesson.stem}.html").read_text(encoding="utf-8")
    if expected is None:
        assert "Evidence to" not in page
    else:
        assert f"Evidence to {expected.label}" in page, lesson.stem
