"""Arms transfers from the SIPRI register: by year, shares by period, India's suppliers (lessons 04, 08).

Each function takes a table from ``data/`` and returns a captioned :class:`course.kit.plots.Chart` whose alt text
is computed from the numbers it draws.
"""

from __future__ import annotations

import pandas as pd

from .. import arms, plots

C = plots.COUNTRY


def arms_by_year(transfers: pd.DataFrame, supplier="Russia", recipient="China", category=None,
                 start=arms.FIRST_YEAR, end=arms.LAST_YEAR):
    """Bars of TIV delivered per year for one supplier→recipient pair (optionally one weapon category)."""
    yearly = arms.tiv_by_year(transfers, supplier=supplier, recipient=recipient, category=category, start=start, end=end)
    fig, ax = plots.new(7.5, 3.2)
    ax.bar(yearly.index, yearly.values, color=C.get(supplier, plots.PALETTE["blue"]))
    ax.set_ylabel("SIPRI TIV (millions)")
    what = f"{category.lower()} " if category not in (None, "All") else ""
    peak = int(yearly.idxmax()) if yearly.max() > 0 else None
    alt = (f"Bar chart of {what}arms deliveries from {supplier or 'all suppliers'} to {recipient or 'all recipients'}, {start}–{end}, "
           f"in SIPRI TIV: total {yearly.sum():,.0f}; "
           + (f"highest in {peak} ({yearly.max():,.0f}); lowest {yearly.min():,.0f} in {int(yearly.idxmin())}."
              if peak else "no deliveries in these years."))
    return plots.show(fig, caption=f"Arms deliveries, {supplier or 'all'} → {recipient or 'all'}, {what}{start}–{end}",
                      source="sipri_transfers", alt=alt)


def arms_shares(transfers: pd.DataFrame, supplier="Russia", recipient="China"):
    """Two bar series per 5-year period: the pair's share of the recipient's imports and of the supplier's exports."""
    table = arms.shares(transfers, supplier, recipient)
    fig, ax = plots.new(7.5, 3.4)
    x = range(len(table))
    ax.bar([i - 0.2 for i in x], table.share_of_recipient_imports_pct, width=0.4, color=C.get(recipient, "#555"),
           label=f"share of {recipient}'s arms imports from {supplier}")
    ax.bar([i + 0.2 for i in x], table.share_of_supplier_exports_pct, width=0.4, color=C.get(supplier, "#555"),
           hatch="..", edgecolor="white", label=f"share of {supplier}'s arms exports going to {recipient}")
    ax.set_xticks(list(x), table.index)
    ax.set_ylabel("Percent of TIV")
    ax.set_ylim(0, 100)
    ax.legend(loc="upper right", fontsize=8)
    alt = (f"Paired bars by five-year period. {supplier}'s share of {recipient}'s arms imports: "
           + ", ".join(f"{p} {v:.0f}%" for p, v in table.share_of_recipient_imports_pct.items())
           + f". {recipient}'s share of {supplier}'s arms exports: "
           + ", ".join(f"{p} {v:.0f}%" for p, v in table.share_of_supplier_exports_pct.items()) + ".")
    return plots.show(fig, caption=f"How much each side depends on the other: {supplier}→{recipient} arms, by period",
                      source="sipri_transfers", alt=alt)


def india_arms_suppliers(transfers: pd.DataFrame, suppliers=("Russia", "France", "United States", "Israel")):
    """Stacked bars of India's arms imports by 5-year period: named suppliers and all others."""
    periods = {s: arms.tiv_by_period(transfers, recipient="India", supplier=s) for s in suppliers}
    total = arms.tiv_by_period(transfers, recipient="India")
    table = pd.DataFrame(periods)
    table["Other"] = total - table.sum(axis=1)
    share = table.div(total, axis=0) * 100
    fig, ax = plots.new()
    bottom = pd.Series(0.0, index=table.index)
    for name in table.columns:
        ax.bar(table.index, share[name], bottom=bottom, color=C.get(name, "#555"), label=name,
               edgecolor="white", hatch="//" if name == "Other" else None)
        bottom += share[name]
    ax.set_ylabel("Share of India's arms imports (% of TIV)")
    ax.set_ylim(0, 100)
    ax.legend(loc="upper left", bbox_to_anchor=(1, 1))
    alt = ("Stacked bars of India's arms imports by supplier and five-year period. Russia's share: "
           + ", ".join(f"{p} {v:.0f}%" for p, v in share["Russia"].items()) + ". "
           + "; ".join(f"{s} in {share.index[-1]}: {share[s].iloc[-1]:.0f}%" for s in suppliers[1:]) + ".")
    return plots.show(fig, caption="Where India's arms come from, by five-year period", source="sipri_transfers", alt=alt)
