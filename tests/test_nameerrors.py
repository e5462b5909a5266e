"""A NameError in a live lesson says which cell defines the name (course.kit.nameerrors), in a real IPython shell."""

from __future__ import annotations

import json
import subprocess
import sys

from course.kit import nameerrors

from support import ROOT

# A real IPython shell in its own process (the kit registers its handler on the shell it finds at import), as a
# kernel runs a lesson: the set-up cell, then a cell that uses a name whose defining cell has not run.
SHELL = r"""
import json, sys
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output
shell = InteractiveShell.instance()
shell.user_ns["__session__"] = sys.argv[1]
results = {}
for key, cell in [("setup", "from course.kit import data, explorers, plots, quiz\nfrom course.kit.challenges import check"),
                  ("undefined", "turnover.head()"), ("answer", 'check("03.1", first_200)'),
                  ("blank", "____ + 1"), ("typo", "trade = 1\ntrdae"), ("other", "raise ValueError('not a NameError')")]:
    with capture_output() as out:
        shell.run_cell(cell)
    results[key] = out.stdout + out.stderr
print(json.dumps(results))
"""


def _run(session: str) -> dict:
    done = subprocess.run([sys.executable, "-c", SHELL, session], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_name_error_names_the_cell_to_run():
    out = _run("notebooks/03_trade_and_energy.ipynb")
    assert "NameError" in out["undefined"], "the traceback is still shown"
    assert "`turnover` is not defined yet" in out["undefined"] and "lesson 03" in out["undefined"]
    assert "`turnover = " in out["undefined"] and "Run that cell" in out["undefined"]
    assert "Your turn 03.1" in out["answer"] and "first_200 = ...  # your code here" in out["answer"]
    assert "a blank for you to fill" in out["blank"]
    assert "Did you mean `trade`?" in out["typo"]
    assert "ValueError" in out["other"] and "not defined" not in out["other"], "other errors are left alone"


def test_without_a_session_every_lesson_that_defines_the_name_is_named():
    out = _run("")
    assert "lesson 03" in out["undefined"]
    assert "lesson 00" not in out["undefined"], "lesson 00 defines no `turnover`"


def test_definitions_come_from_the_lessons_cells():
    setup = nameerrors.definitions()["check"]
    assert all(d.setup for d in setup), "check comes from each lesson's set-up cell"
    (first,) = [d for d in nameerrors.definitions()["trade"] if d.lesson == "00"]
    assert first.first_line.startswith("trade = data.load") and first.heading.startswith("## ")
    assert "trade_2014" in nameerrors.definitions() and nameerrors.definitions()["trade_2014"][0].challenge == "00.1"
    assert not any(d.lesson == "03" for d in nameerrors.definitions().get("values", ())), "a solution cell is not a cell to run"
    assert nameerrors.explain("turnover", "03").count("lesson 03") == 1


def test_outside_ipython_nothing_is_registered():
    """Plain Python (the grader, a script) imports the kit without any shell: nothing is registered."""
    code = "import course.kit, sys; from course.kit import nameerrors; print(nameerrors.install())"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "False", done.stdout + done.stderr
