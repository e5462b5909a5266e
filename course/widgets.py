"""ipywidgets explorers. Each is one call in a lesson; the logic lives in plain functions
(:mod:`course.timeline`, …) that the tests check without a browser.

In the static site the explorers show the view they had at build time (the widget state is saved
into the page and rendered by a locally served widget manager); a note says how to run them live.
"""

from __future__ import annotations

import html

import ipywidgets as w
from ipywidgets.widgets.widget_description import DescriptionStyle  # not exported at the top level
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


def _explorer(controls, redraw, prompt: str):
    """Wire controls to ``redraw(out)`` and return the explorer box (live note, prompt, controls, output)."""
    out = w.Output()

    def update(*_):
        out.clear_output(wait=True)
        with out:
            redraw()

    for control in controls:
        control.observe(update, names="value")
    update()
    return w.VBox([w.HTML(LIVE_NOTE), w.HTML(f"<p><strong>{prompt}</strong></p>"), *controls, out])


def trade_growth_explorer(start: int = 2016, end: int = 2024, trade_table=None):
    """Pick a start and an end year; see the total growth and the compound annual growth of trade.

    Gap years are offered but explained: choosing one shows which nearby years have a figure.
    """
    from . import trade

    table = data.load("russia_china_trade") if trade_table is None else trade_table
    years = [int(y) for y in table.year]
    first = w.Dropdown(options=years, value=start, description="From")
    last = w.Dropdown(options=years, value=end, description="To")

    def redraw():
        try:
            result = trade.period_growth(table, first.value, last.value)
        except ValueError as err:
            display(HTML(f"<p role='status'>⚠ {html.escape(str(err))}</p>"))
            return
        display(HTML(f"<p role='status'>{html.escape(trade.describe_growth(result))}</p>"))

    return _explorer([first, last], redraw, "Pick two years. Which period grew fastest per year, and does a gap year stop you?")


def arms_explorer(supplier: str = "Russia", recipient: str = "China", category: str = "All",
                  start: int = 2000, end: int = 2023, transfers=None):
    """Choose supplier, recipient, weapon category and years; see deliveries by year and the shares."""
    from . import arms, charts

    register = data.load("sipri_transfers") if transfers is None else transfers
    suppliers = sorted(register.supplier.unique())
    recipients = sorted(register.recipient.unique())
    pick_supplier = w.Dropdown(options=suppliers, value=supplier, description="Supplier")
    pick_recipient = w.Dropdown(options=recipients, value=recipient, description="Recipient")
    pick_category = w.Dropdown(options=["All"] + sorted(register.category.unique()), value=category, description="Category")
    years = w.IntRangeSlider(value=(start, end), min=arms.FIRST_YEAR, max=arms.LAST_YEAR, description="Years",
                             continuous_update=False, layout=w.Layout(width="95%"))

    def redraw():
        s, r, c, (y0, y1) = pick_supplier.value, pick_recipient.value, pick_category.value, years.value
        display(charts.arms_by_year(register, s, r, c, y0, y1))
        share = arms.share_between(register, s, r, y0, y1)
        display(HTML(f"<p role='status'>{html.escape(arms_summary(s, r, y0, y1, share))}</p>"))

    return _explorer([pick_supplier, pick_recipient, pick_category, years], redraw,
                     "Compare two periods: how did Russia's weight in China's arms imports change, and China's in Russia's exports?")


def arms_summary(supplier: str, recipient: str, start: int, end: int, share: dict) -> str:
    """One sentence stating a pair's TIV and shares over a span (all categories)."""
    if not share["pair_tiv"]:
        return f"No deliveries from {supplier} to {recipient} in {start}–{end} in the register."
    return (f"{start}–{end}, all categories: {supplier} delivered {share['pair_tiv']:,.0f} million TIV to {recipient}, "
            f"{share['of_recipient_imports_pct']:.0f}% of {recipient}'s arms imports and "
            f"{share['of_supplier_exports_pct']:.0f}% of {supplier}'s arms exports.")


def asymmetry_explorer(year: int = 2023, gdp=None):
    """Pick a year; see the GDP of Russia, China and India side by side and the China/Russia ratio."""
    from . import charts, economy

    table = data.load("worldbank_gdp") if gdp is None else gdp
    wide = economy.gdp_bn(table).dropna()
    pick_year = w.IntSlider(value=year, min=int(wide.index.min()), max=int(wide.index.max()), description="Year",
                            continuous_update=False, layout=w.Layout(width="95%"))

    def redraw():
        snap = economy.snapshot(table, pick_year.value)
        display(charts.gdp_bars(table, pick_year.value))
        display(HTML(f"<p role='status'>{html.escape(snapshot_sentence(pick_year.value, snap))}</p>"))

    return _explorer([pick_year], redraw, "Move the year: when did China's economy overtake Russia's, and India's overtake Russia's?")


def snapshot_sentence(year: int, snap: dict) -> str:
    """One sentence for :func:`course.economy.snapshot`."""
    parts = ", ".join(f"{c} ${v:,.0f} bn" for c, v in snap.items() if c != "China / Russia")
    return f"GDP in {year} (current US$): {parts}. China's economy is {snap['China / Russia']:.1f} times Russia's."


def ach_board(evidence=None, preset: str = "suggested"):
    """The evidence board of lesson 07: rate each item C / I / N against each hypothesis and see the scores.

    Starts from one of the two rating sets in ``data/ach_evidence.csv`` (``preset``: "suggested", the course
    authors' ratings, or "article", as a reader of the opinion article might rate). Shows the inconsistency
    count per hypothesis, the margin, and the items the result hangs on.
    """
    from . import ach, charts

    evidence = data.load("ach_evidence") if evidence is None else evidence
    ratings = ach.suggested_ratings(evidence, preset)
    # One layout and one style shared by all cells: each new one is a separate widget model, and the saved
    # widget state of the board (about 80 pickers) was most of lesson 07's page weight.
    wide, narrow, style = w.Layout(width="46%"), w.Layout(width="13%"), DescriptionStyle()
    header = w.HBox([w.HTML("<strong>Evidence</strong>", layout=wide)]
                    + [w.HTML(f"<strong>{label}</strong>", layout=narrow) for label in ach.HYPOTHESES.values()])
    rows, pickers = [header], []
    for row in evidence.itertuples():
        cells = [w.HTML(f"<span title='{html.escape(row.source_table)}: {html.escape(row.source_ref)}'>"
                        f"<strong>{row.item_id}</strong> {html.escape(row.evidence)} <em>({html.escape(row.kind)})</em></span>",
                        layout=wide)]
        for h in ach.HYPOTHESES:
            pick = w.Dropdown(options=list(ach.RATINGS), value=ratings[row.item_id][h], layout=narrow, style=style,
                              description_allow_html=False, tooltip=f"{row.item_id} vs {h}")
            pick.item_id, pick.hypothesis = row.item_id, h
            pickers.append(pick)
            cells.append(pick)
        rows.append(w.HBox(cells))

    def redraw():
        for pick in pickers:
            ratings[pick.item_id][pick.hypothesis] = pick.value
        display(charts.ach_scores(ach.inconsistency(ratings), ach.HYPOTHESES))
        display(HTML(ach_summary_html(ratings)))

    board = _explorer(pickers, redraw, "Rate each item C (consistent), I (inconsistent) or N (neutral) for each hypothesis. "
                                        "Which hypothesis has the least evidence against it, and which items does that hang on?")
    live, prompt, *_controls, out = board.children
    return w.VBox([live, prompt, w.VBox(rows), out])


def ach_summary_html(ratings: dict) -> str:
    """The board's verdict in words: leader(s), margin, non-diagnostic items and the items the result hangs on."""
    from . import ach

    scores = ach.inconsistency(ratings)
    lead = [ach.HYPOTHESES[h] for h in ach.leaders(scores)]
    sens = ach.sensitivity(ratings)
    hinge = sens[sens.changes_result]
    flat = sorted(set(ratings) - set(ach.diagnostic_items(ratings)))
    parts = [f"<p role='status'><strong>Least inconsistent:</strong> {html.escape(' and '.join(lead))} "
             f"(margin {ach.margin(scores):g} item(s) over the next).</p>"]
    parts.append("<p><strong>Sensitivity:</strong> " + (
        "the result changes if any of these items is wrong: " + html.escape(", ".join(
            f"{r.item_id} (then: {', '.join(ach.HYPOTHESES[h] for h in r.leaders_without.split(', '))})" for r in hinge.itertuples()))
        if len(hinge) else "no single item changes the result; test pairs of items, or your ratings of the opinions.") + "</p>")
    if flat:
        parts.append(f"<p><strong>Not diagnostic</strong> (same rating for every hypothesis): {html.escape(', '.join(flat))}.</p>")
    return "".join(parts)


def policy_explorer(security: float = 1, economy: float = 1, autonomy: float = 1):
    """Weight India's goals and see how the paper's five options score (the scores are in course/policy.py)."""
    from . import charts, policy

    sliders = [w.FloatSlider(value=v, min=0, max=3, step=0.5, description=goal.capitalize(), continuous_update=False)
               for goal, v in (("security", security), ("economy", economy), ("autonomy", autonomy))]

    def redraw():
        weights = {s.description.lower(): s.value for s in sliders}
        try:
            scores = policy.weighted_scores(weights)
        except ValueError as err:
            display(HTML(f"<p role='status'>⚠ {html.escape(str(err))}</p>"))
            return
        display(charts.option_scores(scores, weights))

    return _explorer(sliders, redraw, "Weight the goals (0 = ignore, 3 = most important). Which option wins when security "
                                      "matters most? When autonomy does? Which option never wins?")


def year_explorer(year: int = 2022, tables=None):
    """Lesson 06: pick a year, 2019–2025; see trade that year and what every 2019–2025 table says about it.

    ``tables`` may pass the frames (trade, crude, gas, statements, events) for tests; by default they are loaded.
    A series without a figure for the year says so and where it stops (see :func:`course.recent.year_summary`).
    """
    from . import charts, recent

    trade_t, crude, gas, statements, events = tables or (
        data.load("russia_china_trade"), data.load("china_crude_imports"), data.load("power_of_siberia_gas"),
        data.load("russia_china_settlement_statements"), data.load("timeline"))
    pick_year = w.IntSlider(value=year, min=recent.FIRST_YEAR, max=recent.LAST_YEAR, description="Year",
                            continuous_update=False, layout=w.Layout(width="95%"))

    def redraw():
        display(charts.trade_since(trade_t, since=recent.FIRST_YEAR, highlight=pick_year.value))
        lines = recent.year_summary(pick_year.value, trade_t, crude, gas, statements, events)
        # role=status on a wrapper, not on the list: a <ul> with a role loses its list semantics (axe: listitem)
        display(HTML("<div role='status'><ul>" + "".join(f"<li>{html.escape(line)}</li>" for line in lines) + "</ul></div>"))

    return _explorer([pick_year], redraw, "Move the year: what changed after 2022, and which series stop before 2025?")
