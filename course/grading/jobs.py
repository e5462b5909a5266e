"""The batch's private folder for job folders, removed whatever happens.

Each grading run makes ``<tmp>/course-grading-<pid>-<random>/`` (closed to other users except for
traversal, so that a child can reach its own job folder by name but list nothing). It is removed when
the run ends, on an exception, on SIGTERM, and, if the grader was killed outright, by the next run,
which removes every such folder whose process is gone.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import tempfile
import threading
from pathlib import Path

PREFIX = "course-grading-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale(root: Path | None = None) -> list[Path]:
    """Remove the batch folders of grading runs that no longer exist. Returns what was removed."""
    root = Path(root or tempfile.gettempdir())
    removed = []
    for folder in root.glob(PREFIX + "*"):
        try:
            pid = int(folder.name[len(PREFIX):].split("-")[0])
        except ValueError:
            continue
        if folder.is_dir() and not folder.is_symlink() and folder.stat().st_uid == os.geteuid() and not _alive(pid):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


@contextlib.contextmanager
def batch_folder(root: Path | None = None):
    """A fresh batch folder (yielded as a Path), removed on exit, on error and on SIGTERM."""
    remove_stale(root)
    folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=root))
    os.chmod(folder, 0o711)
    previous = None
    if threading.current_thread() is threading.main_thread():
        def on_term(signum, frame):
            raise SystemExit(128 + signum)  # unwinds through the finally below

        previous = signal.signal(signal.SIGTERM, on_term)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
