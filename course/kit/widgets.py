"""The lessons' explorers. Each is one call in a lesson; the logic lives in plain functions
(:mod:`course.kit.timeline`, …) that the tests check without a browser.

Each explorer is declared once as a :class:`course.kit.explorer.Explorer` (controls with small domains and a pure
``render``): live, it is an ipywidgets box; in the static site's build it is a self-contained HTML block that
reacts in the browser with no kernel (see :mod:`course.kit.explorer`). The evidence board and the policy weights
compute in the browser from the same tables (:mod:`course.kit.static_boards`).

Adding an explorer: write a factory that returns an ``Explorer``, decorate it with ``@explorer.register("key")``,
and have the lesson's function return ``factory(...).show()``.
"""

from __future__ import annotations

import html

import ipywidgets as w
from ipywidgets.widgets.widget_description import DescriptionStyle  # not exported at the top level
from IPython.display import HTML, display

from . import data, explorer, timeline
from .explorer import Choice, Explorer, Span

LIVE_NOTE = explorer.LIVE_NOTE


TIMELINE_QUESTION = "Pick an era and a theme: what changed, and when?"
# A lesson's own question for the timeline explorer, declared with the presets it needs. A question names the
# controls and presets by field ({years}, {years:key}, {themes:conflict}; see course.kit.explorer.Explorer), so
# it names only what the page offers: the static page and the live widget each fill in their own labels.
TIMELINE_TASKS = {
    "conflicts": {  # lesson 00: the theme also counts India–China and other conflicts
        "question": "Pick the theme “{themes:conflict}”: which of the conflicts it lists was fought between Russia "
                    "(then the Soviet Union) and China, and which are between other states?",
        "spans": []},
    "treaties-1858": {  # lesson 01
        "question": "Choose the {years} “{years:1858-1860}”: which treaties moved the border, and which rivers became "
                    "the line? Then pick the theme “{themes:economy and energy}” and the {years} “{years:all}”: when "
                    "does Manchuria's railway reappear as a pipeline?",
        "spans": [("Aigun and Peking, 1858–1860", (1858, 1860), "1858-1860")]},
}


@explorer.register("timeline")
def timeline_spec(start: int = 1689, end: int = 2024, selected_themes=None, events=None, task: str | None = None) -> Explorer:
    """The timeline explorer's declaration: years (eras on the static page) and themes.

    ``task`` picks a lesson's question and extra presets from :data:`TIMELINE_TASKS` (default: a general question
    and the course's eras).
    """
    if task is not None and task not in TIMELINE_TASKS:
        raise ValueError(f"Unknown timeline task {task!r}; the tasks are {sorted(TIMELINE_TASKS)}.")
    chosen_task = TIMELINE_TASKS.get(task, {"question": TIMELINE_QUESTION, "spans": []})
    events = data.load("timeline") if events is None else events
    first, last = int(events["year"].min()), int(events["year"].max())
    eras = [("All years", (first, last), "all")] + [(label, (max(a, first), min(b, last)), key)
                                                     for key, (a, b, label) in timeline.ERAS.items()]
    eras += [(label, (max(a, first), min(b, last)), key) for label, (a, b), key in chosen_task["spans"]]

    def render(settings):
        (y0, y1), themes = settings["years"], settings["themes"]
        chosen = timeline.filter_events(events, y0, y1, themes)
        return [timeline.chart(chosen, title=f"Events {y0}–{y1}"), timeline.event_list_html(chosen)]

    return Explorer(
        key="timeline", prompt=chosen_task["question"],
        controls=[Span("years", "Years", first, last, (start, end), eras),
                  Choice("themes", "Themes", timeline.themes(events), tuple(selected_themes or ()), kind="multi")],
        render=render, help_html="<p class='course-explorer-help'><em>Live: select several themes with Ctrl/Cmd-click; "
                                  "select none to see all.</em></p>",
        static_note="Here the years come as preset eras and the themes one at a time (or all); live, any span and any mix.",
        kwargs={"start": start, "end": end, "selected_themes": list(selected_themes or ()), "task": task})


def timeline_explorer(start: int = 1689, end: int = 2024, selected_themes=None, events=None, task: str | None = None):
    """A timeline explorer: filter events by years and theme; see them on a time axis with their sources.

    ``start``/``end`` set the default span, ``selected_themes`` the default theme filter (all if empty), ``task``
    a lesson's own question (a key of :data:`TIMELINE_TASKS`).
    Returns the widget (a VBox) live, or the static block in the site's build, so a lesson cell can end with it.
    """
    return timeline_spec(start, end, selected_themes, events, task).show()


def _explorer(controls, redraw, prompt: str):
    """Wire ipywidgets ``controls`` to ``redraw()`` and return the explorer box (live note, prompt, controls, output).

    Kept for explorers not yet declared with :class:`course.kit.explorer.Explorer`; such an explorer only shows its
    default view on the static page (and makes that page load the widget manager)."""
    out = w.Output()

    def update(*_):
        out.clear_output(wait=True)
        with out:
            redraw()

    for control in controls:
        control.observe(update, names="value")
    update()
    return w.VBox([w.HTML(LIVE_NOTE), w.HTML(f"<p><strong>{prompt}</strong></p>"), *controls, out])


def _status(text: str) -> str:
    return f"<p role='status'>{html.escape(text)}</p>"


@explorer.register("trade_growth")
def trade_growth_spec(start: int = 2016, end: int = 2024, trade_table=None) -> Explorer:
    """The growth explorer's declaration: two years; the result is a sentence (or why there is none)."""
    from . import trade

    table = data.load("russia_china_trade") if trade_table is None else trade_table
    years = [int(y) for y in table.year]

    def render(settings):
        try:
            result = trade.period_growth(table, settings["first"], settings["last"])
        except ValueError as err:
            return [f"<p role='status'>⚠ {html.escape(str(err))}</p>"]
        return [_status(trade.describe_growth(result))]

    spec = Explorer(key="trade_growth", prompt="Pick two years. Which period grew fastest per year, and does a gap year stop you?",
                    controls=[Choice("first", "From", years, start), Choice("last", "To", years, end)],
                    render=render, kwargs={"start": start, "end": end})
    # Sentences only (no charts): every pair of years fits in the page, so no reduction is needed.
    spec.static_views = [(i, j) for i in range(len(years)) for j in range(len(years))]
    return spec


def trade_growth_explorer(start: int = 2016, end: int = 2024, trade_table=None):
    """Pick a start and an end year; see the total growth and the compound annual growth of trade.

    Gap years are offered but explained: choosing one shows which nearby years have a figure.
    """
    return trade_growth_spec(start, end, trade_table).show()


# The static page's arms explorer: these countries, all categories, three spans (the full product is
# 45 suppliers x 118 recipients x 12 categories x any span; each view is a chart, so the page keeps a few).
ARMS_STATIC_SUPPLIERS = ["Russia", "China", "France", "Israel", "United States"]
ARMS_STATIC_RECIPIENTS = ["China", "India", "Russia"]


@explorer.register("arms")
def arms_spec(supplier: str = "Russia", recipient: str = "China", category: str = "All",
              start: int = 2000, end: int = 2023, transfers=None) -> Explorer:
    """The arms explorer's declaration: supplier, recipient, category and years."""
    from . import arms, charts

    register = data.load("sipri_transfers") if transfers is None else transfers
    suppliers = sorted(register.supplier.unique())
    recipients = sorted(register.recipient.unique())
    mid = (arms.FIRST_YEAR + arms.LAST_YEAR) // 2
    spans = [("All years", (arms.FIRST_YEAR, arms.LAST_YEAR)), (f"{arms.FIRST_YEAR}–{mid}", (arms.FIRST_YEAR, mid)),
             (f"{mid + 1}–{arms.LAST_YEAR}", (mid + 1, arms.LAST_YEAR))]

    def render(settings):
        s, r, c, (y0, y1) = settings["supplier"], settings["recipient"], settings["category"], settings["years"]
        share = arms.share_between(register, s, r, y0, y1)
        return [charts.arms_by_year(register, s, r, c, y0, y1), _status(arms_summary(s, r, y0, y1, share))]

    return Explorer(
        key="arms",
        prompt="Compare two periods: how did Russia's weight in China's arms imports change, and China's in Russia's exports?",
        controls=[Choice("supplier", "Supplier", suppliers, supplier, static_options=ARMS_STATIC_SUPPLIERS),
                  Choice("recipient", "Recipient", recipients, recipient, static_options=ARMS_STATIC_RECIPIENTS),
                  Choice("category", "Category", ["All"] + sorted(register.category.unique()), category, static_options=["All"]),
                  Span("years", "Years", arms.FIRST_YEAR, arms.LAST_YEAR, (start, end), spans, presets_label="Period")],
        render=render,
        static_note=(f"Here the suppliers are {', '.join(ARMS_STATIC_SUPPLIERS)}, the recipients {', '.join(ARMS_STATIC_RECIPIENTS)}, "
                     "all weapon categories together and three periods; live, any country, category and span."),
        kwargs={"supplier": supplier, "recipient": recipient, "category": category, "start": start, "end": end})


def arms_explorer(supplier: str = "Russia", recipient: str = "China", category: str = "All",
                  start: int = 2000, end: int = 2023, transfers=None):
    """Choose supplier, recipient, weapon category and years; see deliveries by year and the shares."""
    return arms_spec(supplier, recipient, category, start, end, transfers).show()


def arms_summary(supplier: str, recipient: str, start: int, end: int, share: dict) -> str:
    """One sentence stating a pair's TIV and shares over a span (all categories)."""
    if not share["pair_tiv"]:
        return f"No deliveries from {supplier} to {recipient} in {start}–{end} in the register."
    return (f"{start}–{end}, all categories: {supplier} delivered {share['pair_tiv']:,.0f} million TIV to {recipient}, "
            f"{share['of_recipient_imports_pct']:.0f}% of {recipient}'s arms imports and "
            f"{share['of_supplier_exports_pct']:.0f}% of {supplier}'s arms exports.")


@explorer.register("asymmetry")
def asymmetry_spec(year: int = 2023, gdp=None) -> Explorer:
    """The asymmetry explorer's declaration: one year; GDP bars and a sentence."""
    from . import charts, economy

    table = data.load("worldbank_gdp") if gdp is None else gdp
    years = [int(y) for y in economy.gdp_bn(table).dropna().index]

    def render(settings):
        snap = economy.snapshot(table, settings["year"])
        return [charts.gdp_bars(table, settings["year"]), _status(snapshot_sentence(settings["year"], snap))]

    return Explorer(key="asymmetry", prompt="Move the year: when did China's economy overtake Russia's, and India's overtake Russia's?",
                    controls=[Choice("year", "Year", years, year, kind="slider")], render=render, kwargs={"year": year})


def asymmetry_explorer(year: int = 2023, gdp=None):
    """Pick a year; see the GDP of Russia, China and India side by side and the China/Russia ratio."""
    return asymmetry_spec(year, gdp).show()


def snapshot_sentence(year: int, snap: dict) -> str:
    """One sentence for :func:`course.kit.economy.snapshot`."""
    parts = ", ".join(f"{c} ${v:,.0f} bn" for c, v in snap.items() if c != "China / Russia")
    return f"GDP in {year} (current US$): {parts}. China's economy is {snap['China / Russia']:.1f} times Russia's."


ACH_PROMPT = ("Rate each item C (consistent), I (inconsistent) or N (neutral) for each hypothesis. "
              "Which hypothesis has the least evidence against it, and which items does that hang on?")
POLICY_PROMPT = ("Weight the goals (0 = ignore, 3 = most important). Which option wins when security "
                 "matters most? When autonomy does? Which option never wins?")


def ach_board(evidence=None, preset: str = "suggested"):
    """The evidence board of lesson 07: rate each item C / I / N against each hypothesis and see the scores.

    Starts from one of the two rating sets in ``data/ach_evidence.csv`` (``preset``: "suggested", the course
    authors' ratings, or "article", as a reader of the opinion article might rate). Shows the inconsistency
    count per hypothesis, the margin, and the items the result hangs on.
    """
    from . import ach, charts, static_boards

    evidence = data.load("ach_evidence") if evidence is None else evidence
    if explorer.static_build():
        return explorer.StaticBlock(static_boards.ach_block(evidence, ACH_PROMPT, preset))
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
        display(HTML(ach.summary_html(ratings)))

    board = _explorer(pickers, redraw, ACH_PROMPT)
    live, prompt, *_controls, out = board.children
    return w.VBox([live, prompt, w.VBox(rows), out])


def policy_explorer(security: float = 1, economy: float = 1, autonomy: float = 1):
    """Weight India's goals and see how the paper's five options score (the scores are in course/kit/policy.py)."""
    from . import charts, policy, static_boards

    if explorer.static_build():
        weights = {"security": security, "economy": economy, "autonomy": autonomy}
        return explorer.StaticBlock(static_boards.policy_block(weights, POLICY_PROMPT))
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

    return _explorer(sliders, redraw, POLICY_PROMPT)


@explorer.register("year")
def year_spec(year: int = 2022, tables=None) -> Explorer:
    """Lesson 06's explorer declaration: one year, 2019–2025; trade that year and what every table says about it."""
    from . import charts, recent

    trade_t, crude, gas, statements, events = tables or (
        data.load("russia_china_trade"), data.load("china_crude_imports"), data.load("power_of_siberia_gas"),
        data.load("russia_china_settlement_statements"), data.load("timeline"))

    def render(settings):
        lines = recent.year_summary(settings["year"], trade_t, crude, gas, statements, events)
        return [charts.trade_since(trade_t, since=recent.FIRST_YEAR, highlight=settings["year"]),
                "<div role='status'><ul>" + "".join(f"<li>{html.escape(line)}</li>" for line in lines) + "</ul></div>"]

    return Explorer(key="year", prompt="Move the year: what changed after 2022, and which series stop before 2025?",
                    controls=[Choice("year", "Year", list(range(recent.FIRST_YEAR, recent.LAST_YEAR + 1)), year, kind="slider")],
                    render=render, kwargs={"year": year})


def year_explorer(year: int = 2022, tables=None):
    """Lesson 06: pick a year, 2019–2025; see trade that year and what every 2019–2025 table says about it.

    ``tables`` may pass the frames (trade, crude, gas, statements, events) for tests; by default they are loaded.
    A series without a figure for the year says so and where it stops (see :func:`course.kit.recent.year_summary`).
    """
    return year_spec(year, tables).show()
