"""Helper package for the Russia-China relations course, in four folders, one per audience.

- ``course.kit``: what the lessons import (``from course.kit import data, charts, quiz, explorers``): loading the
  tables, the house chart style and the lessons' charts, maps, explorers, quizzes, challenges, and the small
  analysis helpers, and "values out, verdicts outside" (``values`` encodes an answer, ``checks`` judges it),
  which the lessons' challenges and the grader share. It needs only the base dependencies and imports nothing
  from the other folders.
- ``course.site``: the build and site tooling: the Sphinx extension, the instructor edition, slides,
  worksheets, the data-sources catalogue, the hub image's requirements, the local server, the data package's
  rehash, and the site's own scripts and styles (``course/site/static/``).
- ``course.grading``: the sandboxed grader of the assignments in ``exercises/`` (one module per step); it
  imports the kit (checks, values, the evaluator), never the site tooling.
- ``course.bench``: the benchmarks behind ``make bench``, ``make bench-site`` and ``make bench-grade``.

``course.paths`` (where the course folder is) is shared by all four.
"""

__version__ = "0.1.0"
