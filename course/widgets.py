"""ipywidgets explorers. Each is one call in a lesson; the logic lives in plain functions
(:mod:`course.timeline`, …) that the tests check without a browser.

In the static site the explorers show the view they had at build time (the widget state is saved
into the page and rendered by a locally served widget manager); a note says how to run them live.
"""

from __future__ import annotations

import ipywidgets as w
from IPython.display import HTML, display

from . import data, timeline

LIVE_NOTE = ("<p style='font-size:0.85em;color:#444'><em>In the static site this shows the default view. "
             "To change the filters, run the lesson live (the “Run it live” box at the top, or "
             "<code>make lab</code>).</em></p>")


def timeline_explorer(start: int = 1689, end: int = 2024, selected_themes=None, events=None):
    """A timeline explorer: filter events by years and theme; see them on a time axis with their sources.

    ``start``/``end`` set the default era, ``selected_themes`` the default theme filter (all if empty).
    Returns the widget (a VBox) so a lesson cell can end with it.
    """
    events = data.load("timeline") if events is None else events
    first, last = int(events["year"].min()), int(events["year"].max())
    years = w.IntRangeSlider(value=(start, end), min=first, max=last, step=1, description="Years",
                             continuous_update=False, layout=w.Layout(width="95%"))
    theme_picker = w.SelectMultiple(options=timeline.themes(events), value=tuple(selected_themes or ()),
                                    description="Themes", rows=6,
                                    layout=w.Layout(width="60%"))
    era_buttons = w.ToggleButtons(options=[("All", "all")] + [(label.split(",")[0], key) for key, (_, _, label) in timeline.ERAS.items()],
                                  value=None, description="Era", style={"button_width": "auto"})
    help_text = w.HTML("<em>Select several themes with Ctrl/Cmd-click; select none to see all.</em>")
    out = w.Output()

    def redraw(*_):
        chosen = timeline.filter_events(events, years.value[0], years.value[1], theme_picker.value)
        out.clear_output(wait=True)
        with out:
            display(timeline.chart(chosen, title=f"Events {years.value[0]}–{years.value[1]}"))
            display(HTML(timeline.event_list_html(chosen)))

    def pick_era(change):
        if change["new"] == "all":
            years.value = (first, last)
        elif change["new"] in timeline.ERAS:
            era_start, era_end, _ = timeline.ERAS[change["new"]]
            years.value = (max(era_start, first), min(era_end, last))

    years.observe(redraw, names="value")
    theme_picker.observe(redraw, names="value")
    era_buttons.observe(pick_era, names="value")
    redraw()
    return w.VBox([w.HTML(LIVE_NOTE), era_buttons, years, theme_picker, help_text, out])
