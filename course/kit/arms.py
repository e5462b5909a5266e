"""Sums and shares over the SIPRI arms-transfers register extract (``data.load("sipri_transfers")``).

The register has one row per deal and delivery year; ``tiv_delivered`` is that year's volume in
SIPRI trend-indicator values (TIV, millions). A TIV measures military capability transferred, priced
at a common unit cost — not money paid. No delivery in a year is a true zero, not a gap.
"""

from __future__ import annotations

import pandas as pd

FIRST_YEAR, LAST_YEAR = 2000, 2023  # the delivery years the extract covers


def deliveries(transfers: pd.DataFrame, *, supplier=None, recipient=None, category=None,
               start: int = FIRST_YEAR, end: int = LAST_YEAR) -> pd.DataFrame:
    """Rows delivered in ``start..end``, optionally for one supplier, recipient and weapon category.

    ``None`` or ``"All"`` means no filter. Raises ValueError for a name not in the register, listing
    close options, so a typo never silently returns nothing.
    """
    if start > end:
        raise ValueError(f"start ({start}) is after end ({end}): choose an earlier start year.")
    keep = transfers["delivery_year"].between(start, end)
    for column, value in (("supplier", supplier), ("recipient", recipient), ("category", category)):
        if value in (None, "All"):
            continue
        known = set(transfers[column].dropna().unique())
        if value not in known:
            hint = sorted(k for k in known if str(value).lower()[:3] in k.lower())[:5]
            raise ValueError(f"{value!r} is not a {column} in the SIPRI extract."
                             + (f" Did you mean one of {hint}?" if hint else ""))
        keep &= transfers[column] == value
    return transfers[keep]


def tiv_by_year(transfers: pd.DataFrame, **filters) -> pd.Series:
    """TIV delivered per year (every year in the range, zeros included), for the given filters."""
    start, end = filters.get("start", FIRST_YEAR), filters.get("end", LAST_YEAR)
    rows = deliveries(transfers, **filters)
    sums = rows.groupby("delivery_year")["tiv_delivered"].sum()
    return sums.reindex(range(start, end + 1), fill_value=0.0).rename("tiv")


def period_label(year: int, width: int = 5, origin: int = FIRST_YEAR, last: int = LAST_YEAR) -> str:
    """The ``width``-year period a year falls in, counted from ``origin``: 2017 -> "2015–2019".

    A period is cut at ``last``, the final year of data, so 2021 -> "2020–2023", never a
    label that promises years the register does not cover.
    """
    first = origin + (year - origin) // width * width
    return f"{first}–{min(first + width - 1, last)}"


def tiv_by_period(transfers: pd.DataFrame, width: int = 5, **filters) -> pd.Series:
    """TIV delivered per ``width``-year period (2000–2004, 2005–2009, …; the last may be shorter)."""
    yearly = tiv_by_year(transfers, **filters)
    end = filters.get("end", LAST_YEAR)
    return yearly.groupby([period_label(y, width, last=end) for y in yearly.index], sort=True).sum()


def shares(transfers: pd.DataFrame, supplier: str, recipient: str, width: int = 5) -> pd.DataFrame:
    """Per period: supplier→recipient TIV, the recipient's total imports, the supplier's total exports,
    and the two shares in percent (of the recipient's imports; of the supplier's exports)."""
    pair = tiv_by_period(transfers, width, supplier=supplier, recipient=recipient)
    imports = tiv_by_period(transfers, width, recipient=recipient)
    exports = tiv_by_period(transfers, width, supplier=supplier)
    table = pd.DataFrame({"pair_tiv": pair, "recipient_imports_tiv": imports, "supplier_exports_tiv": exports})
    table["share_of_recipient_imports_pct"] = table["pair_tiv"] / table["recipient_imports_tiv"] * 100
    table["share_of_supplier_exports_pct"] = table["pair_tiv"] / table["supplier_exports_tiv"] * 100
    table.index.name = "period"
    return table


def share_between(transfers: pd.DataFrame, supplier: str, recipient: str, start: int, end: int) -> dict:
    """One span's shares: {"pair_tiv", "of_recipient_imports_pct", "of_supplier_exports_pct"}."""
    pair = deliveries(transfers, supplier=supplier, recipient=recipient, start=start, end=end)["tiv_delivered"].sum()
    imports = deliveries(transfers, recipient=recipient, start=start, end=end)["tiv_delivered"].sum()
    exports = deliveries(transfers, supplier=supplier, start=start, end=end)["tiv_delivered"].sum()
    return {"pair_tiv": float(pair),
            "of_recipient_imports_pct": float(pair / imports * 100) if imports else float("nan"),
            "of_supplier_exports_pct": float(pair / exports * 100) if exports else float("nan")}


def top_systems(transfers: pd.DataFrame, supplier: str, recipient: str, n: int = 8, **filters) -> pd.DataFrame:
    """The ``n`` weapon designs with the most TIV delivered: designation, category, units, TIV, years."""
    rows = deliveries(transfers, supplier=supplier, recipient=recipient, **filters)
    grouped = rows.groupby(["designation", "description", "category"], as_index=False).agg(
        units=("number_delivered", "sum"), tiv=("tiv_delivered", "sum"),
        first_year=("delivery_year", "min"), last_year=("delivery_year", "max"))
    return grouped.sort_values("tiv", ascending=False).head(n).reset_index(drop=True)
