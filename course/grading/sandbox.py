"""Run submissions in a sandboxed fork server and read back their plain-value reports.

A :class:`Worker` is one sandbox holding a pre-imported parent (:func:`course.grading.runner.serve`) that forks
one child per submission; a batch runs one worker per core. The grader trusts nothing inside it: it reads only
``result.json`` (a regular file, opened ``O_NOFOLLOW|O_NONBLOCK``, size-limited) and keeps its own deadline on
every job; a worker that misses it is killed whole and replaced.

Isolation, strongest first (``isolation()`` picks; the gradebook records the one used):

- ``bubblewrap`` (Debian package ``bubblewrap``): new PID, network, IPC, UTS and mount namespaces, a clean
  environment (bwrap itself is started with one, so even its init's ``/proc/1/environ`` holds nothing of the
  grader's), read-only Python, ``course/`` and ``data/``, no ``exercises/``, no other writable path than
  ``/jobs`` (the worker's job folders). Run as root, the sandbox keeps only the capabilities to switch user
  and to kill: each child becomes a uid of its own (one per job), so it cannot signal, trace or read the
  server, its siblings or their folders. As another user, bwrap maps a single uid, so each job gets a
  sandbox of its own instead (slower, same isolation).
- ``process`` (fallback, root only): the same fork server as a plain process (in new network and IPC
  namespaces when ``unshare`` works); each child runs as a uid of its own with ``RLIMIT_NPROC=1``. Without a
  mount namespace the child can read whatever any user may read on the machine, so the grader refuses to use
  it unless the hidden checks, the authored notebook, the submissions and the output folder are closed to
  other users (:func:`process_blockers`), and afterwards removes anything the job's uid left in the machine's
  world-writable folders. Nothing here relies on the runner's audit hook, which student code can switch off.
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


@dataclass(frozen=True)
class Limits:
    """Per-submission limits."""

    wall_seconds: float = 20.0  # waiting (sleep, input) counts here
    cpu_seconds: int = 5        # computing counts here: an endless loop is stopped after 5 s of CPU
    memory_mb: int = 1536
    file_mb: int = 16           # also the largest result.json the grader will read
    open_files: int = 256
    disk_mb: int = 64           # all files in the job folder together; checked by the grader while the job runs
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


def bwrap_command(jobs_dir: Path) -> list[str]:
    """The bubblewrap command line of one worker (its jobs live in ``jobs_dir``, seen inside as ``/jobs``)."""
    cmd = ["bwrap", "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try",
           "--die-with-parent", "--new-session", "--cap-drop", "ALL"]
    if is_root():
        # No user namespace: the server stays uid 0 with only these capabilities, to give each child its own uid.
        cmd += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--cap-add", "CAP_KILL"]
    else:
        cmd += ["--unshare-user", "--uid", "65534", "--gid", "65534"]
    cmd += ["--ro-bind", "/usr", "/usr"]
    for link, target in (("/lib", "usr/lib"), ("/lib64", "usr/lib64"), ("/bin", "usr/bin"), ("/sbin", "usr/sbin")):
        if os.path.islink(link):
            cmd += ["--symlink", target, link]
        elif os.path.isdir(link):
            cmd += ["--ro-bind", link, link]
    # A private /tmp first (bwrap mounts in order, so a course or venv under /tmp stays visible), owned by the
    # server and closed to the children: their only writable place is their own job folder.
    cmd += ["--perms", "0755", "--tmpfs", "/tmp"]
    roots = sorted({os.path.realpath(p) for p in (sys.base_prefix, sys.prefix)} | {sys.prefix}
                   | {str(paths.ROOT / "course"), str(paths.DATA)})
    made = set()
    for root in roots:
        for parent in _ancestors(root):  # bwrap copies the host's mode for created parents: /root would be 0700
            if parent not in made and not parent.startswith("/usr") and parent != "/tmp":
                cmd += ["--perms", "0755", "--dir", parent]
                made.add(parent)
        cmd += ["--ro-bind", root, root]
    env = dict(SANDBOX_ENV)
    cache = _mpl_cache()
    if cache:
        cmd += ["--ro-bind", cache, "/mplcache"]
        env["MPLCONFIGDIR"] = "/mplcache"
    cmd += ["--bind", str(jobs_dir), "/jobs", "--proc", "/proc", "--dev", "/dev", "--chdir", "/", "--clearenv"]
    for key, value in env.items():
        cmd += ["--setenv", key, value]
    return cmd + RUNNER + ["/jobs"]


@lru_cache(maxsize=1)
def bwrap_works() -> bool:
    """True if bubblewrap is installed and can create its namespaces on this machine."""
    if not shutil.which("bwrap"):
        return False
    probe = bwrap_command(Path("/nonexistent-probe"))
    probe = probe[: probe.index("--bind")] + ["--dev", "/dev", sys.executable, "-c", "pass"]
    try:
        return subprocess.run(probe, capture_output=True, timeout=30, env=CLEAN_ENV).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


@lru_cache(maxsize=1)
def unshare_works() -> bool:
    """True if util-linux ``unshare`` can give the process fallback its own network and IPC namespaces."""
    if not shutil.which("unshare"):
        return False
    try:
        return subprocess.run(["unshare", "--net", "--ipc", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def readable_by_others(path: Path) -> bool:
    """True if a user with no relation to the file (not its owner, not in its group) could read it."""
    path = Path(os.path.realpath(path))
    for parent in list(path.parents)[::-1]:
        if not os.stat(parent).st_mode & stat.S_IXOTH:
            return False
    mode = os.stat(path).st_mode
    if stat.S_ISDIR(mode):
        return bool(mode & stat.S_IXOTH)  # search permission is enough to open a file inside by its name
    return bool(mode & stat.S_IROTH)


def process_blockers(secret_paths: list[Path]) -> list[str]:
    """Why process isolation cannot grade untrusted work here (empty list: it can)."""
    if not is_root():
        return ["process isolation runs each submission as a user of its own, which needs the grader to run as root; "
                "install bubblewrap (make bubblewrap) instead"]
    out = []
    for p in secret_paths:
        if p.exists() and readable_by_others(p):
            out.append(f"{p} is readable by every user on this machine, so a submission could read it: "
                       f"run `chmod o-rwx {p}` (or use bubblewrap)")
    return out


def isolation(requested: str = "auto", secret_paths: list[Path] | None = None) -> str:
    """The isolation to use: "bubblewrap" or "process". Raises IsolationUnavailable saying why neither can be used."""
    if requested not in ("auto", "bubblewrap", "process"):
        raise ValueError(f"isolation must be auto, bubblewrap or process, not {requested!r}.")
    if requested in ("auto", "bubblewrap") and bwrap_works():
        return "bubblewrap"
    if requested == "bubblewrap":
        raise IsolationUnavailable("bubblewrap was requested but does not work here: install the Debian package "
                                   "'bubblewrap' (make bubblewrap).")
    blockers = process_blockers(secret_paths or [])
    if blockers:
        prefix = "bubblewrap does not work here, and " if requested == "auto" else ""
        raise IsolationUnavailable(prefix + "process isolation cannot grade untrusted work safely: " + "; ".join(blockers))
    return "process"


# --- reading what the sandbox left ----------------------------------------------------------------
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
    if not raw or len(raw) > limit_bytes:
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


def disk_usage(folder: Path, max_entries: int = 10_000) -> float:
    """Bytes used under ``folder`` (not following links); infinite past ``max_entries`` files, so that a tree of
    countless tiny files counts as too much rather than costing the grader a long walk."""
    total, seen, stack = 0, 0, [str(folder)]
    while stack:
        try:
            entries = list(os.scandir(stack.pop()))
        except OSError:
            continue
        for entry in entries:
            seen += 1
            if seen > max_entries:
                return float("inf")
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            total += info.st_blocks * 512
            if stat.S_ISDIR(info.st_mode):
                stack.append(entry.path)
    return total


def sweep_world_writable(uid: int, roots=WORLD_WRITABLE) -> int:
    """Remove whatever ``uid`` left in the machine's world-writable folders (process isolation). Returns the count."""
    removed = 0
    for root in roots:
        stack = [root]
        while stack:
            folder = stack.pop()
            try:
                entries = list(os.scandir(folder))
            except OSError:
                continue
            for entry in entries:
                try:
                    info = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                if info.st_uid == uid:
                    removed += 1
                    if stat.S_ISDIR(info.st_mode):
                        shutil.rmtree(entry.path, ignore_errors=True)
                    else:
                        try:
                            os.unlink(entry.path)
                        except OSError:
                            pass
                elif stat.S_ISDIR(info.st_mode) and info.st_mode & stat.S_IWOTH:
                    stack.append(entry.path)
    return removed


# --- the worker ---------------------------------------------------------------------------------------
class Worker:
    """One sandboxed fork server and the folder its jobs live in. Not thread-safe: one per grading thread."""

    def __init__(self, mode: str, jobs_dir: Path, limits: Limits = Limits()):
        self.mode, self.jobs_dir, self.limits = mode, Path(jobs_dir), limits
        self.jobs_dir.mkdir(mode=0o711, parents=True, exist_ok=True)
        os.chmod(self.jobs_dir, 0o711)  # children reach their own folder by name; none can list the others
        self.switch_uid = is_root()
        self.stopped = False
        self.proc: subprocess.Popen | None = None
        self._buffer = b""

    # the server process
    def _command(self) -> list[str]:
        if self.mode == "bubblewrap":
            return bwrap_command(self.jobs_dir)
        prefix = ["unshare", "--net", "--ipc"] if unshare_works() else []
        return prefix + RUNNER + [str(self.jobs_dir)]

    def _env(self) -> dict:
        if self.mode == "bubblewrap":
            return dict(CLEAN_ENV)  # bwrap's own environment: what its init shows in /proc/1/environ
        env = dict(SANDBOX_ENV)
        cache = _mpl_cache()
        if cache:
            env["MPLCONFIGDIR"] = cache
        return env

    def start(self) -> None:
        """Start the server and wait until it has imported everything (or raise saying why not)."""
        self.close()
        self.proc = subprocess.Popen(self._command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, env=self._env(), cwd="/", start_new_session=True)
        self._buffer = b""
        line = self._read_line(time.monotonic() + 120)
        if line is None or not line.get("ready"):
            self.close()
            raise IsolationUnavailable(f"the {self.mode} sandbox did not start")

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
        """Kill the server for good: a job already running ends at once, and no new job starts."""
        self.stopped = True
        self.close()

    def close(self) -> None:
        """Kill the server and everything in its session (the sandbox's PID namespace goes with it)."""
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()
            except OSError:
                pass
        self.proc.wait()
        self.proc = None

    # one job
    def run(self, name: str, cells: list[str], names: list[str], uid: int | None) -> RunResult:
        """Run one submission's cells as ``uid`` in folder ``name``; the folder is removed whatever happens."""
        if self.stopped:
            raise RuntimeError("grading was stopped before this submission ran")
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
            if self.proc is None or self.proc.poll() is not None or not self.switch_uid:
                self.start()
            proc = self.proc  # close() from another thread (stop) must not pull it from under this job  # (re)start; without uid switching, every job gets a fresh sandbox
            job = {"job": name, "uid": uid, "names": names, "cpu": limits.cpu_seconds, "wall": limits.wall_seconds,
                   "memory_mb": limits.memory_mb, "file_mb": limits.file_mb, "open_files": limits.open_files}
            over: list[bool] = []
            try:
                proc.stdin.write(json.dumps(job).encode() + b"\n")
                proc.stdin.flush()

                def too_big() -> bool:
                    if disk_usage(job_dir) > limits.disk_mb * 2**20:
                        over.append(True)
                    return bool(over)

                status = self._read_line(start + limits.wall_seconds + limits.grace_seconds, tick=too_big, proc=proc)
            except (OSError, ValueError):  # a pipe closed by the server's death or by stop()
                status = None
            if status is None or status.get("job") != name:
                self.close()  # a server that misses its deadline, fills the disk or talks nonsense is not reused
                status = {"lost": True, "disk": bool(over)}
            report = read_report(job_dir, limits.file_mb * 1024 * 1024)
            return self._outcome(status, report, time.monotonic() - start)
        finally:
            shutil.rmtree(job_dir, ignore_errors=True)
            if self.mode == "process" and uid is not None:
                sweep_world_writable(uid)

    def _outcome(self, status: dict, report: dict | None, seconds: float) -> RunResult:
        limits, mode = self.limits, self.mode
        cell = (report or {}).get("running_cell")
        where = f" in cell {cell}" if isinstance(cell, int) and not isinstance(cell, bool) else ""
        if status.get("disk"):
            return RunResult("timeout", report, f"stopped{where}: wrote more than {limits.disk_mb} MB into its folder",
                             seconds, mode)
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
