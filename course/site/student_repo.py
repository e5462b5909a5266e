"""The students' repository: what students receive, as a git repository of its own (``make student-repo``).

The course repository is the instructors': it holds the authored assignment notebooks (with their solutions),
each assignment's ``hidden.yaml``, the instructor notes with their model answers (``book/instructor/``) and the
tooling that builds the instructor edition, in its files and in its history. Students get a generated tree
instead, ``_build/student-repo/``: a git repository with its own history (a fresh ``git init``, then one commit
per build that changed something), which an instructor pushes to the address in ``_config.yml``'s
``repository.url``. That is where the site's JupyterHub links send nbgitpuller, and where the hub's image is
built from (it carries ``.binder/``).

:data:`CONTENTS` is the one list of what goes in; :data:`NEVER` is what must never be in it (a build that would
ship one of those stops). The site's ⬇ download (the worksheet) is made from the same lessons
(:func:`lessons`, used by :mod:`course.site.worksheets`).

    python -m course.site.student_repo [--out _build/student-repo]     # or: make student-repo
    cd _build/student-repo && git push                                  # publish it where nbgitpuller pulls
"""

from __future__ import annotations

import argparse
import fnmatch
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
import yaml

from .. import paths
from ..grading import release, spec
from . import environment

OUT = paths.ROOT / "_build" / "student-repo"
FILES = Path(__file__).parent / "student_files"  # the students' README, Makefile and .gitignore


@dataclass(frozen=True)
class Entry:
    """Files of the course folder that go into the students' repository at the same path.

    ``pattern`` is a glob relative to the course folder; ``how`` is ``copy`` (as it is), ``toc`` (a book page,
    copied only if the student site lists it in ``_toc.yml``) or ``release`` (an assignment's student version,
    made by :func:`course.grading.release.student_notebook` from the authored notebook, which never goes in).
    """

    pattern: str
    why: str
    how: str = "copy"


CONTENTS: tuple[Entry, ...] = (
    Entry("notebooks/[0-9][0-9]*_*.ipynb", "the lessons (00b, an inserted lesson, too); each challenge solution is a folded cell, as on the site"),
    Entry("notebooks/capstone_memo.ipynb", "the capstone workspace"),
    Entry("data/*", "the tables, their descriptor and the research behind them"),
    Entry("exercises/quizzes/*.yaml", "the self-check quizzes (their answers are public by design)"),
    Entry("exercises/challenges/*.yaml", "the lessons' challenges: hints and checks, keys computed from data/"),
    Entry("exercises/*/assignment.yaml", "each assignment's questions, public checks and rubrics (check() reads it)"),
    Entry("exercises/*/assignment.yaml", "each assignment's student version (no solution, no hidden check)", "release"),
    Entry("course/__init__.py", "the helper package"),
    Entry("course/paths.py", "finds the course folder (and data/) from a lesson's folder"),
    Entry("course/kit/*.py", "what the lessons import"),
    Entry("course/kit/*/*.py", "what the lessons import (the charts)"),
    # A student notebook runs `check = checker("a2")`: the public checks need these three modules and nothing
    # else of the grader. They hold no answer; the sandbox, runner, scoring and hidden checks stay behind.
    Entry("course/grading/__init__.py", "check() in the assignments"),
    Entry("course/grading/public.py", "check() in the assignments: public checks only"),
    Entry("course/grading/spec.py", "reads assignment.yaml for check()"),
    Entry("book/*.md", "the student site's pages, as Markdown", "toc"),
    Entry("book/references.bib", "the bibliography the pages cite"),
    Entry("CHANGELOG.md", "what changed in each version (the Updates page includes it)"),
    Entry("CITATION.cff", "how to cite the course"),
    Entry(".binder/*", "the hub's image (repo2docker builds it from this repository)"),
    Entry("pyproject.toml", "the package's dependencies; .binder/postBuild installs the package from it"),
)

# Whatever CONTENTS says, none of these may be in the students' repository (fnmatch: `*` crosses folders).
NEVER: tuple[str, ...] = (
    "exercises/*/hidden.yaml",  # hidden checks
    "book/instructor/*",  # instructor notes, model answers, generated instructor pages
    "course/site/*",  # the build tooling, the instructor edition's generator among it
    "course/bench/*", "tests/*", ".ci/*", "_build/*",
    "course/grading/sandbox.py", "course/grading/runner.py", "course/grading/scoring.py", "course/grading/grade.py",
)

IDENTITY = {"GIT_AUTHOR_NAME": "Course build", "GIT_AUTHOR_EMAIL": "course-build@localhost",
            "GIT_COMMITTER_NAME": "Course build", "GIT_COMMITTER_EMAIL": "course-build@localhost"}
SKIP_PARTS = {"__pycache__", ".ipynb_checkpoints"}


class StudentRepoError(RuntimeError):
    """The students' repository cannot be built safely; the message says what to fix."""


def remote() -> tuple[str, str]:
    """The students' repository's address and branch, from ``_config.yml`` (``repository.url`` and ``.branch``)."""
    config = yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))
    repo = config.get("repository") or {}
    if not repo.get("url"):
        raise StudentRepoError("_config.yml: set repository.url to the students' repository (where nbgitpuller pulls)")
    return str(repo["url"]), str(repo.get("branch") or "main")


def _matches(entry: Entry) -> list[Path]:
    return sorted(p for p in paths.ROOT.glob(entry.pattern)
                  if p.is_file() and not SKIP_PARTS & set(p.relative_to(paths.ROOT).parts))


def _toc_pages() -> set[str]:
    toc = yaml.safe_load((paths.ROOT / "_toc.yml").read_text(encoding="utf-8"))
    pages = {toc["root"]} | {c["file"] for part in toc.get("parts", []) for c in part.get("chapters", [])}
    return {f"{page}.md" for page in pages}


def lessons() -> list[Path]:
    """The lesson notebooks the students' repository holds (the first entry of :data:`CONTENTS`); the site's
    worksheets (its ⬇ downloads) are made from the same files."""
    return _matches(CONTENTS[0])


def _notebook_bytes(nb) -> bytes:
    text = nbformat.writes(nb)
    return (text if text.endswith("\n") else text + "\n").encode("utf-8")


def contents() -> dict[str, bytes]:
    """Every file of the students' repository: {path inside it: bytes}. Raises StudentRepoError if one of them
    matches :data:`NEVER`, or the image's requirements are out of date."""
    files: dict[str, bytes] = {}
    toc = _toc_pages()
    for entry in CONTENTS:
        for path in _matches(entry):
            rel = path.relative_to(paths.ROOT).as_posix()
            if entry.how == "copy":
                files[rel] = path.read_bytes()
            elif entry.how == "toc":
                if rel in toc:
                    files[rel] = path.read_bytes()
            elif entry.how == "release":
                assignment = path.parent.name
                notebook = spec.load(assignment, with_hidden=False)["notebook"]
                files[f"{path.parent.relative_to(paths.ROOT).as_posix()}/{notebook}"] = \
                    _notebook_bytes(release.student_notebook(assignment))
            else:
                raise StudentRepoError(f"CONTENTS entry {entry.pattern!r}: unknown 'how' {entry.how!r}")
    for name, target in (("README.md", "README.md"), ("Makefile", "Makefile"), ("gitignore", ".gitignore")):
        files[target] = (FILES / name).read_bytes()
    banned = sorted(rel for rel in files if any(fnmatch.fnmatch(rel, rule) for rule in NEVER))
    if banned:
        raise StudentRepoError(f"instructor-only files would go to students: {banned}; fix CONTENTS in {__name__}")
    requirements = environment.requirements_text().encode("utf-8")
    if files.get(".binder/requirements.txt") != requirements:
        raise StudentRepoError(".binder/requirements.txt is out of date: run `python -m course.site.environment`")
    return files


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run git on the students' repository only: its .git is named, so git never walks up to an enclosing one.
    With ``check``, a failure raises StudentRepoError with git's message."""
    env = {**IDENTITY, **{k: v for k, v in os.environ.items() if k.startswith(("GIT_AUTHOR_", "GIT_COMMITTER_"))},
           "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", str(repo)),
           "GIT_CONFIG_NOSYSTEM": "1"}
    run = subprocess.run(["git", f"--git-dir={repo / '.git'}", f"--work-tree={repo}", "-c", "commit.gpgsign=false",
                          "-c", "core.hooksPath=/dev/null", *args], env=env, capture_output=True, text=True)
    if check and run.returncode:
        raise StudentRepoError(f"`git {' '.join(args[:3])}` in {repo} failed: {run.stderr.strip()[-500:]}")
    return run


def _open(out: Path, branch: str) -> None:
    """Start the repository at ``out`` (fresh), or check that the one there is a students' repository."""
    if (out / ".git").is_dir():
        return
    if out.exists() and any(out.iterdir()):
        raise StudentRepoError(f"{out} exists and is not a git repository: remove it or choose another --out")
    out.mkdir(parents=True, exist_ok=True)
    git(out, "init", "--quiet", f"--initial-branch={branch}")


def _write_tree(out: Path, files: dict[str, bytes]) -> None:
    """Make the index, and the files it tracks, hold exactly ``files``. Anything else in the folder (a student's
    .venv after `make lab`, a stray file) is left alone and never committed."""
    tracked = set(git(out, "ls-files", "-z").stdout.split("\0")) - {""}
    gone = sorted(tracked - set(files))
    for rel in gone:
        (out / rel).unlink(missing_ok=True)
        parent = (out / rel).parent
        while parent != out and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
    if gone:
        git(out, "rm", "--quiet", "--cached", "--ignore-unmatch", "--", *gone)
    for rel, data in files.items():
        target = out / rel
        if target.is_symlink():
            target.unlink()
        if not (target.is_file() and target.read_bytes() == data):
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        target.chmod(0o755 if rel == ".binder/postBuild" else 0o644)
    git(out, "add", "--", *sorted(files))


def _source_version() -> str:
    found = subprocess.run(["git", "-C", str(paths.ROOT), "describe", "--always", "--dirty"],
                           capture_output=True, text=True)
    return found.stdout.strip() if found.returncode == 0 else "an unversioned copy"


def build(out: Path = OUT) -> str | None:
    """Write the students' repository into ``out`` and commit it. Returns the new commit, or None when nothing
    changed since the last build. An existing repository at ``out`` gets one more commit on its history."""
    out = Path(out).resolve()
    if out == paths.ROOT or paths.ROOT.is_relative_to(out):
        raise StudentRepoError(f"--out {out} would overwrite the course repository")
    url, branch = remote()
    files = contents()
    _open(out, branch)
    current = git(out, "symbolic-ref", "--short", "HEAD").stdout.strip()
    if current != branch:
        raise StudentRepoError(f"{out} is on branch {current!r}, _config.yml publishes {branch!r}: check it out")
    _write_tree(out, files)
    if git(out, "rev-parse", "--verify", "--quiet", "HEAD", check=False).returncode == 0 and \
            git(out, "diff", "--cached", "--quiet", check=False).returncode == 0:
        _set_remote(out, url, branch)
        return None
    git(out, "commit", "--quiet", "-m", f"Students' edition of the course, built from {_source_version()}")
    _set_remote(out, url, branch)
    return git(out, "rev-parse", "HEAD").stdout.strip()


def _set_remote(out: Path, url: str, branch: str) -> None:
    """Point ``origin`` at the students' repository and track it, so that a plain ``git push`` publishes."""
    if git(out, "remote", "get-url", "origin", check=False).returncode == 0:
        git(out, "remote", "set-url", "origin", url)
    else:
        git(out, "remote", "add", "origin", url)
    git(out, "config", f"branch.{branch}.remote", "origin")
    git(out, "config", f"branch.{branch}.merge", f"refs/heads/{branch}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="the students' repository (default: _build/student-repo)")
    args = parser.parse_args(argv)
    try:
        commit = build(args.out)
    except StudentRepoError as err:
        print(f"student-repo: {err}", file=sys.stderr)
        return 1
    url, branch = remote()
    count = len(git(args.out.resolve(), "ls-files").stdout.splitlines())
    state = f"new commit {commit[:12]}" if commit else "unchanged since the last build"
    print(f"{args.out}: {count} files, {state}. Publish it with: cd {args.out} && git push   (to {url}, {branch})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
