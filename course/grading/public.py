"""``check("q1")`` for students while they work: runs the question's *public* checks on the value
the notebook currently holds and says which pass. Hidden checks are never loaded here.

In a student notebook::

    from course.grading import checker
    check = checker("a2")
    ...
    check("q1")
"""

from __future__ import annotations

import html
import inspect


from ..kit import checks
from ..kit.values import encode
from . import spec


class CheckReport:
    """The outcome of one ``check``: a line per public check, shown as HTML in a notebook."""

    def __init__(self, question: dict, lines: list[tuple[bool, str]], missing: bool):
        self.question, self.lines, self.missing = question, lines, missing

    @property
    def passed(self) -> bool:
        """True if the answer exists and every public check passes."""
        return not self.missing and all(ok for ok, _ in self.lines)

    def _repr_html_(self) -> str:
        q = self.question
        items = "".join(f"<li>{'✅' if ok else '❌'} {html.escape(msg)}</li>" for ok, msg in self.lines)
        head = f"<strong>{html.escape(q['id'])}</strong> (<code>{html.escape(q['name'])}</code>): "
        head += "all public checks pass." if self.passed else "not yet."
        note = " Hidden checks run only when your work is graded." if q["kind"] != "manual" else \
            " This answer is graded by your instructor with the rubric."
        return f"<div role='status'>{head}<ul>{items}</ul><em>{html.escape(note)}</em></div>"

    def __repr__(self) -> str:
        return "\n".join([f"{self.question['id']}: {'all public checks pass' if self.passed else 'not yet'}"]
                         + [f"  {'PASS' if ok else 'FAIL'} {msg}" for ok, msg in self.lines])


def run_public(question: dict, namespace: dict) -> CheckReport:
    """Run a question's public checks against ``namespace`` (a notebook's globals)."""
    name = question["name"]
    if name not in namespace or namespace[name] is Ellipsis:
        return CheckReport(question, [(False, f"`{name}` is not defined yet: give it a value.")], missing=True)
    value = encode(namespace[name])
    lines = [(bool(checks.CHECKS[c["check"]](value, c)), c["message"]) for c in question["public"]]
    return CheckReport(question, lines or [(True, f"`{name}` is defined.")], missing=False)


def checker(assignment: str):
    """Return ``check(question_id)`` bound to one assignment and to the calling notebook's variables."""
    caller_globals = inspect.currentframe().f_back.f_globals  # not inspect.stack(): it reads every frame's source
    try:
        doc = spec.load(assignment, with_hidden=False)
    except Exception:  # noqa: BLE001 - e.g. inside the grading sandbox, where exercises/ is out of reach
        return lambda question_id: "Public checks are not available here (the grader runs its own checks)."
    by_id = {q["id"]: q for q in doc["questions"]}

    def check(question_id: str) -> CheckReport:
        if question_id not in by_id:
            raise ValueError(f"{assignment} has no question {question_id!r}; its questions are {list(by_id)}.")
        return run_public(by_id[question_id], caller_globals)

    return check
