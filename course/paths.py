"""Where the course's folders are.

In a clone (``make lab``, ``make book``, the tests) the package is installed in editable mode and the course
folder is the package's parent. On a JupyterHub the package is installed into the image (``.binder/``) and the
lessons are pulled into each student's home folder by nbgitpuller; there the course folder is the nearest
folder above the working directory (the lesson's folder) that holds ``data/datapackage.json``.
"""

from pathlib import Path

MARKER = Path("data") / "datapackage.json"


class CourseFolderNotFound(RuntimeError):
    """Raised when neither the package's folder nor the working directory is inside a copy of the course."""


def find_root(package_dir: Path, cwd: Path) -> Path:
    """The course folder: ``package_dir``'s parent if it holds the data package, else ``cwd`` or its nearest parent that does."""
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
