"""What the lessons import: ``from course.kit import data, charts, quiz, explorers``.

- ``data``: load the tables in ``data/`` as typed pandas frames, checked against ``datapackage.json``.
- ``plots``: the house chart style; every chart leaves with a caption, a source line and alt text.
- ``charts``: the lessons' charts, built from the tables, with alt text computed from what they draw.
- ``maps``: country outlines, rivers and places drawn with matplotlib (no tiles, no network).
- ``explorers``: everything about the explorers in one folder: the framework (declared once: ipywidgets live, a
  precomputed HTML block on the static site), one declaration per subject, the two boards and the browser's
  scripts.
- ``tables``: how a lesson's tables display (whole cells, no row numbers, "—" for a missing value); installed
  in the notebook's kernel when the kit is imported.
- ``quiz``: self-check quizzes from ``exercises/quizzes/``.
- ``quizformat``, ``challengeformat``, ``checkformat``: the question files', the challenge files' and one check's
  format, each declared once (pydantic), with errors that name the file, the place and the fix.
- ``expressions``: the one evaluator of computed answers (quiz keys, challenge and hidden checks).
- ``challenges``: the lessons' "Your turn" checks (``check("03.1", answer)``).
- ``values`` and ``checks``: an answer encoded by exact type into plain data, and the check functions that
  judge it; shared by the challenges and the grader.
- ``yamlfiles``: reading the course's YAML files and rendering a format's errors (file, place, fix).
- ``nameerrors``: in a live kernel, a NameError names the cell that defines the name (registered on import).
- Analysis helpers, each over one family of tables: ``timeline`` (eras, filters), ``trade`` (growth, CAGR,
  supplier ranks), ``arms`` (SIPRI sums and shares), ``economy`` (GDP ratios), ``recent`` (2022-2025 shares,
  changes and one-year summaries), ``ach`` (the evidence board's scoring), ``policy`` (India's options, scores
  in the open).
"""

import sys as _sys

# In a notebook (IPython is running), a DataFrame or Series that ends a cell displays through course.kit.tables.
# Elsewhere (the grader, a script) nothing is installed and pandas is not imported here.
if "IPython" in _sys.modules:
    from . import tables as _tables

    _tables.install()

from . import nameerrors as _nameerrors

# In a live lesson, a NameError says which cell defines the name (see course.kit.nameerrors).
_nameerrors.install()
