"""Lesson 06's year explorer: one year, 2019–2025; trade that year and what every table says about it."""

from __future__ import annotations

import html

from .. import data
from . import framework
from .framework import Choice, Explorer


@framework.register("year")
def year_spec(year: int = 2022, tables=None) -> Explorer:
    """Lesson 06's explorer declaration: one year, 2019–2025; trade that year and what every table says about it."""
    from .. import charts, recent

    trade_t, crude, gas, statements, events = tables or (
        data.load("russia_china_trade"),
        data.load("china_crude_imports"),
        data.load("power_of_siberia_gas"),
        data.load("russia_china_settlement_statements"),
        data.load("timeline"),
    )

    def render(settings):
        lines = recent.year_summary(settings["year"], trade_t, crude, gas, statements, events)
        return [
            charts.trade_since(trade_t, since=recent.FIRST_YEAR, highlight=settings["year"]),
            "<div role='status'><ul>" + "".join(f"<li>{html.escape(line)}</li>" for line in lines) + "</ul></div>",
        ]

    return Explorer(
        key="year",
        prompt="Move the year: what changed after 2022, and which series stop before 2025?",
        controls=[Choice("year", "Year", list(range(recent.FIRST_YEAR, recent.LAST_YEAR + 1)), year, kind="slider")],
        render=render,
        kwargs={"year": year},
    )


def year_explorer(year: int = 2022, tables=None):
    """Lesson 06: pick a year, 2019–2025; see trade that year and what every 2019–2025 table says about it.

    ``tables`` may pass the frames (trade, crude, gas, statements, events) for tests; by default they are loaded.
    A series without a figure for the year says so and where it stops (see :func:`course.kit.recent.year_summary`).
    """
    return year_spec(year, tables).show()
