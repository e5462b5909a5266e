"""Load the course's tables as typed pandas frames, checked against ``data/datapackage.json``.

``datapackage.json`` follows the Frictionless Data Package standard; the tests also validate every
table with the ``frictionless`` library. This loader is our own because lessons need typed pandas
frames fast (importing frictionless costs about a second per notebook) and errors that tell a
student or maintainer exactly which file, row and column to fix.

    >>> trade = load("russia_china_trade")
    >>> trade.loc[trade.year == 2018, "value_usd_bn"]
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

import pandas as pd

from .. import paths

__all__ = ["DataError", "load", "tables", "resource", "citation", "geojson"]


class DataError(ValueError):
    """A table is missing, unknown, or does not match its description in datapackage.json."""


def _read_package(package_path: Path) -> dict:
    try:
        return json.loads(package_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"{package_path} not found: the data package description is missing.") from None
    except json.JSONDecodeError as err:
        raise DataError(f"{package_path} is not valid JSON (line {err.lineno}): {err.msg}.") from None


def _package(package_path: Path | None = None) -> dict:
    return _read_package(package_path or paths.DATAPACKAGE)


def tables(package_path: Path | None = None) -> list[str]:
    """Return the names of all resources in the data package, in their listed order."""
    return [res["name"] for res in _package(package_path)["resources"]]


def resource(name: str, package_path: Path | None = None) -> dict:
    """Return the datapackage.json entry of one resource, or raise DataError listing the known names."""
    package = _package(package_path)
    for res in package["resources"]:
        if res["name"] == name:
            return res
    known = ", ".join(res["name"] for res in package["resources"])
    raise DataError(f"Unknown table {name!r}. Known tables: {known}.")


def citation(name: str, package_path: Path | None = None) -> str:
    """A one-line source credit for a resource, e.g. for a chart's source line."""
    res = resource(name, package_path)
    titles = "; ".join(src["title"] for src in res.get("sources", []))
    return titles or res.get("title", name)


def sha256_of(path: Path) -> str:
    """The hex SHA-256 digest of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _check_file(res: dict, base: Path) -> Path:
    path = base / res["path"]
    if not path.is_file():
        raise DataError(f"data/{res['path']} is missing: table {res['name']!r} is listed in datapackage.json.")
    expected = res.get("hash", "").removeprefix("sha256:")
    if expected and sha256_of(path) != expected:
        raise DataError(
            f"data/{res['path']}: checksum mismatch. The file changed since datapackage.json was written. "
            "If the change is intended, update its 'hash' (python -m course.site.datapackage --rehash)."
        )
    return path


_MISSING = {""}


def _convert(column: pd.Series, field: dict, where) -> pd.Series:
    """Convert one column of strings to the field's type; raise DataError at the first bad cell."""
    kind = field.get("type", "string")
    present = ~column.isin(_MISSING)
    if kind == "string":
        return column.where(present, None).astype("string")
    if kind in ("integer", "number", "year"):
        values = pd.to_numeric(column.where(present, None), errors="coerce")
        bad = present & values.isna()
        if kind in ("integer", "year") and not bad.any():
            bad = present & (values != values.round())
        if bad.any():
            row = bad.idxmax()
            word = "a whole number" if kind in ("integer", "year") else "a number"
            raise DataError(f"{where(row)}: {column[row]!r} is not {word}.")
        if kind in ("integer", "year"):
            return values.astype("Int64") if (~present).any() else values.astype("int64")
        return values.astype("float64")
    if kind == "date":
        values = pd.to_datetime(column.where(present, None), format="%Y-%m-%d", errors="coerce")
        bad = present & values.isna()
        if bad.any():
            row = bad.idxmax()
            raise DataError(f"{where(row)}: {column[row]!r} is not a date in the form YYYY-MM-DD.")
        return values
    if kind == "boolean":
        truthy, falsy = field.get("trueValues", ["true"]), field.get("falseValues", ["false"])
        bad = present & ~column.isin(truthy + falsy)
        if bad.any():
            row = bad.idxmax()
            raise DataError(f"{where(row)}: {column[row]!r} is not one of {truthy + falsy}.")
        return column.isin(truthy).where(present, None).astype("boolean")
    raise DataError(f"{where(None)}: unsupported field type {kind!r} in datapackage.json.")


def _check_constraints(frame: pd.DataFrame, raw: pd.DataFrame, fields: list[dict], where_for) -> None:
    for field in fields:
        name, rules = field["name"], field.get("constraints", {})
        where = where_for(name)
        missing = raw[name].isin(_MISSING)
        if rules.get("required") and missing.any():
            raise DataError(f"{where(missing.idxmax())}: a value is required but the cell is empty.")
        if "enum" in rules:
            bad = ~missing & ~raw[name].isin([str(v) for v in rules["enum"]])
            if bad.any():
                row = bad.idxmax()
                raise DataError(f"{where(row)}: {raw[name][row]!r} is not one of {rules['enum']}.")
        for bound, test in (("minimum", lambda s, b: s < b), ("maximum", lambda s, b: s > b)):
            if bound in rules:
                bad = (~missing & test(frame[name], rules[bound])).fillna(False).astype(bool)
                if bad.any():
                    row = bad.idxmax()
                    raise DataError(f"{where(row)}: {raw[name][row]} is outside the allowed {bound} {rules[bound]}.")
        if rules.get("unique"):
            dup = ~missing & raw[name].duplicated(keep="first")
            if dup.any():
                row = dup.idxmax()
                raise DataError(f"{where(row)}: {raw[name][row]!r} appears twice; values must be unique.")


def read_table(res: dict, base: Path) -> pd.DataFrame:
    """Read and check one tabular resource against its schema (no cache). Raises DataError."""
    path = _check_file(res, base)
    fields = res["schema"]["fields"]
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except UnicodeDecodeError as err:
        raise DataError(f"data/{res['path']}: not UTF-8 text ({err.reason} at byte {err.start}).") from None
    except pd.errors.ParserError as err:
        raise DataError(f"data/{res['path']}: not a well-formed CSV file ({err}).") from None
    expected = [f["name"] for f in fields]
    if list(raw.columns) != expected:
        missing = [c for c in expected if c not in raw.columns]
        extra = [c for c in raw.columns if c not in expected]
        raise DataError(
            f"data/{res['path']}: columns do not match datapackage.json. "
            f"Missing: {missing or 'none'}; unexpected: {extra or 'none'}; expected order: {expected}."
        )

    def where_for(column):
        def where(row):
            at = f", row {row + 2}" if row is not None else ""  # +2: 1-based, after the header line
            return f"data/{res['path']}{at}, column {column!r}"
        return where

    frame = pd.DataFrame({f["name"]: _convert(raw[f["name"]], f, where_for(f["name"])) for f in fields})
    _check_constraints(frame, raw, fields, where_for)
    return frame


@cache
def _cached(name: str, mtime_ns: int) -> pd.DataFrame:
    return read_table(resource(name), paths.DATA)


def load(name: str) -> pd.DataFrame:
    """Load a table from ``data/`` by its name in datapackage.json, typed and checked.

    Missing values stay missing (NaN / <NA>). Raises DataError naming the file, row and
    column of the first problem, or listing the known table names if ``name`` is unknown.
    """
    res = resource(name)
    if res.get("format", "csv") != "csv":
        raise DataError(f"{name!r} is not a table ({res.get('format')}); use data.geojson({name!r}).")
    path = paths.DATA / res["path"]
    mtime = path.stat().st_mtime_ns if path.exists() else 0
    return _cached(name, mtime).copy()


def geojson(name: str) -> dict:
    """Load a GeoJSON resource (country outlines, rivers, places) after checking its checksum."""
    res = resource(name)
    if res.get("format") != "geojson":
        raise DataError(f"{name!r} is a table, not GeoJSON; use data.load({name!r}).")
    path = _check_file(res, paths.DATA)
    return json.loads(path.read_text(encoding="utf-8"))
