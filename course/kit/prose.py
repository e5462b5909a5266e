"""Figures for a lesson's prose, computed from data/ at build time and pasted by myst-nb's ``{glue:text}`` role.

A lesson computes its figures in one cell and calls ``show(figures)``: each value is glued under its name
(myst-nb's glue protocol), and the cell shows them as a table, so a reader running the notebook live, where
the roles are not rendered, still sees every number. The prose then writes ``{glue:text}`name``` instead of
typing the number, and the next data edit updates the sentence.
"""

from __future__ import annotations

import re

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
    except ImportError:  # a student's Jupyter without the book tools: same protocol, by hand
        from IPython.core.formatters import format_display_data
        from IPython.display import display
        bundle, metadata = format_display_data(value)
        prefix = "application/papermill.record/"
        display({prefix + k: v for k, v in bundle.items()}, raw=True,
                metadata={**metadata, "scrapbook": {"name": name, "mime_prefix": prefix}})
        return
    glue(name, value, display=False)


def show(figures: dict[str, str]) -> pd.DataFrame:
    """Glue every figure (name -> formatted text) and return them as a two-column table to display."""
    for name, text in figures.items():
        if not isinstance(text, str):
            raise TypeError(f"figure {name!r} should be formatted text (got {type(text).__name__}): format it in the figures function")
        _glue(name, Text(text))
    return pd.DataFrame({"figure": list(figures), "value": list(figures.values())}).set_index("figure")


def roles(markdown: str) -> list[str]:
    """The glue names a piece of MyST markdown pastes, in order."""
    return ROLE.findall(markdown)
