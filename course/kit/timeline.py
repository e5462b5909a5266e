"""Plain functions over the events table (``data.load("timeline")``): eras and filters.

The timeline explorer in :mod:`course.kit.explorers` is a thin layer over these, so they are what
the tests check.
"""

from __future__ import annotations

import html

import pandas as pd

# The course's eras (the partnership paper's periods). Lessons refer to them by key.
ERAS = {
    "treaties": (1689, 1949, "Empires and unequal treaties, 1689–1949"),
    "alliance-split": (1950, 1988, "Alliance, split and confrontation, 1950–1988"),
    "normalisation": (1989, 2008, "Normalisation and the border settlement, 1989–2008"),
    "partnership": (2009, 2021, "Strategic partnership, 2009–2021"),
    "no-limits": (2022, 2026, "'No limits' and war, 2022–2026"),
}


def themes(events: pd.DataFrame) -> list[str]:
    """The themes present in the table, sorted."""
    return sorted(events["theme"].dropna().unique())


def era_of(year: int) -> str:
    """The key of the era a year falls in; raises ValueError outside 1689–2026."""
    for key, (start, end, _) in ERAS.items():
        if start <= year <= end:
            return key
    raise ValueError(f"{year} is outside the course's eras ({min(s for s, _, _ in ERAS.values())}–{max(e for _, e, _ in ERAS.values())}).")


def filter_events(events: pd.DataFrame, start: int, end: int, selected_themes=None) -> pd.DataFrame:
    """Events with ``start <= year <= end`` and, if given, a theme in ``selected_themes``; sorted by year.

    An empty ``selected_themes`` means no theme filter. Raises ValueError if ``start > end``.
    """
    if start > end:
        raise ValueError(f"start ({start}) is after end ({end}): choose an earlier start year.")
    keep = events["year"].between(start, end)
    if selected_themes:
        unknown = set(selected_themes) - set(themes(events))
        if unknown:
            raise ValueError(f"Unknown theme(s) {sorted(unknown)}; choose from {themes(events)}.")
        keep &= events["theme"].isin(list(selected_themes))
    return events[keep].sort_values(["year", "event_id"]).reset_index(drop=True)


def event_list_html(events: pd.DataFrame) -> str:
    """An HTML list of events (date, title, description, source links) for the explorer."""
    if events.empty:
        return "<p><em>No events match these filters. Widen the years or pick more themes.</em></p>"
    items = []
    for row in events.itertuples():
        links = " ".join(
            f'<a href="{html.escape(url.strip(), quote=True)}">[source]</a>'
            for url in str(row.source_url).split(" ; ") if url.strip()
        )
        items.append(
            f"<li><strong>{html.escape(str(row.date_as_given))}</strong> — {html.escape(str(row.title))} "
            f"<span style='color:#555'>({html.escape(str(row.theme))})</span><br>"
            f"{html.escape(str(row.description))} {links}</li>"
        )
    return "<ol class='course-events'>" + "".join(items) + "</ol>"


THEME_COLOURS = {  # Okabe-Ito, fixed per theme so colours mean the same in every lesson
    "border and treaties": "#0072B2",
    "conflict": "#D55E00",
    "diplomacy": "#009E73",
    "economy and energy": "#E69F00",
    "military": "#CC79A7",
    "multilateral": "#56B4E9",
    "sanctions and tariffs": "#000000",
}
MARKERS = {"border and treaties": "s", "conflict": "X", "diplomacy": "o", "economy and energy": "D",
           "military": "^", "multilateral": "P", "sanctions and tariffs": "v"}  # shape as well as colour, so colour is never the only cue


def chart(events: pd.DataFrame, *, title: str = "Events on a time axis", source: str = "timeline"):
    """Draw events on a time axis, one row per theme, and return a captioned :class:`course.kit.plots.Chart`."""
    from . import plots  # local import: plots pulls in matplotlib

    fig, ax = plots.new(8, 3.2)
    rows = themes(events) if not events.empty else []
    for i, theme in enumerate(rows):
        sub = events[events["theme"] == theme]
        ax.scatter(sub["year"], [i] * len(sub), s=60, color=THEME_COLOURS.get(theme, "#555555"),
                   marker=MARKERS.get(theme, "o"), edgecolor="black", linewidth=0.5, zorder=3)
    ax.set_yticks(range(len(rows)), rows)
    ax.set_ylim(-0.8, max(len(rows) - 0.2, 0.8))
    ax.set_xlabel("Year")
    ax.set_title(title)
    ax.grid(axis="y", alpha=0)
    if events.empty:
        ax.text(0.5, 0.5, "No events match these filters", transform=ax.transAxes, ha="center")
    first, last = (int(events["year"].min()), int(events["year"].max())) if not events.empty else (0, 0)
    span = f"{first}–{last}" if first != last else str(first)
    alt = (f"Time axis of {len(events)} events ({span}) in {len(rows)} themes: "
           + "; ".join(f"{t}: {', '.join(str(y) for y in events.loc[events.theme == t, 'year'])}" for t in rows)
           if not events.empty else "An empty time axis: no events match the filters.")
    return plots.show(fig, caption=f"{title}: {len(events)} events", source=source, alt=alt)
