"""How a lesson's tables read: whole cells, no meaningless row numbers, a readable mark for a missing value.

A lesson cell that ends with a DataFrame (or a Series) shows it through :func:`to_html` once the kit is imported
in a notebook (``from course.kit import …`` installs the display hook, :func:`install`):

- every cell is shown whole (pandas cuts a cell to 50 characters by default: an evidence item, a reason, a
  treaty's clauses would end in "...");
- the index is hidden when it only numbers the rows (an unnamed integer index: the positions of the loaded table,
  which mean nothing to a reader); a named index (``year``, ``period``) or a labelled one (options, hypotheses)
  stays;
- a missing value shows as :data:`MISSING` instead of ``NaN``, ``<NA>`` or ``None``, and a note under the table
  says so once, with pandas' own name for it (so the lessons that teach ``isna()`` still connect the two);
- the table carries the class ``course-table``; ``course/site/static/course.css`` wraps its long text.

The values are untouched: only the displayed HTML changes, so ``df.isna()``, ``df.index`` and everything a student
computes still see pandas' own data. The plain-text form shows whole cells too
(``display.max_colwidth``).
"""

from __future__ import annotations

import pandas as pd

MISSING = "—"
NOTE = (f"<p class='course-table-note'><small>{MISSING} no value in the table (pandas shows a missing value as "
        "<code>NaN</code> or <code>&lt;NA&gt;</code>; <code>isna()</code> finds it).</small></p>")
CLASSES = ["course-table"]  # to_html adds pandas' own "dataframe" class, which the theme styles


def counts_rows(index: pd.Index) -> bool:
    """True for an index that only numbers the rows: one level, no name, integers."""
    return index.nlevels == 1 and index.name is None and pd.api.types.is_integer_dtype(index.dtype)


def to_html(table: pd.DataFrame | pd.Series) -> str:
    """The reader-facing HTML of a DataFrame or Series (see the module's docstring)."""
    frame = table.to_frame() if isinstance(table, pd.Series) else table
    if isinstance(table, pd.Series) and table.name is None:
        frame = frame.rename(columns={0: ""})
    show_index = not counts_rows(frame.index)
    missing = bool(frame.isna().to_numpy().any()) if frame.size else False
    if missing:
        frame = _mark_missing(frame)
    body = frame.to_html(na_rep=MISSING, index=show_index, classes=CLASSES, border=0, escape=True,
                         max_rows=None, max_cols=None, show_dimensions=False)
    return f"<div class='course-table-wrap'>{body}</div>" + (NOTE if missing else "")


def _mark_missing(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with :data:`MISSING` in the missing cells of non-float columns (``na_rep`` covers only floats: a
    nullable integer's ``<NA>`` and an object column's ``None`` would show as they are); float columns keep their
    number formatting."""
    shown = frame.copy()
    for i in range(shown.shape[1]):
        column = shown.iloc[:, i]
        if column.isna().any() and not pd.api.types.is_float_dtype(column.dtype):
            shown.isetitem(i, column.astype(object).where(column.notna(), MISSING))
    return shown


def install() -> bool:
    """Make DataFrames and Series in the running IPython kernel display with :func:`to_html`.

    Does nothing outside IPython (a script, the grader) and returns whether it installed the hook.
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None:
        return False
    pd.set_option("display.max_colwidth", None)  # the plain-text form too
    formatters = shell.display_formatter.formatters
    for kind in (pd.DataFrame, pd.Series):
        formatters["text/html"].for_type(kind, to_html)
    return True

