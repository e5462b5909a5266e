"""The students' repository (``make student-repo``, course/site/student_repo.py): what students receive holds no
instructor-only string in any file of any version, has a history of its own, runs a lesson from its own files,
and publishes with a plain ``git push``.

Every build here goes into a temporary folder; the course's working tree is left as it was.
"""

from __future__ import annotations

import fnmatch
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

from course.site import instructor, student_repo, worksheets
from course.site.student_repo import git
from support import ROOT, normalise


def _main_state() -> tuple[str, list[str]]:
    """The course repository's status (tracked and untracked files) and what _build/ holds."""
    status = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=all"],
                            capture_output=True, text=True, check=True).stdout
    build = ROOT / "_build"
    return status, sorted(p.name for p in build.iterdir()) if build.is_dir() else []


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One build of the students' repository into a temporary folder; checks the working tree is unchanged."""
    before = _main_state()
    out = tmp_path_factory.mktemp("students") / "student-repo"
    commit = student_repo.build(out)
    assert _main_state() == before, "building the students' repository changed the course's working tree"
    return out, commit


@pytest.fixture(scope="module")
def secrets() -> list[str]:
    """The instructor-only strings the editions test knows (course.site.instructor), as a reader would see them."""
    found = [normalise(s) for s in instructor.instructor_only_strings()]
    assert len(found) > 50, "the list of instructor-only strings looks empty"
    return found


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _strings(k) + _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def readable(data: bytes) -> str:
    """A file's text as the search sees it: the raw text, plus every string of it parsed as JSON (a notebook's
    cells without JSON escapes) or YAML, normalised like the editions test's pages (tags kept: code holds ``<``)."""
    text = data.decode("utf-8", errors="replace")
    views = [text]
    try:
        views += _strings(json.loads(text))
    except ValueError:
        try:
            views += _strings(yaml.safe_load(text))
        except yaml.YAMLError:
            pass
    return normalise("\n".join(views), tags=False)


def all_objects(repo: Path) -> dict[str, tuple[str, bytes]]:
    """Every object in the repository's store, reachable or not: {sha: (type, content)}."""
    run = subprocess.run(["git", f"--git-dir={repo / '.git'}", "cat-file", "--batch-all-objects",
                          "--batch=%(objectname) %(objecttype) %(objectsize)"],
                         capture_output=True, check=True)
    found, stream = {}, run.stdout
    while stream:
        header, stream = stream.split(b"\n", 1)
        sha, kind, size = header.decode().split()
        found[sha] = (kind, stream[: int(size)])
        stream = stream[int(size) + 1:]
    return found


def leaks(repo: Path, secrets: list[str]) -> dict[str, list[str]]:
    """{secret: where it was found}, over the work tree's files and every blob and commit message in the history."""
    found: dict[str, list[str]] = {}
    texts = [(f"file {p.relative_to(repo)}", p.read_bytes()) for p in sorted(repo.rglob("*"))
             if p.is_file() and ".git" not in p.relative_to(repo).parts]
    texts += [(f"{kind} {sha[:10]}", data) for sha, (kind, data) in all_objects(repo).items() if kind in ("blob", "commit")]
    for where, data in texts:
        text = readable(data)
        for secret in secrets:
            if secret in text:
                found.setdefault(secret, []).append(where)
    return found


def history_paths(repo: Path) -> set[str]:
    """Every path that any commit of the repository has held."""
    names = git(repo, "log", "--all", "--name-only", "--format=").stdout.split("\n")
    return {n for n in names if n}


def test_no_instructor_string_in_any_file_or_version(built, secrets):
    out, _ = built
    found = leaks(out, secrets)
    assert not found, f"instructor-only text in the students' repository: {dict(list(found.items())[:5])}"


def test_the_search_finds_a_planted_secret_in_the_history_after_it_is_deleted(built, secrets, tmp_path):
    """Positive control: every instructor string, planted in a notebook (JSON-escaped) and a Markdown file, committed
    and then deleted, is found by the same search in the history, and no longer in the files."""
    copy = tmp_path / "planted"
    shutil.copytree(built[0], copy)
    cells = [nbformat.v4.new_code_cell(s) if i % 2 else nbformat.v4.new_markdown_cell(s) for i, s in enumerate(secrets)]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), copy / "notebooks" / "planted.ipynb")
    (copy / "book" / "planted.md").write_text("\n\n".join(secrets), encoding="utf-8")
    git(copy, "add", "--all")
    git(copy, "commit", "--quiet", "-m", "planted")
    assert set(leaks(copy, secrets)) == set(secrets), "the search misses a planted instructor string"
    git(copy, "rm", "--quiet", "notebooks/planted.ipynb", "book/planted.md")
    git(copy, "commit", "--quiet", "-m", "removed")
    assert not (copy / "book" / "planted.md").exists()
    found = leaks(copy, secrets)
    assert set(found) == set(secrets), "a secret deleted from the files must still be found in the history"
    assert not any(w.startswith("file ") for places in found.values() for w in places)


def test_holds_what_students_need_and_no_instructor_file(built):
    out, commit = built
    assert commit and git(out, "rev-parse", "HEAD").stdout.strip() == commit
    tracked = set(git(out, "ls-files").stdout.split("\n")) - {""}
    assert tracked == set(student_repo.contents()), "the tree is not exactly the declared CONTENTS"
    for needed in ["README.md", "Makefile", ".gitignore", "pyproject.toml", "course/__init__.py", "course/paths.py",
                   "course/kit/data.py", "course/kit/charts/trade.py", "course/grading/public.py", "data/datapackage.json",
                   "exercises/quizzes/03.yaml", "exercises/challenges/03.yaml", "exercises/a2/assignment.yaml",
                   "exercises/a2/a2.ipynb", ".binder/requirements.txt", ".binder/postBuild", ".binder/runtime.txt",
                   "book/how-to-run.md", "book/updates.md", "CHANGELOG.md", "book/references.bib", "notebooks/03_trade_and_energy.ipynb",
                   "notebooks/capstone_memo.ipynb"]:
        assert needed in tracked, f"the students' repository lacks {needed}"
    ever = history_paths(out)
    for rule in student_repo.NEVER + ("*hidden*", "*notes.yaml", "*_generated*", "course/grading/release.py"):
        bad = [p for p in ever if fnmatch.fnmatch(p, rule)]
        assert not bad, f"an instructor-only file in the students' history: {bad}"
    assert os.access(out / ".binder" / "postBuild", os.X_OK), "repo2docker runs postBuild: it must stay executable"


def test_lessons_are_the_course_lessons_with_solutions_folded_and_the_worksheets_use_them(built):
    out, _ = built
    names = sorted(p.name for p in (out / "notebooks").glob("[0-9][0-9]*_*.ipynb"))
    assert names and names == [p.name for p in worksheets.lessons()], "the site's downloads are made from other lessons"
    for path in worksheets.lessons():
        assert (out / "notebooks" / path.name).read_bytes() == path.read_bytes()
        solutions = [c for c in nbformat.read(path, as_version=4).cells if worksheets.is_solution(c)]
        assert all(c.metadata.get("jupyter", {}).get("source_hidden") for c in solutions), \
            f"{path.name}: a challenge solution is not folded"


def test_assignments_are_the_released_student_versions(built):
    out, _ = built
    from course.grading import release, spec

    for assignment in spec.assignments():
        shipped = (out / "exercises" / assignment / f"{assignment}.ipynb").read_text(encoding="utf-8")
        authored = (spec.assignment_dir(assignment) / f"{assignment}.ipynb").read_text(encoding="utf-8")
        assert release.BEGIN not in shipped and release.BEGIN in authored, f"{assignment}: the solution markers"
        assert nbformat.reads(shipped, as_version=4) == release.student_notebook(assignment)


def test_history_is_its_own_and_a_rebuild_appends_to_it(built, tmp_path):
    out, first = built
    assert git(out, "rev-list", "--max-parents=0", "HEAD").stdout.split() == [first], "one root commit, fresh"
    main_head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, check=True)
    assert main_head.stdout.strip() not in all_objects(out), "the course repository's history is in the students'"
    shipped = set(all_objects(out))
    commits = [sha for sha, (kind, _) in all_objects(out).items() if kind == "commit"]
    known = subprocess.run(["git", "-C", str(ROOT), "cat-file", "--batch-check"], input="\n".join(commits) + "\n",
                           capture_output=True, text=True, check=True).stdout.splitlines()
    assert commits and known == [f"{sha} missing" for sha in commits], "a students' commit is in the course repository"

    copy = tmp_path / "again"
    shutil.copytree(out, copy)
    assert student_repo.build(copy) is None, "a build with nothing changed makes no commit"
    (copy / "data" / "timeline.csv").unlink()  # e.g. someone's edit in the built repository
    git(copy, "commit", "--quiet", "--all", "-m", "an edit")
    (copy / ".venv").mkdir()
    (copy / ".venv" / "kept").write_text("a student's environment after `make lab`")
    (copy / "stray.txt").write_text("not declared")
    again = student_repo.build(copy)
    assert (copy / "stray.txt").is_file() and (copy / ".venv" / "kept").is_file(), "the build removed a file it does not own"
    assert "stray.txt" not in git(copy, "ls-files").stdout, "an undeclared file was committed"
    assert again and (copy / "data" / "timeline.csv").read_bytes() == (ROOT / "data" / "timeline.csv").read_bytes()
    assert git(copy, "rev-list", "--count", "HEAD").stdout.strip() == "3"
    assert git(copy, "merge-base", "--is-ancestor", first, again, check=False).returncode == 0
    assert shipped <= set(all_objects(copy))


def test_git_push_publishes_to_the_launch_links_repository(built, tmp_path):
    out, _ = built
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert git(out, "remote", "get-url", "origin").stdout.strip() == config["repository"]["url"], \
        "the students' repository must push to where the site's launch links pull from"
    branch = config["repository"]["branch"]
    assert git(out, "symbolic-ref", "--short", "HEAD").stdout.strip() == branch
    copy, hub = tmp_path / "copy", tmp_path / "published.git"
    shutil.copytree(out, copy)
    subprocess.run(["git", "init", "--quiet", "--bare", str(hub)], check=True)
    git(copy, "remote", "set-url", "origin", str(hub))
    pushed = git(copy, "push", check=False)
    assert pushed.returncode == 0, f"a plain `git push` fails: {pushed.stderr}"
    published = subprocess.run(["git", f"--git-dir={hub}", "rev-parse", branch], capture_output=True, text=True)
    assert published.stdout.strip() == git(copy, "rev-parse", "HEAD").stdout.strip()


# The test environment has the course installed in editable mode, whose import hook would find any module missing
# from the students' copy (course.site, ...) in this checkout. A Python started with this sitecustomize.py on its
# path drops that hook, so `course` and all of it come from the students' repository alone, as on the hub.
WITHOUT_EDITABLE_HOOK = """import sys
sys.meta_path[:] = [f for f in sys.meta_path if "__editable__" not in getattr(f, "__module__", "")]
sys.path_hooks[:] = [h for h in sys.path_hooks if "__editable__" not in getattr(h, "__module__", "")]
sys.path_importer_cache.clear()
"""


def _student_env(out: Path) -> dict:
    hooks = out.parent / "without-editable-hook"
    hooks.mkdir(exist_ok=True)
    (hooks / "sitecustomize.py").write_text(WITHOUT_EDITABLE_HOOK, encoding="utf-8")
    return {**os.environ, "PYTHONPATH": f"{out}{os.pathsep}{hooks}"}


def _student_python(out: Path, code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=out / "notebooks", env=_student_env(out),
                          capture_output=True, text=True)


def test_kit_and_assignment_checks_work_from_the_students_files(built):
    out, _ = built
    code = ("import course, course.kit\nfrom course import paths\nfrom course.kit import data\n"
            "from course.kit.challenges import check\nfrom course.grading import checker, spec\n"
            "print(course.__file__)\nprint(paths.ROOT)\n"
            "print(len(data.load('russia_china_trade')))\n"
            "print(repr(checker('a2')('q1')).splitlines()[0])\n"
            "try:\n    spec.load('a2')\nexcept spec.SpecError as err:\n    print('hidden:', err)\n")
    run = _student_python(out, code)
    assert run.returncode == 0, run.stderr[-2000:]
    lines = run.stdout.splitlines()
    assert lines[0] == str(out / "course" / "__init__.py") and lines[1] == str(out), "the package came from elsewhere"
    assert int(lines[2]) > 10, "the trade table did not load"
    assert lines[3] == "q1: not yet", f"check() in an assignment does not run its public checks: {lines[3]}"
    assert lines[4].startswith("hidden:") and "hidden.yaml" in lines[4], "hidden checks must be absent"
    for tool in ["course.site", "course.grading.sandbox", "course.grading.scoring", "course.bench"]:
        run = _student_python(out, f"import {tool}")
        assert run.returncode != 0 and "ModuleNotFoundError" in run.stderr, f"{tool} should not be in the students' copy"
    assert subprocess.run([sys.executable, "-c", "import course.site, course.grading.sandbox"], cwd=ROOT).returncode == 0, \
        "positive control: the same imports work in the course repository"


@pytest.mark.slow
def test_a_lesson_runs_from_the_students_files(built):
    """Lesson 03 executed in a kernel whose course package and data are the students' repository's own."""
    out, _ = built
    env = _student_env(out)
    # A cell that never finishes fails naming its source (nbclient's per-cell limit) rather than as the whole run,
    # and the run's own limit says what nbconvert had printed: a rare hang here (one make test-fast run in about a
    # dozen) printed nothing after "Converting notebook", so which cell waits is what the next failure must tell.
    try:
        run = subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute", "--stdout",
                              "--ExecutePreprocessor.timeout=120", "03_trade_and_energy.ipynb"],
                             cwd=out / "notebooks", env=env, capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired as stuck:
        printed = stuck.stderr.decode(errors="replace") if isinstance(stuck.stderr, bytes) else (stuck.stderr or "")
        pytest.fail(f"lesson 03 did not finish in 300 s from the students' files; nbconvert had printed: {printed[-3000:]!r}")
    assert run.returncode == 0, run.stderr[-3000:]
    nb = nbformat.reads(run.stdout, as_version=4)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors and "Trade by year" in run.stdout


def test_a_declared_instructor_file_stops_the_build(monkeypatch):
    monkeypatch.setattr(student_repo, "CONTENTS", student_repo.CONTENTS + (student_repo.Entry("exercises/*/hidden.yaml", "oops"),))
    with pytest.raises(student_repo.StudentRepoError, match="hidden.yaml"):
        student_repo.contents()


def test_refuses_to_overwrite_the_course_or_a_folder_that_is_not_its_repository(tmp_path):
    with pytest.raises(student_repo.StudentRepoError, match="course repository"):
        student_repo.build(ROOT)
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(student_repo.StudentRepoError, match="not a git repository"):
        student_repo.build(tmp_path)
    assert (tmp_path / "notes.txt").read_text() == "mine"
