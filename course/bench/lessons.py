"""``make bench``: build and lesson timings from one run (a benchmark, never a test).

Prints: cold book build (cache and output removed), no-change rebuild, per-lesson nbval time,
the bare cost of a kernel start plus ``import pandas, matplotlib, ipywidgets`` measured in the
same run, and each lesson's ratio to that bare cost. Targets (2 cores): rebuild <= 5 s;
each lesson <= 2x the bare cost.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from .. import paths

JB = str(Path(sys.executable).parent / "jupyter-book")


def _timed(cmd, **kw) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=paths.ROOT, check=True, capture_output=True, **kw)
    return time.perf_counter() - start


def bare_cost(repeats: int = 3) -> float:
    """Median seconds to start a kernel, import pandas, matplotlib and ipywidgets, and shut down."""
    times = []
    for _ in range(repeats):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import pandas, matplotlib, ipywidgets")])
        start = time.perf_counter()
        NotebookClient(nb, kernel_name="python3", timeout=120).execute()
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


def lesson_cost(path: Path) -> float:
    """Seconds for nbval (--nbval-lax) to run one lesson notebook, including pytest's start-up."""
    return _timed([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval-lax", str(path)])


def main() -> None:
    """Run the benchmark and print the figures."""
    for folder in (paths.ROOT / "_build",):
        shutil.rmtree(folder, ignore_errors=True)
    cold = _timed([JB, "build", ".", "-W", "--keep-going"])
    rebuild = _timed([JB, "build", ".", "-W", "--keep-going"])
    bare = bare_cost()
    pytest_start = _timed([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--co", "tests/test_lessons.py"])
    print(f"cold book build        {cold:7.1f} s")
    print(f"no-change rebuild      {rebuild:7.1f} s   (target <= 5 s)")
    print(f"bare kernel + imports  {bare:7.2f} s   (median of 3)")
    print(f"pytest start-up        {pytest_start:7.2f} s   (collection only; included in each lesson's time)")
    for lesson in paths.lessons():
        seconds = lesson_cost(lesson)
        net = seconds - pytest_start
        print(f"{lesson.stem:32s} {seconds:6.2f} s  net of pytest start {net:5.2f} s  ratio {net / bare:4.2f}x bare (target <= 2x)")


if __name__ == "__main__":
    main()
