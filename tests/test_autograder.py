"""Gradescope's autograder (``make autograder``, course/grading/autograder.py): the zip has Gradescope's layout and
only what grading needs; unpacked into a folder laid out as Gradescope lays out /autograder, its run_autograder
grades the honest and the bare submission as the course's own grader does, writes a valid results.json for every
broken submission and every failure, refuses where no isolation is safe; setup.sh installs the pinned packages and
bubblewrap; and nothing students receive holds the zip.

Every zip is built into a temporary folder (the Makefile's own command line, read with ``make -n``); setup.sh runs
against stand-in commands, run_autograder with the Python running these tests. No network request is made.
"""

from __future__ import annotations

import fnmatch
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest
import yaml

from course import paths
from course.grading import autograder, grade, gradebook, release, sandbox, spec
from course.site import bundle, student_repo
from grading_support import require
from support import HTML, ROOT

ASSIGNMENTS = spec.assignments()
GRADER_MODULES = {f"course/grading/{m}.py" for m in ("sandbox", "runner", "scoring", "grade")}


def _tree_state() -> tuple[str, list[str]]:
    status = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=all"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    build = ROOT / "_build"
    return status, sorted(p.name for p in build.iterdir()) if build.is_dir() else []


@pytest.fixture(scope="module", autouse=True)
def tree_unchanged():
    before = _tree_state()
    yield
    assert _tree_state() == before, "the autograder's tests changed the course's working tree"


def _make_command(assignment: str, out: Path) -> str:
    """The command ``make autograder`` runs, as make prints it (``-n``: nothing is run, set-up included)."""
    run = subprocess.run(
        ["make", "-n", "autograder", f"ASSIGNMENT={assignment}", f"AUTOGRADER_OUT={out}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    lines = [line for line in run.stdout.splitlines() if "course.grading.autograder build" in line]
    assert len(lines) == 1, run.stdout
    return lines[0]


@pytest.fixture(scope="module")
def zips(tmp_path_factory) -> dict[str, Path]:
    """Every assignment's zip, built by the Makefile target's command into a temporary folder."""
    out = tmp_path_factory.mktemp("autograders")
    for assignment in ASSIGNMENTS:
        subprocess.run(_make_command(assignment, out), shell=True, cwd=ROOT, check=True, capture_output=True)
    return {a: out / f"{a}.zip" for a in ASSIGNMENTS}


def _unpack(archive: Path, root: Path) -> Path:
    """Lay ``root`` out as Gradescope lays out /autograder: the zip in source/ (with its files' modes), its
    run_autograder copied to the top, empty submission/ and results/."""
    source = root / "source"
    with zipfile.ZipFile(archive) as zf:
        for info in zf.infolist():
            target = source / info.filename
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(zf.read(info))
            target.chmod((info.external_attr >> 16) & 0o777)
    shutil.copy2(source / "run_autograder", root / "run_autograder")
    (root / "submission").mkdir()
    (root / "results").mkdir()
    return root


@pytest.fixture
def gradescope(zips, tmp_path) -> Path:
    """A fresh /autograder-like folder holding the A2 autograder."""
    return _unpack(zips["a2"], tmp_path / "autograder")


def _bin(folder: Path, *commands: str) -> str:
    """A PATH holding only ``commands`` (links to the machine's own)."""
    folder.mkdir(exist_ok=True)
    for name in commands:
        (folder / name).symlink_to(shutil.which(name))
    return str(folder)


def _run(root: Path, python: str = sys.executable, path: str | None = None, **extra: str) -> tuple[dict, str]:
    """Run ``root/run_autograder`` as Gradescope does (directly, from /autograder) with a clean environment;
    returns results.json, checked against Gradescope's format, and the standard output (instructors only)."""
    env = {
        "PATH": path or os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(root),
        "LANG": "C.UTF-8",
        autograder.ROOT_ENV: str(root),
        "COURSE_AUTOGRADER_PYTHON": python,
        **extra,
    }
    run = subprocess.run([str(root / "run_autograder")], cwd=root, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    results = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    gradebook.GradescopeResults.model_validate(results)
    return results, run.stdout + run.stderr


def _submit(root: Path, notebook: Path, name: str = "a2.ipynb") -> Path:
    target = root / "submission" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(notebook, target)
    return target


def _scores(results: dict) -> list[tuple]:
    return [(t["name"], t["score"], t["max_score"]) for t in results["tests"]]


def _expected(result) -> list[tuple]:
    return [(q.id, q.points, q.max) for q in result.questions if not q.manual]


# --- the zip -------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_zip_has_gradescopes_layout_and_only_what_grading_needs(zips, assignment):
    with zipfile.ZipFile(zips[assignment]) as zf:
        names = set(zf.namelist())
        modes = {i.filename: (i.external_attr >> 16) & 0o777 for i in zf.infolist()}
        config = json.loads(zf.read(autograder.CONFIG))
        hidden = zf.read(f"exercises/{assignment}/hidden.yaml")
    assert {"setup.sh", "run_autograder"} <= names, "Gradescope needs both at the zip's root"
    assert modes["setup.sh"] & 0o111 and modes["run_autograder"] & 0o111
    assert config["assignment"] == assignment
    folder = spec.assignment_dir(assignment)
    assert hidden == (folder / "hidden.yaml").read_bytes()
    assert {n for n in names if n.startswith("exercises/")} == {
        f"exercises/{assignment}/assignment.yaml",
        f"exercises/{assignment}/hidden.yaml",
    }, "one assignment's questions and hidden checks; never another's, a quiz or a challenge"
    assert not [n for n in names if n.endswith(".ipynb")], "the authored notebook holds the solutions"
    # The students' repository's never-list, against the zip: only the hidden checks and the grader's own modules
    # (which hold no answer) may be here, and each of them must be.
    banned = {n for n in names if any(fnmatch.fnmatch(n, rule) for rule in student_repo.NEVER)}
    assert banned == {f"exercises/{assignment}/hidden.yaml"} | GRADER_MODULES
    assert not [n for n in names if n.startswith(("course/site/", "course/bench/", "tests/", "book/", "notebooks/"))]
    package = {p.relative_to(ROOT).as_posix() for g in autograder.PACKAGE for p in ROOT.glob(g)}
    data = {p.relative_to(ROOT).as_posix() for p in paths.DATA.rglob("*") if p.is_file()}
    assert "course/grading/autograder.py" in package and package | data <= names, "the kit, the grader, the data"
    assert zips[assignment].stat().st_mode & 0o077 == 0, "it holds the hidden checks: readable by its owner only"


def test_the_same_sources_give_the_same_zip(zips, tmp_path):
    assert autograder.build("a2", tmp_path).read_bytes() == zips["a2"].read_bytes()


def test_a_bad_assignment_or_hidden_check_stops_the_build(tmp_path):
    with pytest.raises(autograder.AutograderError, match="unknown assignment 'a9'"):
        autograder.build("a9", tmp_path)
    hidden = yaml.safe_load((spec.assignment_dir("a2") / "hidden.yaml").read_text(encoding="utf-8"))
    question = next(iter(hidden))
    hidden[question][0]["expected"] = "data.load('no_such_table')"
    (tmp_path / "hidden.yaml").write_text(yaml.safe_dump(hidden), encoding="utf-8")
    with pytest.raises(autograder.AutograderError, match="cannot be computed.*fix hidden.yaml"):
        autograder.build("a2", tmp_path / "out", hidden_dir=tmp_path)
    assert not (tmp_path / "out" / "a2.zip").exists()


def test_requirements_are_the_packages_and_held_to_the_lock(zips):
    with zipfile.ZipFile(zips["a2"]) as zf:
        requirements = zf.read("requirements.txt").decode()
        constraints = zf.read("constraints.txt")
    assert constraints == (ROOT / ".ci" / "constraints.txt").read_bytes()
    pinned = {line.split("==")[0].lower() for line in constraints.decode().splitlines() if "==" in line}
    names = [line.split(">")[0].split("=")[0].lower() for line in requirements.splitlines() if not line.startswith("#")]
    assert {"pandas", "numpy", "matplotlib", "pydantic", "nbformat"} <= set(names) and set(names) <= pinned
    # The lock satisfies them: resolved offline against this (locked) environment, pip has nothing to add.
    with zipfile.ZipFile(zips["a2"]) as zf:
        zf.extract("requirements.txt", zips["a2"].parent / "resolve")
        zf.extract("constraints.txt", zips["a2"].parent / "resolve")
    folder = zips["a2"].parent / "resolve"
    run = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--no-index", "--disable-pip-version-check",
         "-r", str(folder / "requirements.txt"), "-c", str(folder / "constraints.txt")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert run.returncode == 0 and "Would install" not in run.stdout, run.stdout[-2000:] + run.stderr[-2000:]


def test_setup_installs_bubblewrap_and_the_pinned_packages(gradescope, tmp_path):
    """setup.sh against stand-ins for apt-get and Python that record how they were called."""
    source, log = gradescope / "source", tmp_path / "calls.log"
    fake = tmp_path / "fake"
    path = _bin(fake, "bash", "dirname", "rm", "mkdir", "cat", "chmod")
    python = (
        "#!/bin/bash\n"
        f'echo "$(basename "$0") $*" >> {log}\n'
        'if [ "$1" = -m ] && [ "$2" = venv ]; then mkdir -p "$3/bin"; cp "$0" "$3/bin/python"; fi\n'
    )
    (fake / "python3.11").write_text(python, encoding="utf-8")
    (fake / "apt-get").write_text(f'#!/bin/bash\necho "apt-get $*" >> {log}\n', encoding="utf-8")
    (fake / "basename").symlink_to(shutil.which("basename"))
    (fake / "cp").symlink_to(shutil.which("cp"))
    for name in ("python3.11", "apt-get"):
        (fake / name).chmod(0o755)
    run = subprocess.run(["/bin/bash", str(source / "setup.sh")], env={"PATH": path}, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    calls = log.read_text(encoding="utf-8").splitlines()
    assert "apt-get install -y -qq bubblewrap" in calls
    assert f"python3.11 -m venv {source}/.venv" in calls
    pip = f"-m pip install --quiet --disable-pip-version-check -r {source}/requirements.txt -c {source}/constraints.txt"
    assert f"python {pip}" in calls, calls
    assert any("runner.preload()" in c for c in calls), "setup checks that the grader imports"

    (fake / "apt-get").write_text("#!/bin/bash\nexit 100\n", encoding="utf-8")  # no apt, and only an old Python
    (fake / "python3.11").unlink()
    (fake / "python3").write_text("#!/bin/bash\nexit 1\n", encoding="utf-8")
    (fake / "python3").chmod(0o755)
    run = subprocess.run(["/bin/bash", str(source / "setup.sh")], env={"PATH": path}, capture_output=True, text=True)
    assert run.returncode == 1 and "choose a newer base image" in run.stderr, run.stdout + run.stderr
    assert "bubblewrap could not be installed" in run.stdout


# --- run_autograder ----------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def bare(tmp_path_factory) -> Path:
    return release.release("a2", tmp_path_factory.mktemp("bare"))


HONEST = spec.assignment_dir("a2") / "a2.ipynb"


def test_honest_submission_gets_full_marks_as_the_grader_gives(gradescope):
    expected = grade.grade_notebook(HONEST, "a2")
    # COURSE_ROOT (course/paths.py) naming the repository must not make it grade with the repository's checks
    results, stdout = _run(_submit(gradescope, HONEST, "a2.ipynb").parents[1], COURSE_ROOT=str(ROOT))
    assert expected.status == "ok" and expected.total == expected.max_auto > 0
    assert results["score"] == expected.total and _scores(results) == _expected(expected)
    assert all(t["status"] == "passed" for t in results["tests"])
    assert f"course: {gradescope / 'source'};" in stdout, "graded with the zip's own course, not the repository's"
    assert f"isolation: {sandbox.isolation()};" in stdout
    assert "q6 (out of 4)" in results["output"], "the written answer is left to the instructor, and says so"


def test_bare_submission_gets_what_the_grader_gives(gradescope, bare):
    expected = grade.grade_notebook(bare, "a2")
    results, _ = _run(_submit(gradescope, bare).parents[1])
    assert expected.status == "ok" and expected.total < expected.max_auto
    assert results["score"] == expected.total and _scores(results) == _expected(expected)
    assert [t["status"] for t in results["tests"]] == [
        "passed" if q.points == q.max else "failed" for q in expected.questions if not q.manual
    ]


def test_process_fallback_where_bubblewrap_is_missing(gradescope, tmp_path):
    require("process")
    results, stdout = _run(
        _submit(gradescope, HONEST, "work/My A2 (final).ipynb").parents[2],
        path=_bin(tmp_path / "bin", "bash", "env", "mkdir", "rm", "unshare"),
    )
    assert "isolation: process;" in stdout and results["score"] == grade.grade_notebook(HONEST, "a2").max_auto


def test_refuses_where_no_isolation_is_safe(gradescope, tmp_path):
    _submit(gradescope, HONEST)
    results, stdout = _run(gradescope, path=_bin(tmp_path / "bin", "bash", "env", "mkdir", "rm"))
    assert "status: not graded;" in stdout and results["score"] == 0
    assert "process isolation cannot grade untrusted work safely" in results["output"]
    assert "this 0 is not its score" in results["output"]
    assert all(t["output"] == gradebook.NOT_RUN and t["score"] == 0 for t in results["tests"])


@pytest.mark.parametrize(
    "files,says",
    [
        ({"a2.ipynb": b"{broken"}, "Status: unreadable (not a notebook: invalid JSON at line 1)"),
        ({"a2.ipynb": b""}, "Status: unreadable (the file is empty)"),
        ({}, "no notebook (.ipynb file) in the submission (it is empty): submit your a2.ipynb"),
        ({"notes.txt": b"x"}, "no notebook (.ipynb file) in the submission (it holds notes.txt)"),
        ({"a.ipynb": b"{}", "b.ipynb": b"{}"}, "2 notebooks in the submission (a.ipynb, b.ipynb): submit only your"),
    ],
)
def test_a_broken_submission_gets_results_that_say_what_went_wrong(gradescope, files, says):
    for name, data in files.items():
        (gradescope / "submission" / name).write_bytes(data)
    results, _ = _run(gradescope)
    assert says in results["output"] and results["score"] == 0
    computed = [q for q in spec.load("a2")["questions"] if q["kind"] != "manual"]
    assert [t["output"] for t in results["tests"]] == [gradebook.NOT_RUN] * len(computed)


def test_a_notebook_that_kills_its_process_is_graded_as_the_grader_grades_it(gradescope, tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("growth_2018 = 12.0"), nbformat.v4.new_code_cell("import os; os._exit(3)")]
    path = tmp_path / "a2.ipynb"
    nbformat.write(nb, path)
    expected = grade.grade_notebook(path, "a2")
    results, _ = _run(_submit(gradescope, path).parents[1])
    assert expected.status in ("crashed", "no result")
    assert f"Status: {expected.status}" in results["output"] and _scores(results) == _expected(expected)


def test_a_grader_fault_gets_results_and_tells_the_instructor_only(gradescope):
    hidden = gradescope / "source" / "exercises" / "a2" / "hidden.yaml"
    hidden.write_text(hidden.read_text(encoding="utf-8") + "\nq99_secret: []\n", encoding="utf-8")
    _submit(gradescope, HONEST)
    results, stdout = _run(gradescope)
    assert results["output"] == autograder.FAULT and results["score"] == 0 and results["tests"] == []
    assert "SpecError" in stdout and "q99_secret" in stdout, "the details are in the instructor's output"
    assert "q99_secret" not in json.dumps(results), "nothing of the hidden file reaches the student"
    assert results["stdout_visibility"] == "hidden"


def test_results_even_when_python_cannot_start(gradescope):
    _submit(gradescope, HONEST)
    results, stdout = _run(gradescope, python=str(gradescope / "no-python"))
    assert "could not start" in results["output"] and results["score"] == 0
    assert "was setup.sh run" in stdout


def test_it_grades_only_with_the_zips_own_course(tmp_path):
    (tmp_path / autograder.CONFIG).write_text('{"assignment": "a2"}', encoding="utf-8")
    with pytest.raises(autograder.AutograderError, match="PYTHONPATH="):
        autograder.configured_assignment(tmp_path)


def test_which_notebook_is_graded(tmp_path):
    sub = tmp_path / "submission"
    (sub / "work" / ".ipynb_checkpoints").mkdir(parents=True)
    (sub / "__MACOSX").mkdir()
    (sub / "work" / "mine.ipynb").write_text("{}")
    (sub / "work" / ".ipynb_checkpoints" / "mine-checkpoint.ipynb").write_text("{}")
    (sub / "__MACOSX" / "._mine.ipynb").write_text("{}")
    (sub / "linked.ipynb").symlink_to(HONEST)  # a link is never followed: it could point at the hidden checks
    assert autograder.find_notebook(sub, "a2.ipynb") == (sub / "work" / "mine.ipynb", "")
    (sub / "a2.ipynb").write_text("{}")
    assert autograder.find_notebook(sub, "a2.ipynb") == (
        sub / "a2.ipynb",
        "graded a2.ipynb; not graded: work/mine.ipynb",
    )
    (sub / "work" / "a2.ipynb").write_text("{}")
    with pytest.raises(autograder.NoNotebook, match="3 notebooks in the submission"):
        autograder.find_notebook(sub, "a2.ipynb")


def test_results_format_rejects_what_gradescope_would():
    good = {"score": 1.0, "tests": [{"name": "q1", "score": 1.0, "max_score": 1.0, "status": "passed"}]}
    gradebook.GradescopeResults.model_validate(good)
    for bad in (
        {"tests": [{"name": "q1"}]},  # no score anywhere
        {**good, "visibility": "sometimes"},
        {**good, "output_format": "rtf"},
        {**good, "score": "1"},
        {**good, "tests": [{"score": 1.0, "status": "ok"}]},
        {**good, "grade": 1},
    ):
        with pytest.raises(ValueError):
            gradebook.GradescopeResults.model_validate(bad)


# --- nothing students receive holds it -------------------------------------------------------------------------
def _instructor_only(archive: Path) -> dict[str, bytes]:
    """The autograder's files students must never get, by path: the hidden checks (not assignment.yaml, which is
    public), the grader's own modules, this module and the zip itself."""
    keep = GRADER_MODULES | {"course/grading/autograder.py"}
    with zipfile.ZipFile(archive) as zf:
        found = {n: zf.read(n) for n in zf.namelist() if n.endswith("/hidden.yaml") or n in keep}
    return {**found, archive.name: archive.read_bytes()}


def _members(files: dict[str, bytes], prefix: str = "") -> dict[str, bytes]:
    """``files`` and, for each zip archive among them (a wheel too), its members, recursively."""
    out = {}
    for name, data in files.items():
        out[prefix + name] = data
        if data[:4] == b"PK\x03\x04":
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                out.update(_members({n: zf.read(n) for n in zf.namelist()}, f"{prefix}{name}!"))
    return out


def _assert_no_autograder(files: dict[str, bytes], secret: dict[str, bytes], what: str) -> None:
    members = _members(files)
    named = [n for n in members if "autograder" in n.lower() or n.endswith("hidden.yaml")]
    assert not named, f"{what}: {named}"
    held = [(n, s) for n, data in members.items() for s, body in secret.items() if data == body]
    assert not held, f"{what} holds the autograder's {held[:3]}"


def test_the_students_repository_holds_no_autograder(zips):
    _assert_no_autograder(student_repo.contents(), _instructor_only(zips["a2"]), "the students' repository")
    assert any(fnmatch.fnmatch("_build/autograder/a2.zip", rule) for rule in student_repo.NEVER)


def test_the_lessons_bundle_holds_no_autograder(zips, tmp_path):
    archive = bundle.build(tmp_path / "bundle")
    secret = _instructor_only(zips["a2"])
    _assert_no_autograder({archive.name: archive.read_bytes()}, secret, "the lessons' bundle")
    control = {archive.name: archive.read_bytes(), "x/hidden.yaml": secret["exercises/a2/hidden.yaml"]}
    with pytest.raises(AssertionError):  # the search finds what it looks for
        _assert_no_autograder(control, secret, "control")


def test_the_student_site_never_reads_the_build_folder():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert "_build" in config["exclude_patterns"] and autograder.OUT.is_relative_to(ROOT / "_build")


@pytest.mark.book
def test_the_student_site_holds_no_zip():
    assert (HTML / "index.html").is_file(), "run `make book` first"
    files = [p for p in HTML.rglob("*") if p.is_file()]
    assert not [p for p in files if "autograder" in p.name or p.suffix == ".zip"]

    def head(path: Path) -> bytes:
        with open(path, "rb") as fh:
            return fh.read(4)

    assert not [p for p in files if head(p) == b"PK\x03\x04"], "no zip archive, whatever its name"


def test_the_grading_page_states_the_points_to_set():
    """The Gradescope section tells instructors the automatic points to give the assignment and the written
    question to add: both computed here from the assignment's files, so the page cannot go stale unseen."""
    page = (ROOT / "book" / "grading.md").read_text(encoding="utf-8")
    doc = spec.load("a2")
    points = sum(spec.max_points(q) for q in doc["questions"] if q["kind"] != "manual")
    written = [q["id"] for q in doc["questions"] if q["kind"] == "manual"]
    stated = re.search(r"the automatic points \(A2: (\d+(?:\.\d+)?)\) and add the written question \(A2 (\w+)\)", page)
    assert stated, "book/grading.md: the Gradescope section should state A2's automatic points and written question"
    assert (float(stated.group(1)), [stated.group(2)]) == (points, written)


def test_both_command_lines_say_what_to_fix(tmp_path, capsys):
    from course import __main__ as cli

    assert autograder.main(["build", "a9", "--out", str(tmp_path)]) == 1
    assert cli.main(["autograder", "a9", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count(f"unknown assignment 'a9': choose from {ASSIGNMENTS}") == 2 and "Traceback" not in err
    assert cli.main(["autograder", "a1", "--out", str(tmp_path)]) == 0 and (tmp_path / "a1.zip").is_file()
