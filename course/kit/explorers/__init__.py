"""Everything about the course's explorers, in one folder.

- ``framework``: an explorer declared once (:class:`Explorer`: controls with small domains and a pure ``render``):
  an ipywidgets box live, a self-contained HTML block on the static site that reacts with no kernel;
- ``boards``: the evidence board and the policy weights on the static site (their HTML and the payload the browser
  scores);
- one declaration module per subject: ``timeline``, ``trade_growth``, ``arms``, ``asymmetry``, ``year``,
  ``evidence_board``, ``policy_weights``; ``common`` holds what the boards' live versions share;
- ``static/``: the browser's side, served by the site (course/site/sphinx_site.py): ``course-explorers.js`` (the
  controls, views and kept settings) and ``course-boards.js`` (the boards' scoring and chart, a port of
  :mod:`course.kit.ach` and :mod:`course.kit.policy` that tests/test_boards_js.py checks against the Python).

A lesson calls one function: ``from course.kit import explorers`` then ``explorers.timeline_explorer(...)``.
Adding an explorer: a module here with a factory that returns an ``Explorer``, decorated with
``@framework.register("key")``, a function that returns ``factory(...).show()``, and its import below.
"""

from . import framework
from .arms import arms_explorer, arms_spec, arms_summary
from .asymmetry import asymmetry_explorer, asymmetry_spec, snapshot_sentence
from .evidence_board import ACH_PROMPT, ach_board
from .framework import LIVE_NOTE, REGISTRY, STATIC_ENV, Choice, Explorer, Span, fragment_html, static_build
from .policy_weights import POLICY_PROMPT, policy_explorer
from .timeline import TIMELINE_QUESTION, TIMELINE_TASKS, timeline_explorer, timeline_spec
from .trade_growth import trade_growth_explorer, trade_growth_spec
from .year import year_explorer, year_spec

__all__ = [
    "ACH_PROMPT",
    "LIVE_NOTE",
    "POLICY_PROMPT",
    "REGISTRY",
    "STATIC_ENV",
    "TIMELINE_QUESTION",
    "TIMELINE_TASKS",
    "Choice",
    "Explorer",
    "Span",
    "ach_board",
    "arms_explorer",
    "arms_spec",
    "arms_summary",
    "asymmetry_explorer",
    "asymmetry_spec",
    "fragment_html",
    "framework",
    "policy_explorer",
    "snapshot_sentence",
    "static_build",
    "timeline_explorer",
    "timeline_spec",
    "trade_growth_explorer",
    "trade_growth_spec",
    "year_explorer",
    "year_spec",
]
