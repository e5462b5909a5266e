"""Honest times: every lesson states the time its content takes (course/site/timing.py), no lesson runs over 90
minutes, and the home page, the instructor guide and its Plan A agree with the lessons."""

from __future__ import annotations

import math
import re

import nbformat
import pytest

from course import paths
from course.kit import challenges, quiz
from course.site import frontmatter, timing
from support import LESSONS, ROOT

SESSION = 90
SLACK = (10, 15)


def _model(path) -> int:
    lesson = paths.lesson_id(path)
    return timing.estimate(path, len(challenges.load(lesson)), len(quiz.load(lesson)["questions"])).minutes


STATED = {paths.lesson_id(p): frontmatter.read(p).minutes for p in LESSONS}


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_each_lesson_states_the_time_its_content_takes(path):
    model = _model(path)
    stated = STATED[paths.lesson_id(path)]
    assert stated == model, f"{path.name} says {stated} minutes; its content takes {model} (course/site/timing.py)"
    assert model <= timing.MAX_LESSON_MINUTES, f"{path.name} takes {model} minutes: trim it or split it"


def _cell(source: str, kind: str = "markdown", tags=()):
    make = nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_code_cell
    cell = make(source)
    cell.metadata["tags"] = list(tags)
    return cell


def test_the_model_counts_what_a_student_reads_and_does():
    words = " ".join(["word"] * 300)  # two minutes at 150 words a minute
    nb = nbformat.v4.new_notebook(
        cells=[
            _cell(f"## 1. A section\n\n{words} a < b"),  # a stray "<" swallows nothing
            _cell("x = 1", "code"),
            _cell("setup()", "code", ["hide-input"]),
            _cell("### Your turn 01.1: a title\n\n" + words, tags=["challenge"]),
            _cell("answer = ...", "code", ["challenge-starter"]),
            _cell('check("01.1", answer)', "code"),
            _cell(":::{dropdown} Hint (1 of 2)\n" + words + "\n:::"),
            _cell("explorers.timeline()", "code"),
            _cell("explorers.ach_board(evidence)", "code"),
            _cell("## Sources and further reading\n\n" + words * 5),
        ]
    )
    estimate = timing.estimate(nb, challenges=1, questions=6)
    assert estimate.reading == pytest.approx((3 + 300 + 2) / timing.WORDS_PER_MINUTE), (
        "a challenge's prompt and hints are in its minutes"
    )
    assert estimate.code == 3 * timing.MINUTES_PER_CODE_CELL, "visible code cells, not set-up, starter or check cells"
    assert estimate.explorers == timing.MINUTES_PER_EXPLORER + timing.MINUTES_PER_BOARD
    assert estimate.challenges == timing.MINUTES_PER_CHALLENGE and estimate.quiz == 6 * timing.MINUTES_PER_QUESTION
    assert estimate.minutes == 5 * math.ceil(estimate.raw / 5) and estimate.minutes % 5 == 0
    assert timing.section_minutes(nb, 1) == pytest.approx(estimate.reading + estimate.code + estimate.challenges)
    with pytest.raises(ValueError, match="no section"):
        timing.section_minutes(nb, 7)


def _plan_rows() -> list[tuple[str, str]]:
    guide = (ROOT / "book" / "instructor-guide.md").read_text(encoding="utf-8")
    plan = guide.split("## Plan A", 1)[1].split("\n## ", 1)[0]
    rows = [line.split("|") for line in plan.splitlines() if re.match(r"\| \d+ \|", line)]
    return [(r[1].strip(), r[2].strip()) for r in rows]


LESSON_ITEM = re.compile(
    r"[Ll]esson (\d\d[a-z]?), \*[^*]+\* \((\d+) min(?:; sections ([\d, –and]+) (?:out of class|before "
    r"the session): about (\d+) of the \d+ min)?\)"
)


def _sections(text: str) -> list[int]:
    numbers = []
    for part in re.split(r",\s*|\s+and\s+", text.strip()):
        first, _, last = part.partition("–")
        numbers += list(range(int(first), int(last or first) + 1))
    return numbers


def test_plan_a_gives_each_lesson_its_own_time_and_each_session_its_slack():
    rows, seen = _plan_rows(), set()
    assert [session for session, _ in rows][:1] == ["0"], "Plan A starts with a session 0 (set-up and lesson 00b)"
    for session, in_class in rows:
        lessons = list(LESSON_ITEM.finditer(in_class))
        if not lessons:
            continue  # the role-play session follows the role-play page's own rounds
        slack = re.search(r"(\d+) min slack", in_class)
        assert slack, f"session {session}: state its slack ('N min slack')"
        minutes = [int(m) for m in re.findall(r"\((\d+) min", in_class)]
        outside = 0
        for item in lessons:
            lesson, stated, sections, before = item.group(1), int(item.group(2)), item.group(3), item.group(4)
            seen.add(lesson)
            assert stated == STATED[lesson], (
                f"session {session}: lesson {lesson} takes {STATED[lesson]} min, not {stated}"
            )
            if sections:
                path = next(p for p in LESSONS if paths.lesson_id(p) == lesson)
                model = sum(timing.section_minutes(path, n) for n in _sections(sections))
                assert int(before) == 5 * round(model / 5), (
                    f"session {session}: lesson {lesson}'s sections {sections} take about {5 * round(model / 5)} min, not {before}"
                )
                outside += int(before)
        total = sum(minutes) - outside + int(slack.group(1))
        assert total == SESSION, (
            f"session {session}: {sum(minutes) - outside} min in class + {slack.group(1)} slack is {total}, not {SESSION}"
        )
        assert SLACK[0] <= int(slack.group(1)) <= SLACK[1], f"session {session}: slack of {slack.group(1)} min"
    assert seen == set(STATED), f"lessons missing from Plan A: {sorted(set(STATED) - seen)}"


def test_the_home_page_and_the_guide_state_the_lessons_range():
    low, high = min(STATED.values()), max(STATED.values())
    for page in ("intro.md", "instructor-guide.md"):
        text = (ROOT / "book" / page).read_text(encoding="utf-8")
        ranges = re.findall(r"(\d+)–(\d+) minutes (?:each|as it states)", text)
        assert ranges and all((int(a), int(b)) == (low, high) for a, b in ranges), (
            f"book/{page} states {ranges}; the lessons take {low}–{high} minutes"
        )
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first = next(p for p in LESSONS if paths.lesson_id(p) == "00")
    assert f"the {STATED['00']}-minute lesson 00" in readme and f"the {STATED['08']}-minute lesson 08" in readme
    assert frontmatter.read(first).minutes == STATED["00"]
