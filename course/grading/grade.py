"""Grade one submission or a folder of them: gradebook.csv plus one feedback file per student.

Batch grading runs submissions in parallel (one sandboxed process each), shows a progress bar,
writes every result atomically (temporary file + rename), and resumes: a rerun skips students
already graded unless ``force``. Nothing a submission does can stop the batch or lose a row.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from .. import arms, data, economy, trade
from . import checks, sandbox, spec

EXPECTED_NAMESPACE = {"data": data, "trade": trade, "arms": arms, "economy": economy}


def student_id(path: Path) -> str:
    """A safe student id from a file name: ``Asha Rao (1).ipynb`` -> ``Asha_Rao_1``."""
    return re.sub(r"_+", "_", re.sub(r"[^A-Za-z0-9_-]", "_", path.stem)).strip("_") or "unnamed"


def expected_values(doc: dict) -> dict:
    """Evaluate every hidden check's ``expected`` expression once, in the grader's process."""
    values = {}
    for q in doc["questions"]:
        for i, c in enumerate(q["hidden"]):
            if "expected" in c:
                values[(q["id"], i)] = eval(c["expected"], dict(EXPECTED_NAMESPACE))  # noqa: S307 - instructor's file
    return values


class Unreadable(ValueError):
    """The submission is not a notebook we can read."""


def code_cells(raw: bytes) -> list[str]:
    """The code cells of a notebook file, in order, as strings. Raises Unreadable saying why."""
    if not raw.strip():
        raise Unreadable("the file is empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise Unreadable(f"not UTF-8 text (byte {err.start})") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        raise Unreadable(f"not a notebook: invalid JSON at line {err.lineno}") from None
    if not isinstance(doc, dict):
        raise Unreadable("not a notebook: the JSON is not an object")
    if doc.get("nbformat") != 4 or not isinstance(doc.get("cells"), list):
        raise Unreadable(f"not a version-4 notebook (nbformat {doc.get('nbformat')!r}); save it from Jupyter again")
    sources = []
    for cell in doc["cells"]:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list) and all(isinstance(s, str) for s in source):
            source = "".join(source)
        if not isinstance(source, str):
            sources.append("raise ValueError('this cell has no readable source')")
            continue
        sources.append(source)
    return sources


def score(doc: dict, answers: dict, expected: dict) -> list[dict]:
    """Per question: points, max, and the messages of the checks that failed (never expected values)."""
    results = []
    for q in doc["questions"]:
        value = answers.get(q["name"])
        maximum = spec.max_points(q)
        if q["kind"] == "manual":
            text = (value or {}).get("v", "") if (value or {}).get("t") == "str" else ""
            results.append({"id": q["id"], "points": None, "max": maximum, "manual": True,
                            "messages": [] if text.strip() else [f"{q['id']}: `{q['name']}` not defined or empty"],
                            "text": text[:5000]})
            continue
        if value is None:
            results.append({"id": q["id"], "points": 0.0, "max": maximum, "manual": False,
                            "messages": [f"{q['id']}: `{q['name']}` not defined"]})
            continue
        points, messages = 0.0, []
        for kind, items in (("public", q["public"]), ("hidden", q["hidden"])):
            for i, c in enumerate(items):
                ok = checks.CHECKS[c["check"]](value, c, expected.get((q["id"], i)) if kind == "hidden" else None)
                if ok:
                    points += c.get("points", 0)
                else:
                    messages.append(f"{q['id']}: {c['message']}")
        results.append({"id": q["id"], "points": round(points, 3), "max": maximum, "manual": False, "messages": messages})
    return results


def grade_one(path: Path, doc: dict, expected: dict, limits: sandbox.Limits = sandbox.Limits(), mode: str = "auto") -> dict:
    """Grade one file. Always returns a result dict; never raises for a bad submission."""
    sid = student_id(path)
    base = {"student": sid, "file": path.name, "isolation": sandbox.isolation(mode)}
    try:
        cells = code_cells(path.read_bytes())
    except Unreadable as err:
        return {**base, "status": "unreadable", "reason": str(err), "questions": score(doc, {}, expected), "seconds": 0.0}
    except OSError as err:
        return {**base, "status": "unreadable", "reason": f"could not read the file ({err.strerror})",
                "questions": score(doc, {}, expected), "seconds": 0.0}
    names = [q["name"] for q in doc["questions"]]
    with tempfile.TemporaryDirectory(prefix=f"grade-{sid}-") as tmp:
        job = Path(tmp)
        os.chmod(job, 0o777)  # the sandbox runs as uid 65534 and writes result.json here
        (job / "cells.json").write_text(json.dumps(cells), encoding="utf-8")
        run = sandbox.run(job, names, limits, mode)
    report = run.report or {}
    questions = score(doc, report.get("answers", {}), expected)
    reasons = [run.reason] if run.reason else []
    reasons += [m for q in questions for m in q["messages"] if "not defined" in m]
    reasons += [f"{e}" for e in report.get("errors", [])[:3]]
    status = {"finished": "ok"}.get(run.status, run.status)
    return {**base, "status": status, "reason": "; ".join(reasons), "questions": questions,
            "seconds": round(run.seconds, 2), "cell_errors": report.get("errors", [])}


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
    os.replace(tmp, path)


def feedback_text(doc: dict, result: dict) -> str:
    """The student's feedback: per-question points and messages; no expected values, no check code."""
    auto = [q for q in result["questions"] if not q["manual"]]
    total, maximum = sum(q["points"] for q in auto), sum(q["max"] for q in auto)
    lines = [f"# {doc['title']}: feedback for {result['student']}", "",
             f"Status: {result['status']}" + (f" ({result['reason']})" if result["reason"] else ""),
             f"Automatically graded: {total:g} / {maximum:g} points", ""]
    for q in result["questions"]:
        if q["manual"]:
            lines.append(f"## {q['id']}: to be graded by your instructor (out of {q['max']:g})")
        else:
            lines.append(f"## {q['id']}: {q['points']:g} / {q['max']:g}")
        lines += [f"- {m}" for m in q["messages"]] or ["- All checks passed."]
        lines.append("")
    return "\n".join(lines)


def gradebook_rows(doc: dict, results: list[dict]) -> list[dict]:
    """One row per submission: totals, points per question ("to grade" for manual ones), status, reason."""
    rows = []
    for r in sorted(results, key=lambda r: r["student"]):
        auto = [q for q in r["questions"] if not q["manual"]]
        row = {"student": r["student"], "file": r["file"], "status": r["status"],
               "total": round(sum(q["points"] for q in auto), 3), "max_auto": sum(q["max"] for q in auto)}
        for q in r["questions"]:
            row[q["id"]] = "to grade" if q["manual"] else q["points"]
        row.update({"isolation": r["isolation"], "seconds": r.get("seconds", ""), "reason": r["reason"]})
        rows.append(row)
    return rows


def write_gradebook(doc: dict, results: list[dict], path: Path) -> None:
    """Write gradebook.csv atomically."""
    rows = gradebook_rows(doc, results)
    columns = ["student", "file", "status", "total", "max_auto"] + [q["id"] for q in doc["questions"]] + ["isolation", "seconds", "reason"]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    _atomic_write(path, buffer.getvalue())


def submissions_in(folder: Path) -> list[Path]:
    """Every regular, non-hidden file in the folder (a renamed notebook is still graded)."""
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder} is not a folder of submissions.")
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def grade_folder(assignment: str, folder: Path, out: Path, *, workers: int | None = None, force: bool = False,
                 mode: str = "auto", limits: sandbox.Limits = sandbox.Limits(), hidden_dir: Path | None = None,
                 progress: bool = True) -> list[dict]:
    """Grade every submission in ``folder`` into ``out`` (gradebook.csv, feedback/, results/). Returns all results."""
    doc = spec.load(assignment, hidden_dir)
    expected = expected_values(doc)
    files = submissions_in(Path(folder))
    out = Path(out)
    results_dir, feedback_dir = out / "results", out / "feedback"
    seen: dict[str, Path] = {}
    todo = []
    for path in files:
        sid = student_id(path)
        if sid in seen:
            raise ValueError(f"{path.name} and {seen[sid].name} give the same student id {sid!r}: rename one.")
        seen[sid] = path
        if force or not (results_dir / f"{sid}.json").is_file():
            todo.append(path)

    def finish(result: dict) -> None:
        _atomic_write(feedback_dir / f"{result['student']}.md", feedback_text(doc, result))
        _atomic_write(results_dir / f"{result['student']}.json", json.dumps(result, indent=1))

    from tqdm import tqdm

    bar = tqdm(total=len(todo), desc=f"grading {assignment}", unit="notebook", disable=not progress)
    with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        futures = {pool.submit(grade_one, p, doc, expected, limits, mode): p for p in todo}
        for future in as_completed(futures):
            path = futures[future]
            try:
                result = future.result()
            except Exception as err:  # noqa: BLE001 - a grader bug on one file must not lose the others
                result = {"student": student_id(path), "file": path.name, "isolation": mode, "status": "grader error",
                          "reason": f"{type(err).__name__}: {err}", "questions": score(doc, {}, expected), "seconds": 0.0}
            finish(result)
            bar.update(1)
    bar.close()
    results = [json.loads((results_dir / f"{sid}.json").read_text(encoding="utf-8")) for sid in sorted(seen)]
    write_gradebook(doc, results, out / "gradebook.csv")
    return results


def clean(out: Path) -> None:
    """Remove a previous grading run's outputs (for ``--force`` runs from scratch)."""
    shutil.rmtree(out, ignore_errors=True)
