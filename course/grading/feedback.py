"""The student's feedback file: per question, the points and the messages of the checks that failed.

It never shows an expected value or a check's code. "Public checks passed" (what the student could see
with ``check()`` while working) is stated apart from the final score, which includes the hidden checks.
Every text that can come from the submission (its status reason, messages) goes through
:func:`.untrusted.markdown`, so it stays on its own line and renders as the literal text.
"""

from __future__ import annotations

from . import untrusted
from .records import Result


def _md(text: str, kind: str = "message") -> str:
    return untrusted.markdown(text, untrusted.LIMITS[kind])


def feedback_text(doc: dict, result: Result, lateness=None) -> str:
    """The Markdown feedback for one result (with its :class:`.late.Lateness`, if a late policy applies)."""
    auto = [q for q in result.questions if not q.manual]
    lines = [f"# {doc['title']}: feedback for {result.student}", "",
             f"Status: {result.status}" + (f" ({_md(result.reason, 'reason')})" if result.reason else ""), "",
             f"Public checks passed: {result.public_passed} of {len(auto)} questions "
             "(the checks you could run with check() while working)",
             f"Final score (public and hidden checks): {result.total:g} / {result.max_auto:g} points", ""]
    if lateness is not None:
        lines[-1:] = [f"Late policy: {lateness.describe()}",
                      f"Score after the late penalty: {lateness.apply(result.total):g} / {result.max_auto:g} points", ""]
    for q in result.questions:
        if q.manual:
            lines.append(f"## {q.id}: to be graded by your instructor (out of {q.max:g})")
        else:
            lines.append(f"## {q.id}: {q.points:g} / {q.max:g}"
                         + (" — public checks passed" if q.public_passed else " — public checks not all passed"))
        lines += [f"- {_md(m)}" for m in q.messages] or ["- All checks passed."]
        lines.append("")
    return "\n".join(lines)
