"""Helper package for the Russia-China relations course.

A lesson imports what it needs: ``from course import data, plots, quiz, widgets, maps``.
Each module has one job:

- ``paths``: where the repository's folders are.
- ``data``: load the tables in ``data/`` as typed pandas frames, checked against ``datapackage.json``.
- ``plots``: the house chart style; every chart leaves with a caption, a source line and alt text.
- ``maps``: country outlines, rivers and places drawn with matplotlib.
- ``quiz``: self-check quizzes from ``exercises/quizzes/`` (feedback live and in the static site).
- ``timeline``: pure functions over the events table (filtering, eras), used by the explorers.
- ``trade``: growth rates, CAGR and supplier ranks over the trade and crude tables (lesson 03).
- ``arms``: sums and shares over the SIPRI arms-transfers register (lessons 04 and 07).
- ``economy``: GDP side by side and the China/Russia ratio (lesson 05).
- ``charts``: the lessons' recurring charts, built from the tables with computed alt text.
- ``widgets``: ipywidgets explorers; their logic lives in plain functions so it can be tested.
"""

__version__ = "0.1.0"
