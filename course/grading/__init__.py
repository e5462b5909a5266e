"""Graded assignments: "values out, verdicts outside".

A submission's code runs in its own sandboxed process (:mod:`.sandbox`, driven by :mod:`.runner`)
that can only report plain values (numbers, strings, lists, tables as JSON) for the names the
assignment asks for. Every comparison with an expected answer happens here, in the grader's process
(:mod:`course.kit.checks`, on values encoded by :mod:`course.kit.values`), so nothing the student's code does to ``abs``, ``math``, pandas or ``__eq__`` can
change a verdict. Expected answers and hidden checks never enter the student's process.

- :mod:`.spec`: assignment files (``exercises/<id>/assignment.yaml`` + ``hidden.yaml``), validated.
- :mod:`.release`: make the student version of an authored notebook (solutions and hidden checks removed).
- :mod:`.public`: ``check("q1")`` for students while they work (public checks only).
- :mod:`.submissions`: distinct student ids and the code cells of a submitted file.
- :mod:`.runner`: the code that runs *inside* the sandbox (a fork server; one child per submission).
- :mod:`.sandbox`: bubblewrap, or the process fallback; the grader's side of a worker; reading results.
- :mod:`.jobs`: the batch's folder for job folders, removed whatever happens.
- :mod:`.scoring`: the hidden checks' expected values and the scores, in the grader (check functions: :mod:`course.kit.checks`).
- :mod:`.records`: results as dataclasses; :mod:`.feedback`: the student's feedback.
- :mod:`.untrusted`: the one way student-controlled text (file names, error messages) reaches any output.
- :mod:`.resume`: which stored results a rerun keeps (the same file, a final status).
- :mod:`.late`: the late policy (due date, penalty per day or late days, extensions).
- :mod:`.gradebook`: gradebook.csv, Canvas and Moodle CSVs, Gradescope results.json, and writing them all.
- :mod:`.grade`: the steps of grading a folder, in order.
- :mod:`.autograder`: the Gradescope autograder zip of an assignment (``make autograder``), and its run there.
"""



def __getattr__(name):
    # Lazy, so that ``python -m course.grading.runner`` does not import the runner twice.
    if name == "checker":  # a student notebook: check = checker("a2"); check("q1")
        from .public import checker

        return checker
    raise AttributeError(name)
