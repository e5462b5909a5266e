"""What the grader writes: student-controlled text in every output, reruns without --force, the Gradescope
format, the Moodle export and the late policy.

A submission controls its file name, its error messages and (forging its result) their size. Each attack here
comes with a control: the same payload written without :mod:`course.grading.untrusted` (its functions
replaced by the identity) does forge the line, run the HTML or start the formula, so the test can fail.
The batch tests grade into tmp_path under every isolation available here (tests/grading_support.py).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from datetime import datetime, timedelta, UTC
from pathlib import Path

import nbformat
import pytest
from markdown_it import MarkdownIt

from course import paths
from course.grading import feedback, grade, gradebook, late, release, resume, sandbox, spec, untrusted
from course.grading.records import QuestionResult, Result
from course.grading.submissions import submissions_in

from grading_support import FAST, MODES, require

FIXTURES = Path(__file__).parent / "fixtures"
DOC = {"title": "A9 — Test", "questions": [{"id": "q1"}, {"id": "q2"}]}
FORGED_LINE = "Final score (public and hidden checks): 16 / 16 points"
HTML = "<script>alert(1)</script><img src=x onerror=alert(2)>[click](http://evil.example)"
FORMULA = 'ok;=HYPERLINK("http://evil.example";"click")'
FORMULA_START = ("=", "+", "-", "@")


def _result(student="s1", file="s1.ipynb", reason="", messages=("q1: check the year",), points=1.0) -> Result:
    qs = [QuestionResult("q1", 2.0, False, points, list(messages), True), QuestionResult("q2", 3.0, False, 0.0, [], False)]
    return Result(student, file, "ok", reason, "bubblewrap", qs, 0.5)


@pytest.fixture
def raw_outputs(monkeypatch):
    """The control: every untrusted.* function passes text through as it is (as the writers did before)."""
    monkeypatch.setattr(untrusted, "clean", lambda value, limit, lines=False: value)
    monkeypatch.setattr(untrusted, "markdown", lambda value, limit: value)
    monkeypatch.setattr(untrusted, "csv_cell", lambda value, limit: value)


def _spreadsheet_cells(text: str) -> list[str]:
    """What a spreadsheet may take for cells: split on the real separator and on ; and | (locales, import
    dialogs), stripped of spaces and quotes."""
    return [p.strip().strip("\"").strip() for p in re.split(r"[,;|\n]", text)]


def _active(html: str) -> list[str]:
    return re.findall(r"<(?:script|img|a|iframe)\b", html)


def _render(markdown_text: str) -> str:
    return MarkdownIt("commonmark", {"html": True}).render(markdown_text)


# --- untrusted: the one function ---------------------------------------------------------------------
@pytest.mark.parametrize("raw,shown", [
    ("a\nb", "a\\nb"), ("tab\there", "tab\\there"), ("cr\rx", "cr\\rx"), ("bell\x07", "bell\\x07"),
    ("caf\udce9.ipynb", "caf\\xe9.ipynb"),  # a file name byte that is not UTF-8 (surrogateescape)
    ("lone \ud800 surrogate", "lone \ufffd surrogate"), ("rtl \u202e override", "rtl \\u202e override"),
    ("line\u2028sep", "line\\u2028sep"), ("Россия 中国 भारत", "Россия 中国 भारत"),
])
def test_clean_makes_valid_single_lines(raw, shown):
    out = untrusted.clean(raw, 100)
    assert out == shown
    out.encode("utf-8")  # valid
    assert untrusted.clean(out, 100) == out, "idempotent"


def test_clean_bounds_length_and_says_so():
    huge = "x" * 4_000_000
    out = untrusted.clean(huge, 2000)
    assert len(out) <= 2000 and out.endswith(f"[cut: {len(huge) - out.count('x')} more characters]")
    assert untrusted.clean(out, 2000) == out
    assert len(untrusted.clean("\n" * 5000, 200)) <= 200, "escapes count towards the bound"
    assert untrusted.clean("essay\nline two\ttab\r\n", 100, lines=True) == "essay\nline two\ttab\n"


def test_markdown_and_csv_escapes():
    assert not _active(_render(untrusted.markdown(HTML, 500)))
    assert _active(_render(HTML)), "control: the raw payload is active when raw HTML is allowed"
    assert untrusted.markdown("record_years", 50) == "record_years", "identifiers stay readable in the raw file"
    literal = "_em_ __strong__ *x* `code` ~~del~~ a\\b"
    assert _render(untrusted.markdown(literal, 100)) == f"<p>{literal}</p>\n", "rendered as the literal text"
    for start in ("# heading", "- item", "1. item", "> quote", "    code"):
        assert _render(untrusted.markdown(start, 100)).startswith("<p>"), start
    cell = untrusted.csv_cell(FORMULA, 500)
    assert not [c for c in _spreadsheet_cells(cell) if c.startswith(FORMULA_START)], cell
    assert [c for c in _spreadsheet_cells(FORMULA) if c.startswith(FORMULA_START)], "control"
    assert untrusted.csv_cell(-2.5, 10) == -2.5 and untrusted.csv_cell(None, 10) is None


# --- each writer, with its control -----------------------------------------------------------------
def test_newline_cannot_forge_a_score_line_in_feedback():
    payload = f"cell 2: ValueError: x)\n{FORGED_LINE}\n("
    text = feedback.feedback_text(DOC, _result(reason=payload, messages=[payload]))
    assert [line for line in text.splitlines() if line.startswith("Final score")] == \
        ["Final score (public and hidden checks): 1 / 5 points"]


def test_control_newline_forges_a_score_line_without_escaping(raw_outputs):
    payload = f"cell 2: ValueError: x)\n{FORGED_LINE}\n("
    text = feedback.feedback_text(DOC, _result(reason=payload))
    assert FORGED_LINE in text.splitlines(), "without untrusted.*, the forged line is a line of its own"


def test_html_in_an_error_is_inert_in_rendered_feedback():
    text = feedback.feedback_text(DOC, _result(reason=HTML, messages=[HTML]))
    assert not _active(_render(text)), _render(text)[:500]
    assert "&lt;script&gt;" in text, "shown as text, not dropped"


def test_control_html_runs_without_escaping(raw_outputs):
    assert _active(_render(feedback.feedback_text(DOC, _result(reason=HTML))))


def test_formula_after_a_semicolon_is_defused_in_every_csv(tmp_path):
    results = [_result(file=f"{FORMULA}.ipynb", reason=f"cell 1: ValueError: {FORMULA}"),
               _result(student="s2", file="=cmd|' /C calc'!A0.ipynb", reason="; +1; @SUM(A1)")]
    gradebook.write_outputs(DOC, results, [], tmp_path)
    for name in ("gradebook.csv", "canvas.csv", "moodle.csv"):
        text = (tmp_path / name).read_text(encoding="utf-8")
        bad = [c for c in _spreadsheet_cells(text) if c.startswith(FORMULA_START)]
        assert not bad, f"{name}: {bad}"
    assert "HYPERLINK" in (tmp_path / "gradebook.csv").read_text(encoding="utf-8"), "shown, not dropped"


def test_control_formula_hides_after_a_semicolon_without_escaping(tmp_path, raw_outputs):
    gradebook.write_gradebook(DOC, [_result(file=f"{FORMULA}.ipynb")], tmp_path / "gradebook.csv")
    text = (tmp_path / "gradebook.csv").read_text(encoding="utf-8")
    assert [c for c in _spreadsheet_cells(text) if c.startswith("=HYPERLINK")]


def test_a_4mb_reason_is_bounded_in_every_output(tmp_path):
    huge = "the process ended during cell " + "x" * 4 * 2**20
    gradebook.write_outputs(DOC, [_result(reason=huge, messages=[huge] * 50)], [], tmp_path)
    with open(tmp_path / "gradebook.csv", newline="", encoding="utf-8") as fh:
        row = next(csv.DictReader(fh))
    assert len(row["reason"]) <= untrusted.LIMITS["reason"] and "[cut:" in row["reason"]
    assert (tmp_path / "feedback" / "s1.md").stat().st_size < 100_000
    gs = json.loads((tmp_path / "gradescope" / "s1" / "results.json").read_text(encoding="utf-8"))
    assert len(gs["output"]) < 3000 and all(len(t["output"]) < 60_000 for t in gs["tests"])
    stored = Result.from_dict(json.loads(json.dumps(_result(reason=huge).to_dict())))
    assert len(stored.reason) <= untrusted.LIMITS["reason"], "results/<student>.json is bounded too"


def test_control_a_4mb_reason_reaches_the_gradebook_without_bounds(tmp_path, raw_outputs):
    huge = "x" * 4 * 2**20
    gradebook.write_gradebook(DOC, [_result(reason=huge)], tmp_path / "gradebook.csv")
    assert (tmp_path / "gradebook.csv").stat().st_size > 4 * 2**20


def test_text_that_is_not_utf8_is_written(tmp_path):
    name = os.fsdecode(b"Asha \xe9\xff.ipynb")  # how Linux hands over a Windows zip's cp437/cp1252 name
    results = [_result(file=name, reason="cell 1: ValueError: \udcff\ud800 lone surrogates")]
    gradebook.write_outputs(DOC, results, [], tmp_path)
    for path in tmp_path.rglob("*"):
        if path.is_file():
            path.read_bytes().decode("utf-8")  # every output is valid UTF-8
    assert "Asha \\xe9\\xff.ipynb" in (tmp_path / "gradebook.csv").read_text(encoding="utf-8")


def test_control_text_that_is_not_utf8_crashes_the_writers(tmp_path, raw_outputs):
    results = [_result(file=os.fsdecode(b"Asha \xe9.ipynb"))]
    with pytest.raises(UnicodeEncodeError):
        gradebook.write_outputs(DOC, results, [], tmp_path)


# --- a real batch, under every isolation ---------------------------------------------------------------
def _notebook(*cells: str) -> bytes:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    return nbformat.writes(nb).encode("utf-8")


def _hostile_files() -> dict[bytes, bytes]:
    names = [q["name"] for q in spec.load("a2")["questions"]]
    forged = {"answers": {}, "errors": [], "finished": False, "running_cell": "x" * 4 * 2**20}
    return {
        b"honest.ipynb": _notebook(f"{names[0]} = 1.0"),
        b"surrogate.ipynb": _notebook("raise ValueError('\\udcff\\ud800 lone surrogates')"),
        os.fsencode(os.fsdecode(b"caf\xe9 \xff windows.ipynb")): _notebook("x = 1"),  # not UTF-8
        b"newline.ipynb": _notebook(f"raise ValueError('x)\\n{FORGED_LINE}\\n## q1: 2 / 2\\n(')"),
        b"html.ipynb": _notebook(f"raise ValueError({HTML!r})"),
        b"formula;=1+1.ipynb": _notebook(f"raise ValueError({FORMULA!r})"),
        b"huge_reason.ipynb": _notebook(f"import json, os\nopen('result.json', 'w').write(json.dumps({forged!r}))\n"
                                        "os._exit(0)"),
    }


@pytest.fixture(scope="module", params=MODES)
def hostile_batch(request, tmp_path_factory):
    mode = request.param
    require(mode)
    root = tmp_path_factory.mktemp(f"outputs-{mode}")
    subs, out = root / "subs", root / "graded"
    subs.mkdir()
    files = _hostile_files()
    for name, content in files.items():
        with open(os.path.join(os.fsencode(subs), name), "wb") as fh:
            fh.write(content)
    results = grade.grade_folder("a2", subs, out, workers=2, mode=mode, limits=FAST, progress=False)
    stamps = {p: p.stat().st_mtime_ns for p in (out / "results").iterdir()}
    rerun = grade.grade_folder("a2", subs, out, workers=2, mode=mode, limits=FAST, progress=False)
    return {"mode": mode, "out": out, "files": files, "results": results, "rerun": rerun, "stamps": stamps}


def test_no_file_stops_the_batch(hostile_batch):
    out = hostile_batch["out"]
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(hostile_batch["files"]), "a row for every file, however named or written"
    assert {r["isolation"] for r in rows} == {hostile_batch["mode"]}
    by_file = {r["file"]: r for r in rows}
    assert "caf\\xe9 \\xff windows.ipynb" in by_file, "a name that is not UTF-8 is shown with its bytes"
    assert by_file["huge_reason.ipynb"]["status"] == "crashed"
    assert "\\udcff" not in by_file["surrogate.ipynb"]["reason"] and "lone surrogates" in by_file["surrogate.ipynb"]["reason"]
    for path in out.rglob("*"):
        if path.is_file():
            path.read_bytes().decode("utf-8")


def test_rerun_keeps_every_result_and_crashes_nothing(hostile_batch):
    out = hostile_batch["out"]
    assert [r.to_dict() for r in hostile_batch["rerun"]] == [r.to_dict() for r in hostile_batch["results"]]
    assert {p: p.stat().st_mtime_ns for p in (out / "results").iterdir()} == hostile_batch["stamps"], \
        "nothing was graded again"


def test_batch_outputs_forge_nothing(hostile_batch):
    out = hostile_batch["out"]
    feedback_of = {p.stem: p.read_text(encoding="utf-8") for p in (out / "feedback").iterdir()}
    assert FORGED_LINE in feedback_of["newline"] and "&lt;script&gt;" in feedback_of["html"], \
        "the payloads did reach the feedback (as text)"
    assert "HYPERLINK" in (out / "gradebook.csv").read_text(encoding="utf-8")
    for path in (out / "feedback").iterdir():
        text = path.read_text(encoding="utf-8")
        assert len([line for line in text.splitlines() if line.startswith("Final score")]) == 1, path.name
        assert len([line for line in text.splitlines() if line.startswith("## q1")]) == 1, path.name
        assert not _active(_render(text)), path.name
        assert len(text) < 100_000
    for name in ("gradebook.csv", "canvas.csv", "moodle.csv"):
        text = (out / name).read_text(encoding="utf-8")
        assert not [c for c in _spreadsheet_cells(text) if c.startswith(FORMULA_START)], name
        assert max(len(c) for row in csv.reader(io.StringIO(text)) for c in row) <= untrusted.LIMITS["reason"]
    for path in (out / "gradescope").rglob("results.json"):
        gs = json.loads(path.read_text(encoding="utf-8"))
        assert gs["output_format"] == gs["test_output_format"] == gs["test_name_format"] == "text"
        assert len(gs["output"]) < 3000


# --- reruns without --force (issue: a kept result must come from the file that holds its id now) --------
def test_kept_results_are_keyed_to_their_file(tmp_path):
    subs_dir, results_dir = tmp_path / "subs", tmp_path / "results"
    subs_dir.mkdir()
    results_dir.mkdir()
    (subs_dir / "Asha_Rao.ipynb").write_bytes(b"first version")
    (sub,) = submissions_in(subs_dir)

    def store(status="ok", source=None):
        r = _result(student=sub.student, file=sub.path.name)
        r.status, r.source = status, resume.file_key(sub, 1000) if source is None else source
        (results_dir / f"{sub.student}.json").write_text(json.dumps(r.to_dict()), encoding="utf-8")

    store()
    assert set(resume.kept_results(results_dir, [sub], 1000)) == {"Asha_Rao"}
    (subs_dir / "Asha_Rao.ipynb").write_bytes(b"second version")
    assert resume.kept_results(results_dir, [sub], 1000) == {}, "a new version under the same name is graded"
    store()
    (subs_dir / "Asha Rao.ipynb").write_bytes(b"another student")  # sorts first: takes the id Asha_Rao
    subs = submissions_in(subs_dir)
    assert [(s.path.name, s.student) for s in subs] == [("Asha Rao.ipynb", "Asha_Rao"), ("Asha_Rao.ipynb", "Asha_Rao-2")]
    assert resume.load(results_dir / "Asha_Rao.json").file == "Asha_Rao.ipynb", \
        "control: the stored result under that id came from the other file"
    assert resume.kept_results(results_dir, subs, 1000) == {}
    for status in resume.NOT_FINAL:
        store(status)
        assert resume.kept_results(results_dir, [sub], 1000) == {}, f"{status} is never final"
    store(source="")
    assert resume.kept_results(results_dir, [sub], 1000) == {}, "a result from before keys (or of an unreadable file)"
    (results_dir / "Asha_Rao.json").write_text("{not json", encoding="utf-8")
    assert resume.kept_results(results_dir, [sub], 1000) == {}, "a damaged result is graded again, not a crash"


@pytest.mark.parametrize("mode", MODES)
def test_rerun_grades_a_new_file_that_takes_an_id_and_a_refused_run_once_fixed(mode, tmp_path, monkeypatch):
    require(mode)
    subs_dir, out = tmp_path / "subs", tmp_path / "out"
    subs_dir.mkdir()
    solution = release.authored("a2")
    nbformat.write(solution, subs_dir / "Asha_Rao.ipynb")  # full marks
    doc = spec.load("a2")
    full = sum(spec.max_points(q) for q in doc["questions"] if q["kind"] != "manual")

    def refuse(*args, **kwargs):
        raise sandbox.IsolationUnavailable("closed for the test: run `chmod o-rwx ...`")

    with monkeypatch.context() as m:
        m.setattr(sandbox, "isolation", refuse)
        first = grade.grade_folder("a2", subs_dir, out, workers=1, mode=mode, limits=FAST, progress=False)
    assert [r.status for r in first] == ["not graded"]
    fixed = grade.grade_folder("a2", subs_dir, out, workers=1, mode=mode, limits=FAST, progress=False)
    assert [(r.status, r.total) for r in fixed] == [("ok", full)], "fixing the cause grades the file"
    (subs_dir / "Asha Rao.ipynb").write_bytes(_notebook("x = 1"))  # another student, no answers
    second = grade.grade_folder("a2", subs_dir, out, workers=1, mode=mode, limits=FAST, progress=False)
    by_file = {r.file: r for r in second}
    assert by_file["Asha Rao.ipynb"].total < full and by_file["Asha Rao.ipynb"].source, "the new file was graded"
    assert by_file["Asha_Rao.ipynb"].total == full
    with open(out / "canvas.csv", newline="", encoding="utf-8") as fh:
        credited = [float(r[doc["title"]]) for r in list(csv.DictReader(fh))[1:]]
    assert sorted(credited) == sorted([by_file["Asha Rao.ipynb"].total, full]), "full credit once, not twice"


def test_outputs_of_ids_that_left_the_folder_are_removed(tmp_path):
    gradebook.write_outputs(DOC, [_result(student="gone"), _result(student="stays")], [], tmp_path)
    (tmp_path / "feedback" / "notes.txt").write_text("the instructor's own file", encoding="utf-8")
    gradebook.write_outputs(DOC, [_result(student="stays")], [], tmp_path)
    assert sorted(p.name for p in (tmp_path / "feedback").iterdir()) == ["notes.txt", "stays.md"]
    assert [p.name for p in (tmp_path / "gradescope").iterdir()] == ["stays"]


# --- Gradescope's current format ------------------------------------------------------------------------
def test_gradescope_results_follow_the_current_format():
    """Fields and values from Gradescope's autograder spec (gradescope/autograder_samples, docs/specs.md)."""
    gs = gradebook.gradescope_results(_result(points=2.0))
    visibility = {"hidden", "after_due_date", "after_published", "visible"}
    formats = {"text", "html", "simple_format", "md", "ansi"}
    assert gs["visibility"] in visibility and gs["stdout_visibility"] in visibility
    assert gs["output_format"] == "text", "the default, simple_format, would render a student's HTML"
    assert gs["test_output_format"] in formats and gs["test_name_format"] in formats
    assert [t["status"] for t in gs["tests"]] == ["passed", "failed"]
    for t in gs["tests"]:
        assert t["output_format"] == t["name_format"] == "text" and t["visibility"] in visibility
        assert set(t) <= {"score", "max_score", "status", "name", "name_format", "number", "output", "output_format",
                          "tags", "visibility", "extra_data"}
    assert isinstance(gs["score"], float) and gs["execution_time"] == 0.5


# --- late policy ---------------------------------------------------------------------------------------
POLICY = late.load(FIXTURES / "late_policy.yaml")
DUE = datetime(2027, 3, 1, 18, 29, tzinfo=UTC)  # 23:59 at +05:30


@pytest.mark.parametrize("student,submitted,days,penalty", [
    ("on_time", DUE - timedelta(hours=1), 0, 0),
    ("in_grace", DUE + timedelta(minutes=3), 0, 0),
    ("free_day", DUE + timedelta(minutes=10), 1, 0),  # a started day counts; one day is free
    ("two_days", DUE + timedelta(hours=25), 2, 10),
    ("six_days", DUE + timedelta(days=5, minutes=1), 6, 50),  # 5 x 10% = 50%
    ("capped", DUE + timedelta(days=9), 9, 50),  # 80% capped at max_penalty
    ("Asha_Rao", DUE + timedelta(days=2), 0, 0),  # extended to 4 March
    ("Wei_Zhang", DUE + timedelta(days=2, hours=12), 1, 0),  # 2 extra days: 12 h late, the free day
    ("Wei_Zhang", DUE + timedelta(days=3, hours=12), 2, 10),
    ("Ivan_Petrov", DUE, 2, 10),  # the policy's own time (3 March 20:00 +03:00) wins over the file's
])
def test_late_policy_arithmetic(student, submitted, days, penalty):
    found = late.assess(POLICY, student, submitted)
    assert (found.days_late, found.penalty) == (days, penalty)
    assert found.apply(8.0) == round(8.0 * (1 - penalty / 100), 3)
    assert found.extended == (student in ("Asha_Rao", "Wei_Zhang"))


def test_numeric_ids_and_unknown_ids_in_a_late_policy(tmp_path):
    path = tmp_path / "policy.yaml"
    path.write_text("due: 2027-03-01T23:59:00+05:30\nextensions: {20231234: 1, Asah_Rao: 2}\n", encoding="utf-8")
    policy = late.load(path)
    assert late.assess(policy, "20231234", DUE + timedelta(hours=20)).days_late == 0, "an SIS id read as a number"
    assert policy.unknown(["20231234", "Asha_Rao"]) == ["Asah_Rao"], "a typo is reported"


def test_late_days_without_a_penalty_per_day_refuse_later_work():
    policy = late.Policy(due=DUE, late_days=2)
    assert late.assess(policy, "s", DUE + timedelta(days=1, hours=23)).penalty == 0
    assert late.assess(policy, "s", DUE + timedelta(days=2, hours=1)).penalty == 100


@pytest.mark.parametrize("text,words", [
    ("due: 2027-03-01\n", "UTC offset"), ("due: 2027-03-01T23:59:00\n", "timezone"),
    ("due: 2027-03-01T23:59:00+05:30\npenalty_per_day: -5\n", "penalty_per_day"),
    ("due: 2027-03-01T23:59:00+05:30\nlate_dayz: 2\n", "late_dayz"),
    ("penalty_per_day: 5\n", "due"), ("- 1\n", "mapping"),
    ("due: 2027-03-01T23:59:00+05:30\nextensions: {Asha_Rao: -2}\n", "extra days must be 0 or more"),
])
def test_bad_late_policies_say_what_to_fix(tmp_path, text, words):
    path = tmp_path / "policy.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(late.LatePolicyError, match=words):
        late.load(path)


def test_late_policy_reaches_gradebook_feedback_and_every_export(tmp_path):
    subs_dir = tmp_path / "subs"
    subs_dir.mkdir()
    for name, when in (("on_time", DUE - timedelta(hours=2)), ("two_days", DUE + timedelta(hours=25))):
        path = subs_dir / f"{name}.ipynb"
        path.write_bytes(b"{}")
        os.utime(path, (when.timestamp(), when.timestamp()))
    subs = submissions_in(subs_dir)
    results = [_result(student=s.student, file=s.path.name, points=2.0) for s in subs]  # 2 of 5 points each
    gradebook.write_outputs(DOC, results, subs, tmp_path / "out", POLICY)
    out = tmp_path / "out"
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as fh:
        rows = {r["student"]: r for r in csv.DictReader(fh)}
    assert list(rows["two_days"])[:11] == ["student", "file", "status", "total", "max_auto", "public_passed",
                                            "submitted", "due", "days_late", "late_penalty_pct", "final_total"]
    assert (rows["two_days"]["days_late"], rows["two_days"]["late_penalty_pct"], rows["two_days"]["final_total"]) == \
        ("2", "10.0", "1.8")
    assert rows["two_days"]["total"] == "2.0" and rows["on_time"]["final_total"] == "2.0"
    text = (out / "feedback" / "two_days.md").read_text(encoding="utf-8")
    assert "2 days late, late penalty 10%" in text and "Score after the late penalty: 1.8 / 5 points" in text
    with open(out / "canvas.csv", newline="", encoding="utf-8") as fh:
        assert [r[DOC["title"]] for r in csv.DictReader(fh)][1:] == ["2.0", "1.8"]
    gs = json.loads((out / "gradescope" / "two_days" / "results.json").read_text(encoding="utf-8"))
    assert gs["score"] == 1.8 and "late penalty 10%" in gs["output"]


# --- Moodle ---------------------------------------------------------------------------------------------
def test_moodle_csv_format(tmp_path):
    results = [_result(student="s2", points=2.0), _result(student="s1", points=1.0)]
    gradebook.write_moodle(DOC, results, tmp_path / "moodle.csv")
    raw = (tmp_path / "moodle.csv").read_bytes()
    assert raw.decode("utf-8").splitlines()[0] == "ID number,A9 — Test,Feedback" and b"\r\n" in raw
    with open(tmp_path / "moodle.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["ID number"], float(r["A9 — Test"])) for r in rows] == [("s1", 1.0), ("s2", 2.0)]
    assert rows[0]["Feedback"] == "ok; public checks passed: 1; automatic points 1 of 5"
    late_for = {"s2": late.assess(POLICY, "s2", DUE + timedelta(hours=25))}
    gradebook.write_moodle(DOC, results, tmp_path / "moodle.csv", late_for)
    with open(tmp_path / "moodle.csv", newline="", encoding="utf-8") as fh:
        rows = {r["ID number"]: r for r in csv.DictReader(fh)}
    assert float(rows["s2"]["A9 — Test"]) == 1.8 and "2 days late, penalty 10%" in rows["s2"]["Feedback"]


# --- command line and make -------------------------------------------------------------------------------
def test_make_grade_passes_the_late_policy():
    run = subprocess.run(["make", "-n", "grade", "ASSIGNMENT=a2", "SUBMISSIONS=subs", "LATE=policy.yaml"],
                         cwd=paths.ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    line = next(line for line in run.stdout.splitlines() if "course.grading grade" in line)
    assert line.rstrip().endswith("--late-policy policy.yaml"), line


def test_cli_refuses_a_bad_late_policy_before_grading(tmp_path):
    subs_dir = tmp_path / "subs"
    subs_dir.mkdir()
    (subs_dir / "one.ipynb").write_bytes(b"{}")
    (tmp_path / "policy.yaml").write_text("due: tomorrow\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "course.grading", "grade", "a2", str(subs_dir), "--out",
                          str(tmp_path / "out"), "--late-policy", str(tmp_path / "policy.yaml")],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and "policy.yaml: due:" in run.stderr, run.stderr[-800:]
    assert not (tmp_path / "out").exists(), "nothing graded, nothing written"
