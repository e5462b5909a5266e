"""Reading the course's own YAML files (quizzes, challenges, assignments, instructor notes, next steps) with errors
that say what to fix.

Each format is declared once, as a pydantic model beside the code that reads it (:mod:`course.kit.quizformat`,
:mod:`course.kit.challengeformat`, :mod:`course.grading.specformat`, :mod:`course.site.notesformat`,
:mod:`course.site.nextsteps`); :func:`validate` turns pydantic's report into lines that name the file, the place in
it (``challenge 2 (03.2), check 1, 'message'``) and the fix.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

Text = Annotated[str, Field(min_length=1, pattern=r"\S")]
"""A non-blank string."""


class Strict(BaseModel):
    """A format's model: no unknown key (a typo is an error, not ignored), no coercion (``"3"`` is not 3)."""

    model_config = ConfigDict(extra="forbid", strict=True)


# What to do about each kind of error pydantic reports, by its type (the message says what is wrong).
FIXES = {
    "missing": "add it",
    "extra_forbidden": "remove it, or check its spelling",
    "literal_error": "use one of the values listed",
    "too_short": "add more",
    "too_long": "remove some",
    "bool_type": "write true or false",
    "string_type": "write it as text (in quotes if YAML reads it as a number or a date)",
    "int_type": "write a whole number",
    "float_type": "write a number",
    "list_type": "write a list ('- item' lines, or [a, b])",
    "dict_type": "write a mapping (key: value lines)",
    "model_type": "write a mapping (key: value lines)",
    "tuple_type": "write a list of two items, e.g. [3, \"what happens\"]",
    "greater_than_equal": "use zero or more",
    "greater_than": "use a number above zero",
    "string_pattern_mismatch": "see the pattern in the message",
}


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


def place(doc, loc: tuple, labels: dict[str, str], skip: tuple = (), root: str | None = None) -> str:
    """A human reading of a pydantic location: ``challenge 3 (03.3), check 2, 'message'``.

    ``labels`` names the items of a list by its key (``{"challenges": "challenge"}``); an item with an ``id`` shows
    it (``"[root]"`` names the items of a list that is the value of a root key); ``skip`` lists steps that are not
    keys in the file (a discriminated union's tags); ``root`` names the keys of a file that is one mapping of ids
    (``lesson '03'``)."""
    parts, node, parent = [], doc, None
    for step in loc:
        if step in skip or step == "[key]":  # "[key]": the error is in a mapping's key, named by the step before
            continue
        if isinstance(step, int):
            under_root = root and len(parts) == 1 and parent is not None and node is not doc
            key = "[root]" if under_root else parent
            label = labels.get(key, "item")
            if key in labels and parts and not under_root:
                parts.pop()
            item = node[step] if isinstance(node, list) and step < len(node) else None
            ident = f" ({item['id']})" if isinstance(item, dict) and item.get("id") else ""
            parts.append(f"{label} {step + 1}{ident}")
            node, parent = item, None
        else:
            parts.append(f"{root} '{step}'" if root and not parts and node is doc else f"'{step}'")
            node = node.get(step) if isinstance(node, dict) else None
            parent = step
    return ", ".join(parts)


def validate(model: type[BaseModel], doc, name: str, error: type[Exception], *, labels: dict[str, str],
             fixes: dict[str, str] | None = None, skip: tuple = (), root: str | None = None,
             context: dict | None = None):
    """``doc`` as an instance of ``model``; raise ``error`` with one line per problem: the file ``name``, the place
    and what to do (``fixes`` adds to or overrides :data:`FIXES`, by pydantic error type; ``labels``, ``skip`` and
    ``root`` as in :func:`place`)."""
    fixes = {**FIXES, **(fixes or {})}
    try:
        return model.model_validate(doc, context=context)
    except ValidationError as err:
        lines = []
        for e in err.errors():
            where = place(doc, e["loc"], labels, skip, root)
            message = re.sub(r"^(Value|Assertion) error, ", "", e["msg"])
            fix = fixes.get(e["type"], "")
            head = f"{name}, {where}" if where else name
            lines.append(f"{head}: {message}" + (f" ({fix})" if fix and fix not in message else ""))
        raise error("\n".join(lines)) from None
