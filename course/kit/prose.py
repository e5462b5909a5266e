"""Numbers for a lesson's prose, computed from ``data/`` and pasted into the text at build time.

A lesson computes its figures in one cell and hands them to :func:`glue`; its Markdown refers to each by
name (``{glue:text}`trade_2025```), so adding next month's row to a table changes the sentence at the next
build. myst-nb's ``glue`` does the pasting when the book is built. In a plain Jupyter kernel without myst-nb
(a student's hub or Colab) the figures are still returned, so the cell runs everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping

try:  # the book build has myst-nb; a student's kernel may not
    from myst_nb import glue as _myst_glue
except ImportError:  # pragma: no cover - exercised only where myst-nb is absent
    _myst_glue = None


def glue(figures: Mapping[str, str]) -> dict[str, str]:
    """Register every figure for the prose (hidden from the page) and return them as a plain dict.

    Each value must already be the text the sentence shows ("244.8", "2021", "rose"): formatting lives in
    the function that computes the figures, where a test can check it, not in the Markdown.
    """
    bad = {name: type(value).__name__ for name, value in figures.items() if not isinstance(value, str)}
    if bad:
        raise TypeError(f"Format each figure as the text the prose shows; these are not strings: {bad}")
    if _myst_glue is not None:
        for name, text in figures.items():
            _myst_glue(name, _Plain(text), display=False)
    return dict(figures)


class _Plain:
    """A value whose text/plain form is the bare text, so the pasted figure carries no quotes."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return self.text


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
