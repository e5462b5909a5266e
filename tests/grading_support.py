"""Shared by the grader's tests: limits, the isolations to test, and a skip that always says why."""

from __future__ import annotations

import pytest

from course.grading import sandbox

FAST = sandbox.Limits(wall_seconds=8, cpu_seconds=4, grace_seconds=10)
MODES = ("bubblewrap", "process")


def require(mode: str) -> None:
    """Skip, with the grader's own reason in the summary, when ``mode`` cannot isolate submissions here."""
    try:
        chosen = sandbox.isolation(mode)
    except sandbox.IsolationUnavailable as err:
        pytest.skip(f"{mode} isolation is not available here: {err}")
    assert chosen == mode
