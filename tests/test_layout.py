"""The package's layout holds: what lessons import does not drag in the build tooling, the grader's sandbox or a
benchmark, and the tests keep one home for shared paths."""

from __future__ import annotations

import ast
import subprocess
import sys

from course import paths

KIT_MODULES = sorted(p.stem for p in (paths.ROOT / "course" / "kit").glob("*.py") if p.stem != "__init__")
# Never needed by a lesson: the site tooling, the benchmarks, the grader's sandbox side, the book's build stack.
NOT_FOR_LESSONS = ("course.site", "course.bench", "course.grading.sandbox", "course.grading.grade",
                   "jupyter_book", "sphinx", "myst_nb", "nbclient", "nbconvert")


def test_kit_imports_nothing_meant_for_the_build_or_the_grader():
    code = ("import sys\n"
            f"import course.kit\nfor m in {KIT_MODULES!r}: __import__('course.kit.' + m)\n"
            f"print(sorted(m for m in sys.modules if m.startswith({NOT_FOR_LESSONS!r})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=paths.ROOT, check=True)
    assert out.stdout.strip() == "[]", f"importing course.kit loads: {out.stdout.strip()}"


def test_lessons_import_only_the_kit():
    import nbformat
    for path in sorted(paths.NOTEBOOKS.glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "code":
                continue
            for node in ast.walk(ast.parse(cell.source)):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("course"):
                    assert node.module.startswith("course.kit"), f"{path.name}: imports {node.module}; lessons use course.kit"


def test_test_modules_do_not_import_each_other():
    tests = paths.ROOT / "tests"
    names = {p.stem for p in tests.glob("test_*.py")} | {"conftest"}
    for path in sorted(tests.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            imported = [node.module] if isinstance(node, ast.ImportFrom) else \
                [a.name for a in node.names] if isinstance(node, ast.Import) else []
            clash = set(imported) & names
            assert not clash, f"{path.name} imports {clash}: shared helpers belong in tests/support.py"


def test_an_executed_lesson_with_an_error_or_an_unrun_cell_is_reported():
    import nbformat

    from course.site import executed

    cells = [nbformat.v4.new_code_cell("x = 1", execution_count=1), nbformat.v4.new_code_cell("1 / 0", execution_count=2),
             nbformat.v4.new_code_cell("y = 2"), nbformat.v4.new_code_cell("   "), nbformat.v4.new_markdown_cell("text")]
    cells[1].outputs = [nbformat.v4.new_output("error", ename="ZeroDivisionError", evalue="division by zero", traceback=[])]
    found = executed.problems(nbformat.v4.new_notebook(cells=cells))
    assert found == ["cell 1 raised ZeroDivisionError: division by zero", "cell 2 did not run"]


def test_folders_import_downwards_only():
    """kit imports no other folder; grading imports the kit but no site tooling or benchmark; site and bench may use
    the kit and the grader. A newcomer can read the folders bottom-up."""
    allowed = {"kit": set(), "grading": {"kit"}, "site": {"kit", "grading"}, "bench": {"kit", "grading", "site"}}
    for folder, may_use in allowed.items():
        for path in sorted((paths.ROOT / "course" / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom):
                    depth = len(path.relative_to(paths.ROOT / "course").parts) - 1
                    if node.level:
                        base = path.relative_to(paths.ROOT / "course").parts[:depth - node.level + 1]
                        target = (*base, *(node.module or "").split(".")) if node.module else base
                    else:
                        target = tuple((node.module or "").split("."))[1:] if (node.module or "").startswith("course") else ()
                    used = target[0] if target and target[0] in allowed else None
                    assert used in (None, folder) or used in may_use, f"{path.relative_to(paths.ROOT)} imports course.{'.'.join(target)}"
