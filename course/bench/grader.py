"""``make bench-grade``: grade two batches of 100 generated A2 submissions on all cores, honest ones only (every
one the solution, as most of a real class) and a mix (correct, partly correct and broken, with endless loops),
and print each batch's submissions per second, then the same run's floor (one fresh Python plus
``import pandas, numpy``), the ratio, and peak memory. Goals on 2 cores: honest >= 12/s, mixed >= 5.8/s."""

from __future__ import annotations

import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from ..grading import grade, release, sandbox, spec


def _honest(folder: Path, n: int = 100) -> dict[str, int]:
    """Write ``n`` copies of the solution, each under its own name."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c.source) for c in release.authored("a2").cells if c.cell_type == "code"]
    for i in range(n):
        nbformat.write(nb, folder / f"h{i:03d}.ipynb")
    return {"correct": n}


def _submissions(folder: Path, n: int = 100, seed: int = 2025) -> dict[str, int]:
    """Write ``n`` submissions: 40% correct, 40% partly correct (some answers removed or wrong), 20% broken."""
    rng = random.Random(seed)
    solution = [c.source for c in release.authored("a2").cells if c.cell_type == "code"]
    first_answer = spec.load("a2", with_hidden=False)["questions"][0]["name"]
    kinds = {"correct": 0, "partial": 0, "broken": 0}
    for i in range(n):
        roll = rng.random()
        if roll < 0.4:
            cells, kind = solution, "correct"
        elif roll < 0.8:
            cells = [c for c in solution if rng.random() > 0.3] + [f"{first_answer} = 12.0"]  # one wrong answer
            kind = "partial"
        else:
            kind = "broken"
            choice = rng.choice(["json", "loop", "error", "empty"])
            if choice == "json":
                (folder / f"s{i:03d}.ipynb").write_text("{broken", encoding="utf-8")
                kinds[kind] += 1
                continue
            if choice == "empty":
                (folder / f"s{i:03d}.ipynb").write_bytes(b"")
                kinds[kind] += 1
                continue
            cells = solution[:2] + (["while True: pass"] if choice == "loop" else ["raise RuntimeError('oops')"])
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
        nbformat.write(nb, folder / f"s{i:03d}.ipynb")
        kinds[kind] += 1
    return kinds


def floor_cost() -> float:
    """Seconds for a fresh Python to start and ``import pandas, numpy`` (median of 5): the floor of any design
    that starts a new Python per submission."""
    times = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import pandas, numpy"], check=True)
        times.append(time.perf_counter() - start)
    return sorted(times)[2]


def _batch(label: str, write, limits: sandbox.Limits, goal: float) -> tuple[list, float]:
    """Grade one generated batch and print its figures; returns its results and its wall time."""
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="bench-grade-") as tmp:
        subs, out = Path(tmp) / "submissions", Path(tmp) / "graded"
        subs.mkdir()
        kinds = write(subs)
        start = time.perf_counter()
        results = grade.grade_folder("a2", subs, out, limits=limits, progress=False)
        elapsed = time.perf_counter() - start
    statuses: dict[str, int] = {}
    for r in results:
        statuses[r.status] = statuses.get(r.status, 0) + 1
    rate = len(results) / elapsed
    print(f"[{label}]")
    print(f"  submissions             {len(results)} ({', '.join(f'{v} {k}' for k, v in kinds.items())})")
    print(f"  statuses                {', '.join(f'{v} {k}' for k, v in sorted(statuses.items()))}")
    print(f"  isolation               {', '.join(sorted({r.isolation for r in results}))}")
    print(f"  wall time               {elapsed:.1f} s on {cores} cores")
    print(f"  throughput              {rate:.2f} submissions/s   (goal >= {goal:g} on 2 cores)")
    ran = [r.seconds for r in results if r.status == "ok"]
    if ran:
        print(f"  per finished submission {sum(ran) / len(ran):.2f} s in its sandbox (mean of {len(ran)})")
    return results, elapsed


def main() -> int:
    """Run the benchmark and print its figures."""
    limits = sandbox.Limits()  # the defaults an instructor gets
    cores = os.cpu_count() or 1
    print(f"limits                    {limits.wall_seconds:g} s wall, {limits.cpu_seconds} s CPU, {limits.memory_mb} MB, "
          f"{limits.disk_mb} MB disk")
    honest, honest_s = _batch("honest batch", _honest, limits, 12)
    results, elapsed = _batch("mixed batch", _submissions, limits, 5.8)
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    floor = floor_cost()
    rate = len(results) / elapsed
    per_sub = elapsed * cores / len(results)
    print(f"floor (same run)          {floor:.2f} s   one fresh python + import pandas, numpy = {cores / floor:.2f} starts/s on {cores} cores")
    print(f"ratio (mixed)             {per_sub / floor:.2f}   core-seconds per submission ({per_sub:.2f} s) / floor; "
          f"throughput is {rate * floor / cores:.2f}x the fresh-Python ceiling")
    print(f"ratio (honest)            {honest_s * cores / len(honest) / floor:.2f}")
    print(f"peak memory               grader {own:.0f} MB, largest waited-for child {children:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
