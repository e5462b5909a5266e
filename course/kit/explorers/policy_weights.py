"""The policy weights (lesson 08): weight India's goals and see how the options score; the static page's
version is :func:`course.kit.explorers.boards.policy_block`, scored in the browser by ``static/course-boards.js``."""

from __future__ import annotations

import html

import ipywidgets as w
from IPython.display import HTML, display

from . import boards, framework
from .common import live_box

POLICY_PROMPT = (
    "Weight the goals (0 = ignore, 3 = most important). Which option wins when security "
    "matters most? When autonomy does? Which option never wins?"
)


def policy_explorer(security: float = 1, economy: float = 1, autonomy: float = 1):
    """Weight India's goals and see how the paper's five options score (the scores are in course/kit/policy.py)."""
    from .. import charts, policy

    if framework.static_build():
        weights = {"security": security, "economy": economy, "autonomy": autonomy}
        return framework.StaticBlock(boards.policy_block(weights, POLICY_PROMPT))
    sliders = [
        w.FloatSlider(value=v, min=0, max=3, step=0.5, description=goal.capitalize(), continuous_update=False)
        for goal, v in (("security", security), ("economy", economy), ("autonomy", autonomy))
    ]

    def redraw():
        weights = {s.description.lower(): s.value for s in sliders}
        try:
            scores = policy.weighted_scores(weights)
        except ValueError as err:
            display(HTML(f"<p role='status'>⚠ {html.escape(str(err))}</p>"))
            return
        display(charts.option_scores(scores, weights))

    return live_box(sliders, redraw, POLICY_PROMPT)
