"""Figures for a lesson's prose, computed from ``data/`` at build time and pasted by myst-nb's ``{glue:text}`` role.

A lesson computes its figures in one cell (``recent.lesson06_figures()``, ``india.figures()``…) and hands them to
:func:`glue` (or :func:`show`, which also returns them as a table, so a reader running the notebook live, where the
roles are not rendered, still sees every number). Its Markdown refers to each figure by name
(``{glue:text}`trade_2025```), so adding next month's row to a table changes the sentence at the next build.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

ROLE = re.compile(r"\{glue:text\}`([A-Za-z0-9_]+)`")


class Text:
    """A pre-formatted figure whose plain-text display is the text itself (no quotes around a str)."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return self.text


def _glue(name: str, value) -> None:
    """Store one value the way myst-nb's ``glue(name, value, display=False)`` does."""
    try:
        from myst_nb import glue
    except ImportError:  # a student's Jupyter without the book tools: the same protocol, by hand
        from IPython.core.formatters import format_display_data
        from IPython.display import display
        bundle, metadata = format_display_data(value)
        prefix = "application/papermill.record/"
        display({prefix + k: v for k, v in bundle.items()}, raw=True,
                metadata={**metadata, "scrapbook": {"name": name, "mime_prefix": prefix}})
        return
    glue(name, value, display=False)


def glue(figures: Mapping[str, str]) -> dict[str, str]:
    """Register every figure for the prose (hidden from the page) and return them as a plain dict.

    Each value must already be the text the sentence shows ("244.8", "2021", "rose"): formatting lives in
    the function that computes the figures, where a test can check it, not in the Markdown.
    """
    bad = {name: type(value).__name__ for name, value in figures.items() if not isinstance(value, str)}
    if bad:
        name, kind = next(iter(bad.items()))
        raise TypeError(f"figure {name!r} should be formatted text (got {kind}): format it in the figures function, "
                        f"as the sentence shows it; these are not strings: {', '.join(bad)}")
    for name, text in figures.items():
        _glue(name, Text(text))
    return dict(figures)


def show(figures: Mapping[str, str]) -> pd.DataFrame:
    """:func:`glue` every figure and return them as a two-column table to display."""
    glue(figures)
    return pd.DataFrame({"figure": list(figures), "value": list(figures.values())}).set_index("figure")


def roles(markdown: str) -> list[str]:
    """The glue names a piece of MyST markdown pastes, in order."""
    return ROLE.findall(markdown)


_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
          "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]
_TENS = {20: "twenty", 30: "thirty", 40: "forty", 50: "fifty"}


def number_word(n: int, capital: bool = False) -> str:
    """A count as the prose writes it: 'four', 'twenty-nine', 'Thirty' (digits above 59)."""
    n = int(n)
    if n < 0:
        raise ValueError(f"number_word counts things; {n} is negative")
    if n <= 20:
        word = _WORDS[n]
    elif n < 60:
        tens, unit = divmod(n, 10)
        word = _TENS[tens * 10] + (f"-{_WORDS[unit]}" if unit else "")
    else:
        word = str(n)
    return word[:1].upper() + word[1:] if capital else word
