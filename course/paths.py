"""Where the course's folders are.

In a clone (``make lab``, ``make book``, the tests) the package is installed in editable mode and the course
folder is the package's parent. On a JupyterHub the package is installed into the image (``.binder/``) and the
lessons are pulled into each student's home folder by nbgitpuller; there the course folder is the nearest
folder above the working directory (the lesson's folder) that holds ``data/datapackage.json``.

From the lessons' bundle (``make bundle``: worksheets, data and the kit as a wheel, for any Jupyter) the kit is
installed into whatever environment runs the notebook, and some Jupyters (Colab, Kaggle) run every notebook in a
fixed folder (``/content``, ``/kaggle/working``) whatever folder it was opened from. There the bundle's first cell
sets the environment variable ``COURSE_ROOT`` to the unpacked bundle before anything imports the kit. An
environment variable, rather than the data shipped inside the wheel, keeps one copy of ``data/`` that a student can
open and read, and the kit finds it the same way in a clone, a hub and a bundle.
"""

import os
import re
from collections.abc import Mapping
from pathlib import Path

MARKER = Path("data") / "datapackage.json"
ENV = "COURSE_ROOT"  # the course folder, when neither the package's folder nor the working directory is in it


class CourseFolderNotFound(RuntimeError):
    """Raised when neither the package's folder nor the working directory is inside a copy of the course."""


def find_root(package_dir: Path, cwd: Path, environ: Mapping[str, str] | None = None) -> Path:
    """The course folder: the folder ``$COURSE_ROOT`` names, if set; else ``package_dir``'s parent if it holds the
    data package, else ``cwd`` or its nearest parent that does."""
    named = (os.environ if environ is None else environ).get(ENV)
    if named:
        folder = Path(named).expanduser().resolve()
        if not (folder / MARKER).is_file():
            raise CourseFolderNotFound(
                f"{ENV} is set to {named}, but {folder / MARKER} does not exist. Set {ENV} to the folder that "
                "holds data/ (the unpacked course-lessons folder), or unset it."
            )
        return folder
    for candidate in [package_dir.parent, cwd, *cwd.parents]:
        if (candidate / MARKER).is_file():
            return candidate
    raise CourseFolderNotFound(
        f"Cannot find the course folder (the one holding {MARKER}) above {cwd}. "
        "Open the lesson from inside the course folder (for example notebooks/ of your copy), "
        "or start JupyterLab with `make lab` in the course folder."
    )


ROOT = find_root(Path(__file__).resolve().parent, Path.cwd().resolve())
DATA = ROOT / "data"
DATAPACKAGE = DATA / MARKER.name
QUIZZES = ROOT / "exercises" / "quizzes"
NOTEBOOKS = ROOT / "notebooks"
BOOK = ROOT / "book"

# A lesson's file is ``NN_topic.ipynb``; a lesson inserted after lesson NN without renumbering the ones after it
# (their challenge ids, quiz files and students' saved progress depend on their numbers) is ``NNb_topic.ipynb``.
LESSON_FILE = re.compile(r"(\d\d[a-z]?)_[^/]+\.ipynb")


def lesson_id(path) -> str:
    """A lesson's id from its file name: ``"03"`` for ``03_trade_and_energy.ipynb``, ``"00b"`` for ``00b_….ipynb``."""
    match = LESSON_FILE.fullmatch(Path(path).name)
    if not match:
        raise ValueError(f"{Path(path).name} is not a lesson file name (NN_topic.ipynb or NNb_topic.ipynb)")
    return match.group(1)


def lessons() -> list[Path]:
    """The lesson notebooks in reading order (``00``, ``00b``, ``01``, …); not the capstone workspace."""
    return sorted((p for p in NOTEBOOKS.glob("[0-9][0-9]*_*.ipynb") if LESSON_FILE.fullmatch(p.name)),
                  key=lambda p: lesson_id(p))
