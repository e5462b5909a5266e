"""The code that runs INSIDE the sandbox: a pre-imported parent (the "fork server") that forks one child per
submission; the child drops to a user of its own, runs the submission's code cells and writes the named
answers as plain JSON values to ``result.json`` in its job folder. Nothing here decides a grade.

    python -m course.grading.runner serve      # read jobs (one JSON line each) on stdin

Everything inside the sandbox is treated as hostile by the grader, this file included: the grader reads
only ``result.json`` itself (a regular, size-limited file it opens with ``O_NOFOLLOW|O_NONBLOCK``) under its
own deadline, and uses the server's status line only to word the reason. The walls that hold are the
kernel's: the child runs as a uid of its own with no capabilities (it cannot signal, trace or read the
server, the grader or other children), ``RLIMIT_NPROC=1`` (no process or thread can be started), memory,
CPU and file-size limits, IPC, network and mount namespaces of its own with one size-limited filesystem
(:func:`isolate_job`), inside a root that holds only Python, the course package and the data.

The audit hook (PEP 578) installed in the child is only a courtesy: it turns the obvious attempts (open a
hidden file, start a process, open a socket) into a clear "refused" line in the student's feedback.
Student code can switch it off; nothing depends on it.

A job line: ``{"job": "dir name", "uid": int or null, "names": [...], "cpu": s, "wall": s, "memory_mb": n,
"file_mb": n, "open_files": n, "disk_mb": n}``. The cells are read by the child from ``cells.json`` in its job
folder (written there by the grader), which it reaches, like ``result.json``, only through a descriptor opened
before its own filesystem hides the folder. The server answers one line per job: ``{"job": …, "exit": …, "timed_out": …}``.
"""

from __future__ import annotations

import errno
import io
import json
import os
import select
import signal
import sys
import time

from course.grading import linux
from course.kit.values import encode

RESULT_FILE, CELLS_FILE = "result.json", "cells.json"
BLOCKED_EVENTS = frozenset({
    "os.fork", "os.forkpty", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "subprocess.Popen", "pty.spawn",
    "os.kill", "os.killpg", "signal.pthread_kill", "socket.__new__", "socket.connect", "socket.bind",
    "socket.getaddrinfo", "ctypes.dlopen", "ctypes.dlsym", "ctypes.call_function", "ctypes.cdata",
    "sys.setprofile", "sys.settrace", "os.putenv", "os.unsetenv", "os.chmod", "os.chown",
    "os.rename", "os.remove", "os.rmdir", "os.symlink", "os.link", "os.mkfifo", "os.mknod",
})
BLOCKED_IMPORTS = frozenset({"ctypes", "_ctypes", "cffi", "multiprocessing", "_posixsubprocess"})
# Imported once by the server so that children start warm (and so that a lazily imported module does not
# depend on the Python install being readable by the child's uid, which it is not under /root).
PRELOAD = ("statistics", "collections", "itertools", "functools", "datetime", "decimal", "fractions", "random",
           "string", "textwrap", "csv", "operator", "re", "json", "math", "copy", "pprint", "dataclasses", "typing",
           "encodings.idna", "socket", "locale", "calendar", "zoneinfo", "difflib", "unicodedata")


class Refused(RuntimeError):
    """Raised by the audit hook when student code tries something the sandbox forbids."""


def strip_magics(source: str) -> str:
    """Drop IPython-only lines (``%magic``, ``!shell``) so a cell runs as plain Python."""
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())


# --- the courtesy hook ---------------------------------------------------------------------------
def _audit_hook(allowed_roots: tuple, writable_roots: tuple):
    def hook(event, args):
        if event in BLOCKED_EVENTS or (event == "os.truncate" and args and not isinstance(args[0], int)):
            raise Refused(f"{event} is not allowed while grading")
        if event == "import" and args and str(args[0]).split(".")[0] in BLOCKED_IMPORTS:
            raise Refused(f"import {args[0]} is not allowed while grading")
        if event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
            path = os.path.realpath(os.fsdecode(args[0]))
            mode = args[1] if len(args) > 1 else None
            flags = args[2] if len(args) > 2 and isinstance(args[2], int) else 0
            writing = (isinstance(mode, str) and any(m in mode for m in "wax+")) or \
                bool(flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND))
            if writing and not any(path.startswith(root + os.sep) for root in writable_roots):
                raise Refused(f"writing {path} is not allowed while grading")
            if not any(path == root or path.startswith(root + os.sep) for root in allowed_roots):
                raise Refused(f"reading {path} is not allowed while grading")
    return hook


# --- one submission (in the child) --------------------------------------------------------------
def run_cells(cells: list[str], names: list[str], out_fd: int, allowed: tuple, writable: tuple, disk_mb: int = 64) -> None:
    """Run the cells in a fresh namespace; rewrite ``out_fd`` with the answers after every cell."""
    errors: list[str] = []
    namespace: dict = {"__name__": "__main__"}
    null = io.StringIO()

    def report(finished: bool, running: int | None = None) -> None:
        answers = {}
        for name in names:
            if name in namespace:
                try:
                    answers[name] = encode(namespace[name])
                except BaseException as err:  # noqa: BLE001 - a hostile object must not stop the report
                    answers[name] = {"t": "unsupported", "type": f"could not be read ({type(err).__name__})"}
        payload = json.dumps({"answers": answers, "errors": errors[-50:], "finished": finished,
                              "running_cell": running, "cells": len(cells)}).encode()
        os.ftruncate(out_fd, 0)
        os.pwrite(out_fd, payload, 0)

    sys.addaudithook(_audit_hook(allowed, writable))
    sys.stdout = sys.stderr = null
    for number, source in enumerate(cells, start=1):
        report(finished=False, running=number)
        try:
            code = compile(strip_magics(source), f"<cell {number}>", "exec")
        except SyntaxError as err:
            errors.append(f"cell {number}: syntax error ({err.msg}, line {err.lineno}); the cells after it still ran")
            report(finished=False)
            continue
        try:
            exec(code, namespace)  # noqa: S102 - this process exists to run the submission, sandboxed
        except Refused as err:
            errors.append(f"cell {number}: refused: {err}")
        except SystemExit:
            errors.append(f"cell {number}: called sys.exit(); the following cells still ran")
        except OSError as err:
            if err.errno in (errno.ENOSPC, errno.EDQUOT):
                errors.append(f"cell {number}: no space left: a submission may write {disk_mb} MB in all (its folder, "
                              "/tmp, /var/tmp and /dev/shm together); the cells after it still ran")
            else:
                errors.append(f"cell {number}: {type(err).__name__}: {str(err)[:200]}")
        except BaseException as err:  # noqa: BLE001 - one broken cell must not stop the others
            errors.append(f"cell {number}: {type(err).__name__}: {str(err)[:200]}")
        null.seek(0)
        null.truncate()
        report(finished=False)
    report(finished=True)


def _drop_privileges(job: dict) -> None:
    """Become the job's own uid (if the server may switch) with kernel limits; never returns on failure."""
    import resource

    uid = job.get("uid")
    if uid is not None:
        os.setgroups([])
        os.setresgid(uid, uid, uid)
        os.setresuid(uid, uid, uid)  # all capabilities are dropped with the uid change
        if os.getuid() != uid or os.geteuid() != uid:
            raise RuntimeError("could not switch user")
    mb = 1024 * 1024
    for limit, soft, hard in ((resource.RLIMIT_AS, job["memory_mb"] * mb, job["memory_mb"] * mb),
                              (resource.RLIMIT_CPU, job["cpu"], job["cpu"] + 1),  # SIGXCPU first, SIGKILL a second later
                              (resource.RLIMIT_FSIZE, job["file_mb"] * mb, job["file_mb"] * mb),
                              (resource.RLIMIT_NOFILE, job["open_files"], job["open_files"]), (resource.RLIMIT_CORE, 0, 0)):
        resource.setrlimit(limit, (soft, hard))
    if uid is not None:
        # The uid is this job's alone, so one process is the whole budget: no fork, no thread, no daemon.
        resource.setrlimit(resource.RLIMIT_NPROC, (1, 1))


SCRATCH = ("/tmp", "/var/tmp", "/dev/shm")
MAX_FILES = 10_000  # files and folders a job may create in all


def isolate_job(job: dict, jobs_root: str) -> str:
    """Give this child (still root, before it drops to the job's uid) fresh IPC, network and mount namespaces and
    one size-limited filesystem of its own, mounted over ``jobs_root`` (hiding every other job's folder) and over
    ``/tmp``, ``/var/tmp`` and ``/dev/shm``. Returns the job's working folder in it.

    Everything a job can create dies with it: SysV and POSIX IPC objects and abstract sockets live in its own
    namespaces, which the kernel frees when its one process exits; every file it writes, named or not
    (``O_TMPFILE``), is in a filesystem of ``disk_mb`` that no other process can reach.
    """
    uid, name = job["uid"], str(job["job"])
    under_scratch = [r for r in _read_only_roots() if r.startswith(tuple(s + "/" for s in SCRATCH))]
    linux.unshare(linux.CLONE_NEWNS | linux.CLONE_NEWIPC | linux.CLONE_NEWNET)
    linux.mount(None, "/", None, linux.MS_REC | linux.MS_PRIVATE)
    # Held (in the new namespace) before /tmp is covered, to bind back, e.g. a course cloned under /tmp.
    keep = {r: os.open(r, os.O_PATH | os.O_CLOEXEC) for r in under_scratch}
    linux.mount("tmpfs", jobs_root, "tmpfs", linux.MS_NOSUID | linux.MS_NODEV,
                f"mode=0711,size={int(job['disk_mb'])}m,nr_inodes={MAX_FILES}")
    work = os.path.join(jobs_root, name)
    os.mkdir(work, 0o700)
    os.chown(work, uid, uid)
    for target in SCRATCH:
        if os.path.isdir(target):
            folder = os.path.join(jobs_root, "." + target.strip("/").replace("/", "-"))
            os.mkdir(folder)
            os.chmod(folder, 0o1777)
            linux.mount(folder, target, None, linux.MS_BIND)
    for root, fd in keep.items():
        os.makedirs(root, mode=0o755, exist_ok=True)
        linux.mount(f"/proc/self/fd/{fd}", root, None, linux.MS_BIND | linux.MS_REC)
        linux.mount(None, root, None, linux.MS_REMOUNT | linux.MS_BIND | linux.MS_RDONLY | linux.MS_NOSUID | linux.MS_NODEV)
        os.close(fd)
    return work


def _read_only_roots() -> list[str]:
    from course.grading.sandbox import read_only_roots

    return read_only_roots()


def probe(jobs_root: str) -> None:
    """What :mod:`.sandbox` runs to check that an isolation works here: one job's namespaces and filesystem."""
    if os.geteuid() == 0:
        isolate_job({"uid": 65534, "job": "probe", "disk_mb": 1}, jobs_root)


def child(job: dict, jobs_root: str) -> None:
    """In the forked child: isolate, run the submission, exit. Never returns."""
    code = 0
    try:
        os.setsid()
        null = os.open("/dev/null", os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        os.closerange(3, 65536)  # the server's pipes and anything else inherited
        job_dir = os.path.join(jobs_root, str(job["job"]))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an over-long write fails instead of killing the run
        # The grader's folder, reached before the job's own filesystem hides it: an O_PATH handle needs no
        # permission on the folder itself (the server has no CAP_DAC_OVERRIDE), only the job's uid may open in it.
        shared = os.open(job_dir, os.O_PATH | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
        work = isolate_job(job, jobs_root) if job.get("uid") is not None else job_dir
        linux.no_new_privileges()
        _drop_privileges(job)
        os.umask(0o077)
        out_fd = os.open(RESULT_FILE, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600,
                         dir_fd=shared)
        cells_fd = os.open(CELLS_FILE, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=shared)
        os.close(shared)
        with open(cells_fd, "rb") as fh:
            cells = json.loads(fh.read(64 * 1024 * 1024))
        if not (isinstance(cells, list) and all(isinstance(c, str) for c in cells)):
            raise ValueError("cells.json is not a list of strings")
        os.chdir(work)
        for key in list(os.environ):
            if key not in ("PATH", "LANG", "MPLBACKEND", "MPLCONFIGDIR"):
                del os.environ[key]
        os.environ.update({"HOME": work, "TMPDIR": work})
        from course import paths

        allowed = tuple(os.path.realpath(p) for p in {sys.prefix, sys.base_prefix, sys.exec_prefix, "/usr", "/etc",
                                                       "/proc/self", "/dev/null", "/dev/urandom", str(paths.ROOT / "course"),
                                                       str(paths.DATA), os.environ.get("MPLCONFIGDIR", "/nonexistent"),
                                                       work, *SCRATCH})
        run_cells(cells, [str(n) for n in job["names"]], out_fd, allowed, (os.path.realpath(work), *SCRATCH),
                  int(job.get("disk_mb", 64)))
    except BaseException:  # noqa: BLE001 - the grader reads what result.json holds; the exit code says the rest
        code = 70
    finally:
        os._exit(code)


# --- the server (parent) -------------------------------------------------------------------------
def _wait(pid: int, wall: float) -> tuple[int, bool]:
    """Wait for the child up to ``wall`` seconds, then kill it. Returns (exit status as a shell would, timed_out)."""
    pidfd = os.pidfd_open(pid)
    try:
        ready, _, _ = select.select([pidfd], [], [], wall)
        timed_out = not ready
        if timed_out:
            signal.pidfd_send_signal(pidfd, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    finally:
        os.close(pidfd)
    if os.WIFSIGNALED(status):
        return -os.WTERMSIG(status), timed_out
    return os.WEXITSTATUS(status), timed_out


def preload() -> None:
    """Import and warm what submissions use, once, before any fork."""
    import importlib

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot  # noqa: F401 - builds (or loads) the font cache once
    import numpy  # noqa: F401
    import pandas  # noqa: F401

    from course.kit import arms, data, economy, plots, trade  # noqa: F401

    plots.RENDER = False  # a Chart is graded by its words; its PNG is never read
    from course.grading import public  # noqa: F401 - check() in student notebooks
    from course.grading import sandbox  # noqa: F401 - read_only_roots() in every child

    for name in PRELOAD:
        importlib.import_module(name)
    for table in data.tables():
        try:
            data.load(table)  # warm the loader's cache: children copy frames instead of parsing CSVs
        except Exception:  # noqa: BLE001 - GeoJSON resources and the like
            pass


def serve(jobs_root: str) -> None:
    """Read job lines on stdin; fork, wait, answer one status line per job."""
    preload()
    out = sys.stdout.buffer
    out.write(b'{"ready": true}\n')
    out.flush()
    for line in sys.stdin.buffer:
        job = json.loads(line)
        start = time.monotonic()
        pid = os.fork()
        if pid == 0:
            child(job, jobs_root)
        code, timed_out = _wait(pid, float(job["wall"]))
        out.write(json.dumps({"job": job["job"], "exit": code, "timed_out": timed_out,
                              "seconds": round(time.monotonic() - start, 3)}).encode() + b"\n")
        out.flush()


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "serve":
        sys.exit("usage: python -m course.grading.runner serve JOBS_ROOT")
    serve(sys.argv[2])
