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


# Checks of shape and range: they catch a plainly wrong answer (a row lost, a share out of 0–100, years out of order)
# without comparing it with the expected value, so an assignment's public checks can use them and reveal nothing.


def _items(value, column=None):
    """A table's ``column`` or a list's items, as plain Python; None if there is no such column or list."""
    if value.get("t") == "table":
        if column not in value.get("columns", []):
            return None
        i = value["columns"].index(column)
        return [row[i] for row in value.get("rows", [])]
    if value.get("t") == "list" and column is None:
        return [_plain(v) for v in value.get("v", [])]
    return None


def _finite(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def size_between(value, spec, expected=None):
    """A table with ``min`` to ``max`` rows, or a list with ``min`` to ``max`` items (bounds the question states)."""
    if value.get("t") == "table":
        size = len(value.get("rows", []))
    elif value.get("t") == "list":
        size = len(value.get("v", []))
    else:
        return False
    return spec.get("min", 0) <= size <= spec.get("max", math.inf)


def values_between(value, spec, expected=None):
    """Every value of ``column`` (or every item of a list) is a number in [``min``, ``max``]: none missing."""
    items = _items(value, spec.get("column"))
    lo, hi = spec.get("min", -math.inf), spec.get("max", math.inf)
    return bool(items) and all(_finite(x) and lo <= x <= hi for x in items)


def ascending(value, spec, expected=None):
    """The values of ``column`` (or a list's items) rise strictly from row to row: in order, none repeated."""
    items = _items(value, spec.get("column"))
    return bool(items) and all(_finite(x) for x in items) and all(a < b for a, b in zip(items, items[1:]))


def items_are(value, spec, expected=None):
    """The values of ``column`` (or a list's items) are exactly ``words``, in that order: labels the question lists."""
    items = _items(value, spec.get("column"))
    label = lambda x: str(int(x)) if _finite(x) and float(x).is_integer() else str(x).strip()  # noqa: E731 - 2000.0 is "2000"
    return items is not None and [label(x) for x in items] == [str(w) for w in spec.get("words", [])]


def excludes(value, spec, expected=None):
    """No value of ``column`` (or item of a list) is one of ``words``, e.g. a name the question rules out."""
    items = _items(value, spec.get("column"))
    return bool(items) and not {str(x).strip().lower() for x in items} & {str(w).lower() for w in spec.get("words", [])}


CHECKS = {f.__name__: f for f in (is_number, between, close, equals, same_items, is_list, is_text, min_words, mentions,
                                   is_table, has_columns, column_close, row_count, is_chart, labelled_chart,
                                   size_between, values_between, ascending, items_are, excludes)}
