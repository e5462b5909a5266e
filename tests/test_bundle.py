"""The lessons' bundle (``make bundle``, course/site/bundle.py) and the command line (``python -m course``).

The bundle is built into a temporary folder and unpacked there. Its kit is then installed, by the worksheet's own
first cell, into a fresh virtual environment that has the kit's dependencies but not the course package, and lesson
03's challenges are run there from the unpacked folder: the solutions pass and wrong answers fail. No network: the
dependencies come from this environment's site-packages (symlinked, without the course's own distribution and its
editable-install hook), and pip runs with PIP_NO_INDEX.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from email.parser import Parser
from pathlib import Path

import nbformat
import pytest
from packaging.requirements import Requirement

from course import __main__ as cli
from course import paths
from course.paths import CourseFolderNotFound, find_root
from course.site import bundle, environment, instructor, student_repo, worksheets
from support import ROOT, normalise

LESSON_03 = ROOT / "notebooks" / "03_trade_and_energy.ipynb"
SUBCOMMANDS = [
    "book",
    "instructor",
    "slides",
    "serve",
    "lab",
    "worksheets",
    "student-repo",
    "bundle",
    "freshness",
    "pdf",
    "release",
    "grade",
    "bench",
    "autograder",
]


def _state() -> str:
    return subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=all"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One build into a temporary folder, unpacked: (zip path, unpacked course-lessons folder)."""
    before = _state()
    out = tmp_path_factory.mktemp("bundle")
    target = bundle.build(out / "dist")
    assert target == out / "dist" / "course-lessons.zip" and target.is_file()
    with zipfile.ZipFile(target) as archive:
        archive.extractall(out / "unpacked")
    assert _state() == before, "building the bundle changed the course's working tree"
    return target, out / "unpacked" / bundle.FOLDER


def _names(target: Path) -> list[str]:
    with zipfile.ZipFile(target) as archive:
        return archive.namelist()


def _wheel(folder: Path) -> Path:
    (wheel,) = folder.glob("course_kit-*-py3-none-any.whl")
    return wheel


def test_one_folder_with_worksheets_data_and_the_kit(built):
    target, folder = built
    names = _names(target)
    assert all(n.startswith(f"{bundle.FOLDER}/") for n in names), "the zip unpacks to one folder"
    assert (folder / "data" / "datapackage.json").is_file() and (folder / "README.md").is_file()
    assert _wheel(folder).name == f"course_kit-{bundle._version()}-py3-none-any.whl"
    expected = {p.name for p in [*student_repo.lessons(), ROOT / "notebooks" / "capstone_memo.ipynb"]}
    assert {p.name for p in (folder / "notebooks").glob("*.ipynb")} == expected
    for table in json.loads((folder / "data" / "datapackage.json").read_text(encoding="utf-8"))["resources"]:
        assert (folder / "data" / table["path"]).is_file(), f"data/{table['path']} is listed but not in the bundle"
    assert (folder / "exercises" / "challenges" / "03.yaml").is_file()
    assert (folder / "exercises" / "quizzes" / "03.yaml").is_file()


def test_everything_but_the_generated_files_is_a_students_file(built):
    """The bundle takes the students' repository's own files (course.site.student_repo, the one rule): byte for
    byte, and nothing its NEVER list keeps out."""
    _, folder = built
    students = student_repo.contents()
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    for rel in files:
        assert not any(fnmatch.fnmatch(rel, rule) for rule in student_repo.NEVER), f"{rel}: student_repo.NEVER"
        if rel.endswith(".ipynb") or rel in ("README.md", _wheel(folder).name):
            continue
        assert rel in students, f"{rel} is not among the students' files"
        assert (folder / rel).read_bytes() == students[rel], f"{rel} differs from the students' copy"
    assert not [r for r in files if re.search(r"hidden\.yaml$|notes\.yaml$|^exercises/a\d|^course/|instructor/", r)]


def _texts(folder: Path) -> dict[str, str]:
    """Every text of the bundle as a reader sees it (notebook and wheel contents opened), normalised."""
    found = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        if path.suffix == ".whl":
            with zipfile.ZipFile(path) as wheel:
                for name in wheel.namelist():
                    found[f"{rel}!{name}"] = normalise(wheel.read(name).decode("utf-8", errors="replace"), tags=False)
        elif path.suffix == ".ipynb":
            nb = nbformat.read(path, as_version=4)
            found[rel] = normalise("\n".join(c.source for c in nb.cells), tags=False)
        else:
            found[rel] = normalise(path.read_text(encoding="utf-8", errors="replace"), tags=False)
    return found


def test_no_instructor_string_and_no_solution_anywhere(built):
    """No instructor-only string (the model answers, hidden checks, quiz keys' notes: course.site.instructor) in
    any file, the wheel's included, and no line of any challenge solution in the worksheets."""
    _, folder = built
    texts = _texts(folder)
    secrets = [normalise(s) for s in instructor.instructor_only_strings()]
    assert len(secrets) > 50
    leaked = {s[:60]: where for s in secrets for where, text in texts.items() if s in text}
    assert not leaked, f"instructor-only text in the bundle: {dict(list(leaked.items())[:5])}"
    for lesson in student_repo.lessons():
        sheet = nbformat.read(folder / "notebooks" / lesson.name, as_version=4)
        assert not [c for c in sheet.cells if worksheets.is_solution(c)], f"{lesson.name}: a solution cell"
        shown = "\n".join(c.source for c in sheet.cells)
        lines = worksheets.solution_lines(nbformat.read(lesson, as_version=4))
        assert not [line for line in lines if line in shown], f"{lesson.name}: a solution line in the worksheet"


def test_the_search_finds_a_planted_secret(built, tmp_path):
    """Positive control for the search above: an instructor string planted in a worksheet and in the wheel is found."""
    _, folder = built
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    secret = instructor.instructor_only_strings()[0]
    sheet = copy / "notebooks" / "03_trade_and_energy.ipynb"
    nb = nbformat.read(sheet, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell(secret))
    nbformat.write(nb, sheet)
    with zipfile.ZipFile(_wheel(copy), "a") as wheel:
        wheel.writestr("course/kit/planted.py", f"# {secret}\n")
    found = [where for where, text in _texts(copy).items() if normalise(secret) in text]
    assert sorted(found) == sorted(
        [f"{_wheel(copy).name}!course/kit/planted.py", "notebooks/03_trade_and_energy.ipynb"]
    )


def test_every_notebook_starts_with_the_install_cell(built):
    _, folder = built
    sheets = sorted((folder / "notebooks").glob("*.ipynb"))
    assert len(sheets) == len(student_repo.lessons()) + 1
    for path in sheets:
        nb = nbformat.read(path, as_version=4)
        first = nb.cells[0]
        assert first.cell_type == "code" and first.source == bundle.INSTALL_CELL, f"{path.name}: not the install cell"
        assert first.metadata["tags"] == [bundle.INSTALL_TAG] and not first.outputs
        assert sum(c.source == bundle.INSTALL_CELL for c in nb.cells) == 1
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), f"{path.name}: outputs stored"


def test_the_wheel_holds_the_kit_only_with_runtime_requirements(built):
    _, folder = built
    with zipfile.ZipFile(_wheel(folder)) as wheel:
        names = wheel.namelist()
        meta = Parser().parsestr(wheel.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode())
    modules = sorted(n for n in names if not n.split("/")[0].endswith(".dist-info"))
    kit = sorted(rel for rel in student_repo.contents() if rel.startswith(bundle.KIT))
    assert modules == kit, "the wheel holds exactly course/__init__.py, course/paths.py and course/kit/"
    assert not [n for n in names if n.startswith(("course/grading", "course/site", "course/bench", "course/__main__"))]
    requires = [Requirement(r) for r in meta.get_all("Requires-Dist")]
    assert [str(r) for r in requires] == [str(Requirement(r)) for r in bundle.requirements()]
    names_ = {r.name.lower() for r in requires}
    assert {"pandas", "matplotlib", "ipywidgets", "jupyterquiz", "pyyaml", "pydantic"} <= names_
    assert not names_ & {"pytest", "jupyter-book", "sphinx", "ruff", "nbval", "playwright", "ipykernel", "tqdm"}
    locked = environment.locked_versions()
    for req in requires:
        assert any(s.operator == "<" for s in req.specifier), f"{req}: no ceiling"
        assert req.specifier.contains(locked[req.name.lower()]), (
            f"{req}: excludes the tested {locked[req.name.lower()]}"
        )
    assert meta["Requires-Python"] == ">=3.11"


def test_a_second_build_has_the_same_bytes(built, tmp_path):
    target, _ = built
    again = bundle.build(tmp_path / "again")
    assert again.read_bytes() == target.read_bytes(), "the bundle should be the same at each build of the same source"


# --- the kit from the bundle, in a fresh environment -------------------------------------------------------------

RUNNER = r'''
"""Run a worksheet as a kernel would (its cells in order, in one namespace), the install cell first; at each
challenge also run its solution on a copy of the namespace; report what the kit's check() says."""
import contextlib, io, json, re, sys, warnings
from pathlib import Path

sheet, solutions, report = Path(sys.argv[1]), json.loads(Path(sys.argv[2]).read_text()), Path(sys.argv[3])
cells = json.loads(sheet.read_text(encoding="utf-8"))["cells"]
text = lambda c: "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
namespace, solved, names = {"__name__": "__main__"}, {}, {}
shown = io.StringIO()
with contextlib.redirect_stdout(shown), warnings.catch_warnings():
    warnings.simplefilter("ignore")
    exec(compile(text(cells[0]), "<install cell>", "exec"), namespace)
    for index, cell in enumerate(cells[1:], 1):
        tags = cell.get("metadata", {}).get("tags", [])
        if cell["cell_type"] != "code" or "skip-execution" in tags:
            continue
        if "challenge-starter" in tags:
            cid = re.search(r'check\("([^"]+)"', text(cells[index + 1])).group(1)
            names[cid] = text(cell).split("=")[0].strip()
            trial = dict(namespace)
            exec(solutions[cid], trial)
            solved[cid] = trial[names[cid]]
        exec(compile(text(cell), f"<cell {index}>", "exec"), namespace)

import course
from course import paths
from course.kit import challenges


def wrong(value):
    if isinstance(value, bool):
        return not value
    if isinstance(value, (int, float)) or type(value).__module__ == "numpy":
        return float(value) + max(1.0, abs(float(value)) * 0.1)
    if isinstance(value, (list, tuple)):
        return list(value)[1:]
    return None


results = {}
for cid, name in names.items():
    near = wrong(solved[cid])
    results[cid] = {"solution": challenges.check(cid, solved[cid]).passed,
                    "starter": challenges.check(cid, namespace[name]).passed,
                    "starter_is_ellipsis": namespace[name] is Ellipsis,
                    "wrong": None if near is None else challenges.check(cid, near).passed}
report.write_text(json.dumps({"course": course.__file__, "root": str(paths.ROOT), "printed": shown.getvalue(),
                              "challenges": results}))
'''


def _solutions(lesson: Path) -> dict[str, str]:
    """Each challenge's solution code from the course's own lesson (not in the bundle), without its check line."""
    found = {}
    for cell in nbformat.read(lesson, as_version=4).cells:
        if worksheets.is_solution(cell):
            cid = re.search(r'check\("([^"]+)"', cell.source).group(1)
            found[cid] = "\n".join(cell.source.splitlines()[:-1])
    return found


def _clean_env(**extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", paths.ENV, "PYTHONHOME")}
    return {**env, "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1", "MPLBACKEND": "Agg", **extra}


@pytest.fixture(scope="module")
def fresh_python(tmp_path_factory) -> Path:
    """A new virtual environment whose only extra path is a folder of links to this environment's installed
    packages, minus the course's own distribution and its editable-install hook: the kit's dependencies are
    there, the course package is not."""
    where = tmp_path_factory.mktemp("fresh")
    deps = where / "deps"
    deps.mkdir()
    for entry in Path(sysconfig.get_paths()["purelib"]).iterdir():
        if entry.name.startswith(("course", "__editable__")) or entry.suffix == ".pth":
            continue
        (deps / entry.name).symlink_to(entry)
    venv.create(where / "venv", with_pip=True)
    python = where / "venv" / "bin" / "python"
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (Path(purelib) / "course-deps.pth").write_text(f"{deps}\n", encoding="utf-8")
    return python


def _site_packages(python: Path) -> Path:
    return Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )


@pytest.mark.slow
def test_lesson_03_challenges_run_from_the_bundle_in_a_fresh_environment(built, fresh_python, tmp_path):
    _, folder = built
    lesson_dir = folder / "notebooks"
    before = subprocess.run(
        [fresh_python, "-c", "import course"], cwd=lesson_dir, capture_output=True, text=True, env=_clean_env()
    )
    assert before.returncode != 0 and "No module named 'course'" in before.stderr, "the fresh Python already has course"
    deps = subprocess.run(
        [fresh_python, "-c", "import pandas, matplotlib, ipywidgets, jupyterquiz, shapely"],
        cwd=lesson_dir,
        capture_output=True,
        text=True,
        env=_clean_env(),
    )
    assert deps.returncode == 0, deps.stderr

    (tmp_path / "solutions.json").write_text(json.dumps(_solutions(LESSON_03)), encoding="utf-8")
    (tmp_path / "runner.py").write_text(RUNNER, encoding="utf-8")
    run = subprocess.run(
        [
            fresh_python,
            tmp_path / "runner.py",
            lesson_dir / LESSON_03.name,
            tmp_path / "solutions.json",
            tmp_path / "report.json",
        ],
        cwd=lesson_dir,
        capture_output=True,
        text=True,
        env=_clean_env(),
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))

    site_packages = _site_packages(fresh_python)
    assert Path(report["course"]).is_relative_to(site_packages), f"course imported from {report['course']}"
    assert Path(report["root"]) == folder.resolve(), "the kit should read the bundle's folder, not the repository"
    assert f"reads its data from {folder.resolve() / 'data'}" in report["printed"]
    installed = subprocess.run(
        [fresh_python, "-m", "pip", "show", "-f", "course-kit"], capture_output=True, text=True, env=_clean_env()
    )
    assert installed.returncode == 0 and "course/kit/challenges.py" in installed.stdout
    assert not (site_packages / "course" / "grading").exists()

    expected = {ch_id for ch_id in _solutions(LESSON_03)}
    assert set(report["challenges"]) == expected and len(expected) >= 4
    for cid, result in report["challenges"].items():
        assert result["solution"], f"{cid}: the solution fails its check when run from the bundle"
        assert result["starter_is_ellipsis"] and not result["starter"], f"{cid}: the untouched starter passes"
        assert result["wrong"] is False, f"{cid}: a wrong answer passes (or none could be made)"


@pytest.mark.slow
def test_the_install_cell_unpacks_the_zip_where_the_kernel_runs_elsewhere(built, fresh_python, tmp_path):
    """As in Colab: the kernel runs in a folder (/content there) holding only the uploaded zip; the first cell
    unpacks it there, installs the kit and points it at the unpacked data/."""
    target, _ = built
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy2(target, content / target.name)
    cell = tmp_path / "cell.py"
    cell.write_text(
        bundle.INSTALL_CELL + "\nfrom course.kit import data\nprint(len(data.load('russia_china_trade')))\n",
        encoding="utf-8",
    )
    run = subprocess.run(
        [fresh_python, cell], cwd=content, capture_output=True, text=True, env=_clean_env(HOME=str(tmp_path))
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert f"reads its data from {content.resolve() / bundle.FOLDER / 'data'}" in run.stdout
    assert int(run.stdout.strip().splitlines()[-1]) > 20


@pytest.mark.slow
def test_the_install_cell_says_what_to_do_when_it_finds_no_bundle(fresh_python, tmp_path):
    cell = tmp_path / "cell.py"
    cell.write_text(bundle.INSTALL_CELL, encoding="utf-8")
    run = subprocess.run(
        [fresh_python, cell], cwd=tmp_path, capture_output=True, text=True, env=_clean_env(HOME=str(tmp_path))
    )
    assert run.returncode != 0
    assert "Cannot find the course-lessons folder" in run.stderr and "COURSE_ROOT" in run.stderr


# --- where the kit finds the course folder ------------------------------------------------------------------------


def test_course_root_names_the_folder(tmp_path):
    folder = tmp_path / "course-lessons"
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "datapackage.json").write_text("{}")
    clone = tmp_path / "clone"
    (clone / "data").mkdir(parents=True)
    (clone / "data" / "datapackage.json").write_text("{}")
    assert find_root(clone / "course", clone, environ={paths.ENV: str(folder)}) == folder.resolve()
    assert find_root(clone / "course", clone, environ={}) == clone


def test_a_wrong_course_root_says_what_to_fix(tmp_path):
    with pytest.raises(CourseFolderNotFound, match=f"{paths.ENV} is set to .*does not exist.*or unset it"):
        find_root(tmp_path / "course", tmp_path, environ={paths.ENV: str(tmp_path / "nowhere")})


# --- the command line -----------------------------------------------------------------------------------------------


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "course", *args], cwd=ROOT, capture_output=True, text=True)


def test_help_lists_every_subcommand():
    run = _cli("--help")
    assert run.returncode == 0
    listed = re.findall(r"^    (\S+)", run.stdout, flags=re.M)
    assert listed == SUBCOMMANDS
    for name in SUBCOMMANDS:
        sub = _cli(name, "--help")
        assert sub.returncode == 0 and f"usage: python -m course {name}" in sub.stdout, name


def test_every_makefile_target_that_does_work_has_a_subcommand():
    targets = set(re.findall(r"^([a-z][a-z-]*):", (ROOT / "Makefile").read_text(encoding="utf-8"), flags=re.M))
    make_only = {
        "help",
        "setup",
        "lint",
        "lock",
        "test",
        "test-fast",
        "clean",
        "chromium",
        "bubblewrap",
        "slides-instructor",
        "bench-site",
        "bench-grade",
        "pdf-instructor",
        "print-fonts",
        "poppler",
        "hub-image",
    }  # set-up (print-fonts, poppler, the tests' hub image) and CI stay in make; the others are options of a subcommand
    assert targets - make_only - {"autograder"} <= set(SUBCOMMANDS), targets - make_only - set(SUBCOMMANDS)


def test_a_bad_subcommand_or_argument_gets_a_clear_error():
    run = _cli("bild")
    assert run.returncode == 2 and "invalid choice: 'bild'" in run.stderr and "'book'" in run.stderr
    run = _cli("bench", "everything")
    assert run.returncode == 2 and "invalid choice: 'everything'" in run.stderr
    run = _cli("grade", "a2")
    assert run.returncode == 2 and "the following arguments are required: submissions" in run.stderr
    run = _cli("release", "a9")
    assert run.returncode == 2 and "unknown assignment 'a9'; choose from a1, a2, a3" in run.stderr
    run = _cli()
    assert run.returncode == 2 and "required: <command>" in run.stderr


def test_a_missing_tool_names_the_extra_to_install(monkeypatch, capsys):
    real = cli.importlib.util.find_spec
    monkeypatch.setattr(
        cli.importlib.util, "find_spec", lambda name, *a: None if name == "jupyterlab" else real(name, *a)
    )
    assert cli.main(["lab"]) == 2
    err = capsys.readouterr().err
    assert "`lab` needs jupyterlab" in err and 'pip install -e ".[lab]"' in err


def test_autograder_without_its_module_says_so(monkeypatch, capsys):
    real = cli.importlib.util.find_spec
    monkeypatch.setattr(
        cli.importlib.util,
        "find_spec",
        lambda name, *a: None if name == "course.grading.autograder" else real(name, *a),
    )
    assert cli.main(["autograder", "a2"]) == 2
    assert "no course/grading/autograder.py yet" in capsys.readouterr().err


def test_autograder_calls_build_when_the_module_is_there(monkeypatch, tmp_path, capsys):
    import types

    calls = []
    fake = types.ModuleType("course.grading.autograder")
    fake.build = lambda assignment, out_dir: calls.append((assignment, out_dir)) or out_dir / "a2-autograder.zip"
    monkeypatch.setitem(sys.modules, "course.grading.autograder", fake)
    import course.grading

    monkeypatch.setattr(course.grading, "autograder", fake, raising=False)
    real = cli.importlib.util.find_spec
    monkeypatch.setattr(
        cli.importlib.util,
        "find_spec",
        lambda name, *a: object() if name == "course.grading.autograder" else real(name, *a),
    )
    assert cli.main(["autograder", "a2", "--out", str(tmp_path)]) == 0
    assert calls == [("a2", tmp_path.resolve())]
    assert cli.main(["autograder", "a1"]) == 0
    assert calls[-1] == ("a1", ROOT / "_build" / "autograder")
    assert "a2-autograder.zip" in capsys.readouterr().out
