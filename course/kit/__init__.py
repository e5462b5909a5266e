"""What the lessons import: ``from course.kit import data, charts, quiz, widgets``.

- ``data``: load the tables in ``data/`` as typed pandas frames, checked against ``datapackage.json``.
- ``plots``: the house chart style; every chart leaves with a caption, a source line and alt text.
- ``charts``: the lessons' charts, built from the tables, with alt text computed from what they draw.
- ``maps``: country outlines, rivers and places drawn with matplotlib (no tiles, no network).
- ``explorer``: an explorer declared once: ipywidgets live, a precomputed HTML block on the static site.
- ``widgets``: the lessons' explorers, declared with ``explorer``.
- ``static_boards``: the evidence board and the policy weights, computed in the browser on the static site.
- ``quiz``: self-check quizzes from ``exercises/quizzes/``.
- ``expressions``: the one evaluator of computed answers (quiz keys, challenge and hidden checks).
- ``challenges``: the lessons' "Your turn" checks (``check("03.1", answer)``).
- ``values`` and ``checks``: an answer encoded by exact type into plain data, and the check functions that
  judge it; shared by the challenges and the grader.
- ``yamlfiles``: reading the course's YAML files with errors that say what to fix.
- ``nameerrors``: in a live kernel, a NameError names the cell that defines the name (registered on import).
- Analysis helpers, each over one family of tables: ``timeline`` (eras, filters), ``trade`` (growth, CAGR,
  supplier ranks), ``arms`` (SIPRI sums and shares), ``economy`` (GDP ratios), ``recent`` (2022-2025 shares,
  changes and one-year summaries), ``ach`` (the evidence board's scoring), ``policy`` (India's options, scores
  in the open).
"""

from . import nameerrors as _nameerrors

# In a live lesson, a NameError says which cell defines the name (see course.kit.nameerrors).
_nameerrors.install()
