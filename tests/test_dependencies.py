"""Every package the code imports is declared in pyproject.toml, in the part of it that installs the code: a lesson's
kit only the base dependencies, the grader the base and ``grade``, the site tooling and the benchmarks the base and
``book``, the tests anything. An import guarded by ``except ImportError`` is optional and not counted."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib

import pytest

from support import ROOT

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
LOCAL = {"course", "support", "grading_support", "conftest"}
PARTS = {
    "course/kit": ("",),
    "course/grading": ("", "grade"),
    "course/site": ("", "book"),
    "course/bench": ("", "book", "test"),
    "tests": ("", *PROJECT["optional-dependencies"]),
}


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared(extras: tuple[str, ...]) -> set[str]:
    requirements = [
        r for e in extras for r in (PROJECT["dependencies"] if e == "" else PROJECT["optional-dependencies"][e])
    ]
    return {_canonical(re.match(r"[A-Za-z0-9_.-]+", r).group()) for r in requirements}


def _optional(tree: ast.AST) -> set[int]:
    """Line numbers of imports inside a ``try`` that handles ImportError (or ModuleNotFoundError)."""
    lines = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Try) and any(
            isinstance(h.type, ast.Name) and h.type.id in ("ImportError", "ModuleNotFoundError") for h in node.handlers
        ):
            lines |= {
                n.lineno for stmt in node.body for n in ast.walk(stmt) if isinstance(n, (ast.Import, ast.ImportFrom))
            }
    return lines


def imported(folder: str) -> dict[str, str]:
    """Top-level third-party modules imported under ``folder``, each with one file that imports it."""
    found = {}
    for path in sorted((ROOT / folder).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        optional = _optional(tree)
        for node in ast.walk(tree):
            if getattr(node, "lineno", None) in optional:
                continue
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top not in LOCAL:
                    found.setdefault(top, str(path.relative_to(ROOT)))
    return found


@pytest.mark.parametrize("folder", list(PARTS))
def test_every_import_is_declared_where_it_is_installed(folder):
    distributions = importlib.metadata.packages_distributions()
    declared = _declared(PARTS[folder])
    missing = []
    for module, where in imported(folder).items():
        names = {_canonical(d) for d in distributions.get(module, [])}
        assert names, f"{where} imports {module}, which no installed distribution provides"
        if not names & declared:
            missing.append(f"{module} ({where}; from {sorted(names)})")
    extras = " + ".join(e or "base" for e in PARTS[folder])
    assert not missing, f"{folder} imports packages not declared in pyproject.toml ({extras}): {missing}"


def test_the_check_sees_the_imports():
    """Control: the scan finds what the kit and the site are known to import."""
    assert {"pandas", "pydantic", "numpy"} <= set(imported("course/kit"))
    assert "myst_nb" not in imported("course/kit"), "prose.py's myst_nb is optional (except ImportError)"
    assert {"sphinx", "jupyter_cache", "docutils"} <= set(imported("course/site"))
