"""Explorers declared once, shown two ways: ipywidgets in a live kernel, a self-contained HTML block on the
static site.

An :class:`Explorer` is a list of controls, each with a small discrete domain, and a pure function ``render``
from the chosen settings to what the explorer shows (charts from :mod:`course.kit.plots`, HTML strings).

- **Live** (a kernel: JupyterLab, a hub, nbval): :meth:`Explorer.widget` wraps the controls in ipywidgets and
  calls ``render`` on every change.
- **Static site** (the notebook runs inside the book build; :mod:`course.site.sphinx_site` sets the environment
  variable :data:`STATIC_ENV`): :meth:`Explorer.static_html` calls the same ``render`` for every setting of the
  controls' static domains, keeps each distinct output once, and writes plain ``<select>`` / ``<input
  type=range>`` controls plus a JSON table of the outputs. ``course/kit/explorers/static/course-explorers.js`` switches between
  them in the browser: no kernel, no server, no widget manager (which is no longer loaded on such a page, since
  no widget state is saved), and it works from ``file://``.

Why not both at once (a mime bundle with a widget view and HTML)? The kernel would still create the widgets, so
the book would save their state and load the 4 MB widget manager on the page; choosing explicitly keeps pages
light. Why our own script instead of a library? The job is a lookup table and two event listeners; any widget
library would bring back the weight this replaces.

Two explorers (the evidence board and the policy weights) have parameter spaces too large to precompute; they
compute in the browser with a port of their scoring rules (``course/kit/explorers/static/course-boards.js``) fed by the same
tables, and the browser tests check the port against the Python on the same cases.
"""

from __future__ import annotations

import html
import io
import itertools
import json
import os
import re
from dataclasses import dataclass, field
from typing import Any
from collections.abc import Callable

STATIC_ENV = "COURSE_STATIC_SITE"
# Above this many settings the static page needs an explicit, reduced list of views (``static_views``).
MAX_STATIC_VIEWS = 600
REGISTRY: dict[str, Callable[..., Explorer]] = {}
PROMPT_FIELD = re.compile(r"\{(\w+)(?::([^{}]+))?\}")  # {control} or {control:option} in an explorer's question

LIVE_NOTE = (
    "<p class='course-live-note' style='font-size:0.85em'><em>This explorer reacts to its controls. "
    "To use it live, run the lesson (the “Run it live” box at the top, or <code>make lab</code>).</em></p>"
)


def static_build() -> bool:
    """True when the code runs inside the static site's build (see :mod:`course.site.sphinx_site`)."""
    return os.environ.get(STATIC_ENV) == "1"


def register(key: str):
    """Decorator: record an explorer factory under ``key`` (the browser tests rebuild explorers from it)."""

    def wrap(factory):
        REGISTRY[key] = factory
        return factory

    return wrap


@dataclass
class Choice:
    """A control with a discrete domain: ``options`` is a list of ``(label, value)`` pairs (or plain values).

    ``kind`` picks the live widget: ``"dropdown"``, ``"slider"`` (numbers; an int/float slider), ``"buttons"``
    or ``"multi"`` (a multiple selection; its value is a tuple). ``static_options`` narrows the domain on the
    static page (for ``"multi"`` the default is "all" plus each option alone).
    """

    name: str
    label: str
    options: list
    default: Any
    kind: str = "dropdown"
    static_options: list | None = None

    def __post_init__(self):
        self.options = [o if isinstance(o, tuple) else (str(o), o) for o in self.options]
        if self.static_options is not None:
            self.static_options = [o if isinstance(o, tuple) else (str(o), o) for o in self.static_options]

    def static_choices(self) -> list[tuple[str, Any]]:
        """The ``(label, value)`` pairs offered on the static page."""
        if self.static_options is not None:
            return self.static_options
        if self.kind == "multi":
            return [("All", ())] + [(label, (value,)) for label, value in self.options]
        return self.options

    def option_label(self, option: str, static: bool, key: str) -> str:
        """The label of the option whose value (or label) is ``option``, as the page or the live widget offers it."""
        choices = (
            [(label, value[0] if self.kind == "multi" and value else value) for label, value in self.static_choices()]
            if static
            else self.options
        )
        for label, value in choices:
            if option in (str(value), label):
                return label
        where = "the static page" if static else "the live widget"
        raise ValueError(
            f"Explorer {key!r}: the question names {{{self.name}:{option}}}, which {where} does not offer; "
            f"its options are {[label for label, _ in choices]}."
        )

    def default_index(self) -> int:
        """Index of the default value among :meth:`static_choices` (0 if it is not offered there)."""
        default = tuple(self.default) if self.kind == "multi" else self.default
        values = [v for _, v in self.static_choices()]
        return values.index(default) if default in values else 0


@dataclass
class Span:
    """A span of years: live, a range slider (with optional preset buttons); static, a menu of ``presets``."""

    name: str
    label: str
    first: int
    last: int
    default: tuple
    presets: list  # (label, (start, end)) or (label, (start, end), key): the key is the live button's value
    presets_label: str = "Era"

    def static_choices(self) -> list[tuple[str, Any]]:
        """The presets, with the default span first if it is not one of them."""
        choices = [(p[0], tuple(p[1])) for p in self.presets]
        if tuple(self.default) not in [v for _, v in choices]:
            choices.insert(0, (f"{self.default[0]}–{self.default[1]}", tuple(self.default)))
        return choices

    def option_label(self, option: str, static: bool, key: str) -> str:
        """The label of the preset whose key (or label) is ``option``: the menu's entry on the static page, the
        button's (the label up to its first comma) live."""
        for preset in self.presets:
            if option in (preset[2] if len(preset) > 2 else preset[0], preset[0]):
                return preset[0] if static else live_preset_label(preset)
        raise ValueError(
            f"Explorer {key!r}: the question names {{{self.name}:{option}}}, but the presets are "
            f"{[p[2] if len(p) > 2 else p[0] for p in self.presets]}."
        )

    def default_index(self) -> int:
        """Index of the default span among :meth:`static_choices`."""
        return [v for _, v in self.static_choices()].index(tuple(self.default))


@dataclass
class Explorer:
    """One explorer: an id (``key``), a question for the student, controls and a pure ``render(settings)``.

    The question (``prompt``) may name the controls and their options by field, so that it always names what the
    page offers: ``{years}`` is a control's label (a span's ``presets_label``: the era menu or buttons), and
    ``{years:all}`` the label of one of its options (a span's preset by its key, a choice's option by its value),
    as the static page or the live widget shows it. A field naming a control or option that the page lacks is an
    error when the explorer is declared.

    ``render`` returns a list of displayable items (a :class:`course.kit.plots.Chart`, or an HTML string).
    ``static_views`` (optional) lists the settings, as tuples of option indexes, to precompute when the full
    product of the static domains is too large; ``static_note`` says on the page what the static version
    leaves out. ``kwargs`` are the factory's arguments, written into the page so a test can rebuild it.
    """

    key: str
    prompt: str
    controls: list
    render: Callable[[dict], list]
    static_note: str = ""
    static_views: list | None = None
    help_html: str = ""
    kwargs: dict = field(default_factory=dict)

    # --- both versions -----------------------------------------------------------------------
    def __post_init__(self):
        for static in (True, False):
            self.prompt_text(static)  # fails now, naming the field, rather than on the page

    def prompt_text(self, static: bool) -> str:
        """The question with its fields filled in for the static page (``static``) or the live widget."""
        controls = {c.name: c for c in self.controls}

        def fill(match):
            name, option = match.group(1), match.group(2)
            if name not in controls:
                raise ValueError(
                    f"Explorer {self.key!r}: the question names {{{name}}}, but the controls are {sorted(controls)}."
                )
            control = controls[name]
            if option is None:
                return control.presets_label if isinstance(control, Span) else control.label
            return control.option_label(option, static, self.key)

        return PROMPT_FIELD.sub(fill, self.prompt)

    def settings_for(self, indexes) -> dict:
        """The settings (control name -> value) for a tuple of static option indexes."""
        return {c.name: c.static_choices()[i][1] for c, i in zip(self.controls, indexes)}

    def static_space(self) -> list[tuple]:
        """Every tuple of static option indexes the page precomputes."""
        if self.static_views is not None:
            return [tuple(v) for v in self.static_views]
        sizes = [len(c.static_choices()) for c in self.controls]
        space = list(itertools.product(*[range(n) for n in sizes]))
        if len(space) > MAX_STATIC_VIEWS:
            raise ValueError(
                f"Explorer {self.key!r}: {len(space)} settings to precompute (limit {MAX_STATIC_VIEWS}); "
                "narrow the controls' static_options or list static_views."
            )
        return space

    def default_indexes(self) -> tuple:
        return tuple(c.default_index() for c in self.controls)

    # --- the static page ---------------------------------------------------------------------
    def static_html(self) -> str:
        """The self-contained HTML block: controls, the default view, and every precomputed view as JSON."""
        fragments: list[str] = []
        seen: dict[str, int] = {}
        views: dict[str, list[int]] = {}
        space = self.static_space()
        default = self.default_indexes()
        if default not in space:
            space = [default] + space
        for indexes in space:
            ids = []
            for item in self.render(self.settings_for(indexes)):
                for fragment in list_pieces(fragment_html(item, static=True)):
                    if fragment not in seen:
                        seen[fragment] = len(fragments)
                        fragments.append(fragment)
                    ids.append(seen[fragment])
            views[".".join(map(str, indexes))] = ids
        default_key = ".".join(map(str, default))
        payload = {"views": views, "fragments": fragments}
        controls = "".join(self._static_control(i, c) for i, c in enumerate(self.controls))
        note = (
            "<p class='course-explorer-note'><em>This explorer works on this page without a kernel: its "
            f"{len(views)} views were computed from the course's tables when the site was built."
            + (f" {html.escape(self.static_note)}" if self.static_note else "")
            + " Running the lesson live (the “Run it live” box at the top, or <code>make lab</code>) gives the full "
            "controls.</em></p>"
        )
        return (
            f"<div class='course-explorer' data-explorer='{html.escape(self.key)}' "
            f"data-kwargs='{html.escape(json.dumps(self.kwargs), quote=True)}'>"
            f"{note}<p class='course-explorer-prompt'><strong>{html.escape(self.prompt_text(static=True))}</strong></p>"
            f"<div class='course-explorer-controls'>{controls}</div>{self.help_html}"
            f"<div class='course-explorer-out' aria-live='polite' data-view='{default_key}'>"
            + "".join(fragments[i] for i in views[default_key])
            + "</div>"
            f"<script type='application/json' class='course-explorer-data'>{script_json(payload)}</script></div>"
        )

    def _static_control(self, index: int, control) -> str:
        choices = control.static_choices()
        label = control.presets_label if isinstance(control, Span) else control.label
        ident = f"cx-{self.key}-{index}"
        chosen = control.default_index()
        if isinstance(control, Choice) and control.kind == "slider" and len(choices) > 2:
            labels = html.escape(json.dumps([lab for lab, _ in choices]), quote=True)
            return (
                f"<label class='course-explorer-control' for='{ident}'>{html.escape(label)} "
                + step_button(-1, label)
                + f"<input type='range' id='{ident}' data-control='{index}' min='0' max='{len(choices) - 1}' step='1' "
                f"value='{chosen}' data-labels='{labels}' aria-valuetext='{html.escape(choices[chosen][0], quote=True)}'>"
                + step_button(1, label)
                + f" <output for='{ident}'>{html.escape(choices[chosen][0])}</output></label>"
            )
        options = "".join(
            f"<option value='{i}'{' selected' if i == chosen else ''}>{html.escape(lab)}</option>"
            for i, (lab, _) in enumerate(choices)
        )
        return (
            f"<label class='course-explorer-control' for='{ident}'>{html.escape(label)} "
            f"<select id='{ident}' data-control='{index}'>{options}</select></label>"
        )

    # --- the live version --------------------------------------------------------------------
    def widget(self):
        """The ipywidgets version: live note, prompt, controls, output redrawn on every change."""
        import ipywidgets as w
        from IPython.display import HTML, display

        out = w.Output()
        live_controls, rows = [], []
        for c in self.controls:
            widget, extra = _live_control(c)
            live_controls.append(widget)
            rows.extend(extra + [widget])

        def update(*_):
            settings = {c.name: _live_value(c, lw) for c, lw in zip(self.controls, live_controls)}
            out.clear_output(wait=True)
            with out:
                for item in self.render(settings):
                    display(item if hasattr(item, "_repr_html_") else HTML(item))

        for lw in live_controls:
            lw.observe(update, names="value")
        update()
        parts = [
            w.HTML(LIVE_NOTE),
            w.HTML(f"<p><strong>{html.escape(self.prompt_text(static=False))}</strong></p>"),
            *rows,
        ]
        if self.help_html:
            parts.append(w.HTML(self.help_html))
        return w.VBox(parts + [out])

    def show(self):
        """What a lesson cell ends with: the static block in the site's build, the ipywidgets box elsewhere."""
        return StaticBlock(self.static_html()) if static_build() else self.widget()


class StaticBlock:
    """HTML that Jupyter and Jupyter Book display as it is (the explorer on the static page)."""

    def __init__(self, body: str):
        self.body = body

    def _repr_html_(self) -> str:
        return self.body

    def __repr__(self) -> str:
        return "Explorer (static HTML; run the lesson live for the ipywidgets version)"


def _live_control(control):
    """The ipywidget for a control, plus widgets shown above it (an era picker for a span)."""
    import ipywidgets as w

    if isinstance(control, Span):
        years = w.IntRangeSlider(
            value=tuple(control.default),
            min=control.first,
            max=control.last,
            step=1,
            description=control.label,
            continuous_update=False,
            layout=w.Layout(width="95%"),
        )
        spans = {(p[2] if len(p) > 2 else p[0]): tuple(p[1]) for p in control.presets}
        buttons = w.ToggleButtons(
            options=[(live_preset_label(p), p[2] if len(p) > 2 else p[0]) for p in control.presets],
            value=None,
            description=control.presets_label,
            style={"button_width": "auto"},
        )

        def pick(change):
            if change["new"] in spans:
                start, end = spans[change["new"]]
                years.value = (max(start, control.first), min(end, control.last))

        buttons.observe(pick, names="value")
        return years, [buttons]
    options, kind = control.options, control.kind
    if kind == "multi":
        return w.SelectMultiple(
            options=options,
            value=tuple(control.default),
            description=control.label,
            rows=6,
            layout=w.Layout(width="60%"),
        ), []
    if kind == "slider":
        values = [v for _, v in options]
        if all(isinstance(v, int) for v in values) and values == list(range(values[0], values[-1] + 1)):
            return w.IntSlider(
                value=control.default,
                min=values[0],
                max=values[-1],
                description=control.label,
                continuous_update=False,
                layout=w.Layout(width="95%"),
            ), []
        return w.SelectionSlider(
            options=options, value=control.default, description=control.label, continuous_update=False
        ), []
    if kind == "buttons":
        return w.ToggleButtons(options=options, value=control.default, description=control.label), []
    return w.Dropdown(options=options, value=control.default, description=control.label), []


def live_preset_label(preset) -> str:
    """A span preset's button label in the live widget: its label up to the first comma ("Empires and unequal
    treaties, 1689–1949" -> "Empires and unequal treaties")."""
    return preset[0].split(",")[0]


def _live_value(control, widget):
    return tuple(widget.value) if isinstance(control, Span) or getattr(control, "kind", "") == "multi" else widget.value


def fragment_html(item, static: bool = False) -> str:
    """HTML for one rendered item; on the static page a chart's PNG is re-encoded with a small palette."""
    if hasattr(item, "png") and hasattr(item, "_repr_html_"):
        if static:
            from dataclasses import replace

            item = replace(item, png=small_png(item.png))
        return item._repr_html_()
    if hasattr(item, "_repr_html_"):
        return item._repr_html_()
    return str(item)


_LIST = re.compile(r"(<(ol|ul)\b[^>]*>)(.*)(</\2>)", re.S)
_ITEM = re.compile(r"<li\b.*?</li>", re.S)


def list_pieces(fragment: str) -> list[str]:
    """A flat HTML list split into its opening tag, its items and its closing tag, else the fragment whole.

    The page joins a view's fragments into one string before it parses them, so the pieces make the same list;
    kept apart, an item shared by many views (an event in every era and theme that holds it) is stored once."""
    match = _LIST.fullmatch(fragment)
    if not match or re.search(r"<(ol|ul)\b", match.group(3)):
        return [fragment]
    items = _ITEM.findall(match.group(3))
    if "".join(items) != match.group(3):
        return [fragment]
    return [match.group(1), *items, match.group(4)]


def small_png(png: bytes, colours: int = 64) -> bytes:
    """The chart re-encoded with an adaptive palette: about a third of the bytes, no visible change for
    flat-colour charts. Many views sit in one page, so this is most of the static explorers' weight."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=colours, method=Image.Quantize.MEDIANCUT)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue() if len(out.getvalue()) < len(png) else png


def step_button(direction: int, label: str) -> str:
    """A "−" or "+" button beside a slider: one click moves it one step, so a reader who cannot drag (WCAG 2.2,
    2.5.7 Dragging Movements) or uses a pointer without keys sets it as easily. course-explorers.js handles every
    such button on the page (``data-step``), for the explorers and the boards alike."""
    sign, verb = ("\u2212", "Decrease") if direction < 0 else ("+", "Increase")
    return (
        f"<button type='button' class='course-step' data-step='{direction}' "
        f"aria-label='{verb} {html.escape(label, quote=True)}'>{sign}</button>"
    )


def script_json(value) -> str:
    """JSON safe inside a ``<script>`` element (no ``</`` or ``<!--`` that would end or confuse it)."""
    return (
        json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/").replace("<!--", "<\\u0021--")
    )
