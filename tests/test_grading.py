"""The grader's pieces: assignments are consistent, the solution scores full marks and the student version less
under every isolation, the student versions leak nothing, checks, encoding, ids, scoring, feedback and exports.
Hostile submissions are in test_grading_attacks.py."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat
import pytest

from course import paths
import yaml

from course.grading import feedback, gradebook, grade, jobs, public, release, sandbox, scoring, spec, submissions
from course.kit import checks, values
from course.grading.records import QuestionResult, Result

from grading_support import FAST, MODES, require

ASSIGNMENTS = spec.assignments()


def test_make_release_covers_every_assignment():
    """`make release` names the assignments it releases: it must name every folder with an assignment.yaml."""
    makefile = (paths.ROOT / "Makefile").read_text(encoding="utf-8")
    released = re.search(r"for a in \$\(or \$\(ASSIGNMENT\),([^)]*)\)", makefile).group(1).split()
    assert ASSIGNMENTS and released == ASSIGNMENTS, f"Makefile releases {released}, exercises/ holds {ASSIGNMENTS}"


def _max(doc) -> float:
    return sum(spec.max_points(q) for q in doc["questions"] if q["kind"] != "manual")


# --- consistency of every assignment ---------------------------------------------------------
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
@pytest.mark.parametrize("mode", MODES)
def test_solution_scores_full_marks(assignment, mode):
    require(mode)
    doc = spec.load(assignment)
    result = grade.grade_notebook(spec.assignment_dir(assignment) / doc["notebook"], assignment, mode=mode, limits=FAST)
    assert result.status == "ok" and result.reason == "" and result.isolation == mode, result.reason
    assert result.total == _max(doc) > 0
    assert result.public_passed == sum(1 for q in doc["questions"] if q["kind"] != "manual")
    manual = [q for q in result.questions if q.manual]
    assert manual and all(q.points is None and q.text for q in manual), "free text reaches the gradebook as 'to grade'"


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    folder = tmp_path_factory.mktemp("released")
    return {a: release.release(a, folder) for a in ASSIGNMENTS}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_student_version_scores_less_than_full(assignment, released):
    doc = spec.load(assignment)
    result = grade.grade_notebook(released[assignment], assignment, limits=FAST)
    assert result.status == "ok" and result.total < _max(doc)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_student_version_contains_no_solution_and_no_hidden_check(assignment, released):
    text = released[assignment].read_text(encoding="utf-8")
    authored = release.authored(assignment)
    for cell in authored.cells:
        for line in release.solution_lines(cell.source):
            assert line not in text, f"{assignment}: solution line leaked: {line}"
    hidden = yaml.safe_load((spec.assignment_dir(assignment) / "hidden.yaml").read_text(encoding="utf-8"))
    for checks_ in hidden.values():
        for c in checks_:
            assert c["expected"] not in text and c["message"] not in text, f"{assignment}: hidden check leaked"
    assert "BEGIN SOLUTION" not in text and "#>" not in text
    nb = nbformat.read(released[assignment], as_version=4)
    assert not [c for c in nb.cells if c.cell_type == "code" and (c.outputs or c.execution_count)]


def test_student_versions_run_under_nbval(released):
    folder = next(iter(released.values())).parent
    run = subprocess.run([sys.executable, "-m", "pytest", "--nbval-lax", "-q", "-p", "no:cacheprovider", "--rootdir", str(folder),
                          str(folder)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-2000:]
    code_cells = sum(1 for p in folder.glob("*.ipynb") for c in nbformat.read(p, as_version=4).cells if c.cell_type == "code")
    assert f"{code_cells} passed" in run.stdout, run.stdout[-500:]


# --- pieces --------------------------------------------------------------------------------
def test_release_markers():
    source = "a = 1\n### BEGIN SOLUTION\nx = 42\n### END SOLUTION\n#> x = ...  # your code here\n    #> y = ..."
    assert release.student_source(source) == "a = 1\nx = ...  # your code here\n    y = ..."
    assert release.solution_lines(source) == ["x = 42"]
    for bad in ("### BEGIN SOLUTION\nx", "### END SOLUTION", "### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION"):
        with pytest.raises(ValueError):
            release.student_source(bad)


@pytest.mark.parametrize("value,check,spec_,expected,ok", [
    ({"t": "number", "v": 5.0}, "close", {"tolerance": 0.1}, 5.05, True),
    ({"t": "number", "v": 5.2}, "close", {"tolerance": 0.1}, 5.05, False),
    ({"t": "str", "v": "5.05"}, "close", {"tolerance": 0.1}, 5.05, False),
    ({"t": "unsupported", "type": "Sneaky"}, "close", {"tolerance": 1e9}, 5.0, False),
    ({"t": "number", "v": None, "nonfinite": True}, "is_number", {}, None, False),
    ({"t": "list", "v": [{"t": "str", "v": "a"}, {"t": "str", "v": "b"}]}, "equals", {}, ["a", "b"], True),
    ({"t": "list", "v": [{"t": "str", "v": "b"}, {"t": "str", "v": "a"}]}, "equals", {}, ["a", "b"], False),
    ({"t": "list", "v": [{"t": "str", "v": "b"}, {"t": "str", "v": "a"}]}, "same_items", {}, ["a", "b"], True),
    ({"t": "table", "columns": ["y"], "rows": [[1.0], [2.0]]}, "column_close", {"column": "y", "tolerance": 0.01}, [1.0, 2.001], True),
    ({"t": "table", "columns": ["y"], "rows": [[1.0]]}, "column_close", {"column": "y"}, [1.0, 2.0], False),
    ({"t": "table", "columns": ["y"], "rows": [[1], [2]]}, "row_count", {}, 2, True),
    ({"t": "str", "v": "one two three"}, "min_words", {"words": 3}, None, True),
    ({"t": "chart", "caption": "c", "source": "s", "alt": ""}, "labelled_chart", {}, None, False),
])
def test_checks_by_hand(value, check, spec_, expected, ok):
    assert checks.CHECKS[check](value, spec_, expected) is ok


def test_encode_never_trusts_student_types():
    class Sneaky(float):
        def __eq__(self, other):
            return True

    assert values.encode(Sneaky(1.0))["t"] == "unsupported", "a float subclass is not a number"
    assert values.encode(float("nan")) == {"t": "number", "v": None, "nonfinite": True}
    assert values.encode([1, "a"])["v"][1] == {"t": "str", "v": "a"}
    assert values.encode("x" * 10**6)["v"] == "x" * values.LIMITS["str"]


@pytest.mark.parametrize("raw,reason", [(b"", "empty"), (b"\xff\xfe\x00", "not UTF-8"), (b"{not json", "invalid JSON"),
                                        (b"[1, 2]", "not an object"), (json.dumps({"nbformat": 3, "worksheets": []}).encode(), "version-4"),
                                        (b"[" * 100000, "nested too deeply")])
def test_unreadable_notebooks_say_why(raw, reason):
    with pytest.raises(submissions.Unreadable, match=reason):
        submissions.code_cells(raw)


def test_student_ids_are_safe():
    assert submissions.student_id(Path("Asha Rao (1).ipynb")) == "Asha_Rao_1"
    assert submissions.student_id(Path("../../etc.ipynb")) == "etc"
    assert submissions.student_id(Path("=cmd.ipynb")) == "cmd"
    assert len(submissions.student_id(Path("a" * 300 + ".ipynb"))) == 100, "fits in a file name with room to spare"


def test_colliding_ids_get_distinct_rows_with_a_reason(tmp_path):
    for name in ("Asha Rao.ipynb", "Asha_Rao.ipynb", "Asha Rao-2.ipynb", ".hidden.ipynb"):
        (tmp_path / name).write_text("{}")
    subs = submissions.submissions_in(tmp_path)
    ids = [s.student for s in subs]
    assert len(ids) == len(set(ids)) == 3, ids
    noted = [s for s in subs if s.note]
    assert len(noted) == 1 and "same id" in noted[0].note and noted[0].student in noted[0].note


def test_public_checks_for_students():
    doc = spec.load("a2", with_hidden=False)
    q1 = next(q for q in doc["questions"] if q["id"] == "q1")
    assert not public.run_public(q1, {"record_years": ...}).passed
    assert not public.run_public(q1, {"record_years": "[2024]"}).passed
    assert not public.run_public(q1, {"record_years": 2024}).passed, "one number is not a list"
    report = public.run_public(q1, {"record_years": [2023, 2024]})
    assert report.passed and "✅" in report._repr_html_()
    assert all(not q["hidden"] for q in doc["questions"]), "students' checker never loads hidden checks"


def test_spec_errors_are_clear(tmp_path, monkeypatch):
    folder = tmp_path / "zz"
    folder.mkdir()
    monkeypatch.setattr(spec, "EXERCISES", tmp_path)
    (folder / "assignment.yaml").write_text("id: zz\nquestions:\n  - {id: q1, name: x, kind: number, prompt: p, public: [{check: nope}]}\n")
    (folder / "hidden.yaml").write_text("{}\n")
    with pytest.raises(spec.SpecError, match="'check' must be one of"):
        spec.load("zz")



def test_syntax_error_is_reported_for_its_cell_and_later_cells_run(tmp_path):
    doc = spec.load("a2")
    numbers = [q["name"] for q in doc["questions"] if q["kind"] != "manual"]  # any two answers, set to plain values
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(f"{numbers[0]} = 1.0"), nbformat.v4.new_code_cell("def broken(:\n    pass"),
                nbformat.v4.new_code_cell(f"{numbers[1]} = 2.0")]
    path = tmp_path / "syntax.ipynb"
    nbformat.write(nb, path)
    result = grade.grade_notebook(path, "a2", limits=FAST)
    assert result.status == "ok"
    assert any(e.startswith("cell 2: syntax error") for e in result.cell_errors), result.cell_errors
    assert "cell 2: syntax error" in result.reason and "cell 3" not in result.reason
    defined = {q.id for q in result.questions if not any("not defined" in m for m in q.messages)}
    assert {q["id"] for q in doc["questions"] if q["name"] in numbers[:2]} <= defined, "cells after the broken one still ran"


def test_scoring_survives_malformed_values():
    doc = spec.load("a2")
    expected = scoring.expected_values(doc)
    forged = {q["name"]: {"t": q["kind"] if q["kind"] != "number" else "number", "v": [[]], "rows": "x", "columns": 5}
              for q in doc["questions"]}
    results = scoring.score(doc, forged, expected)  # must not raise
    by_id = {q["id"]: q for q in doc["questions"]}
    for r in results:
        if not r.manual:
            public_points = sum(c.get("points", 0) for c in by_id[r.id]["public"])
            assert r.points <= public_points, f"{r.id}: a malformed value passed a hidden check"


def _result(points=(1.0, 0.0), status="ok", reason="", student="s1") -> Result:
    qs = [QuestionResult("q1", 2.0, False, points[0], [] if points[0] == 2 else ["q1: check the year"], True),
          QuestionResult("q2", 3.0, False, points[1], ["q2: not a table"], False),
          QuestionResult("q3", 4.0, True, None, [], True, "my essay")]
    return Result(student, f"{student}.ipynb", status, reason, "bubblewrap", qs, 0.5)


def test_records_round_trip():
    r = _result()
    assert Result.from_dict(json.loads(json.dumps(r.to_dict()))) == r
    assert (r.total, r.max_auto, r.public_passed) == (1.0, 5.0, 1)


def test_feedback_says_public_checks_apart_from_the_final_score():
    text = feedback.feedback_text({"title": "A9"}, _result())
    assert "Public checks passed: 1 of 2 questions" in text
    assert "Final score (public and hidden checks): 1 / 5 points" in text
    assert "q2: not a table" in text and "to be graded by your instructor (out of 4)" in text


def test_exports_for_canvas_and_gradescope(tmp_path):
    doc = {"title": "A9 — Test", "questions": [{"id": "q1"}, {"id": "q2"}, {"id": "q3"}]}
    results = [_result(student="s1"), _result((2.0, 3.0), student="s2", reason="=HYPERLINK(\"http://x\")")]
    gradebook.write_canvas(doc, results, tmp_path / "canvas.csv")
    with open(tmp_path / "canvas.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0])[:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert rows[0]["Student"] == "Points Possible" and float(rows[0]["A9 — Test"]) == 5.0
    assert [(r["SIS User ID"], float(r["A9 — Test"])) for r in rows[1:]] == [("s1", 1.0), ("s2", 5.0)]
    gradebook.write_gradescope(results, tmp_path / "gs")
    gs = json.loads((tmp_path / "gs" / "s1" / "results.json").read_text())
    assert gs["score"] == 1.0 and [t["name"] for t in gs["tests"]] == ["q1", "q2"]
    assert gs["tests"][1] == {"name": "q2", "number": "2", "score": 0.0, "max_score": 3.0, "status": "failed",
                              "output": "q2: not a table", "output_format": "text", "name_format": "text",
                              "visibility": "visible"}
    assert "Public checks passed: 1 of 2" in gs["output"]
    gradebook.write_gradebook(doc, results, tmp_path / "gradebook.csv")
    text = (tmp_path / "gradebook.csv").read_text()
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text, "a formula from a submission is shown, never run"


def test_result_file_is_read_only_if_regular_and_small(tmp_path):
    good = {"answers": {"x": {"t": "number", "v": 1.0}}, "errors": [], "finished": True}
    (tmp_path / "result.json").write_text(json.dumps(good))
    assert sandbox.read_report(tmp_path, 1000)["answers"] == good["answers"]
    assert sandbox.read_report(tmp_path, 10) is None, "larger than the limit"
    (tmp_path / "result.json").unlink()
    os.mkfifo(tmp_path / "result.json")
    assert sandbox.read_report(tmp_path, 1000) is None, "a FIFO neither blocks nor counts"
    (tmp_path / "result.json").unlink()
    (tmp_path / "real.json").write_text(json.dumps(good))
    (tmp_path / "result.json").symlink_to(tmp_path / "real.json")
    assert sandbox.read_report(tmp_path, 1000) is None, "a symlink is not followed"


def test_process_isolation_refuses_without_a_mount_namespace(monkeypatch):
    """Without a mount namespace a submission could read the whole machine (solutions in .git, instructor pages,
    other checkouts), so the fallback refuses and says how to fix it instead of closing paths one by one."""
    sandbox.process_blockers.cache_clear()
    monkeypatch.setattr(sandbox, "bwrap_works", lambda: False)
    monkeypatch.setattr(sandbox, "is_root", lambda: False)
    with pytest.raises(sandbox.IsolationUnavailable, match=r"root \(sudo\).*make bubblewrap"):
        sandbox.isolation("auto")
    sandbox.process_blockers.cache_clear()
    monkeypatch.setattr(sandbox, "is_root", lambda: True)
    monkeypatch.setattr(sandbox, "PROBE", [sys.executable, "-c", "raise SystemExit('no namespaces for you')"])
    if sandbox.shutil.which("unshare"):
        with pytest.raises(sandbox.IsolationUnavailable, match="could not build its mount namespace.*whole machine"):
            sandbox.isolation("process")
    sandbox.process_blockers.cache_clear()
    monkeypatch.setattr(sandbox.shutil, "which", lambda name: None)
    with pytest.raises(sandbox.IsolationUnavailable, match="util-linux `unshare`"):
        sandbox.isolation("process")
    sandbox.process_blockers.cache_clear()


def test_both_isolations_build_the_same_read_only_root(tmp_path):
    """bubblewrap and the process fallback mount the same steps: Python, the course package and the data
    read-only, the jobs folder the only shared writable path; never the repository, exercises/ or book/."""
    steps = sandbox.layout(tmp_path)
    binds = {s[1] for s in steps if s[0] == "ro-bind"}
    assert binds == {"/usr"} | set(sandbox.read_only_roots()) | ({"/lib", "/lib64", "/bin", "/sbin"} & binds) \
        | ({str(Path.home() / ".cache" / "matplotlib")} & binds)
    assert [s for s in steps if s[0] == "bind"] == [("bind", str(tmp_path), "/jobs")]
    for step in steps:
        assert not any(str(part).startswith((str(paths.ROOT / "exercises"), str(paths.ROOT / "book"), str(paths.ROOT / ".git")))
                       for part in step[1:]), step
    assert str(paths.ROOT) not in binds
    command = sandbox.process_command(tmp_path, tmp_path / "root")
    assert json.loads(command[command.index("course.grading.rootfs") + 2]) == [list(s) for s in steps]


def test_job_folders_of_killed_runs_are_removed(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f"{jobs.PREFIX}{dead.stdout.strip()}-abc"
    (stale / "w0" / "job-x").mkdir(parents=True)
    live = tmp_path / f"{jobs.PREFIX}{os.getpid()}-def"
    live.mkdir()
    assert jobs.remove_stale(tmp_path) == [stale] and live.is_dir() and not stale.exists()
    with jobs.batch_folder(tmp_path) as folder:
        (folder / "w0").mkdir()
        inside = folder
    assert not inside.exists()
    with pytest.raises(RuntimeError), jobs.batch_folder(tmp_path) as folder:
        inside = folder
        raise RuntimeError("grader bug")
    assert not inside.exists()


def test_cli_grades_a_folder(tmp_path, released):
    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "student_one.ipynb").write_bytes(released["a1"].read_bytes())
    run = subprocess.run([sys.executable, "-m", "course.grading", "grade", "a1", str(subs), "--out", str(tmp_path / "g")],
                         capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr[-1500:]
    assert "1 submissions graded" in run.stdout
    for name in ("gradebook.csv", "canvas.csv", "gradescope/student_one/results.json", "feedback/student_one.md"):
        assert (tmp_path / "g" / name).is_file(), name
    bad = subprocess.run([sys.executable, "-m", "course.grading", "grade", "a9", str(subs)], capture_output=True, text=True)
    assert bad.returncode == 2 and "unknown assignment" in bad.stderr


def test_private_tmp_is_mounted_before_the_course_and_python(monkeypatch, tmp_path):
    """A course cloned under /tmp (as CI machines often do) must stay visible inside bubblewrap: bwrap mounts in
    order, so the private /tmp has to come before the read-only binds of the course, its data and the venv."""
    monkeypatch.setattr(sandbox.paths, "ROOT", Path("/tmp/some-clone"))
    monkeypatch.setattr(sandbox.paths, "DATA", Path("/tmp/some-clone/data"))
    cmd = sandbox.bwrap_command(tmp_path)
    tmpfs = [i for i, (a, b) in enumerate(zip(cmd, cmd[1:])) if (a, b) == ("--tmpfs", "/tmp")]
    binds = [i for i, a in enumerate(cmd) if a == "--ro-bind" and cmd[i + 1].startswith(("/tmp/some-clone", sys.prefix))]
    assert len(tmpfs) == 1 and binds and tmpfs[0] < min(binds)


def test_bwrap_command_is_clean_and_closed(tmp_path):
    cmd = sandbox.bwrap_command(tmp_path)
    assert "--clearenv" in cmd and "--unshare-pid" in cmd and "--unshare-net" in cmd and "--die-with-parent" in cmd
    assert ["--proc", "/proc"] == cmd[cmd.index("--proc"):cmd.index("--proc") + 2]
    binds = [(cmd[i + 1], cmd[i + 2]) for i, a in enumerate(cmd) if a == "--bind"]
    assert binds == [(str(tmp_path), "/jobs")], "the jobs folder is the only writable path shared with the host"
    assert not any("exercises" in a for a in cmd)
    env = {cmd[i + 1]: cmd[i + 2] for i, a in enumerate(cmd) if a == "--setenv"}
    assert set(env) <= set(sandbox.SANDBOX_ENV) | {"MPLCONFIGDIR", "PYTHONPATH"}
    assert env["PYTHONPATH"] == str(paths.ROOT), "the sandbox imports the grader's own copy of the course"


def test_rerun_resumes_and_force_regrades(tmp_path, released):
    subs, out = tmp_path / "subs", tmp_path / "out"
    subs.mkdir()
    (subs / "one.ipynb").write_bytes(released["a2"].read_bytes())
    (subs / "two.ipynb").write_bytes(b"{broken")
    first = grade.grade_folder("a2", subs, out, workers=1, limits=FAST, progress=False)
    before = (out / "results" / "one.json").stat().st_mtime_ns
    (subs / "three.ipynb").write_bytes(released["a2"].read_bytes())
    second = grade.grade_folder("a2", subs, out, workers=1, limits=FAST, progress=False)
    assert (out / "results" / "one.json").stat().st_mtime_ns == before, "graded submissions are skipped on a rerun"
    assert [r.student for r in second] == ["one", "three", "two"] and second[0] == first[0]
    again = grade.grade_folder("a2", subs, out, workers=1, limits=FAST, progress=False, force=True)
    assert (out / "results" / "one.json").stat().st_mtime_ns != before
    assert [r.questions for r in again] == [r.questions for r in second]
    assert os.stat(out).st_mode & 0o077 == 0, "the class's grades are readable by the grader's user only"


@pytest.mark.skipif(not sandbox.bwrap_works(), reason="needs bubblewrap")
def test_bubblewrap_without_root_gives_each_job_its_own_sandbox(monkeypatch):
    """As an unprivileged user bwrap maps one uid, so no child can be given a uid of its own: every job then gets
    a fresh sandbox (user namespace, uid 65534) instead of a fork of a shared one."""
    monkeypatch.setattr(sandbox, "is_root", lambda: False)
    cmd = sandbox.bwrap_command(Path("/x"))
    assert "--unshare-user" in cmd and "CAP_SETUID" not in cmd
    doc = spec.load("a2")
    result = grade.grade_notebook(spec.assignment_dir("a2") / doc["notebook"], "a2", mode="bubblewrap", limits=FAST)
    assert result.status == "ok" and result.total == _max(doc), result.reason


@pytest.mark.parametrize("behaviour,code", [
    ("silent", "time.sleep(60)"),
    ("garbage", "sys.stdin.readline(); print('[1, 2, 3]', flush=True); time.sleep(60)"),
    ("flood", "sys.stdin.readline(); sys.stdout.write('x' * 100000); sys.stdout.flush(); time.sleep(60)"),
    ("wrong job", "sys.stdin.readline(); print(json.dumps({'job': 'someone-else', 'exit': 0}), flush=True); time.sleep(60)"),
])
def test_a_hostile_server_cannot_hold_the_grader(monkeypatch, tmp_path, behaviour, code):
    """The grader trusts nothing inside the sandbox, the fork server included: whatever it does, the job ends by the
    grader's own deadline, the server is killed, and the job folder is removed."""
    fake = f"import json, sys, time\nprint(json.dumps({{'ready': True}}), flush=True)\n{code}"
    monkeypatch.setattr(sandbox, "process_command", lambda jobs, root: [sys.executable, "-c", fake])
    worker = sandbox.Worker("process", tmp_path / "w0", sandbox.Limits(wall_seconds=1, grace_seconds=1))
    try:
        run = worker.run("job-x", ["x = 1"], ["x"], uid=None)
        server = worker.proc
    finally:
        worker.close()
    assert run.status == "timeout" and "did not answer within 2 s" in run.reason, run
    assert server is None, "a server that missed its deadline is not reused"
    assert not (tmp_path / "w0" / "job-x").exists()


def test_stop_ends_a_waiting_job_at_once_though_its_pipe_stays_open(monkeypatch, tmp_path):
    """stop() from the main thread (SIGTERM, Ctrl-C) ends the job a grading thread is waiting on within a moment,
    with no verdict on the submission, even when a process outside the server's group still holds the server's
    output open, so that the waiting thread never reads an end of file (the grader used to wait out the wall limit)."""
    holder = tmp_path / "holder.pid"
    code = ("import subprocess\n"
            f"p = subprocess.Popen(['sleep', '60'], start_new_session=True); open({str(holder)!r}, 'w').write(str(p.pid))\n"
            "sys.stdin.readline(); time.sleep(60)")
    fake = f"import json, sys, time\nprint(json.dumps({{'ready': True}}), flush=True)\n{code}"
    monkeypatch.setattr(sandbox, "process_command", lambda jobs, root: [sys.executable, "-c", fake])
    worker = sandbox.Worker("process", tmp_path / "w0", sandbox.Limits(wall_seconds=20, grace_seconds=1))
    outcome = []

    def grade():
        try:
            outcome.append(worker.run("job-x", ["x = 1"], ["x"], uid=None))
        except RuntimeError as err:
            outcome.append(err)

    thread = threading.Thread(target=grade)
    try:
        thread.start()
        deadline = time.monotonic() + 30
        while not (holder.is_file() and holder.read_text()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert holder.is_file(), "the fake server did not start its pipe holder"
        time.sleep(0.3)  # the job is written and the thread waits on the server's answer
        stopped = time.monotonic()
        worker.stop()
        thread.join(timeout=10)
        waited = time.monotonic() - stopped
        assert not thread.is_alive() and waited < 3, f"the grading thread was still waiting {waited:.1f} s after stop()"
        assert len(outcome) == 1 and isinstance(outcome[0], RuntimeError) and sandbox.STOPPED in str(outcome[0]), outcome
        assert not (tmp_path / "w0" / "job-x").exists()
    finally:
        worker.close()
        thread.join(timeout=30)
        if holder.is_file() and holder.read_text():
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(holder.read_text()), signal.SIGKILL)


def test_a_stopped_grader_leaves_no_job_folder_and_no_sandbox(tmp_path):
    """SIGTERM in the middle of a batch: the sandboxes are killed, nothing is waited for, the job folders go."""
    subs = tmp_path / "subs"
    subs.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import time\ntime.sleep(60)")]
    for i in range(4):
        nbformat.write(nb, subs / f"sleeper{i}.ipynb")
    proc = subprocess.Popen([sys.executable, "-m", "course.grading", "grade", "a2", str(subs), "--out", str(tmp_path / "out"),
                             "--workers", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    folders = []
    try:
        for _ in range(600):  # until a job is running (its folder exists)
            folders = list(Path(tempfile.gettempdir()).glob(f"{jobs.PREFIX}{proc.pid}-*/w*/job-*"))
            if folders or proc.poll() is not None:
                break
            time.sleep(0.05)
        assert folders, proc.stderr.read().decode()[-1000:]
        proc.terminate()
        proc.wait(timeout=15)  # the jobs' 20 s wall limit is not waited for
    finally:  # a grader that failed the test is not left running
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert not list(Path(tempfile.gettempdir()).glob(f"{jobs.PREFIX}{proc.pid}-*"))
    marker = f"{jobs.PREFIX}{proc.pid}-".encode()  # in every sandbox's command line (its jobs folder)
    uids = range(grade.UID_BASE + (proc.pid % 1_000_000) * 1000, grade.UID_BASE + (proc.pid % 1_000_000) * 1000 + 1000)

    def ours() -> list[str]:  # this grader run's sandboxes and jobs only, not the machine's
        found = []
        for p in Path("/proc").iterdir():
            try:
                uid = int((p / "status").read_text().split("\nUid:")[1].split()[0])
                if marker in (p / "cmdline").read_bytes() or uid in uids:
                    found.append(p.name)
            except (OSError, IndexError, ValueError):
                continue
        return found

    deadline = time.monotonic() + 10  # the kernel reaps a killed sandbox a moment after the grader exits
    while (left := ours()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not left, "no sandbox and no job process outlives the grader"


def test_release_markers_parse_once_for_students_and_solutions():
    cell = "x = 1\n### BEGIN SOLUTION\nanswer = 42\n\n### END SOLUTION\n#> answer = ...\n"
    assert release.student_source(cell) == "x = 1\nanswer = ..."
    assert release.solution_lines(cell) == ["answer = 42"]
    for bad, message in [("### BEGIN SOLUTION\n### BEGIN SOLUTION", "nested"), ("### END SOLUTION", "without a BEGIN"),
                         ("### BEGIN SOLUTION\nx = 1", "without an END")]:
        with pytest.raises(ValueError, match=message):
            release.solution_lines(bad)
