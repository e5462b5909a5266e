"""The trade-growth explorer (lesson 03): two years; total and compound annual growth, gaps explained."""

from __future__ import annotations

import html

from .. import data
from . import framework
from .common import status as _status
from .framework import Choice, Explorer


@framework.register("trade_growth")
def trade_growth_spec(start: int = 2016, end: int = 2024, trade_table=None) -> Explorer:
    """The growth explorer's declaration: two years; the result is a sentence (or why there is none)."""
    from .. import trade

    table = data.load("russia_china_trade") if trade_table is None else trade_table
    years = [int(y) for y in table.year]

    def render(settings):
        try:
            result = trade.period_growth(table, settings["first"], settings["last"])
        except ValueError as err:
            return [f"<p role='status'>⚠ {html.escape(str(err))}</p>"]
        return [_status(trade.describe_growth(result))]

    spec = Explorer(
        key="trade_growth",
        prompt="Pick two years. Which period grew fastest per year, and does a gap year stop you?",
        controls=[Choice("first", "From", years, start), Choice("last", "To", years, end)],
        render=render,
        kwargs={"start": start, "end": end},
    )
    # Sentences only (no charts): every pair of years fits in the page, so no reduction is needed.
    spec.static_views = [(i, j) for i in range(len(years)) for j in range(len(years))]
    return spec


def trade_growth_explorer(start: int = 2016, end: int = 2024, trade_table=None):
    """Pick a start and an end year; see the total growth and the compound annual growth of trade.

    Gap years are offered but explained: choosing one shows which nearby years have a figure.
    """
    return trade_growth_spec(start, end, trade_table).show()
