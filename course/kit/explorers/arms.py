"""The arms explorer (lesson 04): supplier, recipient, category and years in SIPRI's register."""

from __future__ import annotations


from .. import data
from . import framework
from .common import status as _status
from .framework import Choice, Explorer, Span


# The static page's arms explorer: these countries, all categories, three spans (the full product is
# 45 suppliers x 118 recipients x 12 categories x any span; each view is a chart, so the page keeps a few).
ARMS_STATIC_SUPPLIERS = ["Russia", "China", "France", "Israel", "United States"]
ARMS_STATIC_RECIPIENTS = ["China", "India", "Russia"]


@framework.register("arms")
def arms_spec(
    supplier: str = "Russia",
    recipient: str = "China",
    category: str = "All",
    start: int = 2000,
    end: int = 2023,
    transfers=None,
) -> Explorer:
    """The arms explorer's declaration: supplier, recipient, category and years."""
    from .. import arms, charts

    register = data.load("sipri_transfers") if transfers is None else transfers
    suppliers = sorted(register.supplier.unique())
    recipients = sorted(register.recipient.unique())
    mid = (arms.FIRST_YEAR + arms.LAST_YEAR) // 2
    spans = [
        ("All years", (arms.FIRST_YEAR, arms.LAST_YEAR)),
        (f"{arms.FIRST_YEAR}–{mid}", (arms.FIRST_YEAR, mid)),
        (f"{mid + 1}–{arms.LAST_YEAR}", (mid + 1, arms.LAST_YEAR)),
    ]

    def render(settings):
        s, r, c, (y0, y1) = settings["supplier"], settings["recipient"], settings["category"], settings["years"]
        share = arms.share_between(register, s, r, y0, y1)
        return [charts.arms_by_year(register, s, r, c, y0, y1), _status(arms_summary(s, r, y0, y1, share))]

    return Explorer(
        key="arms",
        prompt="Compare two periods: how did Russia's weight in China's arms imports change, and China's in Russia's exports?",
        controls=[
            Choice("supplier", "Supplier", suppliers, supplier, static_options=ARMS_STATIC_SUPPLIERS),
            Choice("recipient", "Recipient", recipients, recipient, static_options=ARMS_STATIC_RECIPIENTS),
            Choice(
                "category", "Category", ["All"] + sorted(register.category.unique()), category, static_options=["All"]
            ),
            Span("years", "Years", arms.FIRST_YEAR, arms.LAST_YEAR, (start, end), spans, presets_label="Period"),
        ],
        render=render,
        static_note=(
            f"Here the suppliers are {', '.join(ARMS_STATIC_SUPPLIERS)}, the recipients {', '.join(ARMS_STATIC_RECIPIENTS)}, "
            "all weapon categories together and three periods; live, any country, category and span."
        ),
        kwargs={"supplier": supplier, "recipient": recipient, "category": category, "start": start, "end": end},
    )


def arms_explorer(
    supplier: str = "Russia",
    recipient: str = "China",
    category: str = "All",
    start: int = 2000,
    end: int = 2023,
    transfers=None,
):
    """Choose supplier, recipient, weapon category and years; see deliveries by year and the shares."""
    return arms_spec(supplier, recipient, category, start, end, transfers).show()


def arms_summary(supplier: str, recipient: str, start: int, end: int, share: dict) -> str:
    """One sentence stating a pair's TIV and shares over a span (all categories)."""
    if not share["pair_tiv"]:
        return f"No deliveries from {supplier} to {recipient} in {start}–{end} in the register."
    return (
        f"{start}–{end}, all categories: {supplier} delivered {share['pair_tiv']:,.0f} million TIV to {recipient}, "
        f"{share['of_recipient_imports_pct']:.0f}% of {recipient}'s arms imports and "
        f"{share['of_supplier_exports_pct']:.0f}% of {supplier}'s arms exports."
    )
