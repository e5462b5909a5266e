"""Run one submission's cells in a separate, limited process and read back its plain-value report.

Isolation, strongest first:

- ``bubblewrap`` (Debian package ``bubblewrap``), when ``bwrap`` exists and works here: new user,
  PID, network, IPC and UTS namespaces; runs as uid 65534; sees only the Python install, ``course/``,
  ``data/`` and its own job folder (never ``exercises/``, other submissions or the gradebook); no network.
- ``process``: a separate process in its own session with the same resource limits; the runner's
  audit hook refuses file access outside the allowed folders, sockets, new processes and signals.

Both apply rlimits (address space, CPU seconds, file size, open files, no core dumps) and a wall-clock
limit, after which the whole process group is killed.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .. import paths


@dataclass(frozen=True)
class Limits:
    """Per-submission limits."""

    wall_seconds: float = 20.0  # the A2 solution needs about 1 s; waiting (sleep, input) counts here
    cpu_seconds: int = 5        # computing counts here: an endless loop is stopped after 5 s of CPU
    memory_mb: int = 1536
    file_mb: int = 16
    open_files: int = 256
    processes: int = 64  # enforced by the kernel only when the grader is not root; the audit hook forbids new processes anyway


@dataclass
class RunResult:
    """What came back from the sandbox."""

    status: str          # finished | timeout | crashed | no result
    report: dict | None  # the runner's JSON (answers, errors, running_cell), if readable
    reason: str
    seconds: float
    isolation: str


def _binds() -> list[str]:
    """Read-only binds: the Python install and venv, the course package and its data."""
    roots = {os.path.realpath(p) for p in (sys.base_prefix, sys.prefix)}
    args = []
    for root in sorted(roots):
        args += ["--ro-bind", root, root]
    if os.path.realpath(sys.prefix) != sys.prefix:
        args += ["--ro-bind", sys.prefix, sys.prefix]
    for folder in (paths.ROOT / "course", paths.DATA):
        args += ["--ro-bind", str(folder), str(folder)]
    return args


def _mpl_cache() -> str | None:
    try:
        import matplotlib

        return matplotlib.get_cachedir()
    except Exception:  # noqa: BLE001 - a missing cache only costs time
        return None


def bwrap_command(job_dir: Path, python_args: list[str]) -> list[str]:
    """The bubblewrap command line for one job."""
    cmd = ["bwrap", "--unshare-all", "--die-with-parent", "--new-session", "--uid", "65534", "--gid", "65534",
           "--cap-drop", "ALL", "--ro-bind", "/usr", "/usr"]
    for link, target in (("/lib", "usr/lib"), ("/lib64", "usr/lib64"), ("/bin", "usr/bin"), ("/sbin", "usr/sbin")):
        if os.path.islink(link):
            cmd += ["--symlink", target, link]
        elif os.path.isdir(link):
            cmd += ["--ro-bind", link, link]
    # The private /tmp first: bwrap mounts in order, so a course or venv that lives under /tmp stays visible.
    cmd += ["--tmpfs", "/tmp"] + _binds()
    cache = _mpl_cache()
    env = {"HOME": "/tmp", "MPLBACKEND": "Agg", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
           "PYTHONDONTWRITEBYTECODE": "1", "PYTHONNOUSERSITE": "1", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
           "COURSE_SANDBOX": "bubblewrap"}
    if cache and os.path.isdir(cache):
        cmd += ["--ro-bind", cache, "/mplcache"]
        env["MPLCONFIGDIR"] = "/mplcache"
    cmd += ["--bind", str(job_dir), "/job", "--proc", "/proc", "--dev", "/dev", "--chdir", "/tmp",
            "--clearenv"]
    for key, value in env.items():
        cmd += ["--setenv", key, value]
    return cmd + [sys.executable, "-m", "course.grading.runner", "/job", *python_args]


@lru_cache(maxsize=1)
def bwrap_works() -> bool:
    """True if bubblewrap is installed and can create its namespaces on this machine."""
    if not shutil.which("bwrap"):
        return False
    probe = ["bwrap", "--unshare-all", "--die-with-parent", "--uid", "65534", "--gid", "65534", "--ro-bind", "/usr", "/usr",
             "--proc", "/proc", "--dev", "/dev"] + _binds() + [sys.executable, "-c", "pass"]
    for link, target in (("/lib", "usr/lib"), ("/lib64", "usr/lib64")):
        if os.path.islink(link):
            probe[1:1] = ["--symlink", target, link]
    try:
        return subprocess.run(probe, capture_output=True, timeout=20).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def isolation(requested: str = "auto") -> str:
    """The isolation to use: "bubblewrap" or "process". ``auto`` picks bubblewrap when it works."""
    if requested not in ("auto", "bubblewrap", "process"):
        raise ValueError(f"isolation must be auto, bubblewrap or process, not {requested!r}.")
    if requested == "bubblewrap" and not bwrap_works():
        raise RuntimeError("bubblewrap was requested but does not work here: install the Debian package 'bubblewrap'.")
    if requested == "auto":
        return "bubblewrap" if bwrap_works() else "process"
    return requested


def _limit(limits: Limits):
    def apply():
        mb = 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limits.memory_mb * mb, limits.memory_mb * mb))
        resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 1))
        resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_mb * mb, limits.file_mb * mb))
        resource.setrlimit(resource.RLIMIT_NOFILE, (limits.open_files, limits.open_files))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        resource.setrlimit(resource.RLIMIT_NPROC, (limits.processes, limits.processes))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an over-long write fails instead of killing the runner
    return apply


def _read_report(path: Path, limit_bytes: int) -> dict | None:
    try:
        with open(path, "rb") as fh:
            raw = fh.read(limit_bytes + 1)
    except OSError:
        return None
    if not raw or len(raw) > limit_bytes:
        return None
    try:
        report = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(report, dict) or not isinstance(report.get("answers"), dict):
        return None
    return report


def run(job_dir: Path, names: list[str], limits: Limits = Limits(), mode: str = "auto") -> RunResult:
    """Run ``job_dir/cells.json`` in the sandbox and return what it reported."""
    chosen = isolation(mode)
    if chosen == "bubblewrap":
        cmd = bwrap_command(job_dir, names)
        env = None
    else:
        cmd = [sys.executable, "-m", "course.grading.runner", str(job_dir), *names]
        env = {"HOME": str(job_dir), "MPLBACKEND": "Agg", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
               "PYTHONDONTWRITEBYTECODE": "1", "PYTHONNOUSERSITE": "1", "PATH": os.environ.get("PATH", "/usr/bin"),
               "MPLCONFIGDIR": _mpl_cache() or str(job_dir)}
    start = time.monotonic()
    with open(job_dir / "stderr.txt", "wb") as err:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err, env=env,
                                cwd=str(job_dir), start_new_session=True, preexec_fn=_limit(limits))
        try:
            proc.wait(timeout=limits.wall_seconds)
            timed_out = False
        except subprocess.TimeoutExpired:
            timed_out = True
        finally:
            try:
                os.killpg(proc.pid, signal.SIGKILL)  # the session: the runner and anything it started
            except ProcessLookupError:
                pass
            proc.wait()
    seconds = time.monotonic() - start
    report = _read_report(job_dir / "result.json", limits.file_mb * 1024 * 1024)
    if timed_out:
        cell = (report or {}).get("running_cell")
        where = f" in cell {cell}" if isinstance(cell, int) else ""
        return RunResult("timeout", report, f"stopped after {limits.wall_seconds:g} s{where} (endless loop or too slow)", seconds, chosen)
    if report is None:
        return RunResult("no result", None, f"the notebook ended the process before any answer could be read (exit {proc.returncode})",
                         seconds, chosen)
    cpu_killed = proc.returncode in (-signal.SIGXCPU, 128 + signal.SIGXCPU)  # bwrap reports 128 + signal
    if cpu_killed and not report.get("finished"):
        cell = report.get("running_cell")
        return RunResult("timeout", report, f"stopped after {limits.cpu_seconds} s of computing in cell {cell} "
                         "(endless loop or too slow)", seconds, chosen)
    if not report.get("finished"):
        cell = report.get("running_cell")
        return RunResult("crashed", report, f"the process ended during cell {cell} (exit {proc.returncode}); "
                         "answers from earlier cells were kept", seconds, chosen)
    return RunResult("finished", report, "", seconds, chosen)
