"""The asymmetry explorer (lesson 05): one year; the GDP of Russia, China and India and their ratio."""

from __future__ import annotations

from .. import data
from . import framework
from .common import status as _status
from .framework import Choice, Explorer


@framework.register("asymmetry")
def asymmetry_spec(year: int = 2023, gdp=None) -> Explorer:
    """The asymmetry explorer's declaration: one year; GDP bars and a sentence."""
    from .. import charts, economy

    table = data.load("worldbank_gdp") if gdp is None else gdp
    years = [int(y) for y in economy.gdp_bn(table).dropna().index]

    def render(settings):
        snap = economy.snapshot(table, settings["year"])
        return [charts.gdp_bars(table, settings["year"]), _status(snapshot_sentence(settings["year"], snap))]

    return Explorer(
        key="asymmetry",
        prompt="Move the year: when did China's economy overtake Russia's, and India's overtake Russia's?",
        controls=[Choice("year", "Year", years, year, kind="slider")],
        render=render,
        kwargs={"year": year},
    )


def asymmetry_explorer(year: int = 2023, gdp=None):
    """Pick a year; see the GDP of Russia, China and India side by side and the China/Russia ratio."""
    return asymmetry_spec(year, gdp).show()


def snapshot_sentence(year: int, snap: dict) -> str:
    """One sentence for :func:`course.kit.economy.snapshot`."""
    parts = ", ".join(f"{c} ${v:,.0f} bn" for c, v in snap.items() if c != "China / Russia")
    return f"GDP in {year} (current US$): {parts}. China's economy is {snap['China / Russia']:.1f} times Russia's."
