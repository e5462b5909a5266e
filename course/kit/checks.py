"""Check functions, shared by the lessons' challenges and the grader. They judge plain values (see
:func:`course.kit.values.encode`), never a student's objects, so no student code runs during a comparison;
the grader runs them in its own process on the values its sandbox reported.

A value is a dict with a type tag ``t``: ``number`` (``v``), ``str``, ``bool``, ``none``, ``list``
(``v``: list of values), ``table`` (``columns``, ``rows``), ``series`` (``index``, ``values``),
``chart`` (``caption``, ``source``, ``alt``), ``figure`` (``title``, ``xlabel``, ``ylabel``, ``texts``),
``unsupported`` (``type``).
"""

from __future__ import annotations

import math


def _number(value):
    return value.get("v") if value.get("t") == "number" and isinstance(value.get("v"), (int, float)) else None


def _plain(value):
    """A value as plain Python (numbers, strings, lists), for equality checks."""
    t = value.get("t")
    if t in ("number", "str", "bool"):
        return value.get("v")
    if t == "list":
        return [_plain(v) for v in value.get("v", [])]
    return None


def is_number(value, spec, expected=None):
    """The answer is a finite number."""
    n = _number(value)
    return n is not None and math.isfinite(n)


def between(value, spec, expected=None):
    """The number lies in [min, max]."""
    n = _number(value)
    return n is not None and spec.get("min", -math.inf) <= n <= spec.get("max", math.inf)


def close(value, spec, expected=None):
    """The number is within ``tolerance`` (absolute) of the expected value."""
    n = _number(value)
    return n is not None and expected is not None and abs(n - float(expected)) <= spec.get("tolerance", 1e-9)


def equals(value, spec, expected=None):
    """Plain equality with the expected value (numbers, strings, lists of them)."""
    got = _plain(value)
    if isinstance(expected, tuple):
        expected = list(expected)
    return got is not None and got == expected


def same_items(value, spec, expected=None):
    """A list with the same items as expected, in any order."""
    got = _plain(value)
    return isinstance(got, list) and sorted(map(str, got)) == sorted(map(str, expected or []))


def is_list(value, spec, expected=None):
    """A list or tuple."""
    return value.get("t") == "list"


def is_text(value, spec, expected=None):
    """A non-empty string."""
    return value.get("t") == "str" and bool(str(value.get("v", "")).strip())


def min_words(value, spec, expected=None):
    """A string of at least ``words`` words."""
    return value.get("t") == "str" and len(str(value.get("v", "")).split()) >= spec.get("words", 1)


def mentions(value, spec, expected=None):
    """A string that mentions every word in ``words`` (case-insensitive)."""
    text = str(value.get("v", "")).lower() if value.get("t") == "str" else ""
    return bool(text) and all(w.lower() in text for w in spec.get("words", []))


def is_table(value, spec, expected=None):
    """A pandas DataFrame."""
    return value.get("t") == "table"


def has_columns(value, spec, expected=None):
    """A table with all of ``columns``."""
    return value.get("t") == "table" and set(spec.get("columns", [])) <= set(map(str, value.get("columns", [])))


def column_close(value, spec, expected=None):
    """A table whose ``column``, row by row, is within ``tolerance`` of the expected list."""
    if value.get("t") != "table" or spec.get("column") not in value.get("columns", []):
        return False
    i = value["columns"].index(spec["column"])
    got = [row[i] for row in value.get("rows", [])]
    expected = list(expected or [])
    if len(got) != len(expected):
        return False
    tol = spec.get("tolerance", 1e-9)
    return all(isinstance(g, (int, float)) and isinstance(e, (int, float)) and abs(g - e) <= tol for g, e in zip(got, expected))


def row_count(value, spec, expected=None):
    """A table (or list) with as many rows as expected."""
    if value.get("t") == "table":
        return len(value.get("rows", [])) == expected
    if value.get("t") == "list":
        return len(value.get("v", [])) == expected
    return False


def is_chart(value, spec, expected=None):
    """A course chart (plots.show) or a matplotlib figure."""
    return value.get("t") in ("chart", "figure")


def labelled_chart(value, spec, expected=None):
    """A chart with a caption or title, a source line, and axis labels or alt text."""
    if value.get("t") == "chart":
        return all(str(value.get(k, "")).strip() for k in ("caption", "source", "alt"))
    if value.get("t") == "figure":
        texts = " ".join(value.get("texts", [])).lower()
        return bool(value.get("title")) and bool(value.get("xlabel") or value.get("ylabel")) and "source" in texts
    return False


CHECKS = {f.__name__: f for f in (is_number, between, close, equals, same_items, is_list, is_text, min_words, mentions,
                                   is_table, has_columns, column_close, row_count, is_chart, labelled_chart)}
