"""Reading the course's own YAML files (quizzes, challenges, assignments) with errors that say what to fix."""

from __future__ import annotations

from pathlib import Path

import yaml


def read(path: Path, error: type[Exception], missing: str = "") -> dict:
    """The mapping in ``path``; raise ``error`` naming the file when it is missing (adding ``missing``, the
    remedy), is not valid YAML, or is not a mapping."""
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise error(f"No file {path}{': ' + missing if missing else '.'}") from None
    except yaml.YAMLError as err:
        raise error(f"{path.name} is not valid YAML: {err}") from None
    if not isinstance(doc, dict):
        raise error(f"{path.name} must be a mapping (keys and values), not {type(doc).__name__}.")
    return doc
