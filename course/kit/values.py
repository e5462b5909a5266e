"""Values out: a student's object turned into a plain, size-capped JSON value.

"Values out, verdicts outside": neither a lesson's ``check("03.1", answer)`` nor the grader ever compares a
student's own object (whose ``__eq__``, ``__float__`` or pandas could be tampered with). The object is first
encoded here, by exact type, into plain data; the check functions (:mod:`course.kit.checks`) then judge that.
The grader's sandbox runner (:mod:`course.grading.runner`) encodes the answers of a submission the same way.
"""

from __future__ import annotations

import math

LIMITS = {"str": 20_000, "items": 1_000, "rows": 5_000}


def _encode_scalar(x):
    import numpy as np

    if x is None:
        return {"t": "none"}
    numpy_type = type(x).__module__ == "numpy"  # numpy's own scalar types, never a student's subclass
    if type(x) is bool or (numpy_type and isinstance(x, np.bool_)):
        return {"t": "bool", "v": bool(x)}
    if type(x) in (int, float) or (numpy_type and isinstance(x, (np.integer, np.floating))):
        v = float(x)
        return {"t": "number", "v": v if math.isfinite(v) else None, "nonfinite": not math.isfinite(v)}
    if type(x) is str:
        return {"t": "str", "v": x[: LIMITS["str"]]}
    return None


def _cell(x):
    """A table cell as a JSON scalar."""
    enc = _encode_scalar(x)
    if enc is None:
        return str(type(x).__name__)
    return enc.get("v")


def encode(x, depth: int = 0) -> dict:
    """Turn a student's object into a plain, size-capped JSON value (judged by course.kit.checks)."""
    import pandas as pd

    scalar = _encode_scalar(x)
    if scalar is not None:
        return scalar
    if depth > 3:
        return {"t": "unsupported", "type": "nested too deep"}
    if type(x) in (list, tuple):
        return {"t": "list", "v": [encode(v, depth + 1) for v in list(x)[: LIMITS["items"]]]}
    if type(x) is dict:
        return {"t": "dict", "v": {str(k)[:200]: encode(v, depth + 1) for k, v in list(x.items())[: LIMITS["items"]]}}
    if type(x) is pd.DataFrame:
        head = x.iloc[: LIMITS["rows"], : LIMITS["items"]]
        return {"t": "table", "columns": [str(c) for c in head.columns],
                "index": [_cell(i) for i in head.index], "rows": [[_cell(v) for v in row] for row in head.itertuples(index=False)]}
    if type(x) is pd.Series:
        head = x.head(LIMITS["rows"])
        return {"t": "series", "index": [_cell(i) for i in head.index], "values": [_cell(v) for v in head.tolist()]}
    name = type(x).__name__
    if name == "Chart" and type(x).__module__ == "course.kit.plots":
        return {"t": "chart", **{k: str(getattr(x, k, ""))[: LIMITS["str"]] for k in ("caption", "source", "alt")}}
    if name in ("Figure", "Axes") and type(x).__module__.startswith("matplotlib"):
        fig = x if name == "Figure" else x.figure
        axes = fig.axes[0] if fig.axes else None
        texts = [t.get_text() for t in fig.texts] + ([t.get_text() for t in axes.texts] if axes else [])
        return {"t": "figure", "title": axes.get_title() if axes else "", "xlabel": axes.get_xlabel() if axes else "",
                "ylabel": axes.get_ylabel() if axes else "", "texts": [s[:500] for s in texts[:50]]}
    return {"t": "unsupported", "type": f"{type(x).__module__}.{name}"[:200]}
