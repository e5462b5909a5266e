"""``make slides`` and ``make slides-instructor``: each lesson as a reveal.js deck to lecture from, offline.

The decks are generated from the executed lessons (the book build's run, :mod:`course.site.executed`), never
from their code: a deck shows no code and no raw output. What goes on the slides, in the lesson's order:

* **Title slide:** the lesson's title, time, questions and objectives (:mod:`course.site.frontmatter`).
* **Key sentences:** a section (``##`` heading; a ``###`` heading starts a new slide within it) becomes one or
  more slides titled with its heading. From each paragraph and each list item they keep the *first sentence*
  (two if the first is only a bold lead-in such as "**Where the series stops.**") and every *question* in it.
  A slide holds at most four points; more go on the next slide of the same title.
* **Boxes:** an admonition (a "Check the record" or "Two readings" box) gets slides of its own, titled with the
  box's title, with the same rule for its paragraphs. Boxes about using the page ("Run it live", "Your turn:
  the challenges"), hints (dropdowns) and markdown tables stay on the lesson page. A block quote is a slide.
* **Charts:** one slide per chart a code cell drew (the kit's captioned figures, or any image output), with its
  caption and source line. Cells marked ``skip`` in the slide metadata (set-up, explorers, solutions) are left
  out; so is every other output (tables, printed text, quizzes).
* **Questions:** a paragraph that opens with a bold label ending in a colon ("**Think:**", "**Your turn:**"),
  each *Your turn* challenge (its task, without starter, hint or solution) and each *Discuss* prompt is a
  question slide. The *Discuss* prompts come after the last section, the *Key takeaways* last; the lesson's
  *Sources and further reading* stay on its page (citations in the sentences are kept, as "(Author year)").

Speaker notes (reveal.js ``<aside class="notes">``, shown by pressing S) come only in the instructor build,
from ``book/instructor/notes.yaml`` (:mod:`course.site.instructor`): the timing plan on the title slide, each
timing step that names a section ("Section 3: …") on that section's first slide, the model answer on each
*Discuss* slide, the challenge's answer on each *Your turn* slide, and the misconceptions on the takeaways.

    python -m course.site.slides                 # student decks: _build/slides/
    python -m course.site.slides --instructor    # with speaker notes: _build/instructor-edition/slides/

reveal.js itself is served from ``lib/`` beside the decks (fetched with ``npm pack`` by the Makefile); the
template (``slides_template/deck.html.j2``) loads nothing else.
"""

from __future__ import annotations

import argparse
import base64
import html
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import jinja2
import nbformat
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt
from mdit_py_plugins.colon_fence import colon_fence_plugin

from .. import paths
from . import frontmatter, instructor
from .executed import run as executed_run

OUT = paths.ROOT / "_build" / "slides"
INSTRUCTOR_OUT = paths.ROOT / "_build" / "instructor-edition" / "slides"
TEMPLATES = Path(__file__).parent / "slides_template"
BIBLIOGRAPHY = paths.BOOK / "references.bib"

MAX_POINTS = 4  # points on one slide; more continue on the next
PAGE_ONLY_BOXES = ("Run it live", "Your turn")  # boxes about using the page, not about the subject
SPECIAL = {"learning objectives": "objectives", "key takeaways": "takeaways", "discuss": "discuss",
           "sources and further reading": "sources"}
# Words whose full stop does not end a sentence.
ABBREVIATIONS = {"e.g", "i.e", "cf", "vs", "Mr", "Mrs", "Ms", "Dr", "St", "No", "no", "c", "ca", "approx", "al",
                 "p", "pp", "Jan", "Feb", "Mar", "Apr", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec", "Gen", "Lt",
                 "Col", "Prof", "U.S", "U.N", "U.K", "Inc", "Ltd", "Co", "Vol", "vol", "ed", "eds", "Fig", "fig"}

MD = MarkdownIt("commonmark", {"html": True}).use(colon_fence_plugin).enable("table")


class SlidesError(ValueError):
    """A lesson or its notes cannot be turned into a deck; the message says what to fix."""


@dataclass
class Slide:
    """One slide. ``kind`` is title, points, box, quote, chart, question or takeaways; text fields are HTML."""

    kind: str
    title: str
    kicker: str = ""
    points: list[str] = field(default_factory=list)
    image: str = ""  # a data: URI
    alt: str = ""
    caption: str = ""
    source: str = ""
    notes: list[str] = field(default_factory=list)
    section: str = ""  # the section's number ("3"), for notes that name it

    @property
    def length(self) -> int:
        """How much text the slide holds (characters a reader sees): the template sets a smaller type above a limit."""
        return sum(plain_length(t) for t in [self.title, self.caption, *self.points])


# ---------------------------------------------------------------- words


@lru_cache(maxsize=1)
def _bibliography() -> dict:
    from pybtex.database import parse_file

    return parse_file(str(BIBLIOGRAPHY)).entries


def _names(key: str, where: str) -> tuple[str, str]:
    """(who, year) of a citation key, as the slides show it."""
    entries = _bibliography()
    if key not in entries:
        raise SlidesError(f"{where}: unknown citation key {key!r}; add it to {BIBLIOGRAPHY.name}")
    entry = entries[key]
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    last = [" ".join(p.last_names).replace("{", "").replace("}", "") for p in people]
    if len(last) > 2:
        who = f"{last[0]} et al."
    elif last:
        who = " and ".join(last)
    else:
        fallback = entry.fields.get("organization") or entry.fields.get("publisher") or entry.fields.get("title", key)
        who = re.sub(r"[{}]", "", fallback).split(":")[0]
        who = " ".join(who.split()[:5]) + ("…" if len(who.split()) > 5 else "")
    return who.replace("--", "–"), entry.fields.get("year", "n.d.")


def _role(match: re.Match, where: str) -> str:
    role, content = match.group(1), match.group(2)
    if role.startswith("cite"):
        cited = [_names(k.strip(), where) for k in content.split(",") if k.strip()]
        if role == "cite:t":
            return "; ".join(f"{who} ({year})" for who, year in cited)
        return "(" + "; ".join(f"{who} {year}" for who, year in cited) + ")"
    # {doc}`text <target>`, {term}`word`, {ref}`...`: the reader sees the text
    return re.sub(r"\s*<[^>]*>$", "", content)


def plain_roles(source: str, where: str = "lesson") -> str:
    """MyST roles as a reader sees them: citations as "(Author year)", links and terms as their text."""
    return re.sub(r"\{([a-z][\w:-]*)\}`([^`]*)`", lambda m: _role(m, where), source)


def sentences(text: str) -> list[str]:
    """Split a paragraph's markdown into sentences (not inside code spans, not after abbreviations)."""
    found, start = [], 0
    for m in re.finditer(r"[.!?]+[\"”’)*_]*(?=\s)", text):
        if text[: m.start()].count("`") % 2:  # inside a code span
            continue
        word = re.search(r"([^\s(\"“*_]*)$", text[start:m.start()]).group(1)
        if m.group().startswith(".") and (word in ABBREVIATIONS or re.fullmatch(r"[A-Z]", word)):
            continue
        following = text[m.end():].lstrip()
        if following and not (following[0].isupper() or following[0].isdigit() or following[0] in "\"“‘(*_[$"):
            continue
        found.append(text[start:m.end()].strip())
        start = m.end()
    rest = text[start:].strip()
    return found + ([rest] if rest else [])


def _bare(markdown: str) -> str:
    return re.sub(r"[*_`]", "", markdown).strip()


def key_sentences(paragraph: str) -> str:
    """The paragraph's first sentence (two if the first is only a bold lead-in) and every question in it."""
    parts = sentences(" ".join(paragraph.split()))
    if not parts:
        return ""
    first = 2 if len(parts) > 1 and re.fullmatch(r"\*\*[^*]+\*\*", parts[0]) else 1
    questions = [s for s in parts[first:] if re.search(r"\?[\"”’)*_]*$", s)]
    return " ".join(parts[:first] + questions)


def inline(markdown: str) -> str:
    """One line of markdown as HTML."""
    return MD.renderInline(markdown).strip()


def plain_length(fragment: str) -> int:
    return len(html.unescape(re.sub(r"<[^>]+>", "", fragment)))


# ---------------------------------------------------------------- markdown blocks


def _close(tokens, i: int) -> int:
    """Index of the token that closes tokens[i]."""
    closing = tokens[i].type.replace("_open", "_close")
    j = i + 1
    while not (tokens[j].type == closing and tokens[j].level == tokens[i].level):
        j += 1
    return j


def blocks(source: str):
    """The blocks of a markdown cell: ("heading", level, text), ("para", text), ("list", [items]),
    ("quote", [paragraphs]), ("box", kind, title, body); tables, code and raw HTML are left out."""
    tokens = MD.parse(source)
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.type == "heading_open":
            yield ("heading", int(t.tag[1]), tokens[i + 1].content)
        elif t.type == "paragraph_open":
            yield ("para", tokens[i + 1].content)
        elif t.type in ("bullet_list_open", "ordered_list_open", "blockquote_open"):
            end = _close(tokens, i)
            # the first paragraph of each list item (nested lists are details), or every paragraph of a quote
            depth = t.level + (2 if t.type != "blockquote_open" else 1)
            texts = [tokens[k + 1].content for k in range(i, end)
                     if tokens[k].type == "paragraph_open" and tokens[k].level == depth
                     and (t.type == "blockquote_open" or tokens[k - 1].type == "list_item_open")]
            yield ("quote" if t.type == "blockquote_open" else "list", texts)
            i = end
        elif t.type == "colon_fence":
            m = re.match(r"\{([\w-]+)\}\s*(.*)", t.info.strip())
            body = re.sub(r"\A(?:\s*:[\w-]+:.*\n)+", "", t.content)  # the box's options (":class: tip")
            if m:
                yield ("box", m.group(1), m.group(2).strip(), body)
        elif t.type.endswith("_open"):
            i = _close(tokens, i)  # tables and anything else
        i += 1


# ---------------------------------------------------------------- charts


def charts(cell) -> list[Slide]:
    """A chart slide for every image a code cell drew: the kit's captioned figures, or a bare image output."""
    found = []
    for output in cell.get("outputs", []):
        bundle = output.get("data", {})
        if "text/html" in bundle:
            soup = BeautifulSoup("".join(bundle["text/html"]), "html.parser")
            for figure in soup.select("figure.course-chart"):
                caption = figure.figcaption
                title = caption.strong.get_text(" ", strip=True) if caption and caption.strong else ""
                source = caption.get_text(" ", strip=True)[len(title):].strip() if caption else ""
                source = re.sub(r"^Source:\s*", "", source)
                found.append(Slide("chart", html.escape(title), image=figure.img["src"],
                                   alt=html.escape(figure.img.get("alt", ""), quote=True),
                                   caption=html.escape(title), source=html.escape(source)))
        elif "image/png" in bundle or "image/svg+xml" in bundle:
            if "image/png" in bundle:
                uri = "data:image/png;base64," + "".join(bundle["image/png"]).replace("\n", "")
            else:
                svg = "".join(bundle["image/svg+xml"]).encode("utf-8")
                uri = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
            alt = html.escape("".join(bundle.get("text/plain", "")), quote=True)
            found.append(Slide("chart", "", image=uri, alt=alt))
    return found


# ---------------------------------------------------------------- the deck


class _Deck:
    """Walks a lesson's cells in order and collects slides (see the module docstring for the rule)."""

    def __init__(self, where: str):
        self.where = where
        self.slides: list[Slide] = []
        self.discuss: list[Slide] = []
        self.takeaways: list[str] = []
        self.title, self.section, self.special = "", "", None
        self.run: list[str] = []
        self.lead = ""  # a sentence ending in ":" waits for the list it introduces

    def md(self, text: str) -> str:
        return inline(plain_roles(text, self.where))

    def flush(self) -> None:
        """The current run of key sentences as slides of at most MAX_POINTS points."""
        points = [p for p in self.run if p]
        for i in range(0, len(points), MAX_POINTS):
            self.slides.append(Slide("points", self.title, points=points[i:i + MAX_POINTS], section=self.section))
        self.run = []

    def heading(self, level: int, text: str) -> None:
        self.flush()
        if level == 1:
            self.title, self.special, self.section = self.md(text), None, ""
            return
        name = re.sub(r"^\d+\.\s*", "", _bare(text)).lower()
        if level == 2:
            self.special = SPECIAL.get(name)
            number = re.match(r"^(\d+)\.", text)
            self.section = number.group(1) if number else ""
            self.title = self.md(text)
        else:
            self.title = self.md(text)

    def paragraph(self, text: str) -> None:
        if self.special in ("objectives", "sources") or re.match(r"\*\*(Time|Questions):\*\*", text):
            return
        if self.special == "takeaways":
            self.takeaways.append(self.md(" ".join(text.split())))
            return
        label = re.match(r"\*\*([^*]+?):\*\*\s*(.*)", " ".join(text.split()), flags=re.S)
        if label:  # "**Think:** …": a question for the room
            self.flush()
            self.slides.append(Slide("question", self.title, kicker=html.escape(label.group(1)),
                                     points=[self.md(label.group(2))], section=self.section))
            return
        point = self.md(key_sentences(text))
        if point.endswith(":"):
            self.lead = point
        else:
            self.run.append(point)

    def items(self, items: list[str]) -> None:
        if self.special in ("objectives", "sources"):
            return
        if self.special == "takeaways":
            self.takeaways += [self.md(" ".join(i.split())) for i in items]
        elif self.special == "discuss":
            total = len(items)
            self.discuss += [Slide("question", "Discuss", kicker=f"Discuss {n} of {total}",
                                   points=[self.md(" ".join(p.split()))]) for n, p in enumerate(items, 1)]
        else:
            self.run += [self.lead] + [self.md(key_sentences(i)) for i in items]
        self.lead = ""

    def quote(self, paragraphs: list[str]) -> None:
        if self.special:
            return
        self.flush()
        self.slides.append(Slide("quote", self.title, points=[self.md(key_sentences(p)) for p in paragraphs],
                                 section=self.section))

    def box(self, kind: str, title: str, body: str) -> None:
        if kind != "admonition" or title.startswith(PAGE_ONLY_BOXES) or self.special:
            return  # dropdowns are hints; page-use boxes are about the web page
        self.flush()
        before, outer, self.title = len(self.slides), self.title, self.md(title)
        for block in blocks(body):
            self.block(block)
        self.flush()
        for slide in self.slides[before:]:
            slide.kind = "box" if slide.kind == "points" else slide.kind
            slide.kicker = slide.kicker or outer
        self.title = outer

    def block(self, block) -> None:
        kind = block[0]
        if kind != "list":
            self.lead = ""  # what it introduced (a table, a code cell's output) is not on the slides
        if kind == "heading":
            self.heading(block[1], block[2])
        elif kind == "para":
            self.paragraph(block[1])
        elif kind == "list":
            self.items(block[1])
        elif kind == "quote":
            self.quote(block[1])
        elif kind == "box":
            self.box(*block[1:])

    def challenge(self, source: str) -> None:
        """A *Your turn* cell: its heading and task, without the note on how to run it."""
        self.flush()
        heading, task = "", []
        for block in blocks(source):
            if block[0] == "heading":
                heading = _bare(block[2])
            elif block[0] == "para" and not block[1].lstrip().startswith("*On the web page"):
                task.append(self.md(" ".join(block[1].split())))
            elif block[0] == "list":
                task += [self.md(" ".join(i.split())) for i in block[1]]
        kicker, _, title = heading.partition(":")
        self.slides.append(Slide("question", self.md(title.strip() or heading), kicker=html.escape(kicker.strip()),
                                 points=task, section=self.section))

    def chart(self, cell) -> None:
        found = charts(cell)
        if found:
            self.flush()
        for slide in found:
            slide.kicker, slide.section = self.title, self.section
            slide.title = slide.title or self.title
        self.slides += found


def slides(nb: nbformat.NotebookNode, name: str) -> list[Slide]:
    """The slides of an executed lesson, without notes."""
    front = frontmatter.read(nb, name)
    deck = _Deck(name)
    for cell in nb.cells:
        deck.lead = ""
        if cell.get("metadata", {}).get("slideshow", {}).get("slide_type") == "skip":
            continue
        if cell.cell_type == "code":
            deck.chart(cell)
        elif cell.cell_type == "markdown" and "challenge" in cell.get("metadata", {}).get("tags", []):
            deck.challenge(cell.source)
        elif cell.cell_type == "markdown":
            for block in blocks(cell.source):
                deck.block(block)
    deck.flush()
    title = Slide("title", inline(front.title), kicker=f"{front.minutes} minutes",
                  points=[deck.md(q) for q in front.questions])
    title.caption = "".join(f"<li>{deck.md(o)}</li>" for o in front.objectives)
    end = [Slide("takeaways", "Key takeaways", points=deck.takeaways[i:i + MAX_POINTS + 1])
           for i in range(0, len(deck.takeaways), MAX_POINTS + 1)]
    return [title] + deck.slides + deck.discuss + end


# ---------------------------------------------------------------- speaker notes (instructor build only)


def _answer(value) -> str:
    value = value.item() if hasattr(value, "item") else value
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def challenge_answers(lesson: str) -> dict[str, str]:
    """Each challenge's expected value(s), computed from the data, keyed by id ("01.2")."""
    from ..kit import challenges

    if not challenges.spec_path(lesson).is_file():
        return {}
    answers = {}
    for cid, ch in challenges.load(lesson).items():
        keyed = [i for i, c in enumerate(ch["checks"]) if "expected" in c]
        answers[cid] = "; ".join(_answer(challenges.expected(cid, i)) for i in keyed) or "a labelled chart"
    return answers


def add_notes(deck: list[Slide], lesson: str) -> list[Slide]:
    """Attach the instructor notes of ``lesson`` to its slides (see the module docstring for where each goes)."""
    notes = instructor.notes()
    if lesson not in notes:
        raise SlidesError(f"{instructor.NOTES.name} has no entry for lesson {lesson}: add its timing, "
                          "discussion answers and misconceptions")
    note, md = notes[lesson], (lambda text: inline(plain_roles(text, f"notes for lesson {lesson}")))
    clock, plan = 0, []
    for minutes, activity in note["timing"]:
        plan.append(f"{clock}–{clock + minutes} min: {md(activity)}")
        clock += minutes
        named = re.search(r"\b[Ss]ections? (\d+)", activity)
        first = next((s for s in deck if named and s.section == named.group(1)), None)
        if first is not None:
            first.notes.append(f"About {minutes} min: {md(activity)}")
    deck[0].notes = ["<strong>Timing plan</strong>"] + plan
    discuss = [s for s in deck if s.kicker.startswith("Discuss ")]
    for slide, answer in zip(discuss, note["discussion"]):
        slide.notes.append(f"<strong>Model answer:</strong> {md(answer)}")
    answers = challenge_answers(lesson)
    for slide in deck:
        found = re.fullmatch(r"Your turn (\d\d[a-z]?\.\d+)", html.unescape(slide.kicker))
        if found and found.group(1) in answers:
            slide.notes.append(f"<strong>Answer:</strong> {html.escape(answers[found.group(1)])}")
    closing = [s for s in deck if s.kind == "takeaways"] or deck[-1:]
    closing[-1].notes += ["<strong>Misconceptions to check</strong>"]
    closing[-1].notes += [f"{md(wrong)} — <em>what to say:</em> {md(fix)}" for wrong, fix in note["misconceptions"]]
    return deck


# ---------------------------------------------------------------- files


def executed(path: Path) -> nbformat.NotebookNode:
    """The lesson with outputs: the book build's run of this exact source if there is one (so ``make test``
    runs each lesson once), else a fresh run (said on stderr); see :func:`course.site.executed.run`."""
    return executed_run(path)


def render(deck: list[Slide], title: str, *, edition: str) -> str:
    """A deck as one HTML page."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=False, keep_trailing_newline=True)
    return env.get_template("deck.html.j2").render(slides=deck, title=title, edition=edition)


def build(*, edition: str = "student", lessons=None, out: Path | None = None) -> list[Path]:
    """Write ``<lesson>.slides.html`` for each lesson into ``out`` (by default the edition's folder)."""
    if edition not in ("student", "instructor"):
        raise SlidesError(f"edition must be 'student' or 'instructor', not {edition!r}")
    out = out or (INSTRUCTOR_OUT if edition == "instructor" else OUT)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for path in lessons or paths.lessons():
        deck = slides(executed(path), path.name)
        if edition == "instructor":
            deck = add_notes(deck, paths.lesson_id(path))
        title = html.unescape(re.sub(r"<[^>]+>", "", deck[0].title))
        target = out / f"{path.stem}.slides.html"
        target.write_text(render(deck, title, edition=edition), encoding="utf-8")
        written.append(target)
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instructor", action="store_true", help="add speaker notes (never give these to students)")
    parser.add_argument("--out", type=Path, help="folder for the decks")
    args = parser.parse_args(argv)
    for p in build(edition="instructor" if args.instructor else "student", out=args.out):
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
