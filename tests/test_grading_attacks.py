"""Hostile and broken submissions, graded as one batch under each isolation, on a throwaway copy of the course.

Each attack first switches the runner's audit hook off (the positive control ``hook_off`` proves it works), so
what stops it is the sandbox itself. Done means: no attack earns more than the same wrong answers without it,
reads the grader's environment, the hidden checks or a secret planted where real ones live (git objects,
instructor pages, another checkout), writes outside its job folder or past its disk limit, passes anything to
a later job, leaves a process, or stops the batch; every file gets a row. Answer names come from the
assignment's spec, not from this file.

The grader runs in a subprocess on a copy of ``course/``, ``data/`` and ``exercises/``, with the Python of a copy
of the virtual environment (hard links, made in a second; the files in its ``site-packages`` folder itself, where
an attack drops a ``.pth``, are real copies). The copies are what the sandbox exposes and what the attacks aim
at, so a failing sandbox damages nothing in the working tree or the real environment: the test checks both
before and after. The real tree is only read at (its git history and hidden checks, as secrets to find).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import site
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import nbformat
import pytest
from grading_support import FAST, MODES, require

from course import paths
from course.grading import grade, release, sandbox, spec
from course.grading.records import Result

ASSIGNMENT = "a2"
DOC = spec.load(ASSIGNMENT)
MARK = f"pwned{os.getpid()}"
CANARY = f"canary-{uuid.uuid4().hex}"
SECRET = f"secret-{uuid.uuid4().hex}"
WRONG = {"number": "-12345.0", "text": "'wrong'", "manual": "'wrong'", "list": "[]", "table": "pd.DataFrame()",
         "chart": "None"}
TEXT = next(q["name"] for q in DOC["questions"] if q["kind"] in ("manual", "text"))  # a channel to report what was seen
SITE = Path(site.getsitepackages()[0])  # the real environment's: never written, checked unchanged

DISABLE_HOOK = """
import gc, sys
for _r in (sys.modules.get('__main__'), sys.modules.get('course.grading.runner')):
    if _r is not None and hasattr(_r, 'BLOCKED_EVENTS'):
        _r.BLOCKED_EVENTS = frozenset(); _r.BLOCKED_IMPORTS = frozenset()
for _o in gc.get_objects():
    try:  # some objects raise more than AttributeError when asked (pydantic's, preloaded for check())
        _hit = getattr(_o, '__name__', None) == 'hook' and getattr(_o, '__closure__', None)
    except Exception:
        continue
    if _hit:
        for _c in _o.__closure__:
            if isinstance(_c.cell_contents, tuple):
                _c.cell_contents = ('',)
"""


def _base() -> str:
    return "import pandas as pd\n" + "\n".join(f"{q['name']} = {WRONG[q['kind']]}" for q in DOC["questions"])


def _report(expr: str) -> str:
    """Code that puts what the attack saw into the text answer (which reaches results/<student>.json)."""
    return f"{TEXT} = str({expr})[:20000]"


# The result file is reachable only through the descriptor the runner holds open (its folder is hidden).
RESULT_FD = """
import os
_fd, _path = -1, 'result.json'
for _f in os.listdir('/proc/self/fd'):
    try:
        if os.readlink(f'/proc/self/fd/{_f}').endswith('result.json'):
            _fd, _path = int(_f), os.readlink(f'/proc/self/fd/{_f}')
    except OSError:
        pass
assert _fd >= 0, 'no result descriptor'
"""

# Every channel a job could leave for a later one: SysV shared memory, message queue and semaphore, POSIX
# shared memory and message queue, files in the world-writable folders, an abstract unix socket kept alive
# by its own descriptor in flight.
CHANNELS = """
import ctypes, os, socket, struct
_libc = ctypes.CDLL(None, use_errno=True)
_libc.shmat.restype = ctypes.c_void_p
_libc.shmat.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int]
_KEY, _MSG, _KEEP = 0x5EED, b'SECRET-CHANNEL', []
_FILES = ('/dev/shm/chan', '/tmp/chan', '/var/tmp/chan')

def write_all():
    done = []
    shm = _libc.shmget(_KEY, 4096, 0o1666)
    if shm >= 0:
        addr = _libc.shmat(shm, None, 0)
        ctypes.memmove(addr, _MSG, len(_MSG))
        done.append('sysv-shm')
    q = _libc.msgget(_KEY, 0o1666)
    if q >= 0 and _libc.msgsnd(q, struct.pack('l', 1) + _MSG, len(_MSG), 0o4000) == 0:
        done.append('sysv-msg')
    sem = _libc.semget(_KEY, 1, 0o1666)
    if sem >= 0 and _libc.semctl(sem, 0, 16, 4242) == 0:
        done.append('sysv-sem')
    mq = _libc.mq_open(b'/chan', os.O_CREAT | os.O_RDWR, 0o666, None)
    if mq >= 0 and _libc.mq_send(mq, _MSG, len(_MSG), 0) == 0:
        done.append('posix-mq')
    for path in _FILES:
        try:
            fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o666)
            os.fchmod(fd, 0o666)
            os.write(fd, _MSG)
            os.close(fd)
            done.append(path)
        except OSError:
            pass
    try:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.bind('\\0chan')
        s.listen(8)
        c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        c.connect('\\0chan')
        a, _ = s.accept()
        socket.send_fds(c, [b'x'], [s.fileno(), a.fileno()])
        _KEEP.extend([s, c, a])
        done.append('abstract-socket')
    except OSError:
        pass
    return done

def read_all():
    seen = []
    shm = _libc.shmget(_KEY, 0, 0)
    if shm >= 0:
        addr = _libc.shmat(shm, None, 0o10000)
        if addr not in (None, ctypes.c_void_p(-1).value):
            seen.append(('sysv-shm', ctypes.string_at(addr, len(_MSG))))
    q = _libc.msgget(_KEY, 0)
    if q >= 0:
        buf = ctypes.create_string_buffer(8 + 64)
        n = _libc.msgrcv(q, buf, 64, 0, 0o4000)
        if n > 0:
            seen.append(('sysv-msg', buf.raw[8:8 + n]))
    sem = _libc.semget(_KEY, 1, 0)
    if sem >= 0:
        seen.append(('sysv-sem', _libc.semctl(sem, 0, 12)))
    mq = _libc.mq_open(b'/chan', os.O_RDONLY | os.O_NONBLOCK)
    if mq >= 0:
        buf = ctypes.create_string_buffer(8192)
        n = _libc.mq_receive(mq, buf, 8192, None)
        if n > 0:
            seen.append(('posix-mq', buf.raw[:n]))
    for path in _FILES:
        try:
            seen.append((path, open(path, 'rb').read()))
        except OSError:
            pass
    try:
        c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        c.connect('\\0chan')
        seen.append(('abstract-socket', 'connected'))
    except OSError:
        pass
    return seen
"""


def _channel_files() -> dict[str, bytes]:
    """Graded one after another by one worker, in name order: a writer, then a reader; and a control that writes
    and reads in one job (so the reader is known to find each channel when it exists)."""
    h = DISABLE_HOOK + CHANNELS
    return {"c0_control.ipynb": _notebook([_base(), h + _report("[write_all(), read_all()]")]),
            "c1_writer.ipynb": _notebook([_base(), h + _report("write_all()")]),
            "c2_reader.ipynb": _notebook([_base(), h + _report("read_all()")])}


def _attacks(out: Path, clone: dict | None = None) -> dict[str, list[str]]:
    clone = clone or {"course": Path("/x/course"), "secrets": {}, "real": [], "site": Path("/x/site-packages")}
    course = clone["course"]
    exercises = course / "exercises"
    authored = exercises / ASSIGNMENT / DOC["notebook"]
    hidden = exercises / ASSIGNMENT / "hidden.yaml"
    names = [q["name"] for q in DOC["questions"]]
    secret_paths = [str(p) for p in clone["secrets"].values()] + [str(p) for p in clone["real"]]
    forged = {"answers": {n: {"t": "table", "columns": 5, "rows": "x", "v": [[1e308]], "index": None} for n in names},
              "errors": "not a list", "finished": True, "running_cell": "x" * 10000}
    h = DISABLE_HOOK
    return {
        "baseline": [],
        "hook_off": [h + "import os, socket\nopen('probe', 'w').close()\nos.remove('probe')\nsocket.socket().close()\n"
                     "open('/proc/1/status').close()\n" + _report("'hook off'")],
        "fifo_result": [h + RESULT_FD + "os.remove(_path)\nos.mkfifo(_path)\nos._exit(0)"],
        "symlink_result": [h + RESULT_FD + "os.remove(_path)\nos.symlink('/etc/passwd', _path)\nos._exit(0)"],
        "huge_result": [h + RESULT_FD + "os.ftruncate(_fd, 0)\nfor _ in range(15):\n    os.pwrite(_fd, b' ' * 2**20, _ * 2**20)\n"
                        "os._exit(0)"],
        "forged_result": [h + RESULT_FD + f"import json\nos.ftruncate(_fd, 0)\nos.pwrite(_fd, json.dumps({forged!r}).encode(), 0)\n"
                          "os._exit(0)"],
        "proc_environ": [h + "import os\nseen = []\nfor p in os.listdir('/proc'):\n    for f in ('environ', 'cmdline'):\n"
                         "        try:\n            seen.append(open(f'/proc/{p}/{f}', 'rb').read().decode(errors='replace'))\n"
                         "        except Exception as e:\n            seen.append(type(e).__name__)\n"
                         "seen.append(repr(dict(os.environ)))\n" + _report("seen")],
        "read_hidden": [h + f"seen = []\nfor p in ({str(hidden)!r}, {str(authored)!r}):\n    try:\n"
                        "        seen.append(open(p).read())\n    except Exception as e:\n        seen.append(repr(e))\n"
                        + _report("seen")],
        "list_exercises": [h + f"import os\nseen = []\nfor p in ({str(exercises)!r}, {str(hidden.parent)!r}):\n    try:\n"
                           "        seen.append(os.listdir(p))\n    except Exception as e:\n        seen.append(repr(e))\n"
                           + _report("seen")],
        "run_solution": [h + f"import json\nnb = json.load(open({str(authored)!r}))\n"
                         "exec('\\n'.join(c['source'] if isinstance(c['source'], str) else ''.join(c['source']) "
                         "for c in nb['cells'] if c['cell_type'] == 'code'))"],
        "write_course": [h + f"import os\nfd = os.open({str(course / 'course' / (MARK + '.py'))!r}, os.O_WRONLY | os.O_CREAT)\n"
                         "os.write(fd, b'x = 1')",
                         h + f"import os\nos.ftruncate(os.open({str(course / 'course' / 'kit' / 'checks.py')!r}, os.O_WRONLY), 0)",
                         h + f"open({str(course / 'course' / '__init__.py')!r}, 'a').write('import os')"],
        "drop_pth": [h + f"open({str(clone['site'] / (MARK + '.pth'))!r}, 'w').write('import os; open(\"/tmp/{MARK}-pth\", \"w\")')"],
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
        # Unnamed files, held open: no folder walk counts them. Then named files in every world-writable folder.
        "tmpfile_filler": [h + "import os\nheld, sizes = [], []\nfor where in ('.', '/tmp', '/var/tmp', '/dev/shm'):\n"
                           "    for i in range(30):\n        try:\n            fd = os.open(where, os.O_TMPFILE | os.O_WRONLY, 0o600)\n"
                           "        except OSError:\n            break\n        held.append(fd)\n        n = 0\n        try:\n"
                           "            for _ in range(15):\n                os.write(fd, b'x' * 2**20)\n                n += 1\n"
                           "        except OSError:\n            pass\n        sizes.append(n)\n        if n == 0:\n            break\n"
                           + _report("sizes")],
        "scratch_filler": [h + "import os\nsizes = []\nfor where in ('/tmp', '/var/tmp', '/dev/shm'):\n    n = 0\n"
                           "    try:\n        for i in range(200):\n            with open(f'{where}/fill{i}', 'wb') as fh:\n"
                           "                fh.write(b'x' * 2**20)\n            n += 1\n    except OSError:\n        pass\n"
                           "    sizes.append(n)\n" + _report("sizes")],
        # Where real solutions live outside exercises/: the repository's git objects, the generated instructor
        # pages, another checkout; then a walk of the whole visible tree for anything of the kind.
        "repo_secrets": [h + f"import os\nseen, found = [], []\nfor p in {secret_paths!r}:\n    try:\n"
                         "        seen.append(open(p, errors='replace').read()[:2000])\n    except Exception as e:\n"
                         "        seen.append(type(e).__name__)\n"
                         "for top, dirs, files in os.walk('/'):\n"
                         "    if top.startswith(('/proc', '/sys', '/dev', '/usr')):\n        dirs[:] = []\n        continue\n"
                         "    found += [os.path.join(top, n) for n in dirs + files if n in ('.git', 'hidden.yaml', '_generated', "
                         "'other-checkout', 'exercises', 'book')]\n"
                         + _report("[seen, found]")],
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


def _huge_notebook(values: int) -> bytes:
    """A notebook whose metadata holds ``values`` empty objects: cheap on disk, dear to parse."""
    head = b'{"nbformat": 4, "nbformat_minor": 5, "metadata": {"x": ['
    tail = b']}, "cells": [{"cell_type": "code", "source": "x = 1", "metadata": {}, "outputs": []}]}'
    return head + b"{}," * (values - 1) + b"{}" + tail


def _files(out: Path, clone: dict | None = None) -> dict[str, bytes]:
    base = _base()
    files = {f"{name}.ipynb": _notebook([base] + cells) for name, cells in _attacks(out, clone).items()}
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
        # 32 MB of "{}," took the grader from under 100 MB to over 900 MB; the control stays under the caps.
        "huge_notebook.ipynb": _huge_notebook(11_000_000),
        "big_notebook.ipynb": _huge_notebook(sandbox.MAX_JSON_VALUES // 2 - 1000),  # "{}," counts twice
    })
    return files


def _tree_digest(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


def _tree_digest_top(folder: Path) -> dict[str, str]:
    """The files directly in ``folder`` (a site-packages: where a .pth would be dropped) and their digests."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def _job_processes(uids: range, settle_seconds: float = 10.0) -> list[str]:
    """Processes running as one of ``uids`` (the grader run's own job uids), waiting up to ``settle_seconds`` for
    them to go: the kernel removes a killed sandbox's processes a moment after the grader has reaped it; a
    daemon left behind stays."""
    deadline = time.monotonic() + settle_seconds
    while (found := _job_processes_now(uids)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return found


def _job_processes_now(uids: range) -> list[str]:
    found = []
    for p in Path("/proc").iterdir():
        if not p.name.isdigit():
            continue
        try:
            uid = int((p / "status").read_text().split("\nUid:")[1].split()[0])
            cmd = (p / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, IndexError, ValueError):
            continue
        if uid in uids:
            found.append(f"{p.name} uid={uid} {cmd[:80]}")
    return found


def _world_readable(path: Path, top: Path) -> None:
    """Open ``path`` and its folders up to ``top`` to every user (as a fresh clone under /tmp usually is)."""
    for parent in [path, *path.parents]:
        os.chmod(parent, os.stat(parent).st_mode | (0o755 if parent.is_dir() else 0o644))
        if parent == top:
            break


@pytest.fixture(scope="module")
def clone():
    """A throwaway copy of the course (what the grader runs from and the attacks aim at), with secrets planted
    where real ones live, each readable by every user on the machine."""
    root = Path(tempfile.mkdtemp(prefix="attack-course-"))
    course = root / "course-copy"
    for part in ("course", "data", "exercises"):
        shutil.copytree(paths.ROOT / part, course / part, ignore=shutil.ignore_patterns("__pycache__"))
    secrets = {"git object": course / ".git" / "objects" / "5e" / "c0ffee",
               "instructor page": course / "book" / "instructor" / "_generated" / "a2-answers.md",
               "other checkout": root / "other-checkout" / "exercises" / ASSIGNMENT / "hidden.yaml"}
    for path in secrets.values():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"expected: {SECRET}\n", encoding="utf-8")
    for path in [course, *secrets.values()]:
        _world_readable(path, root)
    git = paths.ROOT / ".git"  # the real repository's history: read at, never written
    real = [git / "HEAD" if git.is_dir() else git, paths.ROOT / "exercises" / ASSIGNMENT / "hidden.yaml"]
    if git.is_file():  # a worktree: its history is in the main checkout's .git
        real.append(Path(git.read_text(encoding="utf-8").split("gitdir:", 1)[1].strip()).parent.parent / "HEAD")
    venv = root / "venv"
    subprocess.run(["cp", "-al", sys.prefix, str(venv)], check=True)
    copy_site = venv / SITE.relative_to(sys.prefix)
    for entry in copy_site.iterdir():  # the folder attacks write in: its files copied, not linked to the real ones
        if entry.is_file() and not entry.is_symlink():
            entry.unlink()
            shutil.copy2(SITE / entry.name, entry)
    _world_readable(copy_site, root)
    try:
        yield {"root": root, "course": course, "secrets": secrets, "real": real, "site": copy_site,
               "python": venv / "bin" / "python"}
    finally:
        shutil.rmtree(root)


RUN = """
import json, sys
from pathlib import Path
from course.grading import grade, sandbox
open('/proc/self/clear_refs', 'w').write('5')  # the peak below is this process's own, not its parent's before exec
limits = sandbox.Limits(**json.loads(sys.argv[2]))
mode = sys.argv[1]
for folder, workers in (("submissions", 2), ("channels", 1)):
    grade.grade_folder("a2", Path(folder), Path(folder + "-graded"), workers=workers, mode=mode, limits=limits,
                       progress=False)
peak = next(line for line in open('/proc/self/status') if line.startswith('VmHWM:'))
print(json.dumps({"peak_mb": int(peak.split()[1]) / 1024}))
"""


def _rows(out: Path) -> dict[str, dict]:
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as fh:
        return {r["file"]: r for r in csv.DictReader(fh)}


def _results(out: Path) -> dict[str, Result]:
    results = [Result.from_dict(json.loads(p.read_text(encoding="utf-8"))) for p in (out / "results").glob("*.json")]
    return {r.file: r for r in results}


@pytest.fixture(scope="module", params=MODES)
def batch(request, clone):
    mode = request.param
    require(mode)
    work = Path(tempfile.mkdtemp(prefix=f"attacks-{mode}-", dir=clone["root"]))
    subs, chans, out = work / "submissions", work / "channels", work / "submissions-graded"
    subs.mkdir()
    chans.mkdir()
    files = _files(out, clone)
    for name, content in files.items():
        (subs / name).write_bytes(content)
    for name, content in _channel_files().items():
        (chans / name).write_bytes(content)
    course, exercises = clone["course"] / "course", clone["course"] / "exercises"
    course_before, exercises_before = _tree_digest(course), _tree_digest(exercises)
    real_site_before, pth_before = _tree_digest_top(SITE), set(clone["site"].glob("*.pth"))
    env = {**os.environ, "PYTHONPATH": str(clone["course"]), "COURSE_GRADER_CANARY": CANARY}
    limits = {k: getattr(FAST, k) for k in FAST.__dataclass_fields__}
    proc = subprocess.Popen([str(clone["python"]), "-c", RUN, mode, json.dumps(limits)], cwd=work, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stdout, stderr = proc.communicate(timeout=900)
    new_pth = sorted(set(clone["site"].glob("*.pth")) - pth_before)
    assert _tree_digest_top(SITE) == real_site_before, "the real virtual environment changed during the batch"
    assert proc.returncode == 0, stderr[-3000:]
    base = grade.UID_BASE + (proc.pid % 1_000_000) * 1000  # the uids this grader run gave its jobs
    return {"mode": mode, "clone": clone, "results": _results(out), "rows": _rows(out), "out": out, "subs": subs,
            "files": files, "channels": _results(work / "channels-graded"), "peak_mb": json.loads(stdout.splitlines()[-1])["peak_mb"],
            "course_changed": course_before != _tree_digest(course),
            "exercises_changed": exercises_before != _tree_digest(exercises), "new_pth": new_pth,
            "processes": _job_processes(range(base, base + 1000)),
            "batch_folders": list(Path(tempfile.gettempdir()).glob(f"course-grading-{proc.pid}-*"))}


def _text_of(result: Result) -> str:
    return next(q.text for q in result.questions if q.manual or q.text)


def _text(batch, name: str) -> str:
    return _text_of(batch["results"][f"{name}.ipynb"])


ATTACKS = [a for a in _attacks(Path("/x")) if a != "baseline"]
HOOKED = [a for a, cells in _attacks(Path("/x")).items() if cells and cells[0].startswith(DISABLE_HOOK)]


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


@pytest.mark.parametrize("attack", HOOKED)
def test_every_attack_reaches_its_payload(batch, attack):
    """An attack aimed at code that has changed fails before its payload (a refused call, a name that is gone):
    then it tests nothing. Each must fail, if at all, on what the sandbox forbids."""
    stale = ("refused:", "NameError", "AttributeError", "TypeError", "ImportError", "AssertionError", "SyntaxError")
    errors = batch["results"][f"{attack}.ipynb"].cell_errors
    assert not [e for e in errors if any(word in e for word in stale)], errors


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
    assert SECRET not in outputs, "a secret planted in git objects, instructor pages or another checkout leaked"
    hidden = (spec.assignment_dir(ASSIGNMENT) / "hidden.yaml").read_text(encoding="utf-8")
    for line in hidden.splitlines():
        if "expected:" in line:
            assert line.split('expected: "')[1].split('"')[0] not in outputs, "a hidden check leaked"
    solution = [line for c in release.authored(ASSIGNMENT).cells for line in release.solution_lines(c.source) if len(line) > 25]
    assert solution and not [line for line in solution if line in outputs], "the solution leaked"
    for name in ("list_exercises", "read_hidden", "sibling_snoop"):
        text = _text(batch, name)
        assert "hidden.yaml" not in text and "tolerance" not in text and "job-" not in text, f"{name}: {text[:300]}"


def test_only_lesson_code_is_visible(batch):
    """The job sees Python, the course package, the data and its own folder: none of the planted secrets, the
    real repository's history or hidden checks, and no such file anywhere it can walk."""
    seen, found = eval(_text(batch, "repo_secrets"))  # noqa: S307 - our own attack's report, a literal
    paths_tried = [str(p) for p in batch["clone"]["secrets"].values()] + [str(p) for p in batch["clone"]["real"]]
    assert len(seen) == len(paths_tried) and all(s in ("FileNotFoundError", "PermissionError") for s in seen), \
        dict(zip(paths_tried, seen))
    assert found == [], found


def test_control_the_planted_secrets_are_readable_by_a_job_uid_outside_the_sandbox(batch):
    """Positive control for the test above: without the sandbox's mount namespace, a job's uid reads every
    planted secret (as the process fallback allowed before it had one)."""
    if not sandbox.is_root() or not shutil.which("setpriv"):
        pytest.fail("the control needs root and util-linux setpriv to read as a job's uid")
    uid = grade.UID_BASE + 999  # in the range the grader gives jobs, never a real account
    for what, path in batch["clone"]["secrets"].items():
        run = subprocess.run(["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "cat", str(path)],
                             capture_output=True, text=True)
        assert run.returncode == 0 and SECRET in run.stdout, f"{what}: {run.stderr}"


def test_no_channel_between_jobs(batch):
    """A job leaves nothing for the next one on the same worker: kernel IPC objects, POSIX shared memory and
    queues, files in /tmp, /var/tmp, /dev/shm, abstract sockets all die with it."""
    chans = batch["channels"]
    control_written, control_read = eval(_text_of(chans["c0_control.ipynb"]))  # noqa: S307 - our own report
    written = eval(_text_of(chans["c1_writer.ipynb"]))  # noqa: S307
    read = eval(_text_of(chans["c2_reader.ipynb"]))  # noqa: S307
    assert all(r.isolation == batch["mode"] and r.status == "ok" for r in chans.values()), chans
    assert set(written) == set(control_written) >= {"sysv-shm", "sysv-msg", "sysv-sem", "posix-mq", "/dev/shm/chan",
                                                    "/tmp/chan", "/var/tmp/chan", "abstract-socket"}, written
    assert {name for name, _ in control_read} == set(control_written), \
        "positive control: in one job the reader finds every channel the writer made"
    assert read == [], f"the next job read what the last one left: {read}"


def test_the_disk_limit_covers_everything_a_job_writes(batch):
    """Unnamed (O_TMPFILE) files held open and named files in /tmp, /var/tmp and /dev/shm all count against one
    limit: together at most disk_mb. The first file of each kind took its full 15 MB (the writes work; only the
    limit stops them)."""
    for name in ("tmpfile_filler", "scratch_filler"):
        sizes = eval(_text(batch, name))  # noqa: S307 - our own attack's report
        assert sizes and sizes[0] >= 15, (name, sizes)
        assert sum(sizes) <= FAST.disk_mb, f"{name} wrote {sum(sizes)} MB under a {FAST.disk_mb} MB limit: {sizes}"


def test_a_huge_notebook_does_not_blow_up_the_grader(batch):
    rows = batch["rows"]
    assert rows["huge_notebook.ipynb"]["status"] == "unreadable" and "too large" in rows["huge_notebook.ipynb"]["reason"]
    assert rows["big_notebook.ipynb"]["status"] == "ok", "control: a notebook under the caps is graded"
    assert batch["peak_mb"] < 500, f"the grader peaked at {batch['peak_mb']:.0f} MB (a 32 MB notebook once cost 900 MB)"


def test_nothing_written_outside_the_job_folder(batch):
    assert not batch["course_changed"] and not batch["exercises_changed"]
    assert not batch["new_pth"], f"an attack wrote into the (copied) virtual environment: {batch['new_pth']}"
    assert not (batch["clone"]["course"] / "course" / f"{MARK}.py").exists()
    for folder in ("/tmp", "/var/tmp", "/dev/shm"):
        assert not list(Path(folder).glob(f"{MARK}*")) and not (Path(folder) / "chan").exists(), \
            f"an attack wrote into {folder}"
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
    for name in ("fifo_result", "symlink_result"):  # the result's folder is out of reach: only its descriptor is open
        assert rows[f"{name}.ipynb"]["status"] == "ok" and "FileNotFoundError" in rows[f"{name}.ipynb"]["reason"], rows[f"{name}.ipynb"]
    assert rows["huge_result.ipynb"]["status"] == "no result", rows["huge_result.ipynb"]
    assert rows["os_exit.ipynb"]["status"] in ("crashed", "no result")
    assert rows["kernel_crash.ipynb"]["status"] in ("crashed", "no result")
    assert "sys.exit" in rows["sys_exit.ipynb"]["reason"]
    assert float(rows["os_exit.ipynb"]["total"]) == float(rows["baseline.ipynb"]["total"]), "answers before a crash count"
    assert "PermissionError" in rows["setuid_back.ipynb"]["reason"]
    assert "no space left" in rows["disk_filler.ipynb"]["reason"] and f"{FAST.disk_mb} MB" in rows["disk_filler.ipynb"]["reason"]
    assert "Operation not permitted" in rows["kill_grader.ipynb"]["reason"]
    assert rows["daemon.ipynb"]["reason"].count("Resource temporarily unavailable") == 2, "no process can be started"
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
