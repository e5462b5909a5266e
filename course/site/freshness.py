"""How current the course is: each table's newest observation, its sources' date, and the lessons that use it.

A table says which of its fields dates an observation with the resource property ``observed`` in
``data/datapackage.json`` (``"observed": "year"``; a list, ``["date", "year"]``, where each row is dated by the first
of them it fills; or ``null`` for a table that does not date its rows, such as a list of claims). Its sources' date is the resource's ``retrieved``. A lesson lists its
tables in its notebook metadata (``course.tables``); its "Evidence to …" line is the newest observation among them.

    python -m course.site.freshness          # the report, one row a table, then one a lesson
    make freshness                           # the same

The values a table uses to date its rows come in the forms the sources give: a year (``2025``), a date
(``2025-12-04``), a month (``2026-04``, ``Dec 2025``), an Indian fiscal year (``FY2024-25``, April to March), or a period that
ends with one of these (``2026-01..2026-04``, ``end of 2024``). Every value is read as the month it ends in, so that
a fiscal year and a calendar year compare correctly; a value in none of these forms is left out, and a table none of
whose values can be read is an error that names the table and the field.

The Sphinx side (:func:`setup`) writes the "Evidence to …" line under each lesson's title at build time, so the next
data edit moves it without a prose edit.
"""

from __future__ import annotations

import calendar
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import paths
from ..kit import data

MONTH = re.compile(r"(?<!\d)(\d{4})-(0[1-9]|1[0-2])(?:-\d{2})?(?!\d)")
FISCAL = re.compile(r"FY\s?(\d{4})-(\d{2})", re.IGNORECASE)
NAMED_MONTH = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(\d{4})\b", re.IGNORECASE)
MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
YEAR = re.compile(r"(?<!\d)(1[6-9]\d{2}|20\d{2})(?!\d)")


class FreshnessError(ValueError):
    """A table's ``observed`` declaration is missing, names no field, or dates no row."""


@dataclass(frozen=True, order=True)
class Observed:
    """The end of an observation period: a year and a month, and whether the source gave the month."""

    year: int
    month: int
    has_month: bool = True

    @property
    def label(self) -> str:
        """``May 2026`` where the month is known, else ``2025``."""
        return f"{calendar.month_name[self.month]} {self.year}" if self.has_month else str(self.year)


def parse(value) -> Observed | None:
    """The end of the period a value names, or ``None`` when it names none (see the module's forms)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = str(value).strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        text = str(int(value))
    fiscal = FISCAL.search(text)
    if fiscal:  # India's fiscal year runs April to March: FY2024-25 ends in March 2025
        return Observed(int(fiscal.group(1)) + 1, 3)
    months = MONTH.findall(text)
    if months:
        return max(Observed(int(y), int(m)) for y, m in months)
    named = NAMED_MONTH.findall(text)
    if named:
        return max(Observed(int(y), MONTHS[m[:3].lower()]) for m, y in named)
    years = YEAR.findall(text)
    if years:
        return Observed(max(int(y) for y in years), 12, has_month=False)
    return None


def observed_fields(res: dict) -> list[str]:
    """The fields that date a resource's rows, as declared (empty: not dated); raise if it declares nothing."""
    if "observed" not in res:
        raise FreshnessError(
            f"data/datapackage.json: resource {res['name']!r} has no 'observed' property. Add "
            "\"observed\": \"<field that dates each row>\" (or null if its rows are not dated).")
    declared = res["observed"]
    return [] if declared is None else [declared] if isinstance(declared, str) else list(declared)


def _package_path(folder: Path | None) -> Path | None:
    return folder / paths.DATAPACKAGE.name if folder else None


def newest(name: str, folder: Path | None = None) -> Observed | None:
    """A table's newest observation, or ``None`` for a table whose rows are not dated (``folder``: a data folder
    other than the course's ``data/``, e.g. a test's fixture)."""
    res = data.resource(name, _package_path(folder))
    fields = observed_fields(res)
    if not fields:
        return None
    frame = data.read_table(res, folder) if folder else data.load(name)
    missing = [f for f in fields if f not in frame.columns]
    if missing:
        raise FreshnessError(f"data/datapackage.json: resource {name!r} says 'observed': {res['observed']!r}, "
                             f"but the table has no column {missing[0]!r} (it has {', '.join(frame.columns)}).")
    found = []
    for _, row in frame[fields].iterrows():
        found += [o for o in (parse(row[f]) for f in fields) if o is not None][:1]
    if not found:
        raise FreshnessError(f"data/{res['path']}: no value of {', '.join(fields)} reads as a year, month, date or "
                             "fiscal year; fix the column or the 'observed' property.")
    return max(found)


def lesson_tables(notebooks: Path | None = None) -> dict[str, list[str]]:
    """Each lesson's id (``00``…) and the tables its metadata lists, in lesson order."""
    folder = notebooks or paths.NOTEBOOKS
    found = {}
    for path in sorted(folder.glob("*.ipynb")):
        meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get("course", {})
        if meta.get("tables"):
            found[meta.get("lesson", path.stem)] = list(meta["tables"])
    return found


def evidence_to(tables: list[str], folder: Path | None = None) -> Observed | None:
    """The newest observation among some tables (a lesson's), or ``None`` if none of them is dated."""
    dated = [o for o in (newest(t, folder) for t in tables) if o is not None]
    return max(dated) if dated else None


def report(folder: Path | None = None, notebooks: Path | None = None) -> str:
    """The freshness report: per table its newest observation, sources' date and lessons; then per lesson."""
    uses = lesson_tables(notebooks)
    lines = [f"{'table':36} {'newest observation':20} {'sources retrieved':18} lessons"]
    for name in data.tables(_package_path(folder)):
        res = data.resource(name, _package_path(folder))
        seen = newest(name, folder)
        lessons = ", ".join(lesson for lesson, tables in uses.items() if name in tables) or "-"
        lines.append(f"{name:36} {seen.label if seen else 'not dated':20} {res.get('retrieved', '-'):18} {lessons}")
    lines += ["", f"{'lesson':8} evidence to"]
    for lesson, tables in uses.items():
        seen = evidence_to(tables, folder)
        lines.append(f"{lesson:8} {seen.label if seen else '-'}")
    return "\n".join(lines)


# --- the "Evidence to …" line on each lesson page ---------------------------------------------------------------

def add_evidence_line(app, doctree, docname):
    """Under a lesson's title, a line saying how recent its evidence is (computed from the tables it uses)."""
    from docutils import nodes

    match = re.fullmatch(r"notebooks/(.+)", docname)
    if not match:
        return
    tables = lesson_tables().get(_lesson_id(app, docname))
    if not tables:
        return
    seen = evidence_to(tables)
    if seen is None:
        return
    title = next(iter(doctree.findall(nodes.title)), None)
    if title is None:
        return
    line = nodes.paragraph(classes=["course-evidence-to"])
    line += nodes.strong(text=f"Evidence to {seen.label}")
    line += nodes.Text(" (the newest figure or event in this lesson's data; each table's sources are on the "
                       "Data sources page)")
    section = title.parent
    section.insert(section.index(title) + 1, line)


def _lesson_id(app, docname: str) -> str | None:
    path = Path(app.srcdir) / f"{docname}.ipynb"
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get("course", {}).get("lesson")


def setup(app):
    """Sphinx extension: the "Evidence to …" line on every lesson page."""
    app.connect("doctree-resolved", add_evidence_line)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def main(argv: list[str] | None = None) -> int:
    """Print the freshness report; exit 2 with the reason if a table's declaration is wrong."""
    try:
        print(report())
    except (FreshnessError, data.DataError) as err:
        print(f"freshness: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
