""""Your turn" challenges in the lessons: small analyses a student writes and checks while reading.

Each lesson's challenges are described in ``exercises/challenges/NN.yaml``::

    lesson: "03"
    challenges:
      - id: "03.1"
        name: growth_2021            # the variable the starter cell defines (`growth_2021 = ...`)
        title: Growth of trade in 2021
        hint:                        # a ladder, opened one step at a time: a nudge in words, then the idiom
          - "Growth compares two neighbouring years: which two, and which one do you divide by?"
          - "`s[2021] / s[2020] - 1`, times 100, on `s = trade.set_index(\"year\").value_usd_bn`."
        checks:                      # run in order; the first that fails is reported with its message
          - {check: is_number, message: "growth_2021 should be one number (a percentage), not a table."}
          - {check: close, tolerance: 0.1,
             expected: "data.load('russia_china_trade').set_index('year').value_usd_bn.pct_change()[2021] * 100",
             message: "Not yet: compare 2021 with 2020, not with 2019."}
        success: "Right: trade grew by about a third in 2021."

``check`` is the grader's own comparison (:data:`course.kit.checks.CHECKS`) applied to the value as the
grader would read it (``course.kit.values.encode``); ``expected`` is evaluated by the quizzes' evaluator
(:func:`course.kit.expressions.evaluate`), so every key is computed from ``data/``, never typed in. A report never shows
the expected value, only the author's message and the hint.

In a lesson: the starter cell (tag ``challenge-starter``) holds ``growth_2021 = ...  # your code here``, the next
cell runs ``check("03.1", growth_2021)``, the hint ladder follows (generated from the file by :func:`hint_cell`;
``python -m course.site.hintcells`` writes it into the lessons), and the solution cell (tag ``solution``, shown
collapsed on the student site, open in the instructor edition, removed from the worksheets) ends with the same
check. See the README's *Writing a "Your turn" challenge*.
"""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path

from .. import paths
from . import challengeformat, checks, expressions, values, yamlfiles

FOLDER = paths.ROOT / "exercises" / "challenges"
TAGS = {"prompt": "challenge", "starter": "challenge-starter", "solution": "solution",
        # a practice cell with blanks (____) for the student to fill: neither the book build (nbclient) nor nbval runs it
        "practice": "skip-execution", "practice_nbval": "nbval-skip"}
CHEATSHEET = "../book/pandas-cheatsheet.md"  # linked from every hint, relative to notebooks/


class ChallengeError(ValueError):
    """A challenge file is missing or malformed, or a challenge id is unknown."""


def spec_path(lesson: str) -> Path:
    """The challenge file of a lesson, e.g. ``exercises/challenges/03.yaml``."""
    return FOLDER / f"{lesson}.yaml"


def validate(doc, name: str, lesson: str | None = None) -> None:
    """Check a challenge file against its format (:mod:`course.kit.challengeformat`): unique ids ``NN.k`` of its
    lesson, a variable name, a hint ladder, and checks the grader knows, each with a message; a check that compares
    with a value (close, equals, …) has an ``expected``. Raise :class:`ChallengeError` naming the place and the fix."""
    challengeformat.validate(doc, name, ChallengeError, lesson)


@cache
def load(lesson: str) -> dict:
    """A lesson's challenges, validated, keyed by id."""
    path = spec_path(lesson)
    doc = yamlfiles.read(path, ChallengeError, f"create exercises/challenges/{lesson}.yaml.")
    validate(doc, path.name, lesson)
    return {ch["id"]: ch for ch in doc["challenges"]}


def lessons() -> list[str]:
    """The lessons that have a challenge file."""
    return sorted(p.stem for p in FOLDER.glob("[0-9][0-9]*.yaml") if re.fullmatch(r"\d\d[a-z]?", p.stem))


def find(challenge_id: str) -> dict:
    """One challenge by id, e.g. ``find("03.1")``."""
    lesson = str(challenge_id).split(".")[0]
    if not spec_path(lesson).is_file():
        raise ChallengeError(f"No challenges for lesson {lesson!r} (id {challenge_id!r}); ids look like \"03.1\".")
    by_id = load(lesson)
    if challenge_id not in by_id:
        raise ChallengeError(f"Lesson {lesson} has no challenge {challenge_id!r}; its challenges are {list(by_id)}.")
    return by_id[challenge_id]


@cache
def expected(challenge_id: str, index: int):
    """The expected value of one check, computed from the data (cached: the data do not change in a session)."""
    return expressions.evaluate(find(challenge_id)["checks"][index]["expected"])


class Report:
    """The outcome of ``check``: ✅ or ❌ with the author's message (never the expected value)."""

    def __init__(self, challenge: dict, passed: bool, message: str, hint: str | None, tried: bool = True):
        self.challenge, self.passed, self.message, self.hint, self.tried = challenge, passed, message, hint, tried

    def _text(self) -> tuple[str, str]:
        # the words say it too: ✅/❌ are not read out by every screen reader, nor drawn by every font
        if not self.tried:
            return f"✏️ {self.challenge['id']} ({self.challenge['title']}), not tried yet: ", self.message
        head = f"{'✅' if self.passed else '❌'} {self.challenge['id']} ({self.challenge['title']}), " \
               f"{'passed' if self.passed else 'not yet'}: "
        return head, self.message

    def _repr_html_(self) -> str:
        head, message = self._text()
        hint = f"<br><em>Hint:</em> {html.escape(self.hint)} (more steps in the hint below)" if self.hint else ""
        state = "passed" if self.passed else "failed" if self.tried else "untried"
        return (f"<div role='status' class='challenge-check challenge-{state}'><strong>{html.escape(head)}</strong>"
                f"{html.escape(message)}{hint}</div>")

    def __repr__(self) -> str:
        head, message = self._text()
        return head + message + (f"\nHint: {self.hint} (more steps in the hint below)" if self.hint else "")


def hint_cell(challenge: dict) -> str:
    """The hint cell of a challenge, from its file: nested dropdowns that open one step at a time (the nudge, then
    the idiom, …), with a link to the pandas cheat-sheet; the solution stays behind "Show solution".

    Each step's dropdown holds the next one, so its colon fence is one colon longer (the innermost has three)."""
    steps, lines = challenge["hint"], []
    fence = lambda i: ":" * (3 + len(steps) - i)  # noqa: E731 - the fence of step i (1-based)
    for i, step in enumerate(steps, 1):
        title = "Hint" if i == 1 else "Still stuck? Next hint"
        lines += [f"{fence(i)}{{dropdown}} {title} ({i} of {len(steps)})", step, ""]
    for i in range(len(steps), 1, -1):
        lines.append(fence(i))
    lines += [f"The idioms, with examples: [pandas cheat-sheet]({CHEATSHEET}).", fence(1)]
    return "\n".join(lines)


def check(challenge_id: str, value) -> Report:
    """Check a challenge's answer: ``check("03.1", growth_2021)``. Shows ✅ or ❌ and what to try next."""
    ch = find(challenge_id)
    name = ch["name"]
    if value is Ellipsis:
        # not tried yet: no hint and no ❌ "not yet" (the static page, where the starter is all a reader sees, is not a failure)
        return Report(ch, False, f"`{name}` is still `...`: replace the dots with your code and run the cell again.",
                      None, tried=False)
    encoded = values.encode(value)
    for i, c in enumerate(ch["checks"]):
        want = expected(challenge_id, i) if "expected" in c else None
        if not checks.CHECKS[c["check"]](encoded, c, want):
            return Report(ch, False, c["message"], ch["hint"][0])
    return Report(ch, True, ch["success"], None)
