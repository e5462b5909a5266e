"""Self-check quizzes from question files in ``exercises/quizzes/`` (one YAML file per lesson).

Rendering uses jupyterquiz (HTML + JavaScript), so feedback works both in a live notebook and in the
static site with no kernel. What we add: a question-file format with an explanation on every
answer and numeric tolerances, validation with clear errors, and keyboard access (jupyterquiz's
answer buttons are mouse-only, so :data:`KEYBOARD_JS` makes them focusable and Enter/Space-clickable).

A question file::

    lesson: "01"
    title: Check your understanding
    questions:
      - id: nerchinsk-year
        type: multiple_choice          # one correct answer
        question: When was the Treaty of Nerchinsk signed?
        answers:
          - {answer: "1689", correct: true, feedback: "Right: …"}
          - {answer: "1727", correct: false, feedback: "No: 1727 is Kiakhta …"}
      - id: cession-total
        type: numeric
        question: About how many thousand km² did Aigun and Peking cede together?
        answer: 1000
        tolerance: 50                  # accepted: answer ± tolerance
        feedback_correct: "…"
        feedback_wrong: "…"
        from_data: "data.load('treaties').territory_to_russia_km2.sum() / 1000"   # checked by the tests
"""

from __future__ import annotations

import html
import json
from pathlib import Path


from .. import paths
from . import yamlfiles

TYPES = ("multiple_choice", "many_choice", "numeric")


class QuizError(ValueError):
    """A question file is missing or malformed."""


def quiz_path(lesson: str) -> Path:
    """Path of a lesson's question file, e.g. ``quiz_path("01")``."""
    return paths.QUIZZES / f"{lesson}.yaml"


def load(lesson: str, path: Path | None = None) -> dict:
    """Read and validate a lesson's question file; raise QuizError saying what to fix."""
    path = path or quiz_path(lesson)
    doc = yamlfiles.read(path, QuizError, f"create exercises/quizzes/{lesson}.yaml.")
    validate(doc, path.name)
    return doc


def _require(cond: bool, where: str, message: str) -> None:
    if not cond:
        raise QuizError(f"{where}: {message}")


def _text(value) -> bool:
    return isinstance(value, str) and value.strip() != ""


def validate(doc, name: str = "question file") -> None:
    """Check a question document: ids unique; every answer has feedback; choice questions have
    a correct answer (exactly one for multiple_choice); numeric questions have a tolerance."""
    _require(isinstance(doc, dict) and isinstance(doc.get("questions"), list) and doc["questions"],
             name, "needs a non-empty 'questions' list")
    seen = set()
    for i, q in enumerate(doc["questions"], 1):
        where = f"{name}, question {i}"
        _require(isinstance(q, dict), where, "must be a mapping")
        where = f"{name}, question {i} ({q.get('id', 'no id')})"
        _require(_text(q.get("id")), where, "needs an 'id'")
        _require(q["id"] not in seen, where, f"id {q['id']!r} is used twice")
        seen.add(q["id"])
        _require(_text(q.get("question")), where, "needs the 'question' text")
        _require(q.get("type") in TYPES, where, f"'type' must be one of {TYPES}, not {q.get('type')!r}")
        if q["type"] == "numeric":
            for key in ("answer", "tolerance"):
                _require(isinstance(q.get(key), (int, float)) and not isinstance(q.get(key), bool), where,
                         f"numeric questions need a number '{key}'")
            _require(q["tolerance"] >= 0, where, "'tolerance' must be zero or more")
            for key in ("feedback_correct", "feedback_wrong"):
                _require(_text(q.get(key)), where, f"numeric questions need '{key}' (an explanation)")
        else:
            answers = q.get("answers")
            _require(isinstance(answers, list) and len(answers) >= 2, where, "needs at least two 'answers'")
            for j, a in enumerate(answers, 1):
                _require(isinstance(a, dict) and _text(a.get("answer")), where, f"answer {j} needs 'answer' text")
                _require(isinstance(a.get("correct"), bool), where, f"answer {j} needs 'correct: true' or 'correct: false'")
                _require(_text(a.get("feedback")), where, f"answer {j} needs 'feedback' explaining why it is right or wrong")
            correct = sum(a["correct"] for a in answers)
            if q["type"] == "multiple_choice":
                _require(correct == 1, where, f"multiple_choice needs exactly one correct answer, found {correct}")
            else:
                _require(correct >= 1, where, "many_choice needs at least one correct answer")


def as_quiz_html(text: str) -> str:
    """Make plain question text safe for jupyterquiz, which inserts it as HTML and turns every ``$``
    into a LaTeX delimiter: escape ``& < >`` and write ``$`` as an entity, so "$100 bn" stays money."""
    return html.escape(text, quote=False).replace("$", "&#36;")


def to_jupyterquiz(q: dict) -> dict:
    """Convert one validated question to jupyterquiz's JSON question format (texts escaped by :func:`as_quiz_html`)."""
    if q["type"] == "numeric":
        # jupyterquiz accepts low <= x < high (upper bound exclusive): nudge the top so that
        # answer + tolerance, and an exact answer with tolerance 0, count as right.
        low = q["answer"] - q["tolerance"]
        high = q["answer"] + q["tolerance"] + max(1e-9, abs(q["answer"]) * 1e-12)
        return {
            "question": as_quiz_html(q["question"]),
            "type": "numeric",
            "answers": [
                {"type": "range", "range": [low, high], "correct": True, "feedback": as_quiz_html(q["feedback_correct"])},
                {"type": "default", "feedback": as_quiz_html(q["feedback_wrong"])},
            ],
        }
    return {
        "question": as_quiz_html(q["question"]),
        "type": q["type"],
        "answers": [{"answer": as_quiz_html(a["answer"]), "correct": a["correct"], "feedback": as_quiz_html(a["feedback"])}
                    for a in q["answers"]],
    }


# jupyterquiz's choice buttons are <label>s with click handlers: make them reachable by Tab and
# pressable with Enter or Space, and give the feedback region a live role for screen readers.
KEYBOARD_JS = """
(function () {
  function enhance() {
    document.querySelectorAll('.MCButton').forEach(function (b) {
      if (b.dataset.kb) return;
      b.dataset.kb = '1'; b.tabIndex = 0; b.setAttribute('role', 'button');
      b.addEventListener('keydown', function (e) {
        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); b.click(); }
      });
    });
    document.querySelectorAll('.Feedback, [id^="fb"]').forEach(function (f) { f.setAttribute('aria-live', 'polite'); });
  }
  enhance(); setTimeout(enhance, 300); setTimeout(enhance, 1500);
})();
"""

COLOURS = {  # contrast of white text on these backgrounds is above WCAG AA (4.5:1)
    "--jq-multiple-choice-bg": "#0b4f8a",
    "--jq-many-choice-bg": "#7a3b00",
    "--jq-numeric-bg": "#0b4f8a",
    "--jq-correct-color": "#0a6b2c",
    "--jq-incorrect-color": "#a3001b",
    "--jq-mc-button-bg": "#ffffff",
    "--jq-numeric-input-bg": "#ffffff",
    "--jq-link-color": "#ffffff",
}


def questions(lesson: str) -> list[dict]:
    """The lesson's questions in jupyterquiz's format."""
    return [to_jupyterquiz(q) for q in load(lesson)["questions"]]


def show(lesson: str) -> None:
    """Display the lesson's self-check quiz (answers give instant feedback, live or static)."""
    from IPython.display import Javascript, display
    from jupyterquiz import display_quiz

    display_quiz(questions(lesson), shuffle_answers=False, colors=COLOURS, max_width=760)
    display(Javascript(KEYBOARD_JS))


def export_json(lesson: str) -> str:
    """The lesson's quiz as jupyterquiz JSON text (for other front ends)."""
    return json.dumps(questions(lesson), indent=1, ensure_ascii=False)
