"""The lessons' charts, one module per subject; each takes a table from ``data/`` and returns a captioned
:class:`course.kit.plots.Chart` whose alt text is computed from the same numbers it draws, so the words a screen
reader hears can never drift from the data. Reusable chart pieces (style, captions, gap marks, year lists) live
in :mod:`course.kit.plots`; lessons call ``charts.<name>``.

- ``border``: border lengths, settlement steps.
- ``trade``: trade by year, growth, the years since 2019, India's trade with both.
- ``energy``: China's crude suppliers, Russia's crude shares in China and India, Power of Siberia.
- ``arms``: SIPRI transfers by year and period, India's suppliers.
- ``diplomacy``: meetings, exercises, settlement statements, BRICS and SCO membership.
- ``economy``: GDP lines, ratio and bars; the Far East's population.
- ``judgements``: the evidence board's and the policy options' scores.
"""

from .border import border_lengths, settlement_steps
from .trade import trade_by_year, yearly_growth, trade_since, india_trade
from .energy import crude_suppliers, crude_shares, pipeline_gas, india_crude_shares
from .arms import arms_by_year, arms_shares, india_arms_suppliers
from .diplomacy import meetings, exercises_by_year, settlement_statements, membership_growth
from .economy import gdp_lines, gdp_ratio, gdp_bars, far_east
from .judgements import ach_scores, option_scores

__all__ = [
    "border_lengths",
    "settlement_steps",
    "trade_by_year",
    "yearly_growth",
    "trade_since",
    "india_trade",
    "crude_suppliers",
    "crude_shares",
    "pipeline_gas",
    "india_crude_shares",
    "arms_by_year",
    "arms_shares",
    "india_arms_suppliers",
    "meetings",
    "exercises_by_year",
    "settlement_statements",
    "membership_growth",
    "gdp_lines",
    "gdp_ratio",
    "gdp_bars",
    "far_east",
    "ach_scores",
    "option_scores",
]
