"""Verdicts outside: evaluate the hidden checks' expected values and score the plain values a sandbox reported.

Runs in the grader's process only; no student code or student object is ever called here.
"""

from __future__ import annotations

from ..kit import checks, expressions
from . import spec
from .records import QuestionResult


def expected_values(doc: dict) -> dict:
    """Evaluate every hidden check's ``expected`` expression once, in the grader's process (the course's one
    evaluator, :func:`course.kit.expressions.evaluate`, as for the quizzes and the challenges)."""
    values = {}
    for q in doc["questions"]:
        for i, c in enumerate(q["hidden"]):
            if "expected" in c:
                values[(q["id"], i)] = expressions.evaluate(c["expected"])
    return values


def _safe(check, value, c, expected) -> bool:
    try:
        return check(value, c, expected) is True
    except Exception:  # noqa: BLE001 - a malformed value (forged by a hostile report) fails the check, nothing more
        return False


def score(doc: dict, answers: dict, expected: dict) -> list[QuestionResult]:
    """Per question: points, max, the messages of the checks that failed (never expected values), public verdict."""
    results = []
    for q in doc["questions"]:
        value = answers.get(q["name"])
        if not isinstance(value, dict):
            value = None
        maximum = spec.max_points(q)
        if q["kind"] == "manual":
            text = value.get("v", "") if value and value.get("t") == "str" and isinstance(value.get("v"), str) else ""
            public_ok = bool(text.strip()) and all(_safe(checks.CHECKS[c["check"]], value, c, None) for c in q["public"])
            results.append(QuestionResult(q["id"], maximum, True, None,
                                          [] if text.strip() else [f"{q['id']}: `{q['name']}` not defined or empty"],
                                          public_ok, text[:5000]))
            continue
        if value is None:
            results.append(QuestionResult(q["id"], maximum, False, 0.0, [f"{q['id']}: `{q['name']}` not defined"], False))
            continue
        points, messages, public_ok = 0.0, [], True
        for kind, items in (("public", q["public"]), ("hidden", q["hidden"])):
            for i, c in enumerate(items):
                if _safe(checks.CHECKS[c["check"]], value, c, expected.get((q["id"], i)) if kind == "hidden" else None):
                    points += c.get("points", 0)
                else:
                    messages.append(f"{q['id']}: {c['message']}")
                    public_ok = public_ok and kind != "public"
        results.append(QuestionResult(q["id"], maximum, False, round(points, 3), messages, public_ok))
    return results
