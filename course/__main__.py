"""The course's commands without make: ``python -m course <command>`` (``python -m course --help`` lists them).

Each command does what the Makefile target of the same name does, in the Python that runs it: run it with the
course's environment (``.venv/bin/python -m course …`` after ``make setup``, or any Python where the course is
installed with the extras the command needs, e.g. ``pip install -e ".[book,lab,grade]"``). Setting the environment
up (the hash-checked lock) stays with ``make setup``, and reveal.js (from npm) with ``make slides``; a command whose
files are missing says so. ``course-lessons.zip`` (``bundle``) is how students run the lessons with neither.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

BOOK_FLAGS = ["-W", "--keep-going"]
# jupyter-book has no `python -m` entry; this is its console script's (jupyter_book.cli.main:main), run with this Python.
JUPYTER_BOOK = [
    sys.executable,
    "-c",
    "import sys; from jupyter_book.cli.main import main; sys.argv[0] = 'jupyter-book'; sys.exit(main())",
]
INSTRUCTOR = Path("_build") / "instructor-edition"

# What each command needs beyond the base install, for a clear message when it is missing: {module: extra}.
NEEDS = {
    "book": {"jupyter_book": "book"},
    "instructor": {"jupyter_book": "book"},
    "slides": {"markdown_it": "book"},
    "lab": {"jupyterlab": "lab"},
    "worksheets": {"nbformat": "book"},
    "student-repo": {"nbformat": "book"},
    "bundle": {"nbformat": "book", "packaging": "book", "setuptools": "book"},
    "release": {"nbformat": "grade"},
    "grade": {"nbformat": "grade", "tqdm": "grade"},
    "autograder": {"nbformat": "grade"},
    "pdf": {"playwright": "book", "bs4": "book"},
}


class CommandError(RuntimeError):
    """A command cannot run here; the message says what to do."""


def _root() -> Path:
    from . import paths

    return paths.ROOT


def _run(*args: str | Path) -> int:
    """Run a command in the course folder with this Python; return its exit code."""
    return subprocess.run([str(a) for a in args], cwd=_root()).returncode


def _out(given: Path | None, default: str) -> Path:
    """An output folder: as given (relative to the working directory), else ``default`` in the course folder."""
    return Path(given).resolve() if given else _root() / default


def _module(name: str, *args: str | Path) -> int:
    return _run(sys.executable, "-m", name, *args)


def _require(command: str) -> None:
    for module, extra in NEEDS.get(command, {}).items():
        if importlib.util.find_spec(module) is None:
            raise CommandError(
                f"`{command}` needs {module}, which this Python ({sys.executable}) lacks: install the "
                f'course with its {extra!r} extra (pip install -e ".[{extra}]"), or run `make {command}`'
            )


def _newest(root: Path, patterns: list[str]) -> float:
    return max((p.stat().st_mtime for pattern in patterns for p in root.glob(pattern) if p.is_file()), default=0.0)


def _drop_stale(stamp: Path, patterns: list[str], folders: list[Path]) -> None:
    """The Makefile's stamp rule: when a file of ``patterns`` is newer than ``stamp``, remove ``folders`` and touch
    ``stamp`` (jupyter-cache keys a lesson on its own text only, so a kit or data change must drop its cache)."""
    root = _root()
    if stamp.is_file() and stamp.stat().st_mtime >= _newest(root, patterns):
        return
    for folder in folders:
        shutil.rmtree(root / folder, ignore_errors=True)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.touch()


def _fresh_caches() -> None:
    root = _root()
    _drop_stale(
        root / "_build" / ".kit-stamp",
        [
            "course/*.py",
            "course/*/*.py",
            "course/*/*/*.py",
            "exercises/quizzes/*.yaml",
            "exercises/challenges/*.yaml",
            "data/*",
        ],
        [
            Path(".jupyter_cache"),
            Path("_build/.jupyter_cache"),
            Path("_build/jupyter_execute"),
            Path("_build/.doctrees"),
            INSTRUCTOR / "_build",
        ],
    )
    _drop_stale(
        root / "_build" / ".site-stamp",
        ["course/site/static/*.*", "course/site/static/*/*.*", "course/kit/explorers/static/*.*"],
        [Path("_build/.doctrees"), INSTRUCTOR / "_build"],
    )


def cmd_book(args) -> int:
    _fresh_caches()
    log = _root() / "_build" / "book.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w", encoding="utf-8") as out:  # the tests read the build's log instead of building again
        run = subprocess.Popen(
            [*JUPYTER_BOOK, "build", ".", *BOOK_FLAGS],
            cwd=_root(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for line in run.stdout:
            sys.stdout.write(line)
            out.write(line)
    if run.wait() == 0:
        print(f"\nStudent site: {_root() / '_build' / 'html' / 'index.html'}\nServe it with: python -m course serve")
    return run.returncode


def cmd_instructor(args) -> int:
    _fresh_caches()
    code = _module("course.site.instructor")
    if code == 0:
        code = _run(
            *JUPYTER_BOOK,
            "build",
            ".",
            "--toc",
            INSTRUCTOR / "_toc.yml",
            "--config",
            INSTRUCTOR / "_config.yml",
            "--path-output",
            INSTRUCTOR,
            *BOOK_FLAGS,
        )
    if code == 0:
        print(
            f"Instructor site: {_root() / INSTRUCTOR / '_build' / 'html' / 'index.html'} (never publish it to students)"
        )
    return code


def cmd_slides(args) -> int:
    lib = _root() / "_build" / "slides" / "lib"
    if not (lib / ".stamp").is_file():
        raise CommandError("_build/slides/lib/ (reveal.js, fetched from npm) is missing: run `make slides` once")
    if args.instructor:
        target = _root() / INSTRUCTOR / "slides" / "lib"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(lib, target)
    return _module("course.site.slides", *(["--instructor"] if args.instructor else []))


def cmd_serve(args) -> int:
    html = _root() / "_build" / "html"
    if not (html / "index.html").is_file():
        raise CommandError("the site is not built: run `python -m course book` first")
    return _module("http.server", "--bind", "127.0.0.1", "--directory", html, str(args.port))


def cmd_lab(args) -> int:
    return _module("jupyter", "lab", "--notebook-dir=notebooks")


def cmd_worksheets(args) -> int:
    return _module("course.site.worksheets", "--out", _out(args.out, "_build/worksheets"))


def cmd_student_repo(args) -> int:
    return _module("course.site.student_repo", "--out", _out(args.out, "_build/student-repo"))


def cmd_bundle(args) -> int:
    return _module("course.site.bundle", "--out", _out(args.out, "_build/bundle"))


def cmd_freshness(args) -> int:
    return _module("course.site.freshness")


def cmd_pdf(args) -> int:
    """The print edition of the built site (make pdf, make pdf-instructor): build the site first."""
    edition = "instructor" if args.instructor else "student"
    return _module(
        "course.site.print_edition", "--edition", edition, *(["--out", _out(args.out, "")] if args.out else [])
    )


def cmd_release(args) -> int:
    from .grading import spec

    known = spec.assignments()
    unknown = [a for a in args.assignment if a not in known]
    if unknown:
        raise CommandError(f"unknown assignment {unknown[0]!r}; choose from {', '.join(known)}")
    for assignment in args.assignment or known:
        code = _module("course.grading", "release", assignment, "--out", _out(args.out, "_build/assignments"))
        if code:
            return code
    return 0


def cmd_grade(args) -> int:
    extra = [*(["--force"] if args.force else []), *(["--late-policy", args.late_policy] if args.late_policy else [])]
    return _module("course.grading", "grade", args.assignment, Path(args.submissions).resolve(), *extra)


def cmd_bench(args) -> int:
    return _module(
        {"lessons": "course.bench.lessons", "site": "course.bench.site", "grade": "course.bench.grader"}[args.what]
    )


def cmd_autograder(args) -> int:
    """Another branch adds course.grading.autograder (``make autograder``): call its build() once it is there."""
    if importlib.util.find_spec("course.grading.autograder") is None:
        raise CommandError(
            "this copy of the course has no course/grading/autograder.py yet, so there is no "
            "autograder to build; update the course (or use `make release` for the student versions)"
        )
    from .grading import autograder, spec

    try:
        built = autograder.build(args.assignment, _out(args.out, "_build/autograder"))
    except (autograder.AutograderError, spec.SpecError) as err:  # an unknown assignment, a broken hidden check
        raise CommandError(str(err)) from None
    if built is not None:
        print(built)
    return 0


def parser() -> argparse.ArgumentParser:
    """The command line: one subcommand per Makefile target, each with its own --help."""
    top = argparse.ArgumentParser(
        prog="python -m course",
        description=__doc__.split("\n\n")[0],
        epilog="`python -m course <command> --help` says more about each command. "
        "A relative --out is taken from the folder you are in; the defaults are in the "
        "course folder's _build/.",
    )
    sub = top.add_subparsers(dest="command", required=True, metavar="<command>")

    def add(name, func, summary):
        cmd = sub.add_parser(name, help=summary, description=summary)
        cmd.set_defaults(func=func)
        return cmd

    add("book", cmd_book, "run the lessons and build the student site into _build/html (make book)")
    add("instructor", cmd_instructor, "build the instructor edition into _build/instructor-edition (make instructor)")
    slides = add("slides", cmd_slides, "the lessons as offline reveal.js decks in _build/slides (make slides)")
    slides.add_argument(
        "--instructor",
        action="store_true",
        help="the decks with speaker notes, in _build/instructor-edition/slides (never give these to students)",
    )
    serve = add("serve", cmd_serve, "serve the built site on http://127.0.0.1:PORT (make serve)")
    serve.add_argument("--port", type=int, default=8000, help="the port (default: 8000)")
    add("lab", cmd_lab, "open the lessons in JupyterLab (make lab)")
    add("worksheets", cmd_worksheets, "the lessons without their challenge solutions (make worksheets)").add_argument(
        "--out", type=Path, help="folder for the worksheets (default: _build/worksheets)"
    )
    add(
        "student-repo", cmd_student_repo, "what students receive, as a git repository of its own (make student-repo)"
    ).add_argument("--out", type=Path, help="the students' repository (default: _build/student-repo)")
    add(
        "bundle", cmd_bundle, "the lessons for any Jupyter (Colab, Anaconda, a hub) in one zip (make bundle)"
    ).add_argument("--out", type=Path, help="folder for course-lessons.zip (default: _build/bundle)")
    add(
        "freshness",
        cmd_freshness,
        "each table's newest observation, its sources' date, the lessons using it (make freshness)",
    )
    pdf = add("pdf", cmd_pdf, "the built site as one PDF for print, in _build/pdf (make pdf; run `book` first)")
    pdf.add_argument("--instructor", action="store_true", help="the instructor edition (run `instructor` first)")
    pdf.add_argument("--out", type=Path, help="folder for the PDF (default: _build/pdf)")
    release = add("release", cmd_release, "student versions of the assignments into _build/assignments (make release)")
    release.add_argument("assignment", nargs="*", help="the assignments to release (default: all of them)")
    release.add_argument("--out", type=Path, help="folder for the student versions (default: _build/assignments)")
    grade = add(
        "grade",
        cmd_grade,
        "grade a folder of submissions: gradebook.csv, feedback/, Canvas, Moodle, Gradescope (make grade)",
    )
    grade.add_argument("assignment", help="the assignment, e.g. a2")
    grade.add_argument("submissions", help="the folder of submitted notebooks")
    grade.add_argument("--force", action="store_true", help="regrade submissions already graded")
    grade.add_argument(
        "--late-policy", metavar="YAML", help="a late policy applied to the totals (see the Grading page)"
    )
    bench = add("bench", cmd_bench, "a benchmark (make bench, make bench-site, make bench-grade)")
    bench.add_argument(
        "what",
        choices=["lessons", "site", "grade"],
        help="lessons: build and lesson timings; site: each edition's build, page weight and load time; "
        "grade: the grader's throughput",
    )
    auto = add(
        "autograder", cmd_autograder, "an assignment's autograder package (make autograder; course.grading.autograder)"
    )
    auto.add_argument("assignment", help="the assignment, e.g. a2")
    auto.add_argument("--out", type=Path, help="output folder (default: _build/autograder)")
    return top


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the command; a command that cannot run says why and exits 2."""
    args = parser().parse_args(argv)
    try:
        _require(args.command)
        return args.func(args)
    except CommandError as err:
        print(f"python -m course {args.command}: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
