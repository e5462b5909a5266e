"""The lessons' "Your turn" challenges: valid challenge files, cells in the agreed pattern, solutions that pass
their checks, starters (the worksheets) that fail them, and checks that tell a wrong answer from a right one.

Each lesson runs once here without a kernel (its code cells executed in order in one namespace, matplotlib on Agg),
the solution cells each undone after it ran, so the same pass is the worksheet's run.
"""

from __future__ import annotations

import ast
import contextlib
import io
import re
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 - after choosing the backend
import nbformat
import pandas as pd
import pytest
import yaml

from course.kit import ach, arms, challenges, economy, trade
from course.site import worksheets
from course.kit.challenges import TAGS, ChallengeError

from support import LESSONS, lesson_id



WITH_CHALLENGES = [p for p in LESSONS if challenges.spec_path(lesson_id(p)).is_file()]


def _spec(path):
    return list(challenges.load(lesson_id(path)).values())


@pytest.fixture(scope="module")
def runs():
    """Each lesson run once (kernel-less, in one namespace): ``run(path, True)`` maps each challenge's name to its
    solved value, ``run(path, False)`` is the namespace as the worksheet leaves it. After each solution cell the
    namespace goes back to what it was before it, so the rest of the lesson runs exactly as the worksheet (which
    has no solution cells) runs it: one pass tests the solutions and the worksheet."""
    cache = {}

    def run(path, with_solutions: bool) -> dict:
        if path not in cache:
            nb = nbformat.read(path, as_version=4)
            solved, namespace = {}, {"__name__": "__main__"}
            names = {ch["name"] for ch in _spec(path)}
            with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                for index, cell in enumerate(nb.cells):
                    if cell.cell_type != "code" or challenges.TAGS["practice"] in cell.metadata.get("tags", []):
                        continue  # a practice cell has blanks (____) for the student: the build does not run it either
                    code = compile(cell.source, f"<{path.stem} cell {index}>", "exec")
                    if worksheets.is_solution(cell):
                        before = dict(namespace)
                        exec(code, namespace)  # noqa: S102
                        solved.update({n: namespace[n] for n in names if namespace.get(n) is not before.get(n)})
                        namespace.clear()
                        namespace.update(before)
                    else:
                        exec(code, namespace)  # noqa: S102
            plt.close("all")
            cache[path] = (solved, namespace)
        return cache[path][0 if with_solutions else 1]

    return run


def test_there_are_challenge_files():
    assert WITH_CHALLENGES, "no lesson has exercises/challenges/NN.yaml"
    assert {lesson_id(p) for p in WITH_CHALLENGES} == set(challenges.lessons()), "a challenge file without its lesson"


@pytest.mark.parametrize("path", WITH_CHALLENGES, ids=lambda p: p.stem)
def test_cells_follow_the_pattern(path):
    """Prompt (tag challenge), starter (tag challenge-starter), check, hint dropdown, solution (tags solution and
    hide-cell, ending with the same check), in the spec's order, and no challenge cell the spec does not know."""
    nb = nbformat.read(path, as_version=4)
    tags = [c.metadata.get("tags", []) for c in nb.cells]
    prompts = [i for i, t in enumerate(tags) if TAGS["prompt"] in t]
    spec = _spec(path)
    assert len(prompts) == len(spec), f"{path.name}: {len(prompts)} challenge prompts, {len(spec)} challenges in the spec"
    assert sum(TAGS["solution"] in t for t in tags) == sum(TAGS["starter"] in t for t in tags) == len(spec)
    for i, ch in zip(prompts, spec):
        where = f"{path.name}, challenge {ch['id']}"
        prompt, starter, check, hint, solution = nb.cells[i:i + 5]
        assert prompt.cell_type == "markdown" and prompt.source.startswith(f"### Your turn {ch['id']}: {ch['title']}"), where
        assert "worksheet" in prompt.source, f"{where}: say what to do without a kernel"
        assert TAGS["starter"] in starter.metadata.get("tags", []), f"{where}: the starter follows the prompt"
        assert starter.source == f"{ch['name']} = ...  # your code here", where
        assert check.cell_type == "code" and check.source == f'check("{ch["id"]}", {ch["name"]})', where
        assert hint.cell_type == "markdown" and re.match(r":{3,}\{dropdown\} Hint", hint.source), \
            f"{where}: a hint dropdown follows the check (its text is generated: see test_hint_cells_are_up_to_date)"
        assert {TAGS["solution"], "hide-cell"} <= set(solution.metadata.get("tags", [])), f"{where}: solution tags"
        assert solution.metadata["mystnb"]["code_prompt_show"] == "Show solution", where
        assert solution.metadata["slideshow"]["slide_type"] == "skip", f"{where}: keep solutions out of the slides"
        assert solution.metadata["jupyter"] == {"source_hidden": True, "outputs_hidden": True}, f"{where}: fold it in JupyterLab"
        assert solution.source.splitlines()[-1] == check.source, f"{where}: the solution ends with the check"
        assert re.search(rf"^{re.escape(ch['name'])}\s*=", solution.source, flags=re.M), f"{where}: the solution defines {ch['name']}"


@pytest.mark.parametrize("path", WITH_CHALLENGES, ids=lambda p: p.stem)
def test_solutions_pass_and_starters_fail(path, runs):
    solved, sheet = runs(path, True), runs(path, False)
    for ch in _spec(path):
        report = challenges.check(ch["id"], solved[ch["name"]])
        assert report.passed, f"{path.name}: the solution of {ch['id']} fails its check: {report!r}"
        assert sheet[ch["name"]] is Ellipsis, f"{path.name}: the worksheet must leave {ch['name']} as `...`"
        starter = challenges.check(ch["id"], sheet[ch["name"]])
        assert not starter.passed and "still `...`" in repr(starter)


def _wrong(value):
    """A plausible wrong answer near the right one (numbers moved, a list missing an item, a label dropped)."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, (int, float)) or type(value).__module__ == "numpy":
        return float(value) + max(1.0, abs(float(value)) * 0.1)
    if isinstance(value, (list, tuple)):
        return list(value)[1:]
    if isinstance(value, str):
        return ""
    return None


@pytest.mark.parametrize("path", WITH_CHALLENGES, ids=lambda p: p.stem)
def test_checks_reject_a_near_miss(path, runs):
    solved = runs(path, True)
    tested = 0
    for ch in _spec(path):
        wrong = _wrong(solved[ch["name"]])
        if wrong is None:
            continue
        tested += 1
        report = challenges.check(ch["id"], wrong)
        assert not report.passed, f"{path.name}: {ch['id']} accepts the wrong answer {wrong!r}"
        assert report.hint == ch["hint"][0], "a wrong answer gets the first step of the hint ladder (the nudge)"
    assert tested, f"{path.name}: no challenge answer could be perturbed"


def test_messages_never_give_the_answer_away():
    for lesson in challenges.lessons():
        for ch in challenges.load(lesson).values():
            for index, c in enumerate(ch["checks"]):
                if "expected" not in c:
                    continue
                value = challenges.expected(ch["id"], index)
                shown = [str(value)] if not isinstance(value, float) else [f"{value:.1f}", f"{value:.0f}"]
                for text in (c["message"], *ch["hint"]):
                    leaked = [s for s in shown if re.search(rf"(?<![\d.]){re.escape(s)}(?![\d])", text)]
                    assert not leaked, f"{ch['id']}: a message or hint shows the answer {leaked}"


def _normalised(code: str) -> str:
    """Code as compared for a leak: no spaces, no backticks, one kind of quote."""
    return re.sub(r"[\s`]", "", code).replace("'", '"')


def _solution_code(path) -> dict[str, list[str]]:
    """Each challenge's solution code, by id: every line but the final check, and each assignment's right-hand side."""
    nb = nbformat.read(path, as_version=4)
    found = {}
    for cell in nb.cells:
        if worksheets.is_solution(cell):
            cid = re.search(r'check\("([^"]+)"', cell.source).group(1)
            lines = [line.split("#")[0].strip() for line in cell.source.splitlines()[:-1]]
            parts = lines + [line.split("=", 1)[1] for line in lines if re.match(r"^\w+\s*=[^=]", line)]
            found[cid] = [_normalised(p) for p in parts if _normalised(p)]
    return found


CODE_SPAN = re.compile(r"`([^`]+)`")


@pytest.mark.parametrize("path", WITH_CHALLENGES, ids=lambda p: p.stem)
def test_hints_are_a_ladder_that_stops_short_of_the_solution(path):
    """Every hint has at least two steps in order: a nudge in words first (no code beyond a name: no call, index or
    attribute), then the idiom (code); no step holds a line of the solution or the right-hand side of one."""
    solutions = _solution_code(path)
    for ch in _spec(path):
        steps = ch["hint"]
        assert len(steps) >= 2, f"{ch['id']}: a hint ladder needs at least 2 steps (nudge, idiom)"
        nudge_code = [span for span in CODE_SPAN.findall(steps[0]) if re.search(r"[(\[.]", span)]
        assert not nudge_code, f"{ch['id']}: the first hint is a nudge in words; move {nudge_code} to a later step"
        assert any(re.search(r"[(\[.]", span) for span in CODE_SPAN.findall(steps[-1])), \
            f"{ch['id']}: the last hint step shows the idiom (a code span such as `table.col.sum()`)"
        for i, step in enumerate(steps, 1):
            leaked = [code for code in solutions[ch["id"]] if code in _normalised(step)]
            assert not leaked, f"{ch['id']}: hint step {i} holds the solution's code {leaked}; show the idiom on another case"


def test_the_ladder_test_catches_a_leak_and_a_code_nudge():
    """The normalisation used above sees through spacing and quotes, and a solution's right-hand side is a leak."""
    solutions = _solution_code(next(p for p in WITH_CHALLENGES if lesson_id(p) == "03"))
    assert _normalised("growth.idxmin()") in solutions["03.2"]
    assert any(code in _normalised("Try ` growth.idxmin( )`.") for code in solutions["03.2"])
    assert [s for s in CODE_SPAN.findall("Use `growth.idxmin()`") if re.search(r"[(\[.]", s)]


def test_hint_cells_render_a_ladder_with_the_cheatsheet():
    ch = challenges.find("03.2")
    cell = challenges.hint_cell(ch)
    assert cell.startswith("::::{dropdown} Hint (1 of 2)\n" + ch["hint"][0])
    assert ":::{dropdown} Still stuck? Next hint (2 of 2)\n" + ch["hint"][1] in cell
    assert cell.index(ch["hint"][0]) < cell.index(ch["hint"][1]), "the nudge opens first"
    assert "[pandas cheat-sheet](../book/pandas-cheatsheet.md)" in cell and cell.endswith("\n::::")
    assert (challenges.paths.BOOK / "pandas-cheatsheet.md").is_file()
    three = challenges.hint_cell({**ch, "hint": ["a", "b", "c"]})
    opened = re.findall(r"^(:+)\{dropdown\}", three, flags=re.M)
    closed = [line for line in three.splitlines() if re.fullmatch(r":+", line)]
    assert opened == [":::::", "::::", ":::"] and closed == [":::", "::::", ":::::"], three


@pytest.mark.parametrize("path", WITH_CHALLENGES, ids=lambda p: p.stem)
def test_hint_cells_are_up_to_date(path):
    """A lesson's hint cells are the challenge file's ladders, written by the tool, never edited by hand."""
    from course.site import hintcells
    stale = hintcells.stale(path)
    assert not stale, f"{path.name}: hint cells of {stale} differ from the challenge file; " \
                      f"run `python -m course.site.hintcells {lesson_id(path)}`"


def test_a_hint_with_one_step_says_what_to_fix():
    good = yaml.safe_load(challenges.spec_path("03").read_text(encoding="utf-8"))
    bad = {**good, "challenges": [{**good["challenges"][0], "hint": "one sentence that gives it all away"}]}
    with pytest.raises(ChallengeError, match="'hint' must be a list of at least 2 steps"):
        challenges.validate(bad, "03.yaml")


def test_an_untried_challenge_is_not_marked_failed():
    """The static page runs every check cell with the starter's `...`: that shows no ❌ and no "not yet"."""
    report = challenges.check("03.1", ...)
    assert not report.passed and "❌" not in repr(report) and "not yet:" not in repr(report)
    assert "not tried yet" in repr(report) and "challenge-untried" in report._repr_html_()
    wrong = challenges.check("03.1", 1999)
    assert "❌" in repr(wrong) and "challenge-failed" in wrong._repr_html_() and wrong.hint in repr(wrong)


def test_reports_are_readable():
    report = challenges.check("03.1", ...)
    assert "still `...`" in repr(report) and "first_200" in report._repr_html_() and report.hint is None
    good = challenges.check("03.1", 2023)
    assert good.passed and "✅" in repr(good)


def test_bad_ids_and_files_say_what_to_fix(tmp_path):
    with pytest.raises(ChallengeError, match="has no challenge '03.9'; its challenges are"):
        challenges.check("03.9", 1)
    with pytest.raises(ChallengeError, match="No challenges for lesson '99'"):
        challenges.check("99.1", 1)
    good = yaml.safe_load(challenges.spec_path("03").read_text(encoding="utf-8"))
    bad = {**good, "challenges": [{**good["challenges"][0], "checks": [{"check": "close", "message": "m"}]}]}
    with pytest.raises(ChallengeError, match="'close' needs 'expected'"):
        challenges.validate(bad, "03.yaml")
    bad = {**good, "challenges": [{**good["challenges"][0], "checks": [{"check": "nearly"}]}]}
    with pytest.raises(ChallengeError, match="'check' must be one of"):
        challenges.validate(bad, "03.yaml")
    bad = {**good, "challenges": [{**good["challenges"][0], "id": "04.1"}]}
    with pytest.raises(ChallengeError, match=r"'id' must look like \"03.1\""):
        challenges.validate(bad, "03.yaml")


def test_worksheets_keep_starters_and_drop_solutions(tmp_path):
    written = worksheets.main(["--out", str(tmp_path)])
    assert [p.name for p in written] == [p.name for p in LESSONS]
    for path in WITH_CHALLENGES:
        sheet = nbformat.read(tmp_path / path.name, as_version=4)
        tags = [c.metadata.get("tags", []) for c in sheet.cells]
        assert not any(TAGS["solution"] in t for t in tags)
        assert sum(TAGS["starter"] in t for t in tags) == len(_spec(path))
        assert not any(c.get("outputs") for c in sheet.cells if c.cell_type == "code")


# The analysis the lessons now show as pandas must agree with the package functions that the charts, quizzes and
# explorers still use (course.kit.trade, arms, economy, ach): one computation, two readable forms.
SHOWN = {
    "03": lambda ns: pd.testing.assert_series_equal(
        ns["growth"].dropna(), trade.yearly_growth(ns["turnover"]).set_index("year").growth_pct.dropna(), check_names=False),
    "04": lambda ns: _close([ns["to_china"] / ns["china_imports"] * 100, ns["to_china"] / ns["russia_exports"] * 100],
                            [arms.share_between(ns["transfers"], "Russia", "China", 2000, 2010)[k]
                             for k in ("of_recipient_imports_pct", "of_supplier_exports_pct")]),
    "05": lambda ns: pd.testing.assert_series_equal(ns["ratio"], economy.ratio(ns["gdp"], "China", "Russia"), check_names=False),
    "07": lambda ns: pd.testing.assert_series_equal(ns["scores"].astype(float), ach.inconsistency(ns["ratings"]).astype(float)),
}


def _close(got, want):
    assert got == pytest.approx(want)


@pytest.mark.parametrize("lesson", sorted(SHOWN))
def test_shown_analysis_agrees_with_the_package(lesson, runs):
    path = next(p for p in LESSONS if p.stem.startswith(lesson))
    SHOWN[lesson](runs(path, False))


def _assigned(source: str) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(source)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
            node, (ast.AugAssign, ast.AnnAssign, ast.NamedExpr)) else []
        names |= {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
    return names


@pytest.mark.parametrize("path", WITH_CHALLENGES, ids=lambda p: p.stem)
def test_solutions_leave_the_lessons_variables_alone(path):
    """A solution assigns its answer and its own helper names, never a name the lesson's other cells define:
    otherwise the lesson would run differently with and without solutions (as a worksheet). `fig, ax` are
    re-created by every chart cell, so they are exempt."""
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    lesson = set().union(*(_assigned(c.source) for c in code if not worksheets.is_solution(c)))
    answers = {ch["name"] for ch in _spec(path)}
    for cell in code:
        if worksheets.is_solution(cell):
            clash = _assigned(cell.source) & lesson - answers - {"fig", "ax"}
            assert not clash, f"{path.name}: a solution rebinds the lesson's {sorted(clash)}; give its helpers new names"


@pytest.mark.parametrize("path", WITH_CHALLENGES, ids=lambda p: p.stem)
def test_the_site_and_the_worksheet_render_the_hints_from_the_files(path):
    """Whatever a lesson's stored hint cells hold, the book build (source-read) and its worksheet show the ladders of
    the challenge file: one source."""
    from course.site import hintcells
    text = path.read_text(encoding="utf-8")
    rendered = nbformat.reads(hintcells.rewrite_source(text), as_version=4)
    sheet = worksheets.worksheet(nbformat.reads(text, as_version=4))
    for nb in (rendered, sheet):
        found = hintcells.hint_cells(nb)
        assert [cid for _, cid in found] == [ch["id"] for ch in _spec(path)]
        for index, cid in found:
            assert nb.cells[index].source == challenges.hint_cell(challenges.find(cid)), f"{path.name}: {cid}"
    assert [c.source for c in rendered.cells if c.cell_type == "code"] == \
        [c.source for c in nbformat.reads(text, as_version=4).cells if c.cell_type == "code"], "code is untouched"
    assert hintcells.rewrite_source("# not a notebook") == "# not a notebook"
