"""The house chart style: a colour-blind-safe palette, and charts that always carry a caption,
a source line and alt text.

A lesson cell reads::

    fig, ax = plots.new()
    ax.plot(trade.year, trade.value_usd_bn)
    plots.show(fig, caption="…", source="russia_china_trade", alt="…")

``show`` returns a :class:`Chart`, which Jupyter (live) and Jupyter Book (static) both render
as an HTML ``<figure>`` with the image, its alt text and a caption with the source line.
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass

import matplotlib
import pandas as pd

from matplotlib.figure import Figure  # noqa: E402

from . import data  # noqa: E402

# Okabe & Ito (2008), "Color Universal Design": distinguishable with the common colour-vision deficiencies.
PALETTE = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}
# One colour per country, used in every lesson so a reader learns them once.
COUNTRY = {"Russia": PALETTE["blue"], "China": PALETTE["vermillion"], "India": PALETTE["green"],
           "United States": PALETTE["purple"], "Saudi Arabia": PALETTE["orange"], "France": PALETTE["sky"],
           "Israel": PALETTE["yellow"], "Other": "#7F7F7F"}
GAP_COLOUR = "#BBBBBB"

STYLE = {
    "figure.figsize": (7.5, 3.8),
    "figure.dpi": 100,
    "axes.prop_cycle": matplotlib.cycler(color=[PALETTE[c] for c in ("blue", "vermillion", "green", "orange", "purple", "sky", "black")]),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.labelsize": 10,
    "font.size": 10,
    "legend.frameon": False,
    "svg.hashsalt": "course",  # deterministic output
}
matplotlib.rcParams.update(STYLE)


def new(width: float = 7.5, height: float = 3.8, **subplot_kw):
    """Return ``(fig, ax)`` in the house style. Extra keywords go to ``Figure.subplots``.

    Figures are made without pyplot (a plain matplotlib ``Figure``): importing pyplot costs about
    0.3 s in every lesson and every graded submission, and pyplot's global figure list is not needed
    because :func:`show` renders each figure to PNG itself.
    """
    fig = Figure(figsize=(width, height))
    return fig, fig.subplots(**subplot_kw)


@dataclass
class Chart:
    """A finished chart: PNG bytes plus the words every chart must carry."""

    png: bytes
    caption: str
    source: str
    alt: str

    def _repr_html_(self) -> str:
        image = base64.b64encode(self.png).decode("ascii")
        return (
            '<figure class="course-chart" style="margin:0 0 1em 0;max-width:100%">'
            # the frame lets a phone show the chart at its own size, scrolling sideways (course/site/static/course.css)
            '<div class="course-chart-frame">'
            f'<img src="data:image/png;base64,{image}" alt="{html.escape(self.alt, quote=True)}" '
            'style="max-width:100%;height:auto"></div>'
            f'<figcaption style="font-size:0.9em"><strong>{html.escape(self.caption)}</strong><br>'
            f"<em>Source:</em> {html.escape(self.source)}</figcaption></figure>"
        )

    def __repr__(self) -> str:  # plain-text front ends (and nbval) get the words, not the bytes
        return f"Chart: {self.caption} (Source: {self.source})"


# The grader's sandbox sets this False: grading reads a chart's words (caption, source, alt), never its pixels,
# and rendering was most of an honest submission's time.
RENDER = True


def source_line(source: str) -> str:
    """Expand a table name from datapackage.json into its citation; leave any other text as it is."""
    try:
        return data.citation(source)
    except data.DataError:
        return source


def show(fig, *, caption: str, source: str, alt: str) -> Chart:
    """Finish a figure: check its words, render it to PNG, close it, and return a :class:`Chart`.

    ``source`` is a table name in ``data/datapackage.json`` (its citation is used) or free text;
    several sources can be joined with ``"; "``. ``alt`` describes what the chart shows for a
    reader who cannot see it: say the trend, not just the axes.
    """
    for name, value in (("caption", caption), ("source", source), ("alt", alt)):
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"plots.show needs a non-empty {name}: every chart carries a caption, a source line and alt text.")
    buffer = io.BytesIO()
    if RENDER:
        fig.savefig(buffer, format="png", bbox_inches="tight", metadata={"Software": None})
    sources = "; ".join(source_line(part.strip()) for part in source.split(";"))
    return Chart(png=buffer.getvalue(), caption=caption.strip(), source=sources, alt=alt.strip())


def mark_gaps(ax, years, values, *, label: str = "no sourced figure") -> int:
    """Shade the years whose value is missing, so a gap reads as a gap, not as zero. Returns how many."""
    missing = [int(y) for y, v in zip(years, values) if pd.isna(v)]
    for i, year in enumerate(missing):
        ax.axvspan(year - 0.5, year + 0.5, color=GAP_COLOUR, alpha=0.35, lw=0, label=label if i == 0 else None)
    return len(missing)


def year_list(years) -> str:
    """Years as alt text and captions list them: "2015, 2016" (or "none")."""
    return ", ".join(str(int(y)) for y in years) or "none"
