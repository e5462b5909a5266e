"""The suite runs in parallel with `--dist loadgroup` (Makefile, PYTEST): a notebook's cells must share one kernel,
so one worker, and the grading files share a serial group (tests/conftest.py). pytest 9.2 silently broke that
grouping with pytest-xdist 3.8 (pytest-dev/pytest-xdist#1386); this test fails if the pinned pair breaks it again."""

from __future__ import annotations

import os
import re
import subprocess
import sys


def test_a_group_runs_on_one_worker(tmp_path):
    (tmp_path / "test_grouped.py").write_text(
        "import pytest\n"
        + "".join(f"@pytest.mark.xdist_group('together')\ndef test_{i}():\n    pass\n" for i in range(6)),
        encoding="utf-8",
    )
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "xdist",
            "-p",
            "no:cacheprovider",
            "-n",
            "2",
            "--dist",
            "loadgroup",
            "-v",
            "-c",
            "/dev/null",
            str(tmp_path / "test_grouped.py"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        # only xdist: the run needs none of the other plugins, whose loading was most of this test's 14 s
        env={**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"},
    )
    assert run.returncode == 0, run.stdout[-2000:]
    workers = set(re.findall(r"\[(gw\d)\] .*PASSED", run.stdout))
    assert len(re.findall(r"PASSED", run.stdout)) == 6, run.stdout[-2000:]
    assert len(workers) == 1, f"the group 'together' ran on {sorted(workers)}: --dist loadgroup does not group"
