"""Text that a submission controls, made safe for every output the grader writes.

A submission controls more text than its answers: its file name, its error messages, and (since everything
inside the sandbox is hostile) every field of the result it leaves. Such text may be invalid Unicode (a lone
surrogate in an error message; a file name that is not UTF-8, as Windows zips produce), hold line breaks and
control characters that forge lines in a report, be megabytes long, or be active content: HTML or Markdown
links in the feedback, a spreadsheet formula in a CSV cell (also after a ``;``, where a spreadsheet that
splits on semicolons starts a new cell).

:func:`clean` is the one place that makes any value one line of valid, printable text of bounded length.
:func:`markdown` and :func:`csv_cell` add what one format needs on top of it. Every writer (records,
feedback, gradebook, the LMS exports, Gradescope) goes through these functions and nothing else.
"""

from __future__ import annotations

import re

# Upper bounds, in characters, for each kind of student-controlled text (a cut is marked as such).
LIMITS = {"name": 300, "reason": 2000, "message": 1000, "error": 500, "text": 5000}

# C0/C1 controls, DEL, lone surrogates, the Unicode line and paragraph separators, and the bidirectional
# overrides and isolates (which reorder what a reader sees: "Trojan source").
_OTHERS = "\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_UNSAFE = re.compile(f"[\x00-\x1f{_OTHERS}]")
_UNSAFE_KEEP_LINES = re.compile(f"[\x00-\x08\x0b-\x1f{_OTHERS}]")  # keeps \t and \n
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_CUT = " … [cut: {} more characters]"


def _escape(ch: str) -> str:
    code = ord(ch)
    if ch in _NAMED:
        return _NAMED[ch]
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by the file system's surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    if 0xD800 <= code <= 0xDFFF:  # any other lone surrogate cannot be written as UTF-8 at all
        return "\ufffd"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(value, limit: int, *, lines: bool = False) -> str:
    """``value`` as valid, printable text of at most ``limit`` characters (``limit`` >= 60).

    Controls, lone surrogates, line separators and bidirectional overrides are shown as escapes (``\\n``,
    ``\\xe9`` for a file name's byte that was not UTF-8, ``\\u202e``), so the result is one line unless
    ``lines`` keeps newlines and tabs (an essay). Longer text is cut, and the cut says how much it left out.
    Idempotent: cleaning clean text changes nothing.
    """
    text = value if isinstance(value, str) else str(value)
    if lines:
        text = text.replace("\r\n", "\n")
    unsafe = _UNSAFE_KEEP_LINES if lines else _UNSAFE
    if len(text) <= limit and not unsafe.search(text):
        return text
    room = limit - len(_CUT.format(len(text)))
    parts, size, used = [], 0, 0
    for ch in text:
        piece = _escape(ch) if unsafe.match(ch) else ch
        if size + len(piece) > limit:
            break
        parts.append(piece)
        size += len(piece)
        used += 1
    if used == len(text):
        return "".join(parts)
    while size > room:  # make room for the note of the cut
        size -= len(parts.pop())
        used -= 1
    return "".join(parts) + _CUT.format(len(text) - used)


# --- Markdown (the feedback files) ---------------------------------------------------------------
_MD_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# Everything Markdown could read as syntax; an underscore inside a word (record_years) is literal in CommonMark
# and GFM already, so it stays unescaped and the raw file reads well.
_MD_PUNCTUATION = re.compile(r"([\\`*\[\]!|~{}]|(?<![^\W_])_|_(?![^\W_]))")
_MD_BLOCK_START = re.compile(r"^([#=+\-]|\d+(?=[.)]))")


def markdown(value, limit: int) -> str:
    """``value`` cleaned (see :func:`clean`) and escaped so that Markdown renders it as the literal text:
    no raw HTML (even where the renderer allows it), no link, image, emphasis, code span or heading."""
    text = clean(value, limit).lstrip()  # leading spaces would start a code block
    text = "".join(_MD_ENTITIES.get(ch, ch) for ch in text)
    text = _MD_PUNCTUATION.sub(r"\\\1", text)
    return _MD_BLOCK_START.sub(lambda m: m.group(1) + "\\" if m.group(1)[0].isdigit() else "\\" + m.group(1), text)


# --- spreadsheets (gradebook, Canvas, Moodle) -----------------------------------------------------
# A cell, or any part of it after a separator a spreadsheet may split on (, ; |), that starts with a
# formula character (after spaces or quotes) gets a ' before that character, so it is shown, never run.
_FORMULA = re.compile(r"(^|[,;|])([\s\"']*)(?=[=+\-@])")


def csv_cell(value, limit: int):
    """A CSV cell that no spreadsheet evaluates: numbers as they are, text cleaned (see :func:`clean`) and
    defused wherever a formula could start."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return _FORMULA.sub(lambda m: m.group(1) + m.group(2) + "'", clean(value, limit))

