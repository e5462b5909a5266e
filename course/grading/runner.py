"""The code that runs INSIDE the sandbox: execute a submission's code cells and report the named
answers as plain JSON values. Nothing here decides a grade.

    python -m course.grading.runner JOB_DIR name1 name2 ...

``JOB_DIR/cells.json`` holds the code cells (a list of strings, already parsed by the grader);
answers go to ``JOB_DIR/result.json``, rewritten after every cell so that a crash, ``os._exit`` or a
time-out still leaves the answers found so far. Student output is discarded.

An audit hook (PEP 578) refuses, from student code: new processes (fork, exec, subprocess, system),
signals to other processes, sockets, ctypes calls and file access outside the allowed roots. Under
bubblewrap it is a second wall; without bubblewrap it is the main one. Audit hooks cannot be removed
from Python code once installed.
"""

from __future__ import annotations

import io
import json
import math
import os
import sys

LIMITS = {"str": 20_000, "items": 1_000, "rows": 5_000}
BLOCKED_EVENTS = {
    "os.fork", "os.forkpty", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "subprocess.Popen", "pty.spawn",
    "os.kill", "os.killpg", "signal.pthread_kill", "socket.__new__", "socket.connect", "socket.bind",
    "socket.getaddrinfo", "ctypes.dlopen", "ctypes.dlsym", "ctypes.call_function", "ctypes.cdata",
    "sys.setprofile", "sys.settrace", "os.chdir", "os.putenv", "os.unsetenv", "os.chmod", "os.chown",
    "os.rename", "os.remove", "os.rmdir", "os.symlink", "os.link",
}
BLOCKED_IMPORTS = {"ctypes", "_ctypes", "cffi", "multiprocessing", "_posixsubprocess"}


class Refused(RuntimeError):
    """Raised by the audit hook when student code tries something the sandbox forbids."""


def _encode_scalar(x):
    import numpy as np

    if x is None:
        return {"t": "none"}
    if type(x) is bool or isinstance(x, np.bool_):
        return {"t": "bool", "v": bool(x)}
    if type(x) in (int, float) or isinstance(x, (np.integer, np.floating)):
        v = float(x)
        return {"t": "number", "v": v if math.isfinite(v) else None, "nonfinite": not math.isfinite(v)}
    if type(x) is str:
        return {"t": "str", "v": x[: LIMITS["str"]]}
    return None


def _cell(x):
    """A table cell as a JSON scalar."""
    enc = _encode_scalar(x)
    if enc is None:
        return str(type(x).__name__)
    return enc.get("v")


def encode(x, depth: int = 0) -> dict:
    """Turn a student's object into a plain, size-capped JSON value (see course.grading.checks)."""
    import pandas as pd

    scalar = _encode_scalar(x)
    if scalar is not None:
        return scalar
    if depth > 3:
        return {"t": "unsupported", "type": "nested too deep"}
    if type(x) in (list, tuple):
        return {"t": "list", "v": [encode(v, depth + 1) for v in list(x)[: LIMITS["items"]]]}
    if type(x) is dict:
        return {"t": "dict", "v": {str(k)[:200]: encode(v, depth + 1) for k, v in list(x.items())[: LIMITS["items"]]}}
    if type(x) is pd.DataFrame:
        head = x.head(LIMITS["rows"])
        return {"t": "table", "columns": [str(c) for c in head.columns],
                "index": [_cell(i) for i in head.index], "rows": [[_cell(v) for v in row] for row in head.itertuples(index=False)]}
    if type(x) is pd.Series:
        head = x.head(LIMITS["rows"])
        return {"t": "series", "index": [_cell(i) for i in head.index], "values": [_cell(v) for v in head.tolist()]}
    name = type(x).__name__
    if name == "Chart" and type(x).__module__ == "course.plots":
        return {"t": "chart", **{k: str(getattr(x, k, ""))[: LIMITS["str"]] for k in ("caption", "source", "alt")}}
    if name in ("Figure", "Axes") and type(x).__module__.startswith("matplotlib"):
        fig = x if name == "Figure" else x.figure
        axes = fig.axes[0] if fig.axes else None
        texts = [t.get_text() for t in fig.texts] + ([t.get_text() for t in axes.texts] if axes else [])
        return {"t": "figure", "title": axes.get_title() if axes else "", "xlabel": axes.get_xlabel() if axes else "",
                "ylabel": axes.get_ylabel() if axes else "", "texts": [s[:500] for s in texts[:50]]}
    return {"t": "unsupported", "type": f"{type(x).__module__}.{name}"[:200]}


def strip_magics(source: str) -> str:
    """Drop IPython-only lines (``%magic``, ``!shell``) so a cell runs as plain Python."""
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())


def _audit_hook(allowed_roots, writable_roots):
    def hook(event, args):
        if event in BLOCKED_EVENTS:
            raise Refused(f"{event} is not allowed while grading")
        if event == "import" and args and str(args[0]).split(".")[0] in BLOCKED_IMPORTS:
            raise Refused(f"import {args[0]} is not allowed while grading")
        if event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
            path = os.path.realpath(os.fsdecode(args[0]))
            writing = len(args) > 1 and isinstance(args[1], str) and any(m in args[1] for m in "wax+")
            if writing and not any(path.startswith(root + os.sep) for root in writable_roots):
                raise Refused(f"writing {path} is not allowed while grading")
            if not any(path == root or path.startswith(root + os.sep) for root in allowed_roots):
                raise Refused(f"reading {path} is not allowed while grading")
    return hook


def main(job_dir: str, names: list[str]) -> None:
    """Run the cells in ``job_dir/cells.json`` and keep ``job_dir/result.json`` up to date."""
    cells = json.loads(open(os.path.join(job_dir, "cells.json"), encoding="utf-8").read())
    out_fd = os.open(os.path.join(job_dir, "result.json"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    null = io.StringIO()
    import matplotlib  # pre-import what lessons use, before the hook (student code may still import pyplot itself)

    matplotlib.use("Agg")
    import numpy  # noqa: F401
    import pandas  # noqa: F401

    from course import arms, data, economy, plots, trade  # noqa: F401

    allowed = [os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix, "/usr", "/etc", "/proc/self",
                                              "/sys/fs/cgroup", "/sys/devices/system/cpu",
                                              "/dev/null", "/dev/urandom", os.path.dirname(data.__file__),
                                              str(data.paths.DATA), os.environ.get("MPLCONFIGDIR", "/nonexistent"))]
    # Under bubblewrap /tmp is private to this job; in a plain process it is shared, so only the job folder is open.
    writable = [os.path.realpath(job_dir)] + (["/tmp"] if os.environ.get("COURSE_SANDBOX") == "bubblewrap" else [])
    allowed += writable
    errors: list[str] = []
    namespace: dict = {"__name__": "__main__"}

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
            exec(code, namespace)  # noqa: S102 - this process exists to run the submission, sandboxed
        except SyntaxError as err:
            errors.append(f"cell {number}: syntax error ({err.msg}, line {err.lineno})")
        except Refused as err:
            errors.append(f"cell {number}: refused: {err}")
        except SystemExit:
            errors.append(f"cell {number}: called sys.exit(); the following cells still ran")
        except BaseException as err:  # noqa: BLE001 - one broken cell must not stop the others
            errors.append(f"cell {number}: {type(err).__name__}: {str(err)[:200]}")
        null.seek(0)
        null.truncate()
        report(finished=False)
    report(finished=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
