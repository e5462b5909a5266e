"""Where the course's folders are. The package is installed in editable mode from the repository."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
DATAPACKAGE = DATA / "datapackage.json"
QUIZZES = ROOT / "exercises" / "quizzes"
NOTEBOOKS = ROOT / "notebooks"
BOOK = ROOT / "book"
