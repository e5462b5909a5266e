"""The grader: assignments are consistent, the student versions leak nothing, and no submission —
however hostile or broken — earns an unearned point or stops the batch."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

from course.grading import checks, grade, public, release, runner, sandbox, spec

ASSIGNMENTS = spec.assignments()
FAST = sandbox.Limits(wall_seconds=8, cpu_seconds=4)
MODES = ["bubblewrap", "process"] if sandbox.bwrap_works() else ["process"]


def test_there_are_three_assignments():
    assert ASSIGNMENTS == ["a1", "a2", "a3"]


def _total(result) -> float:
    return sum(q["points"] for q in result["questions"] if not q["manual"])


def _max(doc) -> float:
    return sum(spec.max_points(q) for q in doc["questions"] if q["kind"] != "manual")


# --- consistency of every assignment ---------------------------------------------------------
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
@pytest.mark.parametrize("mode", MODES)
def test_solution_scores_full_marks(assignment, mode):
    doc = spec.load(assignment)
    result = grade.grade_one(spec.assignment_dir(assignment) / doc["notebook"], doc, grade.expected_values(doc), FAST, mode)
    assert result["status"] == "ok" and result["reason"] == "", result["reason"]
    assert _total(result) == _max(doc) > 0
    manual = [q for q in result["questions"] if q["manual"]]
    assert manual and all(q["points"] is None and q["text"] for q in manual), "free text reaches the gradebook as 'to grade'"


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    folder = tmp_path_factory.mktemp("released")
    return {a: release.release(a, folder) for a in ASSIGNMENTS}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_student_version_scores_less_than_full(assignment, released):
    doc = spec.load(assignment)
    result = grade.grade_one(released[assignment], doc, grade.expected_values(doc), FAST)
    assert result["status"] == "ok" and _total(result) < _max(doc)


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

    assert runner.encode(Sneaky(1.0))["t"] == "unsupported", "a float subclass is not a number"
    assert runner.encode(float("nan")) == {"t": "number", "v": None, "nonfinite": True}
    assert runner.encode([1, "a"])["v"][1] == {"t": "str", "v": "a"}
    assert runner.encode("x" * 10**6)["v"] == "x" * runner.LIMITS["str"]


@pytest.mark.parametrize("raw,reason", [(b"", "empty"), (b"\xff\xfe\x00", "not UTF-8"), (b"{not json", "invalid JSON"),
                                        (b"[1, 2]", "not an object"), (json.dumps({"nbformat": 3, "worksheets": []}).encode(), "version-4")])
def test_unreadable_notebooks_say_why(raw, reason):
    with pytest.raises(grade.Unreadable, match=reason):
        grade.code_cells(raw)


def test_student_ids_are_safe_and_unique_per_file():
    assert grade.student_id(Path("Asha Rao (1).ipynb")) == "Asha_Rao_1"
    assert grade.student_id(Path("../../etc.ipynb")) == "etc"


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


# --- attacks and broken inputs: one batch ----------------------------------------------------
WRONG = {"record_years": "[2024]"}  # wrong but well-formed answers


def _notebook(cells: list[str]) -> str:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    return nbformat.writes(nb)


def _moved_and_split(cells: list[str]) -> list[str]:
    """The solution with the chart cell moved to the end, the q4 cell split in two, and extra cells added."""
    chart = next(c for c in cells if "asymmetry_chart =" in c)
    q4 = next(c for c in cells if "vietnam_russia_share =" in c)
    lines = q4.splitlines()
    cut = next(i for i, line in enumerate(lines) if line.startswith("period ="))
    out = []
    for c in cells:
        if c is chart:
            continue
        if c is q4:
            out += ["\n".join(lines[:cut]), "extra_cell = 'students add cells'", "\n".join(lines[cut:])]
        else:
            out.append(c)
    return ["print('a cell of my own')"] + out + [chart]


def _attack_files(out: Path) -> dict[str, bytes]:
    base = "from course import data, trade\n" + "\n".join(f"{k} = {v}" for k, v in WRONG.items())
    hidden = spec.assignment_dir("a2") / "hidden.yaml"
    solution = release.authored("a2")
    sol_cells = [c.source for c in solution.cells if c.cell_type == "code"]
    attacks = {
        "baseline": [base],
        "patch_builtins": [base, "import builtins, math, numpy, pandas\nbuiltins.abs = lambda x: 0\nbuiltins.round = lambda *a: 0\n"
                                 "math.isclose = lambda *a, **k: True\nnumpy.isclose = lambda *a, **k: True\nnumpy.allclose = lambda *a, **k: True"],
        "always_equal": ["class Sneaky(list):\n    def __eq__(self, other): return True\n    def __len__(self): return 16\n"
                         "record_years = Sneaky([2024])"],
        "read_hidden": [base, f"text = open({str(hidden)!r}).read()\nrecord_years = [float(text.split('tolerance')[0][-5:])]"],
        "read_solution": [base, f"import json\nnb = json.load(open({str(hidden.parent / 'a2.ipynb')!r}))\n"
                                "exec('\\n'.join(c['source'] if isinstance(c['source'], str) else ''.join(c['source']) "
                                "for c in nb['cells'] if c['cell_type'] == 'code'))"],
        "list_hidden": [base, f"import os\nnames = os.listdir({str(hidden.parent)!r})\npeak_verdict = ' '.join(names)"],
        "write_gradebook": [base, f"open({str(out / 'gradebook.csv')!r}, 'w').write('student,total\\nbaseline,100')"],
        "write_other_feedback": [base, f"import os\nos.makedirs({str(out / 'feedback')!r}, exist_ok=True)\n"
                                       f"open({str(out / 'feedback' / 'baseline.md')!r}, 'w').write('hacked')"],
        "infinite_loop": [base, "while True:\n    pass"],
        "sleeper": [base, "import time\ntime.sleep(600)"],
        "memory_bomb": [base, "hog = []\nwhile True:\n    hog.append(bytearray(10**8))"],
        "output_flood": [base, "import os\nfor _ in range(200):\n    print('x' * 10**6)\nos.write(2, b'y' * 50 * 10**6)"],
        "sys_exit": [base, "import sys\nsys.exit(0)", "record_years = [2023]"],
        "os_exit": [base, "import os\nos._exit(0)"],
        "kill_parent": [base, "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nos.kill(1, signal.SIGKILL)"],
        "kernel_crash": [base, "import faulthandler\nfaulthandler._sigsegv()"],
        "network": [base, "import socket\nsocket.create_connection(('93.184.216.34', 80), timeout=3)"],
        "fork_bomb": [base, "import os\nwhile True:\n    os.fork()"],
        "subprocess": [base, "import subprocess\nsubprocess.run(['sh', '-c', 'cat /etc/passwd'])"],
    }
    files = {f"{name}.ipynb": _notebook(cells).encode() for name, cells in attacks.items()}
    files.update({
        "not_json.ipynb": b"this is not a notebook",
        "empty.ipynb": b"",
        "wrong_nbformat.ipynb": json.dumps({"nbformat": 3, "nbformat_minor": 0, "worksheets": [{"cells": []}]}).encode(),
        "bad_source.ipynb": json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                                        "cells": [{"cell_type": "code", "source": 42, "metadata": {}, "outputs": []},
                                                  {"cell_type": "code", "source": base, "metadata": {}, "outputs": []}]}).encode(),
        "latin1.ipynb": "record_years = 'é'".encode("latin-1"),
        "renamed_solution.txt": _notebook(sol_cells).encode(),
        "moved_split_extra.ipynb": _notebook(_moved_and_split(sol_cells)).encode(),
        "deleted_cells.ipynb": _notebook(sol_cells[:3]).encode(),
    })
    return files


@pytest.fixture(scope="module")
def attack_batch(tmp_path_factory):
    root = tmp_path_factory.mktemp("attacks")
    subs, out = root / "submissions", root / "graded"
    subs.mkdir()
    files = _attack_files(out)
    for name, content in files.items():
        (subs / name).write_bytes(content)
    results = grade.grade_folder("a2", subs, out, workers=2, limits=FAST, progress=False)
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as fh:
        rows = {r["student"]: r for r in csv.DictReader(fh)}
    return {"results": {r["student"]: r for r in results}, "rows": rows, "out": out, "subs": subs, "files": files}


def test_batch_keeps_a_row_for_every_file(attack_batch):
    assert set(attack_batch["rows"]) == {grade.student_id(Path(n)) for n in attack_batch["files"]}
    for row in attack_batch["rows"].values():
        assert row["status"] and row["isolation"] in ("bubblewrap", "process")
        if row["status"] != "ok":
            assert row["reason"], f"{row['student']}: a non-ok row must say why"


ATTACKS = ["patch_builtins", "always_equal", "read_hidden", "read_solution", "list_hidden", "write_gradebook", "write_other_feedback",
           "infinite_loop", "sleeper", "memory_bomb", "output_flood", "sys_exit", "os_exit", "kill_parent", "kernel_crash", "network",
           "fork_bomb", "subprocess"]


@pytest.mark.parametrize("attack", ATTACKS)
def test_attack_earns_nothing(attack_batch, attack):
    baseline = float(attack_batch["rows"]["baseline"]["total"])
    row = attack_batch["rows"][attack]
    assert float(row["total"]) <= baseline, f"{attack}: {row['total']} > baseline {baseline} ({row['reason']})"


def test_attacks_are_reported_with_their_cause(attack_batch):
    rows = attack_batch["rows"]
    assert rows["infinite_loop"]["status"] == "timeout" and "cell 2" in rows["infinite_loop"]["reason"]
    assert rows["sleeper"]["status"] == "timeout" and "stopped after 8 s in cell 2" in rows["sleeper"]["reason"]
    assert rows["os_exit"]["status"] in ("crashed", "no result")
    assert rows["kernel_crash"]["status"] in ("crashed", "no result")
    assert "refused" in rows["read_hidden"]["reason"] or "No such file" in rows["read_hidden"]["reason"]
    assert "refused" in rows["network"]["reason"] or "unreachable" in rows["network"]["reason"]
    assert "refused: os.fork" in rows["fork_bomb"]["reason"]
    assert "sys.exit" in rows["sys_exit"]["reason"] and float(rows["sys_exit"]["total"]) >= float(rows["baseline"]["total"])
    # answers given before a crash are kept
    assert float(rows["os_exit"]["total"]) == float(rows["baseline"]["total"])


def test_attacks_could_not_touch_outputs(attack_batch):
    out = attack_batch["out"]
    assert "hacked" not in (out / "feedback" / "baseline.md").read_text(encoding="utf-8")
    assert (out / "gradebook.csv").read_text(encoding="utf-8").count("\n") == len(attack_batch["files"]) + 1
    hidden_text = (spec.assignment_dir("a2") / "hidden.yaml").read_text(encoding="utf-8")
    for feedback in (out / "feedback").glob("*.md"):
        text = feedback.read_text(encoding="utf-8")
        assert "expected" not in text and "tolerance" not in text, f"{feedback.name} shows hidden check internals"
        for line in hidden_text.splitlines():
            if "expected:" in line:
                assert line.split('expected: "')[1].split('"')[0] not in text
    listing = attack_batch["results"]["list_hidden"]["questions"][-1].get("text", "")
    assert "hidden.yaml" not in listing, "the sandbox cannot list the hidden checks"


def test_broken_inputs_get_clear_rows(attack_batch):
    rows = attack_batch["rows"]
    for student, words in {"not_json": "invalid JSON", "empty": "empty", "wrong_nbformat": "version-4", "latin1": "UTF-8"}.items():
        assert rows[student]["status"] == "unreadable" and words in rows[student]["reason"], rows[student]
    assert rows["bad_source"]["status"] == "ok" and "no readable source" in rows["bad_source"]["reason"]
    full = _max(spec.load("a2"))
    assert float(rows["renamed_solution"]["total"]) == full, "a renamed file is still graded"
    assert float(rows["moved_split_extra"]["total"]) == full, "moved, split and extra cells do not matter"
    deleted = rows["deleted_cells"]
    assert 0 < float(deleted["total"]) < full and "not defined" in deleted["reason"]


def test_rerun_resumes_and_force_regrades(attack_batch, tmp_path):
    subs, out = attack_batch["subs"], attack_batch["out"]
    before = (out / "results" / "baseline.json").stat().st_mtime_ns
    grade.grade_folder("a2", subs, out, workers=2, limits=FAST, progress=False)
    assert (out / "results" / "baseline.json").stat().st_mtime_ns == before, "graded submissions are skipped on a rerun"
    single = tmp_path / "one"
    single.mkdir()
    (single / "baseline.ipynb").write_bytes(attack_batch["files"]["baseline.ipynb"])
    first = grade.grade_folder("a2", single, tmp_path / "out", progress=False, limits=FAST)
    again = grade.grade_folder("a2", single, tmp_path / "out", progress=False, limits=FAST, force=True)
    assert first[0]["questions"] == again[0]["questions"]


@pytest.mark.parametrize("mode", MODES)
def test_hostile_reads_are_refused_in_every_mode(tmp_path, mode):
    hidden = spec.assignment_dir("a2") / "hidden.yaml"
    job = tmp_path / "job"
    job.mkdir()
    (job / "cells.json").write_text(json.dumps([
        f"leak = open({str(hidden)!r}).read()", "import socket\ns = socket.socket()", "import os\nos.fork()", "ok = 1"]))
    run = sandbox.run(job, ["leak", "ok"], FAST, mode)
    assert run.status == "finished" and run.isolation == mode
    assert "leak" not in run.report["answers"] and run.report["answers"]["ok"]["v"] == 1.0
    assert len(run.report["errors"]) == 3


def test_cli_grades_a_folder(tmp_path, released):
    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "student_one.ipynb").write_bytes(released["a1"].read_bytes())
    run = subprocess.run([sys.executable, "-m", "course.grading", "grade", "a1", str(subs), "--out", str(tmp_path / "g")],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-1500:]
    assert "1 submissions graded" in run.stdout and (tmp_path / "g" / "gradebook.csv").is_file()
    bad = subprocess.run([sys.executable, "-m", "course.grading", "grade", "a9", str(subs)], capture_output=True, text=True)
    assert bad.returncode == 2 and "unknown assignment" in bad.stderr


def test_private_tmp_is_mounted_before_the_course_and_python(monkeypatch, tmp_path):
    """A course cloned under /tmp (as CI machines often do) must stay visible inside bubblewrap: bwrap mounts in
    order, so the private /tmp has to come before the read-only binds of the course, its data and the venv."""
    monkeypatch.setattr(sandbox.paths, "ROOT", Path("/tmp/some-clone"))
    monkeypatch.setattr(sandbox.paths, "DATA", Path("/tmp/some-clone/data"))
    cmd = sandbox.bwrap_command(tmp_path, [])
    tmpfs = [i for i, (a, b) in enumerate(zip(cmd, cmd[1:])) if (a, b) == ("--tmpfs", "/tmp")]
    binds = [i for i, a in enumerate(cmd) if a == "--ro-bind" and cmd[i + 1].startswith(("/tmp/some-clone", sys.prefix))]
    assert len(tmpfs) == 1 and binds and tmpfs[0] < min(binds)
