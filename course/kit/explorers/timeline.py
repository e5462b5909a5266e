"""The timeline explorer (lessons 01, 02, 04): filter the events by years and theme; see them on a time axis
with their sources. The filtering is :mod:`course.kit.timeline`."""

from __future__ import annotations


from .. import data, timeline
from . import framework
from .framework import Choice, Explorer, Span


TIMELINE_QUESTION = "Pick an era and a theme: what changed, and when?"
# A lesson's own question for the timeline explorer, declared with the presets it needs. A question names the
# controls and presets by field ({years}, {years:key}, {themes:conflict}; see course.kit.explorers.framework.Explorer), so
# it names only what the page offers: the static page and the live widget each fill in their own labels.
TIMELINE_TASKS = {
    "conflicts": {  # lesson 00: the theme also counts India–China and other conflicts
        "question": "Pick the theme “{themes:conflict}”: which of the conflicts it lists was fought between Russia "
        "(then the Soviet Union) and China, and which are between other states?",
        "spans": [],
    },
    "treaties-1858": {  # lesson 01
        "question": "Choose the {years} “{years:1858-1860}”: which treaties moved the border, and which rivers became "
        "the line? Then pick the theme “{themes:economy and energy}” and the {years} “{years:all}”: when "
        "does Manchuria's railway reappear as a pipeline?",
        "spans": [("Aigun and Peking, 1858–1860", (1858, 1860), "1858-1860")],
    },
}


@framework.register("timeline")
def timeline_spec(
    start: int = 1689, end: int = 2024, selected_themes=None, events=None, task: str | None = None
) -> Explorer:
    """The timeline explorer's declaration: years (eras on the static page) and themes.

    ``task`` picks a lesson's question and extra presets from :data:`TIMELINE_TASKS` (default: a general question
    and the course's eras).
    """
    if task is not None and task not in TIMELINE_TASKS:
        raise ValueError(f"Unknown timeline task {task!r}; the tasks are {sorted(TIMELINE_TASKS)}.")
    chosen_task = TIMELINE_TASKS.get(task, {"question": TIMELINE_QUESTION, "spans": []})
    events = data.load("timeline") if events is None else events
    first, last = int(events["year"].min()), int(events["year"].max())
    eras = [("All years", (first, last), "all")] + [
        (label, (max(a, first), min(b, last)), key) for key, (a, b, label) in timeline.ERAS.items()
    ]
    eras += [(label, (max(a, first), min(b, last)), key) for label, (a, b), key in chosen_task["spans"]]

    def render(settings):
        (y0, y1), themes = settings["years"], settings["themes"]
        chosen = timeline.filter_events(events, y0, y1, themes)
        return [timeline.chart(chosen, title=f"Events {y0}–{y1}"), timeline.event_list_html(chosen)]

    return Explorer(
        key="timeline",
        prompt=chosen_task["question"],
        controls=[
            Span("years", "Years", first, last, (start, end), eras),
            Choice("themes", "Themes", timeline.themes(events), tuple(selected_themes or ()), kind="multi"),
        ],
        render=render,
        help_html="<p class='course-explorer-help'><em>Live: select several themes with Ctrl/Cmd-click; "
        "select none to see all.</em></p>",
        static_note="Here the years come as preset eras and the themes one at a time (or all); live, any span and any mix.",
        kwargs={"start": start, "end": end, "selected_themes": list(selected_themes or ()), "task": task},
    )


def timeline_explorer(start: int = 1689, end: int = 2024, selected_themes=None, events=None, task: str | None = None):
    """A timeline explorer: filter events by years and theme; see them on a time axis with their sources.

    ``start``/``end`` set the default span, ``selected_themes`` the default theme filter (all if empty), ``task``
    a lesson's own question (a key of :data:`TIMELINE_TASKS`).
    Returns the widget (a VBox) live, or the static block in the site's build, so a lesson cell can end with it.
    """
    return timeline_spec(start, end, selected_themes, events, task).show()
