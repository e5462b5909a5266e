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

from support import LESSONS



WITH_CHALLENGES = [p for p in LESSONS if challenges.spec_path(p.stem[:2]).is_file()]


def _spec(path):
    return list(challenges.load(path.stem[:2]).values())


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
                    if cell.cell_type != "code":
                        continue
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
    assert {p.stem[:2] for p in WITH_CHALLENGES} == set(challenges.lessons()), "a challenge file without its lesson"


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
        assert hint.cell_type == "markdown" and hint.source.startswith(":::{dropdown} Hint") and ch["hint"] in hint.source, \
            f"{where}: a hint dropdown with the spec's hint"
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
        assert report.hint == ch["hint"], "a wrong answer gets the hint"
    assert tested, f"{path.name}: no challenge answer could be perturbed"


def test_messages_never_give_the_answer_away():
    for lesson in challenges.lessons():
        for ch in challenges.load(lesson).values():
            for index, c in enumerate(ch["checks"]):
                if "expected" not in c:
                    continue
                value = challenges.expected(ch["id"], index)
                shown = [str(value)] if not isinstance(value, float) else [f"{value:.1f}", f"{value:.0f}"]
                for text in (c["message"], ch["hint"]):
                    leaked = [s for s in shown if re.search(rf"(?<![\d.]){re.escape(s)}(?![\d])", text)]
                    assert not leaked, f"{ch['id']}: a message or hint shows the answer {leaked}"


def test_reports_are_readable():
    report = challenges.check("03.1", ...)
    assert "❌" in repr(report) and "first_200" in report._repr_html_() and report.hint is None
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
