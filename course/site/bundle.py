"""The lessons' bundle: one zip that runs in any Jupyter (Colab, Kaggle, Anaconda, a JupyterHub), no clone, no make.

``course-lessons.zip`` unpacks to one folder, ``course-lessons/``::

    README.md                          how to start (the book's How to run page says more)
    course_kit-<version>-py3-none-any.whl   the lessons' helper package (course.kit and course.paths only)
    notebooks/NN_*.ipynb               the worksheets (lessons without their challenge solutions) and the capstone
    data/                              the tables and datapackage.json
    exercises/quizzes/, exercises/challenges/   the quizzes' and challenges' files, which the kit reads
    book/                              the site's pages as Markdown (the hints link the pandas cheat-sheet)

What goes in is a subset of what students receive (:func:`course.site.student_repo.contents`, the one rule), so
nothing the students' repository keeps out (hidden checks, solutions, instructor notes) can come in; the grader's
modules stay out too, as the kit never imports them. Each notebook's first cell (:data:`INSTALL_CELL`) finds the
unpacked folder, installs the wheel into the kernel's own Python, and sets ``COURSE_ROOT`` so that the kit reads
this folder's ``data/`` (see :mod:`course.paths`) even where the kernel runs in a fixed folder (Colab, Kaggle).

    python -m course.site.bundle [--out _build/bundle]     # or: make bundle, python -m course bundle
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import warnings
import zipfile
from pathlib import Path

import nbformat
from nbformat.warnings import MissingIDFieldWarning
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .. import paths
from . import environment, student_repo, worksheets

OUT = paths.ROOT / "_build" / "bundle"
ZIP_NAME = "course-lessons.zip"
FOLDER = "course-lessons"  # the folder the zip unpacks to; the install cell looks for it by this name
DIST = "course-kit"
INSTALL_TAG = "bundle-setup"

# The students' files the bundle takes (prefixes of paths in student_repo.contents()); the lessons come as
# worksheets. Not the assignments: their check() needs the grader's modules, which the kit wheel leaves out.
TAKE = ("data/", "exercises/quizzes/", "exercises/challenges/", "book/")
KIT = ("course/__init__.py", "course/paths.py", "course/kit/")  # the wheel's files: what the lessons import
NEVER_IN_WHEEL = ("course/grading/*", "course/site/*", "course/bench/*", "course/__main__.py")

# The wheel's requirements are the package's base dependencies (pyproject.toml), with a ceiling below the next
# major version of the tested one (.ci/constraints.txt), except where a student's Jupyter brings its own:
# ipykernel is the Jupyter's kernel, which the kit never imports; IPython is pinned by Colab's own package
# (google-colab requires ipython==7.34.0) and upgrading it inside Colab leaves the runtime crashing
# (googlecolab/colabtools#5580), so the floor is 7.34: the kit uses only display(), get_ipython(), display
# formatters, set_custom_exc and format_display_data, all in IPython 7. The course's tests run the locked versions.
DROP = {"ipykernel"}
FLOORS = {"ipython": "7.34"}

README = """# Russia–China Relations: the lessons, to run in any Jupyter

This folder holds the course's lessons as worksheets (`notebooks/`), their data (`data/`), the quizzes' and
challenges' files (`exercises/`) and the course's helper package as a wheel (`course_kit-….whl`).

1. Open a lesson from `notebooks/` in Jupyter (JupyterLab, Jupyter Notebook, Anaconda, a JupyterHub, Colab, Kaggle).
2. Run its first cell. It installs the helper package from the wheel in this folder into the notebook's Python
   and tells it where `data/` is. The first time it also fetches the few packages your Python lacks
   (pandas, matplotlib, ipywidgets, jupyterquiz, …) from the package index.
3. Run the other cells from the top (Shift-Enter runs one cell).

In Colab: upload `course-lessons.zip` itself into the session's Files panel (the first cell unpacks it there),
and open the lesson with File ▸ Upload notebook. Step-by-step instructions for Windows, Colab and a JupyterHub
are in `book/how-to-run.md` (the course site's *How to run the lessons* page).
"""

# The first cell of every notebook in the bundle. Plain Python (no %pip magic), so it runs the same in any kernel
# and in the tests; pip is run as `sys.executable -m pip`, as %pip does, so the wheel goes into the kernel's Python.
INSTALL_CELL = """\
# Set-up for the course bundle: run this cell first (once per session). You need not read it.
# It finds the unpacked course-lessons folder (unpacking course-lessons.zip if that is all it finds), installs the
# course's helper package from the wheel in it into this notebook's Python, and tells the package where data/ is.
def _course_setup():
    import os, site, subprocess, sys, zipfile
    from importlib import invalidate_caches, import_module, metadata, util
    from pathlib import Path

    if sys.version_info < (3, 11):
        raise RuntimeError(f"The course needs Python 3.11 or newer; this notebook runs Python {sys.version.split()[0]}.")

    def usable(folder):
        return (folder / "data" / "datapackage.json").is_file() and any(folder.glob("course_kit-*.whl"))

    def course_lessons():
        # $COURSE_ROOT; else the folder this notebook is in (or above it); else a course-lessons folder in the working
        # folder, Colab's /content (or a mounted Drive), Kaggle's inputs or the home folder; else a course-lessons.zip
        # there, unpacked beside itself.
        if os.environ.get("COURSE_ROOT"):
            return Path(os.environ["COURSE_ROOT"]).expanduser()
        here = Path.cwd()
        places = [here, Path("/content"), Path("/content/drive/MyDrive"), Path("/kaggle/input"), Path.home()]
        candidates = [here, *here.parents]
        candidates += [f for base in places for f in [base / "course-lessons", *sorted(base.glob("*/course-lessons"))]]
        candidates += sorted(Path("/kaggle/input").glob("*"))  # Kaggle: a dataset made of the folder's contents
        for folder in candidates:
            if usable(folder):
                return folder
        for base in places:
            if (base / "course-lessons.zip").is_file():  # Colab: the zip uploaded to the Files panel
                zipfile.ZipFile(base / "course-lessons.zip").extractall(base)
                if usable(base / "course-lessons"):
                    return base / "course-lessons"
        raise FileNotFoundError(
            "Cannot find the course-lessons folder (it holds data/ and a course_kit-....whl file). Unzip "
            "course-lessons.zip and open this notebook from its notebooks/ folder; in Colab, upload course-lessons.zip "
            "to the Files panel first; or set os.environ['COURSE_ROOT'] to the folder's path and run this cell again.")

    bundle = course_lessons().resolve()
    os.environ["COURSE_ROOT"] = str(bundle)
    try:
        metadata.version("course-kit")
        from_bundle = True
    except metadata.PackageNotFoundError:
        from_bundle = False
    if util.find_spec("course") and not from_bundle:
        print("The course package is already installed here (the course's own environment): using it.")
    else:
        wheels = sorted(bundle.glob("course_kit-*.whl"))
        if not wheels:
            raise FileNotFoundError(f"{bundle} has no course_kit-....whl file: unzip course-lessons.zip again.")
        pip = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                              str(wheels[-1])], capture_output=True, text=True)
        if pip.returncode:
            raise RuntimeError(f"Installing {wheels[-1].name} failed. If pip could not reach the package index, connect "
                               "to the internet (Kaggle: Settings, Internet on) and run this cell again. pip said:\\n"
                               + (pip.stdout + pip.stderr)[-3000:])
        if site.ENABLE_USER_SITE and os.path.isdir(site.getusersitepackages()):
            site.addsitedir(site.getusersitepackages())  # pip's fallback when the Python's own folder is read-only
        invalidate_caches()
    try:
        paths = import_module("course.paths")
    except ImportError as err:
        raise RuntimeError("The course package was installed but cannot be imported yet: restart the kernel "
                           "(Kernel, Restart; Colab: Runtime, Restart session) and run this cell again.") from err
    print(f"Ready: the course's helper package reads its data from {paths.DATA}")


_course_setup()
del _course_setup
"""


class BundleError(RuntimeError):
    """The bundle cannot be built safely; the message says what to fix."""


def install_cell(with_id: bool = True) -> nbformat.NotebookNode:
    """The first cell of every notebook in the bundle (tagged ``bundle-setup``, and with that id where the
    notebook's format has cell ids, so that the notebook's bytes are the same at each build)."""
    cell = nbformat.v4.new_code_cell(INSTALL_CELL, metadata={"tags": [INSTALL_TAG]})
    if with_id:
        cell.id = INSTALL_TAG
    else:
        del cell["id"]
    return cell


def notebook(path: Path) -> nbformat.NotebookNode:
    """A lesson (or the capstone workspace) as the bundle has it: its worksheet (no solution cells, no outputs)
    with :func:`install_cell` first. A cell stored without an id gets one from its position, not a random one, so
    the bundle's bytes are the same at each build."""
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    stored = {cell.get("id") for cell in raw["cells"]}
    with warnings.catch_warnings():  # nbformat warns of a cell stored without an id, and fills in a random one
        warnings.simplefilter("ignore", MissingIDFieldWarning)
        nb = nbformat.read(path, as_version=4)
    for index, cell in enumerate(nb.cells):
        if "id" in cell and cell.id not in stored:
            cell.id = f"cell-{index}"
    sheet = worksheets.worksheet(nb)
    sheet.cells.insert(0, install_cell(with_id=(sheet.nbformat, sheet.nbformat_minor) >= (4, 5)))
    return sheet


def requirements() -> list[str]:
    """The wheel's dependencies: pyproject.toml's base ones, each below the next major version of the locked one
    (see :data:`DROP` and :data:`FLOORS` for the exceptions and why)."""
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    locked = environment.locked_versions()
    found = []
    for text in project["dependencies"]:
        req = Requirement(text)
        name = canonicalize_name(req.name)
        if name in DROP:
            continue
        if name not in locked:
            raise BundleError(
                f"{req.name} is a dependency in pyproject.toml but not in .ci/constraints.txt: run make lock"
            )
        floors = [s for s in req.specifier if s.operator == ">="]
        floor = FLOORS.get(name) or (floors[0].version if floors else locked[name])
        ceiling = int(re.match(r"\d+", locked[name]).group()) + 1
        found.append(f"{req.name}>={floor},<{ceiling}")
    return found


def _version() -> str:
    return tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def _pyproject(files: dict[str, bytes]) -> str:
    packages = sorted(rel.rsplit("/", 1)[0].replace("/", ".") for rel in files if rel.endswith("/__init__.py"))
    deps = "".join(f'    "{r}",\n' for r in requirements())
    return (
        '[build-system]\nrequires = ["setuptools>=68"]\nbuild-backend = "setuptools.build_meta"\n\n'
        f'[project]\nname = "{DIST}"\nversion = "{_version()}"\n'
        'description = "The helper package of the Russia-China relations course\'s lessons (course.kit)"\n'
        'requires-python = ">=3.11"\nlicense = "MIT"\n'
        f"dependencies = [\n{deps}]\n\n"
        f"[tool.setuptools]\npackages = {json.dumps(packages)}\n"
    )


def build_wheel(files: dict[str, bytes], out_dir: Path) -> Path:
    """Build the kit's wheel from ``files`` ({path: bytes}, the kit's modules) into ``out_dir``; return its path.
    Offline: setuptools from the running environment, no build isolation, no index."""
    banned = sorted(rel for rel in files if any(fnmatch.fnmatch(rel, rule) for rule in NEVER_IN_WHEEL))
    if banned:
        raise BundleError(f"the kit wheel would hold {banned}; fix KIT in {__name__}")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "src"
        for rel, data in files.items():
            (source / rel).parent.mkdir(parents=True, exist_ok=True)
            (source / rel).write_bytes(data)
        (source / "pyproject.toml").write_text(_pyproject(files), encoding="utf-8")
        # SOURCE_DATE_EPOCH 1980-01-01: the wheel has the same bytes at each build
        env = {**os.environ, "SOURCE_DATE_EPOCH": "315532800", "PIP_NO_INDEX": "1"}
        pip = [sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check", "--no-deps"]
        build = [*pip, "--no-build-isolation", "--wheel-dir", str(Path(tmp) / "dist"), str(source)]
        built = subprocess.run(build, capture_output=True, text=True, env=env)
        if built.returncode:
            raise BundleError(f"building the kit wheel failed: {(built.stdout + built.stderr)[-2000:]}")
        (wheel,) = (Path(tmp) / "dist").glob("*.whl")
        out_dir.mkdir(parents=True, exist_ok=True)
        return Path(shutil.copy2(wheel, out_dir / wheel.name))


def contents(wheel_dir: Path) -> dict[str, bytes]:
    """Every file of the bundle, {path inside course-lessons/: bytes}; the wheel is built into ``wheel_dir``.
    Raises BundleError if any would be one the students' repository keeps out."""
    students = student_repo.contents()
    files = {rel: data for rel, data in students.items() if rel.startswith(TAKE)}
    lessons = [*student_repo.lessons(), *student_repo._matches(student_repo.CONTENTS[1])]  # and the capstone
    for path in lessons:
        rel = path.relative_to(paths.ROOT).as_posix()
        if rel not in students:
            raise BundleError(f"{rel} is not among the students' files (course.site.student_repo.CONTENTS)")
        files[rel] = student_repo._notebook_bytes(notebook(path))
    kit = {rel: data for rel, data in students.items() if rel.startswith(KIT)}
    wheel = build_wheel(kit, wheel_dir)
    files[wheel.name] = wheel.read_bytes()
    files["README.md"] = README.encode("utf-8")
    banned = sorted(rel for rel in files if any(fnmatch.fnmatch(rel, rule) for rule in student_repo.NEVER))
    if banned:
        raise BundleError(f"instructor-only files would go into the bundle: {banned}; fix TAKE in {__name__}")
    return files


def build(out: Path = OUT) -> Path:
    """Write ``out/course-lessons.zip`` (and the wheel beside it) and return the zip's path."""
    out = Path(out)
    files = contents(out)
    target = out / ZIP_NAME
    partial = target.with_suffix(".zip.partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for rel in sorted(files):
            info = zipfile.ZipInfo(f"{FOLDER}/{rel}", date_time=(1980, 1, 1, 0, 0, 0))  # the same bytes each build
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, files[rel])
    partial.replace(target)
    return target


def main(argv: list[str] | None = None) -> int:
    """Build the bundle; print where it is."""
    parser = argparse.ArgumentParser(prog="python -m course.site.bundle", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder for course-lessons.zip (default: _build/bundle)")
    args = parser.parse_args(argv)
    try:
        target = build(args.out)
    except (BundleError, student_repo.StudentRepoError) as err:
        print(f"bundle: {err}", file=sys.stderr)
        return 1
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
    notebooks = sum(n.endswith(".ipynb") for n in names)
    print(
        f"{target}: {len(names)} files ({notebooks} notebooks, each starting with the install cell), "
        f"{target.stat().st_size / 1e6:.1f} MB. Hand it out; see the How to run page."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
