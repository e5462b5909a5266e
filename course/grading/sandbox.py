"""Run submissions in a sandboxed fork server and read back their plain-value reports.

A :class:`Worker` is one sandbox holding a pre-imported parent (:func:`course.grading.runner.serve`) that forks
one child per submission; a batch runs one worker per core. The grader trusts nothing inside it: it reads only
``result.json`` (a regular file, opened ``O_NOFOLLOW|O_NONBLOCK``, size-limited) and keeps its own deadline on
every job; a worker that misses it is killed whole and replaced.

Isolation (``isolation()`` picks; the gradebook records the one used). Both build the same view, from one list
of mounts (:func:`layout`): read-only Python, ``course/`` and ``data/``, and the worker's job folders at ``/jobs``;
nothing else of the machine (no ``.git``, ``exercises/``, ``book/``, other checkouts, homes).

- ``bubblewrap`` (Debian package ``bubblewrap``): bwrap builds it, in new PID, network, IPC, UTS and mount
  namespaces, with a clean environment (bwrap itself is started with one, so even its init's
  ``/proc/1/environ`` holds nothing of the grader's). Run as root, the server keeps only the capabilities to
  switch user, to make each child's namespaces and filesystem (:func:`.runner.isolate_job`) and to kill. As
  another user, bwrap maps a single uid, so each job gets a sandbox of its own instead, with size-limited
  filesystems of bwrap's for its folder, ``/tmp`` and ``/dev/shm`` (slower, same isolation).
- ``process`` (fallback, root only): util-linux ``unshare`` gives new mount, PID, network, IPC and UTS namespaces,
  in which :mod:`.rootfs` builds the same root and starts the same fork server. If that cannot be done here,
  :func:`process_blockers` says why and the grader refuses.

Under both, every child gets its own IPC, network and mount namespaces and one ``disk_mb`` filesystem over its
folder, ``/tmp``, ``/var/tmp`` and ``/dev/shm``, then a uid of its own with ``RLIMIT_NPROC=1``: nothing it creates
outlives it or reaches the next job. Nothing here relies on the runner's audit hook, which student code can
switch off.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .. import paths

RUNNER = [sys.executable, "-m", "course.grading.runner", "serve"]
CLEAN_ENV = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
SANDBOX_ENV = {**CLEAN_ENV, "MPLBACKEND": "Agg", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
               "PYTHONDONTWRITEBYTECODE": "1", "PYTHONNOUSERSITE": "1", "HOME": "/nonexistent"}
WORLD_WRITABLE = ("/tmp", "/var/tmp", "/dev/shm", "/run/lock")
STATUS_LINE_BYTES = 4096
# Parsing JSON costs memory per value, not per byte: 32 MB of "{}," is ten million dicts (900 MB). Whatever the
# grader parses (a notebook, a report) is refused above this many values, before it is parsed.
MAX_JSON_VALUES = 500_000


@dataclass(frozen=True)
class Limits:
    """Per-submission limits."""

    wall_seconds: float = 20.0  # waiting (sleep, input) counts here
    cpu_seconds: int = 5        # computing counts here: an endless loop is stopped after 5 s of CPU
    memory_mb: int = 1536
    file_mb: int = 16           # also the largest result.json the grader will read
    open_files: int = 256
    disk_mb: int = 64           # everything the job writes (its folder, /tmp, /var/tmp, /dev/shm, unnamed files): a
                                # filesystem of this size, its own, that goes when the job ends
    grace_seconds: float = 10.0  # beyond wall_seconds, the grader's own deadline for the sandbox to answer


@dataclass
class RunResult:
    """What came back from the sandbox for one job."""

    status: str          # finished | timeout | crashed | no result
    report: dict | None  # the runner's JSON (answers, errors, running_cell), if readable
    reason: str
    seconds: float
    isolation: str


class IsolationUnavailable(RuntimeError):
    """The requested isolation cannot be used here; the message says why and what to do."""


# --- choosing the isolation ------------------------------------------------------------------
def is_root() -> bool:
    """True if the grader may give each child a uid of its own."""
    return os.geteuid() == 0


def _mpl_cache() -> str | None:
    cache = Path.home() / ".cache" / "matplotlib"
    return str(cache) if cache.is_dir() else None


def _ancestors(path: str) -> list[str]:
    parts, out = Path(path).parts, []
    for i in range(2, len(parts)):
        out.append(str(Path(*parts[:i])))
    return out


def read_only_roots() -> list[str]:
    """Everything lesson code needs, each bound read-only at its own path: Python (the interpreter and the virtual
    environment), the course package and the course's data. Nothing else of the machine is visible."""
    return sorted({os.path.realpath(p) for p in (sys.base_prefix, sys.prefix)} | {sys.prefix}
                  | {str(paths.ROOT / "course"), str(paths.DATA)})


def layout(jobs_dir: Path, job: str | None = None, disk_mb: int = 64) -> list[tuple]:
    """What a sandbox sees, as mount steps in order; both isolations build exactly this (bubblewrap from
    :func:`bwrap_command`, the process fallback with :mod:`.rootfs`).

    Steps: ``("ro-bind", src, dest)``, ``("bind", src, dest)``, ``("dir", dest, mode)``, ``("symlink", target,
    dest)``, ``("tmpfs", dest, mode, size_mb or None)``, ``("proc", dest)``, ``("dev", dest)``. With ``job`` (a
    sandbox for one job, when the grader is not root) the job folder, ``/tmp`` and ``/dev/shm`` are size-limited
    filesystems of the sandbox's own, and only ``cells.json`` and ``result.json`` are shared with the grader.
    """
    ops: list[tuple] = [("ro-bind", "/usr", "/usr")]
    for link, target in (("/lib", "usr/lib"), ("/lib64", "usr/lib64"), ("/bin", "usr/bin"), ("/sbin", "usr/sbin")):
        if os.path.islink(link):
            ops.append(("symlink", target, link))
        elif os.path.isdir(link):
            ops.append(("ro-bind", link, link))
    # A private /tmp first (mounts go in order, so a course or venv under /tmp stays visible), owned by the
    # server and closed to the children; each job gets its own writable /tmp (see runner.isolate_job).
    share = max(1, disk_mb // 3)
    ops.append(("tmpfs", "/tmp", 0o755, share if job else None))
    made = {"/tmp"}
    for root in read_only_roots():
        for parent in _ancestors(root):  # created parents would copy the host's mode: /root would be 0700
            if parent not in made and not parent.startswith("/usr"):
                ops.append(("dir", parent, 0o755))
                made.add(parent)
        ops.append(("ro-bind", root, root))
    cache = _mpl_cache()
    if cache:
        ops.append(("ro-bind", cache, "/mplcache"))
    if job is None:
        ops.append(("bind", str(jobs_dir), "/jobs"))
    else:
        ops += [("dir", "/jobs", 0o755), ("tmpfs", f"/jobs/{job}", 0o700, share),
                ("ro-bind", str(jobs_dir / job / "cells.json"), f"/jobs/{job}/cells.json"),
                ("bind", str(jobs_dir / job / "result.json"), f"/jobs/{job}/result.json")]
    ops += [("proc", "/proc"), ("dev", "/dev")]
    ops.append(("tmpfs", "/dev/shm", 0o1777, share) if job else ("dir", "/var/tmp", 0o755))
    return ops


def _bwrap_args(ops: list[tuple]) -> list[str]:
    out: list[str] = []
    for op in ops:
        kind = op[0]
        if kind in ("ro-bind", "bind", "symlink"):
            out += [f"--{kind}", op[1], op[2]]
        elif kind == "dir":
            out += ["--perms", f"{op[2]:04o}", "--dir", op[1]]
        elif kind == "tmpfs":
            out += ["--perms", f"{op[2]:04o}"] + (["--size", str(op[3] * 2**20)] if op[3] else []) + ["--tmpfs", op[1]]
        else:  # proc, dev
            out += [f"--{kind}", op[1]]
    return out


def sandbox_env() -> dict:
    """The environment inside the sandbox: nothing of the grader's; the course imported from the grader's copy."""
    env = {**SANDBOX_ENV, "PYTHONPATH": str(paths.ROOT)}
    if _mpl_cache():
        env["MPLCONFIGDIR"] = "/mplcache"
    return env


def bwrap_command(jobs_dir: Path, job: str | None = None, disk_mb: int = 64) -> list[str]:
    """The bubblewrap command line of one worker (its jobs live in ``jobs_dir``, seen inside as ``/jobs``)."""
    cmd = ["bwrap", "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try",
           "--die-with-parent", "--new-session", "--cap-drop", "ALL"]
    if is_root():
        # No user namespace: the server stays uid 0 with only these capabilities, to give each child its own
        # uid (SETUID, SETGID), namespaces and a size-limited filesystem owned by that uid (SYS_ADMIN, CHOWN), and to
        # kill it (KILL).
        cmd += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--cap-add", "CAP_KILL",
                "--cap-add", "CAP_SYS_ADMIN", "--cap-add", "CAP_CHOWN"]
    else:
        cmd += ["--unshare-user", "--uid", "65534", "--gid", "65534"]
    cmd += _bwrap_args(layout(jobs_dir, job, disk_mb)) + ["--chdir", "/", "--clearenv"]
    for key, value in sandbox_env().items():
        cmd += ["--setenv", key, value]
    return cmd + RUNNER + ["/jobs"]


def _probe(cmd: list[str], env: dict) -> tuple[bool, str]:
    try:
        run = subprocess.run(cmd, capture_output=True, timeout=60, env=env, cwd="/")
    except (OSError, subprocess.SubprocessError) as err:
        return False, str(err)
    return run.returncode == 0, run.stderr.decode(errors="replace").strip()[-300:]


def _probe_jobs() -> Path:
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="course-grading-probe-"))
    os.chmod(folder, 0o711)
    return folder


# The probe runs what a job's child does first (runner.isolate_job): new namespaces and a sized filesystem.
PROBE = [sys.executable, "-c", "from course.grading import runner; runner.probe('/jobs')"]


@lru_cache(maxsize=1)
def bwrap_works() -> bool:
    """True if bubblewrap is installed and can build the sandbox on this machine."""
    if not shutil.which("bwrap"):
        return False
    jobs = _probe_jobs()
    try:
        cmd = bwrap_command(jobs)
        return _probe(cmd[: cmd.index(RUNNER[0], cmd.index("--clearenv"))] + PROBE, CLEAN_ENV)[0]
    finally:
        shutil.rmtree(jobs, ignore_errors=True)


def process_command(jobs_dir: Path, new_root: Path) -> list[str]:
    """The process fallback's command line: util-linux ``unshare`` (new mount, PID, network, IPC and UTS
    namespaces), then :mod:`.rootfs` builds :func:`layout` in ``new_root`` and starts the fork server there."""
    return (["unshare", "--mount", "--pid", "--net", "--ipc", "--uts", "--fork", "--kill-child", sys.executable,
             "-m", "course.grading.rootfs", str(new_root), json.dumps(layout(jobs_dir)), "--"] + RUNNER + ["/jobs"])


@lru_cache(maxsize=1)
def process_blockers() -> tuple[str, ...]:
    """Why the process fallback cannot isolate submissions here (empty: it can). It needs root, to give each
    job a uid of its own, and a mount namespace, so that a job sees only Python, the course package, the data
    and its own folder (never the repository's history, instructor pages or other checkouts)."""
    if not is_root():
        return ("process isolation runs each submission as a user of its own in namespaces of its own, which needs "
                "the grader to run as root (sudo); or install bubblewrap (make bubblewrap)",)
    if not shutil.which("unshare"):
        return ("process isolation needs util-linux `unshare` for a mount namespace (apt-get install util-linux); "
                "or install bubblewrap (make bubblewrap)",)
    jobs = _probe_jobs()
    try:
        (jobs.parent / (jobs.name + ".root")).mkdir(mode=0o755)
        cmd = process_command(jobs, jobs.parent / (jobs.name + ".root"))
        ok, err = _probe(cmd[: cmd.index("--", cmd.index("course.grading.rootfs")) + 1] + PROBE, sandbox_env())
    finally:
        shutil.rmtree(jobs, ignore_errors=True)
        shutil.rmtree(jobs.parent / (jobs.name + ".root"), ignore_errors=True)
    if not ok:
        return (f"process isolation could not build its mount namespace here ({err or 'no reason given'}): without "
                "it a submission could read the whole machine (solutions in .git, instructor pages, other "
                "checkouts); run the grader as root on a machine that allows namespaces, or install bubblewrap "
                "(make bubblewrap)",)
    return ()


def isolation(requested: str = "auto") -> str:
    """The isolation to use: "bubblewrap" or "process". Raises IsolationUnavailable saying why neither can be used."""
    if requested not in ("auto", "bubblewrap", "process"):
        raise ValueError(f"isolation must be auto, bubblewrap or process, not {requested!r}.")
    if requested in ("auto", "bubblewrap") and bwrap_works():
        return "bubblewrap"
    if requested == "bubblewrap":
        raise IsolationUnavailable("bubblewrap was requested but does not work here: install the Debian package "
                                   "'bubblewrap' (make bubblewrap).")
    blockers = process_blockers()
    if blockers:
        prefix = "bubblewrap does not work here, and " if requested == "auto" else ""
        raise IsolationUnavailable(prefix + "process isolation cannot grade untrusted work safely: " + "; ".join(blockers))
    return "process"


# --- reading what the sandbox left ----------------------------------------------------------------
def json_values(raw: bytes) -> int:
    """An upper bound on the number of values in JSON text ``raw``, counted without parsing it: every value but
    the first of a container follows a comma (an empty container counts twice)."""
    return raw.count(b",") + raw.count(b"[") + raw.count(b"{") + 1


def read_report(job_dir: Path, limit_bytes: int) -> dict | None:
    """``result.json`` if it is a regular file of at most ``limit_bytes`` holding a report; else None.

    Opened with O_NOFOLLOW|O_NONBLOCK: a symlink, FIFO or device the student put there can neither redirect
    the read nor block it.
    """
    try:
        fd = os.open(job_dir / "result.json", os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit_bytes:
            return None
        raw = os.read(fd, limit_bytes + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    if not raw or len(raw) > limit_bytes or json_values(raw) > MAX_JSON_VALUES:
        return None
    try:
        report = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return None
    if not isinstance(report, dict) or not isinstance(report.get("answers"), dict):
        return None
    if not isinstance(report.get("errors"), list):
        report["errors"] = []
    report["errors"] = [str(e)[:500] for e in report["errors"][:50]]
    return report


# --- the worker ---------------------------------------------------------------------------------------
STOPPED = "grading was stopped before this submission ran"


class Worker:
    """One sandboxed fork server and the folder its jobs live in. One per grading thread: only :meth:`stop`
    may be called from another thread (the main one, on SIGTERM or Ctrl-C)."""

    def __init__(self, mode: str, jobs_dir: Path, limits: Limits = Limits()):
        self.mode, self.jobs_dir, self.limits = mode, Path(jobs_dir), limits
        self.jobs_dir.mkdir(mode=0o711, parents=True, exist_ok=True)
        os.chmod(self.jobs_dir, 0o711)  # children reach their own folder by name; none can list the others
        self.switch_uid = is_root()
        self.stopped = False
        self.proc: subprocess.Popen | None = None
        self._buffer = b""
        # stop() comes from the main thread (SIGTERM, Ctrl-C) while this worker's grading thread may be starting a
        # server: without the lock, a server started just after stop() looked would run its job to the wall limit.
        self._lock = threading.Lock()

    # the server process
    def _command(self, job: str | None) -> list[str]:
        if self.mode == "bubblewrap":
            return bwrap_command(self.jobs_dir, job, self.limits.disk_mb)
        root = self.jobs_dir.parent / (self.jobs_dir.name + ".root")  # an empty mount point for the new root
        root.mkdir(mode=0o755, exist_ok=True)
        return process_command(self.jobs_dir, root)

    def _env(self) -> dict:
        if self.mode == "bubblewrap":
            return dict(CLEAN_ENV)  # bwrap's own environment: what its init shows in /proc/1/environ
        return sandbox_env()  # the process fallback's init is the server itself, which children cannot read

    def start(self, job: str | None = None) -> subprocess.Popen:
        """Start the server (for ``job`` alone when the grader is not root) and wait until it has imported
        everything (or raise saying why not); return it. A stopped worker starts nothing."""
        self.close()
        with self._lock:
            if self.stopped:
                raise RuntimeError(STOPPED)
            proc = self.proc = subprocess.Popen(self._command(job), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                                stderr=subprocess.DEVNULL, env=self._env(), cwd="/",
                                                start_new_session=True)
        self._buffer = b""
        line = self._read_line(time.monotonic() + 120, tick=lambda: self.stopped, proc=proc)
        if line is None or not line.get("ready"):
            self.close()
            if self.stopped:  # stop() killed it while it was starting
                raise RuntimeError(STOPPED)
            raise IsolationUnavailable(f"the {self.mode} sandbox did not start")
        return proc

    def _read_line(self, deadline: float, tick=None, proc: subprocess.Popen | None = None) -> dict | None:
        """The server's next line, or None at the deadline, on garbage, or when ``tick()`` (called every 0.2 s
        while waiting) returns True."""
        fd = (proc or self.proc).stdout.fileno()
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or len(self._buffer) > STATUS_LINE_BYTES:
                return None
            ready, _, _ = select.select([fd], [], [], min(left, 0.2) if tick else left)
            if not ready:
                if tick and tick():
                    return None
                continue
            chunk = os.read(fd, STATUS_LINE_BYTES)
            if not chunk:
                return None
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        try:
            value = json.loads(line)
        except (ValueError, RecursionError):
            return None
        return value if isinstance(value, dict) else None

    def stop(self) -> None:
        """Kill the server for good, from any thread: a job already running ends at once (its grading thread sees
        the stop within 0.2 s), and no new job starts. The pipes are left to the grading thread, or to :meth:`close`
        once that thread has ended: closing them under a thread that waits on them could leave it waiting on a
        reused descriptor, and a pipe some process outside the server's group still holds never reads as ended."""
        with self._lock:  # killed under the lock: close() cannot have reaped the pid (which could then be reused)
            self.stopped = True
            if self.proc is not None:
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass

    def close(self) -> None:
        """Kill the server and everything in its session (the sandbox's PID namespace goes with it), and close its
        pipes: from the grading thread, or once that thread has ended (another thread calls :meth:`stop`)."""
        with self._lock:
            proc, self.proc = self.proc, None
        if proc is None:
            return
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        for stream in (proc.stdin, proc.stdout):
            try:
                stream.close()
            except OSError:
                pass
        proc.wait()

    # one job
    def run(self, name: str, cells: list[str], names: list[str], uid: int | None) -> RunResult:
        """Run one submission's cells as ``uid`` in folder ``name``; the folder is removed whatever happens."""
        if self.stopped:
            raise RuntimeError(STOPPED)
        limits = self.limits
        job_dir = self.jobs_dir / name
        start = time.monotonic()
        try:
            job_dir.mkdir(mode=0o700)
            (job_dir / "cells.json").write_text(json.dumps(cells), encoding="utf-8")
            os.chmod(job_dir / "cells.json", 0o644)
            if self.switch_uid and uid is not None:
                os.chown(job_dir, uid, uid)
            else:
                uid = None
                (job_dir / "result.json").touch(mode=0o600)  # bound into the job's own sandbox
            proc = self.proc  # read once: stop() from another thread may kill it meanwhile, never take it away
            if proc is None or proc.poll() is not None or not self.switch_uid:
                proc = self.start(None if self.switch_uid else name)  # without uid switching, every job gets a fresh sandbox
            job = {"job": name, "uid": uid, "names": names, "cpu": limits.cpu_seconds, "wall": limits.wall_seconds,
                   "memory_mb": limits.memory_mb, "file_mb": limits.file_mb, "open_files": limits.open_files,
                   "disk_mb": limits.disk_mb}
            try:
                proc.stdin.write(json.dumps(job).encode() + b"\n")
                proc.stdin.flush()
                status = self._read_line(start + limits.wall_seconds + limits.grace_seconds,
                                         tick=lambda: self.stopped, proc=proc)
            except (OSError, ValueError):  # a pipe closed by the server's death
                status = None
            if status is None or status.get("job") != name:
                self.close()  # a server that misses its deadline or talks nonsense is not reused
                if self.stopped:  # stop() ended it: no verdict on the submission
                    raise RuntimeError(STOPPED)
                status = {"lost": True}
            report = read_report(job_dir, limits.file_mb * 1024 * 1024)
            return self._outcome(status, report, time.monotonic() - start)
        finally:
            shutil.rmtree(job_dir, ignore_errors=True)

    def _outcome(self, status: dict, report: dict | None, seconds: float) -> RunResult:
        limits, mode = self.limits, self.mode
        cell = (report or {}).get("running_cell")
        where = f" in cell {cell}" if isinstance(cell, int) and not isinstance(cell, bool) else ""
        if status.get("lost"):
            return RunResult("timeout", report, f"the sandbox did not answer within {limits.wall_seconds + limits.grace_seconds:g} s"
                             f"{where} and was stopped", seconds, mode)
        code = status.get("exit")
        if status.get("timed_out") is True:
            return RunResult("timeout", report, f"stopped after {limits.wall_seconds:g} s{where} (endless loop or too slow)",
                             seconds, mode)
        if report is None:
            return RunResult("no result", None, f"the notebook ended the process before any answer could be read (exit {code})",
                             seconds, mode)
        if code in (-signal.SIGXCPU, -signal.SIGKILL) and not report.get("finished"):
            return RunResult("timeout", report, f"stopped after {limits.cpu_seconds} s of computing{where} "
                             "(endless loop or too slow)", seconds, mode)
        if not report.get("finished"):
            return RunResult("crashed", report, f"the process ended during cell {cell} (exit {code}); "
                             "answers from earlier cells were kept", seconds, mode)
        return RunResult("finished", report, "", seconds, mode)
