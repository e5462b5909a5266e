"""The Gradescope autograder of an assignment: ``make autograder ASSIGNMENT=a2`` writes ``_build/autograder/a2.zip``.

Gradescope's format (gradescope/autograder_samples, ``docs/specs.md``): a zip with ``setup.sh`` and
``run_autograder`` at its root. Gradescope unpacks it into ``/autograder/source`` and runs ``setup.sh`` once, as
root, to build an image; for each submission it puts the student's files in ``/autograder/submission``, runs
``run_autograder`` and reads ``/autograder/results/results.json``.

The zip (:func:`contents`) holds the two scripts (``autograder_files/``), the kit and the grader as sources
(``course/``: ``__init__``, ``paths``, ``kit/`` and ``grading/``; no site tooling, no benchmark), the data, the
assignment's ``assignment.yaml`` and ``hidden.yaml`` (never its authored notebook, which holds the solutions), the
package's runtime requirements and the course's lock. It holds the hidden checks: it is instructor material, for
Gradescope only, and nothing students receive includes it (``tests/test_autograder.py``).

At run time (:func:`run`) the grader is the one ``make grade`` uses, :func:`.grade.grade_notebook`: the same
choice of isolation (bubblewrap, else the process fallback, else a refusal that says why; :func:`.sandbox.isolation`),
the same limits, and :func:`.gradebook.gradescope_results` for results.json. Whatever goes wrong, a results.json
says what.

    python -m course.grading.autograder build a2 [--out _build/autograder] [--hidden DIR]   # make autograder
    python -m course.grading.autograder run [--root /autograder]                            # run_autograder
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import json
import os
import re
import sys
import tempfile
import tomllib
import traceback
import zipfile
from pathlib import Path

from .. import paths
from . import gradebook, grade, scoring, spec
from .records import Result

OUT = paths.ROOT / "_build" / "autograder"
FILES = Path(__file__).parent / "autograder_files"
ROOT_ENV = "COURSE_AUTOGRADER_ROOT"  # replaces /autograder: tests lay a folder out as Gradescope does
DEFAULT_ROOT = Path("/autograder")
CONFIG = "autograder.json"
SCRIPTS = ("setup.sh", "run_autograder")  # executable, at the zip's root
# The package as sources: what the kit and the grader need, and nothing of the site tooling or the benchmarks.
PACKAGE = ("course/__init__.py", "course/paths.py", "course/kit/**/*.py", "course/grading/**/*.py")
SKIP_PARTS = {"__pycache__", ".ipynb_checkpoints"}
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so the same sources always give the same zip
FAULT = (
    "The autograder failed while grading this submission: a fault of the autograder, not of your work. "
    "Your instructor has the details."
)


class AutograderError(RuntimeError):
    """The autograder cannot be built or run as asked; the message says what to fix."""


class NoNotebook(ValueError):
    """The submission holds no single notebook to grade; the message says what to submit."""


# --- building the zip ---------------------------------------------------------------------------------------
def _pyproject() -> dict:
    with open(paths.ROOT / "pyproject.toml", "rb") as fh:
        return tomllib.load(fh)


def requirements() -> str:
    """``requirements.txt`` of the zip: the package's dependencies and its ``grade`` extra, as pyproject.toml
    states them; ``setup.sh`` installs them held to the lock's versions (``-c constraints.txt``)."""
    project = _pyproject()["project"]
    lines, seen = [], set()
    for req in project["dependencies"] + project["optional-dependencies"]["grade"]:
        key = re.match(r"[A-Za-z0-9._-]+", req).group(0).lower().replace("_", "-")
        if key not in seen:
            seen.add(key)
            lines.append(req)
    return (
        "# What the kit and the grader import (pyproject.toml: the dependencies and the grade extra).\n"
        "# setup.sh installs them with -c constraints.txt, the course's lock (.ci/constraints.txt).\n"
        + "".join(f"{line}\n" for line in lines)
    )


def _files(pattern: str) -> list[Path]:
    return sorted(
        p for p in paths.ROOT.glob(pattern) if p.is_file() and not SKIP_PARTS & set(p.relative_to(paths.ROOT).parts)
    )


def contents(assignment: str, hidden_dir: Path | None = None) -> dict[str, bytes]:
    """Every file of the autograder zip of ``assignment``: {path in the zip: bytes}. Raises AutograderError (or
    :class:`.spec.SpecError`) if the assignment is unknown, its files are malformed or a hidden check's expected
    value cannot be computed, so that a broken autograder stops here rather than on Gradescope."""
    if assignment not in spec.assignments():
        raise AutograderError(f"unknown assignment {assignment!r}: choose from {spec.assignments()}")
    doc = spec.load(assignment, hidden_dir)
    try:
        scoring.expected_values(doc)
    except Exception as err:  # noqa: BLE001 - any failure of a hidden check's expression is the instructor's to fix
        raise AutograderError(
            f"{assignment}: a hidden check's expected value cannot be computed "
            f"({type(err).__name__}: {err}); fix hidden.yaml"
        ) from None
    folder = spec.assignment_dir(assignment)
    files: dict[str, bytes] = {name: (FILES / name).read_bytes() for name in (*SCRIPTS, "README.md")}
    config = {"assignment": assignment, "title": doc["title"], "course_version": _pyproject()["project"]["version"]}
    files[CONFIG] = (json.dumps(config, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    files["requirements.txt"] = requirements().encode("utf-8")
    files["constraints.txt"] = (paths.ROOT / ".ci" / "constraints.txt").read_bytes()
    for pattern in (*PACKAGE, "data/**/*"):
        for path in _files(pattern):
            files[path.relative_to(paths.ROOT).as_posix()] = path.read_bytes()
    rel = folder.relative_to(paths.ROOT).as_posix()
    files[f"{rel}/assignment.yaml"] = (folder / "assignment.yaml").read_bytes()
    files[f"{rel}/hidden.yaml"] = ((hidden_dir or folder) / "hidden.yaml").read_bytes()
    return files


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """``files`` as a zip archive: sorted, with fixed times and Unix modes (the scripts executable)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.create_system = 3  # Unix: unzip applies the modes below
            info.external_attr = (0o100755 if name in SCRIPTS else 0o100644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, files[name])
    return buffer.getvalue()


def build(assignment: str, out_dir: Path = OUT, *, hidden_dir: Path | None = None) -> Path:
    """Write ``out_dir/<assignment>.zip``, the Gradescope autograder of ``assignment`` (its hidden checks from
    ``hidden_dir`` if given), and return its path. The same sources always give the same bytes."""
    out_dir = Path(out_dir)
    data = zip_bytes(contents(assignment, hidden_dir))
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{assignment}.zip"
    fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o600)  # it holds the hidden checks
        os.replace(tmp, target)
    except BaseException:
        os.unlink(tmp)
        raise
    return target


# --- running on Gradescope --------------------------------------------------------------------------------------
def find_notebook(folder: Path, wanted: str) -> tuple[Path, str]:
    """The notebook to grade in a submission folder, and a note if other notebooks were left out.

    One ``.ipynb`` file anywhere in it (a subfolder too; links, hidden files and checkpoints are ignored) is
    graded whatever its name; of several, the one named ``wanted`` (``a2.ipynb``) if there is exactly one.
    Otherwise raises :class:`NoNotebook` saying what was found and what to submit.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise NoNotebook(f"the submission folder is missing: submit your {wanted}")
    found: list[Path] = []
    others: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder):  # symlinked folders are not followed
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_PARTS | {"__MACOSX"} and not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if name.startswith(".") or path.is_symlink() or not path.is_file():
                continue
            (found if name.lower().endswith(".ipynb") else others).append(path)

    def listed(items: list[Path]) -> str:
        names = [p.relative_to(folder).as_posix() for p in items]
        return ", ".join(names[:10]) + (f" and {len(names) - 10} more" if len(names) > 10 else "")

    if len(found) == 1:
        return found[0], ""
    if not found:
        held = f"it holds {listed(others)}" if others else "it is empty"
        raise NoNotebook(f"no notebook (.ipynb file) in the submission ({held}): submit your {wanted}")
    named = [p for p in found if p.name == wanted]
    if len(named) == 1:
        rest = [p for p in found if p != named[0]]
        return named[0], f"graded {named[0].relative_to(folder).as_posix()}; not graded: {listed(rest)}"
    raise NoNotebook(f"{len(found)} notebooks in the submission ({listed(found)}): submit only your {wanted}")


def configured_assignment(source: Path) -> str:
    """The assignment an unpacked autograder grades (its ``autograder.json``), checked against the course folder
    the grader runs from: it must grade with the zip's own checks and data, nothing else installed."""
    try:
        assignment = json.loads((source / CONFIG).read_text(encoding="utf-8"))["assignment"]
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise AutograderError(f"{source / CONFIG} is missing or unreadable ({err}): rebuild the zip") from None
    if Path(source).resolve() != paths.ROOT.resolve():
        raise AutograderError(
            f"the grader's course folder is {paths.ROOT}, not {source}: run it as run_autograder "
            f"does (PYTHONPATH={source})"
        )
    return assignment


def grade_submission(root: Path) -> Result:
    """Grade the notebook in ``root/submission`` with the autograder unpacked in ``root/source``."""
    assignment = configured_assignment(Path(root) / "source")
    doc = spec.load(assignment)
    try:
        path, note = find_notebook(Path(root) / "submission", doc["notebook"])
    except NoNotebook as err:
        return Result(
            "submission", "", "unreadable", str(err), "none", scoring.score(doc, {}, scoring.expected_values(doc))
        )
    result = grade.grade_notebook(path, assignment)
    if note:
        result = dataclasses.replace(result, reason="; ".join(r for r in (result.reason, note) if r))
    return result


def run(root: Path | None = None) -> dict:
    """Grade the submission under ``root`` (default ``$COURSE_AUTOGRADER_ROOT``, else ``/autograder``) and write
    ``root/results/results.json``, also when grading fails (then it says so, and the details go to the standard
    output, which Gradescope shows to instructors only). Returns what was written."""
    root = Path(root or os.environ.get(ROOT_ENV) or DEFAULT_ROOT)
    try:
        result = grade_submission(root)
        results = gradebook.gradescope_results(result)
        gradebook.GradescopeResults.model_validate(results)
        print(
            f"course: {paths.ROOT}; file: {result.file or '(none)'}; status: {result.status}; "
            f"isolation: {result.isolation}; score: {result.total:g} of {result.max_auto:g}"
            + (f"; reason: {result.reason}" if result.reason else "")
        )
    except Exception:  # noqa: BLE001 - whatever fails, Gradescope must get a results.json that says so
        traceback.print_exc(file=sys.stdout)
        results = gradebook.gradescope_error(FAULT)
    gradebook.atomic_write(root / "results" / "results.json", json.dumps(results, indent=1))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course.grading.autograder", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="write the Gradescope autograder zip of an assignment")
    b.add_argument("assignment")
    b.add_argument("--out", type=Path, default=OUT, help="folder for <assignment>.zip (default: _build/autograder)")
    b.add_argument("--hidden", type=Path, default=None, help="folder with hidden.yaml, if kept outside the repository")
    r = sub.add_parser("run", help="grade /autograder/submission into /autograder/results/results.json")
    r.add_argument("--root", type=Path, default=None, help=f"instead of /autograder (or ${ROOT_ENV})")
    args = parser.parse_args(argv)
    if args.command == "run":
        run(args.root)
        return 0
    try:
        target = build(args.assignment, args.out, hidden_dir=args.hidden)
    except (AutograderError, spec.SpecError) as err:
        print(f"autograder: {err}", file=sys.stderr)
        return 1
    print(
        f"{target}: upload it as the autograder of a Gradescope programming assignment (it holds the hidden "
        "checks: never give it to students)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
