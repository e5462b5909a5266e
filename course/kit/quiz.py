"""Self-check quizzes from question files in ``exercises/quizzes/`` (one YAML file per lesson).

Rendering uses jupyterquiz (HTML + JavaScript), so feedback works both in a live notebook and in the
static site with no kernel. What we add: a question-file format (declared in :mod:`course.kit.quizformat`) with an
explanation on every answer, keys computed from ``data/``, a level on every question, evaluation items with two
defensible options, stable ids emitted into the page (the site keeps a student's answers under them), and keyboard
access (jupyterquiz's answer buttons are mouse-only, so :data:`QUIZ_JS` makes them focusable and
Enter/Space-clickable).

A question file::

    lesson: "01"
    title: Check your understanding
    questions:
      - id: nerchinsk-year             # stable: the site keeps answers under it; never reuse or rename one
        level: recall                  # recall | apply | analyse | evaluate
        type: multiple_choice          # one correct answer
        question: When was the Treaty of Nerchinsk signed?
        answers:                       # stored in the order shown: vary the position of the right one
          - {answer: "1727", correct: false, feedback: "No: 1727 is Kiakhta …"}
          - {answer: "1689", correct: true, feedback: "Right: …"}
      - id: cession-total
        level: apply
        type: numeric
        question: About how many thousand km² did Aigun and Peking cede together?
        from_data: "data.load('treaties').territory_to_russia_km2.sum() / 1000"   # the key
        tolerance: 50                  # accepted: key ± tolerance
        values: {aigun: "…expression…"}   # optional: names for {aigun:,.0f} in every text of the question
        feedback_correct: "Right: {answer:,.0f} thousand km² …"   # with values, {answer} is the key
        feedback_wrong: "…"
      - id: which-reading
        level: evaluate
        type: evaluation               # two or more defensible options (correct: true), feedback weighs them
        question: Which is the stronger reading, and why?
        answers: [...]
      - former_texts: ["an earlier wording"]   # optional: answers kept under an old wording move to this id

Every text of a question with ``values`` is a Python format string over them (write ``{{`` for a brace); a choice
question's ``from_data`` names its correct option's text, so the tests can check the key against the data.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from .. import paths
from . import expressions, quizformat
from .quizformat import LEVELS, TYPES, QuizError  # noqa: F401  (part of this module's interface)


def quiz_path(lesson: str) -> Path:
    """Path of a lesson's question file, e.g. ``quiz_path("01")``."""
    return paths.QUIZZES / f"{lesson}.yaml"


def load(lesson: str, path: Path | None = None) -> dict:
    """Read and validate a lesson's question file (its expressions not yet evaluated); raise QuizError saying what
    to fix."""
    path = path or quiz_path(lesson)
    return quizformat.read(path, lesson).model_dump(exclude_none=True)


def validate(doc, name: str = "question file") -> dict:
    """Check a question document (see :mod:`course.kit.quizformat`); raise QuizError naming the place and the fix."""
    return quizformat.validate(doc, name).model_dump(exclude_none=True)


TEXT_KEYS = ("question", "feedback_correct", "feedback_wrong")


def resolve(q: dict, where: str = "") -> dict:
    """One validated question with its expressions evaluated: a numeric question's ``answer`` is the key computed by
    ``from_data``; with ``values``, every text is filled in from them."""
    where = where or q["id"]
    out = dict(q)
    values = {}
    for name, expression in q.get("values", {}).items():
        try:
            values[name] = expressions.evaluate(expression)
        except Exception as err:  # noqa: BLE001 - any failure of a course expression is reported with its place
            raise QuizError(f"{where}: values.{name} = {expression!r} fails: {err!r}") from None
    if q["type"] == "numeric":
        try:
            key = float(expressions.evaluate(q["from_data"]))
        except Exception as err:  # noqa: BLE001
            raise QuizError(f"{where}: from_data {q['from_data']!r} fails: {err!r}") from None
        if "answer" in q and abs(q["answer"] - key) > q["tolerance"] + 1e-9:
            raise QuizError(f"{where}: the typed answer {q['answer']:g} disagrees with from_data ({key:g}); "
                            "drop 'answer' (the key is computed) or fix the expression")
        out["answer"] = key
        values.setdefault("answer", key)
    if not q.get("values"):
        return out

    def fill(text: str) -> str:
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError) as err:
            raise QuizError(f"{where}: cannot fill {text[:60]!r}…: {err!r} (name each {{value}} under 'values'; "
                            "write {{{{ for a literal brace)") from None

    for key in TEXT_KEYS:
        if key in out:
            out[key] = fill(out[key])
    if "answers" in out:
        out["answers"] = [{**a, "answer": fill(a["answer"]), "feedback": fill(a["feedback"])} for a in out["answers"]]
    return out


def resolved(lesson: str) -> list[dict]:
    """The lesson's questions with every key and text computed from the data, in the order students see them."""
    return [resolve(q, f"{lesson}.yaml, {q['id']}") for q in load(lesson)["questions"]]


def as_quiz_html(text: str) -> str:
    """Make plain question text safe for jupyterquiz, which inserts it as HTML and turns every ``$``
    into a LaTeX delimiter: escape ``& < >`` and write ``$`` as an entity, so "$100 bn" stays money."""
    return html.escape(text, quote=False).replace("$", "&#36;")


def _attribute(value: str) -> str:
    """An HTML attribute value that survives jupyterquiz's rewriting of ``$`` and of markdown links."""
    return html.escape(value, quote=True).replace("$", "&#36;").replace("[", "&#91;").replace("]", "&#93;")


def marker(q: dict) -> str:
    """The empty element placed at the start of a question's text: its stable id (the site keeps answers under it),
    its earlier wordings (answers kept under one of them move to the id) and, for an evaluation item, its kind."""
    attrs = f'class="course-qid" data-qid="{_attribute(q["id"])}"'
    if q["type"] == "evaluation":
        attrs += ' data-kind="evaluation"'
    if q.get("former_texts"):
        attrs += f' data-former="{_attribute(json.dumps(q["former_texts"], ensure_ascii=False))}"'
    return f"<span {attrs} hidden></span>"


def to_jupyterquiz(q: dict) -> dict:
    """Convert one resolved question (:func:`resolve`) to jupyterquiz's JSON question format (texts escaped by
    :func:`as_quiz_html`, the question's id in :func:`marker`). An evaluation item becomes a choice question whose
    defensible options are all right; :data:`QUIZ_JS` makes one pick of them enough."""
    question = marker(q) + as_quiz_html(q["question"])
    if q["type"] == "numeric":
        # jupyterquiz accepts low <= x < high (upper bound exclusive): nudge the top so that
        # answer + tolerance, and an exact answer with tolerance 0, count as right.
        low = q["answer"] - q["tolerance"]
        high = q["answer"] + q["tolerance"] + max(1e-9, abs(q["answer"]) * 1e-12)
        return {
            "question": question,
            "type": "numeric",
            "answers": [
                {"type": "range", "range": [low, high], "correct": True, "feedback": as_quiz_html(q["feedback_correct"])},
                {"type": "default", "feedback": as_quiz_html(q["feedback_wrong"])},
            ],
        }
    return {
        "question": question,
        "type": "multiple_choice" if q["type"] == "evaluation" else q["type"],
        "answers": [{"answer": as_quiz_html(a["answer"]), "correct": a["correct"], "feedback": as_quiz_html(a["feedback"])}
                    for a in q["answers"]],
    }


# jupyterquiz's choice buttons are <label>s with click handlers: make them reachable by Tab and
# pressable with Enter or Space, and give the feedback region a live role for screen readers.
# jupyterquiz treats a question with several right options as "choose all" (it counts them and shows [1/2]); an
# evaluation item asks for one pick, so its feedback is told that one right option is enough (and it takes the
# one-pick colour), before any click reaches jupyterquiz's handler (a capturing listener runs first).
QUIZ_JS = """
(function () {
  function single(root) {
    (root || document).querySelectorAll('.course-qid[data-kind="evaluation"]').forEach(function (m) {
      var quiz = m.closest('.Quiz');
      var fb = quiz && quiz.querySelector('.Feedback');
      if (fb) fb.dataset.numcorrect = 1;
      var outer = quiz && quiz.querySelector('.ManyChoiceQn');
      if (outer) outer.className = 'MultipleChoiceQn';  // the colour of a one-pick question, not of "choose all"
    });
  }
  function enhance() {
    document.querySelectorAll('.MCButton').forEach(function (b) {
      if (b.dataset.kb) return;
      b.dataset.kb = '1'; b.tabIndex = 0; b.setAttribute('role', 'button');
      b.addEventListener('keydown', function (e) {
        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); b.click(); }
      });
    });
    document.querySelectorAll('.Feedback, [id^="fb"]').forEach(function (f) { f.setAttribute('aria-live', 'polite'); });
    single();
  }
  if (!window.courseQuizSingle) {
    window.courseQuizSingle = true;
    document.addEventListener('click', function (e) {
      var quiz = e.target.closest && e.target.closest('.Quiz');
      if (quiz) single(quiz);
    }, true);
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
    """The lesson's questions in jupyterquiz's format, keys and texts computed from the data."""
    return [to_jupyterquiz(q) for q in resolved(lesson)]


def show(lesson: str) -> None:
    """Display the lesson's self-check quiz (answers give instant feedback, live or static). Options are shown in
    their stored order, which the tests keep balanced (no position and no length gives the answer away), so the
    page, a print-out and the instructor's key agree."""
    from IPython.display import Javascript, display
    from jupyterquiz import display_quiz

    display_quiz(questions(lesson), shuffle_answers=False, colors=COLOURS, max_width=760)
    display(Javascript(QUIZ_JS))


def progress_keys(lesson: str) -> list[dict]:
    """Each question's id and wordings (``{"id": …, "texts": [current, earlier…]}``): the site's progress page moves
    answers a browser kept under a wording to the id (see ``course/site/static/course-progress.js``)."""
    return [{"id": q["id"], "texts": [q["question"]] + q.get("former_texts", [])} for q in resolved(lesson)]


def export_json(lesson: str) -> str:
    """The lesson's quiz as jupyterquiz JSON text (for other front ends)."""
    return json.dumps(questions(lesson), indent=1, ensure_ascii=False)
