"""Grade a folder of submissions: the steps in order, each in its own module.

1. ids: :func:`.submissions.submissions_in` (distinct ids, collisions noted, never an abort);
2. isolation: :func:`.sandbox.isolation` (refuses with a reason when neither isolation is safe here);
3. parse: :func:`.submissions.code_cells`;
4. run: a :class:`.sandbox.Worker` per core, each a sandboxed fork server;
5. score: :func:`.scoring.score` on the plain values, in this process;
6. write: feedback (:mod:`.feedback`), ``results/<student>.json``, then the gradebook and exports (:mod:`.gradebook`).

Every file gets a row whatever it holds or does; results are written atomically; a rerun resumes.
"""

from __future__ import annotations

import itertools
import json
import os
import queue
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from . import gradebook, jobs, resume, sandbox, scoring, spec
from .records import Result
from .submissions import Submission, Unreadable, code_cells, student_id, submissions_in

MAX_NOTEBOOK_BYTES = 16 * 1024 * 1024  # with MAX_JSON_VALUES, what bounds the grader's own memory per file
UID_BASE = 1_000_000_000  # far above any real account; one range of 1000 per grader process


class UidAllocator:
    """A uid per job, unique within this grader process (reused only after 1000 jobs, long dead by then)."""

    def __init__(self):
        self.base = UID_BASE + (os.getpid() % 1_000_000) * 1000
        self._counter = itertools.count()
        self._lock = threading.Lock()

    def next(self) -> int:
        """The next job's uid."""
        with self._lock:
            return self.base + next(self._counter) % 1000


def _not_run(sub: Submission, doc: dict, expected: dict, status: str, reason: str, source: str = "") -> Result:
    reason = "; ".join(r for r in (reason, sub.note) if r)
    return Result(sub.student, sub.path.name, status, reason, "none", scoring.score(doc, {}, expected), source=source)


def grade_one(sub: Submission, doc: dict, expected: dict, worker: sandbox.Worker, uids: UidAllocator) -> Result:
    """Grade one file with ``worker``. Always returns a Result; never raises for a bad submission."""
    source = ""
    try:
        with open(sub.path, "rb") as fh:
            raw = fh.read(MAX_NOTEBOOK_BYTES + 1)
        source = resume.source_key(sub, raw)
        if len(raw) > MAX_NOTEBOOK_BYTES or sandbox.json_values(raw) > sandbox.MAX_JSON_VALUES:
            raise Unreadable(f"not graded: too large (more than {MAX_NOTEBOOK_BYTES // 2**20} MB or "
                             f"{sandbox.MAX_JSON_VALUES:,} values); clear its outputs (Edit > Clear Outputs of All "
                             "Cells), save it and hand it in again")
        cells = code_cells(raw)
    except Unreadable as err:
        return _not_run(sub, doc, expected, "unreadable", str(err), source)
    except OSError as err:
        return _not_run(sub, doc, expected, "unreadable", f"could not read the file ({err.strerror})")
    names = [q["name"] for q in doc["questions"]]
    run = worker.run(f"job-{sub.student}", cells, names, uids.next())
    report = run.report or {}
    questions = scoring.score(doc, report.get("answers", {}), expected)
    errors = report.get("errors", [])
    reasons = [run.reason] if run.reason else []
    reasons += [m for q in questions for m in q.messages if "not defined" in m]
    reasons += errors[:3]
    if sub.note:
        reasons.append(sub.note)
    status = {"finished": "ok"}.get(run.status, run.status)
    return Result(sub.student, sub.path.name, status, "; ".join(reasons), run.isolation, questions,
                  round(run.seconds, 2), errors, source)


def _late_policy(path: Path | None):
    if path is None:
        return None
    # Read only when a policy is given. pydantic itself is a base dependency (every format of course.kit and
    # course.grading.spec is declared with it), so the grader needs it with or without a policy.
    from . import late

    return late.load(path)


def grade_folder(assignment: str, folder: Path, out: Path, *, workers: int | None = None, force: bool = False,
                 mode: str = "auto", limits: sandbox.Limits = sandbox.Limits(), hidden_dir: Path | None = None,
                 progress: bool = True, late_policy: Path | None = None) -> list[Result]:
    """Grade every submission in ``folder`` into ``out`` (gradebook.csv, canvas.csv, moodle.csv, gradescope/,
    feedback/, results/), applying ``late_policy`` (a YAML file, see :mod:`.late`) to the totals if given."""
    doc = spec.load(assignment, hidden_dir)
    policy = _late_policy(late_policy)  # a bad policy file stops here, before any grading
    expected = scoring.expected_values(doc)
    folder, out = Path(folder), Path(out)
    subs = submissions_in(folder)
    if not out.exists():
        out.mkdir(parents=True, mode=0o700)  # the class's grades are nobody else's business
    results_dir = out / "results"
    kept = {} if force else resume.kept_results(results_dir, subs, MAX_NOTEBOOK_BYTES + 1)
    todo = [s for s in subs if s.student not in kept]

    graded: dict[str, Result] = {}
    unwritten: list[Result] = []

    def finish(result: Result) -> None:
        graded[result.student] = result
        try:
            gradebook.atomic_write(results_dir / f"{result.student}.json", json.dumps(result.to_dict(), indent=1))
        except OSError:
            unwritten.append(result)  # e.g. a disk filled for a moment by a submission: tried again at the end

    try:
        chosen = sandbox.isolation(mode) if todo else mode
    except sandbox.IsolationUnavailable as err:
        for sub in todo:
            finish(_not_run(sub, doc, expected, "not graded", str(err)))
        todo, chosen = [], None

    if todo:
        from tqdm import tqdm

        n = max(1, min(workers or os.cpu_count() or 1, len(todo)))
        uids = UidAllocator()
        bar = tqdm(total=len(todo), desc=f"grading {assignment}", unit="notebook", disable=not progress)
        with jobs.batch_folder() as batch:
            pool_workers = [sandbox.Worker(chosen, batch / f"w{i}", limits) for i in range(n)]
            idle: queue.Queue = queue.Queue()
            for w in pool_workers:
                idle.put(w)

            def task(sub: Submission) -> Result:
                worker = idle.get()
                try:
                    return grade_one(sub, doc, expected, worker, uids)
                finally:
                    idle.put(worker)

            try:
                with ThreadPoolExecutor(max_workers=n) as pool:
                    futures = {pool.submit(task, s): s for s in todo}
                    try:
                        for future in as_completed(futures):
                            sub = futures[future]
                            try:
                                result = future.result()
                            except Exception as err:  # noqa: BLE001 - a grader bug on one file must not lose the others
                                result = _not_run(sub, doc, expected, "grader error", f"{type(err).__name__}: {err}")
                                result.isolation = chosen
                            finish(result)
                            bar.update(1)
                    finally:  # also on SIGTERM or Ctrl-C: stop the sandboxes first, so that no job is waited for
                        pool.shutdown(wait=False, cancel_futures=True)
                        for w in pool_workers:
                            w.stop()
                        bar.close()
            finally:  # the grading threads have ended (the pool waited for them): close the servers' pipes
                for w in pool_workers:
                    w.close()
    retry, unwritten[:] = list(unwritten), []
    for result in retry:
        finish(result)  # the job folders are gone by now, and with them anything a submission wrote
    results = [graded.get(s.student) or kept[s.student] for s in subs]
    gradebook.write_outputs(doc, results, subs, out, policy)
    return results


def grade_notebook(path: Path, assignment: str, *, mode: str = "auto", limits: sandbox.Limits = sandbox.Limits(),
                   hidden_dir: Path | None = None) -> Result:
    """Grade a single notebook file (tests, spot checks, the Gradescope autograder); same sandbox as a batch,
    nothing written."""
    doc = spec.load(assignment, hidden_dir)
    expected = scoring.expected_values(doc)
    path = Path(path)
    sub = Submission(path, student_id(path))  # a safe id: it names the job's folder, whatever the file is called
    try:
        chosen = sandbox.isolation(mode)
    except sandbox.IsolationUnavailable as err:
        return _not_run(sub, doc, expected, "not graded", str(err))
    with jobs.batch_folder() as batch:
        worker = sandbox.Worker(chosen, batch / "w0", limits)
        try:
            return grade_one(sub, doc, expected, worker, UidAllocator())
        finally:
            worker.stop()
            worker.close()
