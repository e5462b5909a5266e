"""Hostile and broken submissions, graded as one batch under every isolation available here.

Each attack first switches the runner's audit hook off (the positive control ``hook_off`` proves it works), so
what stops it is the sandbox itself. Done means: no attack earns more than the same wrong answers without it,
reads the grader's environment or the hidden checks, writes outside its job folder, leaves a process, or stops
the batch; every file gets a row. Answer names come from the assignment's spec, not from this file.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import site
import tempfile
import time
import uuid
from pathlib import Path

import nbformat
import pytest
from grading_support import FAST, MODES, closed_exercises

from course import paths
from course.grading import grade, release, sandbox, spec

ASSIGNMENT = "a2"
DOC = spec.load(ASSIGNMENT)
MARK = f"pwned{os.getpid()}"
CANARY = f"canary-{uuid.uuid4().hex}"
WRONG = {"number": "-12345.0", "text": "'wrong'", "manual": "'wrong'", "list": "[]", "table": "pd.DataFrame()",
         "chart": "None"}
TEXT = next(q["name"] for q in DOC["questions"] if q["kind"] in ("manual", "text"))  # a channel to report what was seen
AUTHORED = spec.assignment_dir(ASSIGNMENT) / DOC["notebook"]
HIDDEN = spec.assignment_dir(ASSIGNMENT) / "hidden.yaml"
SITE = Path(site.getsitepackages()[0]) if hasattr(site, "getsitepackages") else Path(paths.ROOT / ".venv")

DISABLE_HOOK = """
import gc, sys
for _r in (sys.modules.get('__main__'), sys.modules.get('course.grading.runner')):
    if _r is not None and hasattr(_r, 'BLOCKED_EVENTS'):
        _r.BLOCKED_EVENTS = frozenset(); _r.BLOCKED_IMPORTS = frozenset()
for _o in gc.get_objects():
    if getattr(_o, '__name__', None) == 'hook' and getattr(_o, '__closure__', None):
        for _c in _o.__closure__:
            if isinstance(_c.cell_contents, tuple):
                _c.cell_contents = ('',)
"""


def _base() -> str:
    return "import pandas as pd\n" + "\n".join(f"{q['name']} = {WRONG[q['kind']]}" for q in DOC["questions"])


def _report(expr: str) -> str:
    """Code that puts what the attack saw into the text answer (which reaches results/<student>.json)."""
    return f"{TEXT} = str({expr})[:20000]"


def _attacks(out: Path) -> dict[str, list[str]]:
    names = [q["name"] for q in DOC["questions"]]
    forged = {"answers": {n: {"t": "table", "columns": 5, "rows": "x", "v": [[1e308]], "index": None} for n in names},
              "errors": "not a list", "finished": True, "running_cell": "x" * 10000}
    h = DISABLE_HOOK
    return {
        "baseline": [],
        "hook_off": [h + "import os, socket\nopen('probe', 'w').close()\nos.remove('probe')\nsocket.socket().close()\n"
                     "open('/proc/1/status').close()\n" + _report("'hook off'")],
        "fifo_result": [h + "import os\nos.remove('result.json')\nos.mkfifo('result.json')\nos._exit(0)"],
        "symlink_result": [h + "import os\nos.remove('result.json')\nos.symlink('/etc/passwd', 'result.json')\nos._exit(0)"],
        "huge_result": [h + "import os\nfd = os.open('result.json', os.O_WRONLY | os.O_TRUNC)\n"
                        "for _ in range(15):\n    os.write(fd, b' ' * 2**20)\nos._exit(0)"],
        "forged_result": [h + f"import os, json\nopen('result.json', 'w').write(json.dumps({forged!r}))\nos._exit(0)"],
        "proc_environ": [h + "import os\nseen = []\nfor p in os.listdir('/proc'):\n    for f in ('environ', 'cmdline'):\n"
                         "        try:\n            seen.append(open(f'/proc/{p}/{f}', 'rb').read().decode(errors='replace'))\n"
                         "        except Exception as e:\n            seen.append(type(e).__name__)\n"
                         "seen.append(repr(dict(os.environ)))\n" + _report("seen")],
        "read_hidden": [h + f"seen = []\nfor p in ({str(HIDDEN)!r}, {str(AUTHORED)!r}):\n    try:\n"
                        "        seen.append(open(p).read())\n    except Exception as e:\n        seen.append(repr(e))\n"
                        + _report("seen")],
        "list_exercises": [h + f"import os\nseen = []\nfor p in ({str(spec.EXERCISES)!r}, {str(HIDDEN.parent)!r}):\n    try:\n"
                           "        seen.append(os.listdir(p))\n    except Exception as e:\n        seen.append(repr(e))\n"
                           + _report("seen")],
        "run_solution": [h + f"import json\nnb = json.load(open({str(AUTHORED)!r}))\n"
                         "exec('\\n'.join(c['source'] if isinstance(c['source'], str) else ''.join(c['source']) "
                         "for c in nb['cells'] if c['cell_type'] == 'code'))"],
        "write_course": [h + f"import os\nfd = os.open({str(paths.ROOT / 'course' / (MARK + '.py'))!r}, os.O_WRONLY | os.O_CREAT)\n"
                         "os.write(fd, b'x = 1')",
                         h + f"import os\nos.ftruncate(os.open({str(paths.ROOT / 'course' / 'kit' / 'checks.py')!r}, os.O_WRONLY), 0)",
                         h + f"open({str(paths.ROOT / 'course' / '__init__.py')!r}, 'a').write('import os')"],
        "drop_pth": [h + f"open({str(SITE / (MARK + '.pth'))!r}, 'w').write('import os; open(\"/tmp/{MARK}-pth\", \"w\")')"],
        "write_outputs": [h + f"open({str(out / 'gradebook.csv')!r}, 'w').write('student,total\\nbaseline,100')",
                          h + f"import os\nos.makedirs({str(out / 'feedback')!r}, exist_ok=True)\n"
                          f"open({str(out / 'feedback' / 'baseline.md')!r}, 'w').write('hacked')"],
        "write_tmp": [h + f"open('/tmp/{MARK}-tmp', 'w').write('x')", h + f"open('/var/tmp/{MARK}-vartmp', 'w').write('x')",
                      h + f"open('/dev/shm/{MARK}-shm', 'w').write('x')", h + f"import os\nos.mkfifo('/tmp/{MARK}-fifo')"],
        "sibling_snoop": [h + "import os\nseen = []\nfor p in ('..', '/jobs', '/tmp', os.path.dirname(os.getcwd())):\n"
                          "    try:\n        seen.append(os.listdir(p))\n    except Exception as e:\n        seen.append(repr(e))\n"
                          + _report("seen")],
        "kill_grader": [h + "import os, signal\nsignal.pidfd_send_signal(os.pidfd_open(os.getppid()), signal.SIGKILL)",
                        h + "import os, signal\nos.kill(1, signal.SIGKILL)", h + "import os, signal\nos.kill(-1, signal.SIGKILL)"],
        "ptrace_parent": [h + "import os\nseen = []\nfor f in ('mem', 'environ', 'maps'):\n    try:\n"
                          "        seen.append(open(f'/proc/{os.getppid()}/{f}', 'rb').read(100))\n"
                          "    except Exception as e:\n        seen.append(repr(e))\n" + _report("seen")],
        "daemon": [h + "import subprocess\nsubprocess.Popen(['sleep', '600'], start_new_session=True)",
                   h + "import _posixsubprocess, os\n"
                   "_posixsubprocess.fork_exec(['sleep', '601'], [b'/usr/bin/sleep'], True, (), None, None, -1, -1, -1, -1, -1, -1,"
                   " *os.pipe(), True, True, 0, None, None, None, -1, None, False)",
                   h + "import threading, time\nthreading.Thread(target=time.sleep, args=(600,), daemon=True).start()",
                   h + "import os\npid = os.fork()\nif pid == 0:\n    import time; time.sleep(600)"],
        "fork_bomb": [h + "import os\nwhile True:\n    os.fork()"],
        "disk_filler": [h + "import os\nfor i in range(10**6):\n    open(f'fill{i}', 'wb').write(b'x' * 2**20)"],
        "setuid_back": [h + "import os\nos.setuid(0)"],
        "network": [h + "import socket\nsocket.create_connection(('1.1.1.1', 53), timeout=2)"],
        "patch_builtins": ["import builtins, math, numpy\nbuiltins.abs = lambda x: 0\nbuiltins.round = lambda *a: 0\n"
                           "math.isclose = lambda *a, **k: True\nnumpy.isclose = lambda *a, **k: True"],
        "always_equal": ["class Sneaky(float):\n    def __eq__(self, other): return True\n    def __abs__(self): return 0.0\n"
                         + "\n".join(f"{n} = Sneaky(1.0)" for n in names)],
        "infinite_loop": ["while True:\n    pass"],
        "sleeper": ["import time\ntime.sleep(600)"],
        "memory_bomb": ["hog = []\nwhile True:\n    hog.append(bytearray(10**8))"],
        "output_flood": ["import os\nfor _ in range(100):\n    print('x' * 10**6)\nos.write(2, b'y' * 20 * 10**6)"],
        "sys_exit": ["import sys\nsys.exit(0)"],
        "os_exit": ["import os\nos._exit(0)"],
        "kernel_crash": ["import faulthandler\nfaulthandler._sigsegv()"],
    }


def _notebook(cells: list[str]) -> bytes:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    return nbformat.writes(nb).encode()


def _split_extra(cells: list[str]) -> list[str]:
    """The solution with every cell split into one cell per top-level statement and extra cells in between."""
    import ast

    out = ["print('a cell of my own')"]
    for source in cells:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            out.append(source)
            continue
        lines = source.splitlines()
        for node in tree.body:
            out.append("\n".join(lines[node.lineno - 1: node.end_lineno]))
        out.append("extra_cell = 'students add cells'")
    return out


def _files(out: Path) -> dict[str, bytes]:
    base = _base()
    files = {f"{name}.ipynb": _notebook([base] + cells) for name, cells in _attacks(out).items()}
    sol = [c.source for c in release.authored(ASSIGNMENT).cells if c.cell_type == "code"]
    files.update({
        "not_json.ipynb": b"this is not a notebook",
        "empty.ipynb": b"",
        "deep_json.ipynb": b"[" * 200000,
        "wrong_nbformat.ipynb": json.dumps({"nbformat": 3, "nbformat_minor": 0, "worksheets": [{"cells": []}]}).encode(),
        "bad_source.ipynb": json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                                        "cells": [{"cell_type": "code", "source": 42, "metadata": {}, "outputs": []},
                                                  {"cell_type": "code", "source": base, "metadata": {}, "outputs": []}]}).encode(),
        "latin1.ipynb": "x = 'é'".encode("latin-1"),
        "renamed_solution.txt": _notebook(sol),
        "split_extra.ipynb": _notebook(_split_extra(sol)),
        "deleted_cells.ipynb": _notebook(sol[: max(1, len(sol) // 3)]),
        "Asha Rao.ipynb": _notebook([base]),
        "Asha_Rao.ipynb": _notebook([base]),
    })
    return files


def _tree_digest(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


def _sandbox_processes(settle_seconds: float = 5.0) -> list[str]:
    """Processes whose uid is one the grader gives to jobs, or the attacks' sleepers, still there after
    ``settle_seconds``: the kernel removes a killed sandbox's processes a moment after the grader has reaped
    bubblewrap (longer on a loaded machine, e.g. under pytest-xdist); a daemon left behind stays."""
    deadline = time.monotonic() + settle_seconds
    while (found := _sandbox_processes_now()) and time.monotonic() < deadline:
        time.sleep(0.1)
    return found


def _sandbox_processes_now() -> list[str]:
    found = []
    for p in Path("/proc").iterdir():
        if not p.name.isdigit():
            continue
        try:
            uid = int((p / "status").read_text().split("\nUid:")[1].split()[0])
            cmd = (p / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, IndexError, ValueError):
            continue
        if uid >= grade.UID_BASE or cmd.startswith(("sleep 600", "sleep 601")):
            found.append(f"{p.name} uid={uid} {cmd[:80]}")
    return found


def _our_batch_folders() -> list[Path]:
    return list(Path(tempfile.gettempdir()).glob(f"course-grading-{os.getpid()}-*"))


@pytest.fixture(scope="module", params=MODES)
def batch(request, tmp_path_factory):
    mode = request.param
    root = tmp_path_factory.mktemp(f"attacks-{mode}")
    subs, out = root / "submissions", root / "graded"
    subs.mkdir()
    files = _files(out)
    for name, content in files.items():
        (subs / name).write_bytes(content)
    course_before, exercises_before = _tree_digest(paths.ROOT / "course"), _tree_digest(spec.EXERCISES)
    pth_before = sorted(SITE.glob("*.pth"))
    os.environ["COURSE_GRADER_CANARY"] = CANARY
    try:
        with closed_exercises(mode):
            results = grade.grade_folder(ASSIGNMENT, subs, out, workers=2, mode=mode, limits=FAST, progress=False)
    finally:
        del os.environ["COURSE_GRADER_CANARY"]
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as fh:
        rows = {r["file"]: r for r in csv.DictReader(fh)}
    return {"mode": mode, "results": {r.file: r for r in results}, "rows": rows, "out": out, "subs": subs, "files": files,
            "course_changed": course_before != _tree_digest(paths.ROOT / "course"),
            "exercises_changed": exercises_before != _tree_digest(spec.EXERCISES),
            "new_pth": sorted(set(SITE.glob("*.pth")) - set(pth_before)),
            "processes": _sandbox_processes(), "batch_folders": _our_batch_folders()}


def _text(batch, name: str) -> str:
    return next(q.text for q in batch["results"][f"{name}.ipynb"].questions if q.manual or q.text)


ATTACKS = [a for a in _attacks(Path("/x")) if a != "baseline"]


def test_every_file_gets_a_row(batch):
    assert set(batch["rows"]) == set(batch["files"]), "a row for every file, however hostile"
    assert len({r["student"] for r in batch["rows"].values()}) == len(batch["files"])
    for row in batch["rows"].values():
        assert row["status"] and row["isolation"] in (batch["mode"], "none")
        if row["status"] != "ok":
            assert row["reason"], f"{row['file']}: a non-ok row must say why"
    ran = [r for r in batch["rows"].values() if r["status"] not in ("unreadable",)]
    assert all(r["isolation"] == batch["mode"] for r in ran), "the gradebook records the isolation actually used"


def test_the_hook_really_was_switched_off(batch):
    assert _text(batch, "hook_off") == "hook off", "positive control: the attacks ran without the audit hook"


@pytest.mark.parametrize("attack", ATTACKS)
def test_attack_earns_nothing(batch, attack):
    baseline = float(batch["rows"]["baseline.ipynb"]["total"])
    row = batch["rows"][f"{attack}.ipynb"]
    assert float(row["total"]) <= baseline, f"{attack}: {row['total']} > baseline {baseline} ({row['reason']})"


def test_nothing_secret_reaches_any_output(batch):
    honest = {"renamed_solution.json", "split_extra.json", "deleted_cells.json"}  # hand in the solution's own text
    outputs = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in batch["out"].rglob("*")
                        if p.is_file() and not (p.parent.name == "results" and p.name in honest))
    assert CANARY not in outputs, "the grader's environment leaked"
    hidden = HIDDEN.read_text(encoding="utf-8")
    for line in hidden.splitlines():
        if "expected:" in line:
            assert line.split('expected: "')[1].split('"')[0] not in outputs, "a hidden check leaked"
    solution = [line for c in release.authored(ASSIGNMENT).cells for line in release.solution_lines(c.source) if len(line) > 25]
    assert solution and not [line for line in solution if line in outputs], "the solution leaked"
    for name in ("list_exercises", "read_hidden", "sibling_snoop"):
        text = _text(batch, name)
        assert "hidden.yaml" not in text and "tolerance" not in text and "job-" not in text, f"{name}: {text[:300]}"


def test_nothing_written_outside_the_job_folder(batch):
    assert not batch["course_changed"] and not batch["exercises_changed"]
    assert not batch["new_pth"] and not (paths.ROOT / "course" / f"{MARK}.py").exists()
    for folder in ("/tmp", "/var/tmp", "/dev/shm"):
        assert not list(Path(folder).glob(f"{MARK}*")), f"an attack wrote into {folder}"
    out = batch["out"]
    assert "hacked" not in (out / "feedback" / "baseline.md").read_text(encoding="utf-8")
    assert len(batch["rows"]) == len(batch["files"])


def test_no_process_and_no_job_folder_is_left(batch):
    assert batch["processes"] == []
    assert batch["batch_folders"] == []


def test_attacks_are_reported_with_their_cause(batch):
    rows = batch["rows"]
    assert rows["infinite_loop.ipynb"]["status"] == "timeout" and "cell 2" in rows["infinite_loop.ipynb"]["reason"]
    assert rows["sleeper.ipynb"]["status"] == "timeout" and "stopped after 8 s in cell 2" in rows["sleeper.ipynb"]["reason"]
    for name in ("fifo_result", "symlink_result", "huge_result"):
        assert rows[f"{name}.ipynb"]["status"] == "no result", rows[f"{name}.ipynb"]
    assert rows["os_exit.ipynb"]["status"] in ("crashed", "no result")
    assert rows["kernel_crash.ipynb"]["status"] in ("crashed", "no result")
    assert "sys.exit" in rows["sys_exit.ipynb"]["reason"]
    assert float(rows["os_exit.ipynb"]["total"]) == float(rows["baseline.ipynb"]["total"]), "answers before a crash count"
    assert "PermissionError" in rows["setuid_back.ipynb"]["reason"]
    assert rows["disk_filler.ipynb"]["status"] == "timeout" and "wrote more than" in rows["disk_filler.ipynb"]["reason"]
    assert "Operation not permitted" in rows["kill_grader.ipynb"]["reason"]
    assert rows["daemon.ipynb"]["reason"].count("Resource temporarily unavailable") == 2, "no process can be started"
    if batch["mode"] == "bubblewrap" or sandbox.unshare_works():
        assert "Network is unreachable" in rows["network.ipynb"]["reason"], rows["network.ipynb"]["reason"]
    writes = rows["write_course.ipynb"]["reason"]
    assert writes.count("Read-only file system") + writes.count("Permission denied") == 3, writes


def test_broken_inputs_get_clear_rows(batch):
    rows = batch["rows"]
    for name, words in {"not_json": "invalid JSON", "empty": "empty", "wrong_nbformat": "version-4", "latin1": "UTF-8",
                        "deep_json": "nested too deeply"}.items():
        assert rows[f"{name}.ipynb"]["status"] == "unreadable" and words in rows[f"{name}.ipynb"]["reason"]
    assert rows["bad_source.ipynb"]["status"] == "ok" and "no readable source" in rows["bad_source.ipynb"]["reason"]
    full = sum(spec.max_points(q) for q in DOC["questions"] if q["kind"] != "manual")
    assert float(rows["renamed_solution.txt"]["total"]) == full, "a renamed file is still graded"
    assert float(rows["split_extra.ipynb"]["total"]) == full, "split and extra cells do not matter"
    assert 0 <= float(rows["deleted_cells.ipynb"]["total"]) < full and "not defined" in rows["deleted_cells.ipynb"]["reason"]
    first, second = rows["Asha Rao.ipynb"], rows["Asha_Rao.ipynb"]
    assert first["student"] != second["student"] and "same id" in first["reason"] + second["reason"]
