"""What the boards' live versions share: a box of ipywidgets controls wired to a redraw, and a status line.

The explorers declared with :class:`course.kit.explorers.framework.Explorer` get their live widget from the
framework (``Explorer.widget``); the evidence board (about 120 menus laid out as a grid) and the policy weights (three
float sliders) keep their own live layout, and share this wiring.
"""

from __future__ import annotations

import html

import ipywidgets as w

from .framework import LIVE_NOTE


def live_box(controls, redraw, prompt: str):
    """Wire ipywidgets ``controls`` to ``redraw()`` and return the box: live note, prompt, controls, output."""
    out = w.Output()

    def update(*_):
        out.clear_output(wait=True)
        with out:
            redraw()

    for control in controls:
        control.observe(update, names="value")
    update()
    return w.VBox([w.HTML(LIVE_NOTE), w.HTML(f"<p><strong>{prompt}</strong></p>"), *controls, out])


def status(text: str) -> str:
    """A sentence the page announces when it changes (role="status")."""
    return f"<p role='status'>{html.escape(text)}</p>"
