"""The book's *Source articles* page, written from ``data/source_articles.csv``, ``article_excerpts.csv`` and
``article_claims.csv``: what is known of each article, then every claim the course checks with the article's own
words, the course's verdict and its evidence.

``python -m course.site.articles_page`` rewrites ``book/source-articles.md``; ``tests/test_excerpts.py`` fails when
the page and the tables differ.
"""

from __future__ import annotations

import sys

from .. import paths
from ..kit import data

PAGE = paths.BOOK / "source-articles.md"
NAMES = {"partnership": "The partnership paper", "tensions": "The opinion article"}


def _quote(text: str) -> str:
    return "> " + text.replace("*", "\\*")


def page() -> str:
    """The Markdown of ``book/source-articles.md``."""
    articles = data.load("source_articles").set_index("article")
    excerpts = data.load("article_excerpts").sort_values(["article", "claim_no", "part"])
    claims = data.load("article_claims")
    out = [
        "# The source articles, claim by claim",
        "",
        "The course is built from two articles written from an Indian strategic perspective. This page says what is "
        "known of them and, for each of the 50 claims the course checks (the table `article_claims`), quotes the "
        "article's own words beside the course's verdict and its evidence, so that you can check each critique "
        "yourself. The quotations are word for word as in the course's copies, which keep the layout's line-break "
        'hyphens (*Chi- na*) and footnote numbers run into words (*territory5*, *17277* for "1727" and its note '
        "7). The course does not reproduce the articles: the tests prove each quotation against a fingerprint of "
        "its article (`data/source_articles.csv`) instead.",
        "",
        "## What is known of the two articles",
        "",
    ]
    for name, row in articles.iterrows():
        out += [
            f"**{NAMES[name]}** ({name}). {row.what_it_is}.",
            "",
            f"- Written: {row.written}. Standpoint: {row.perspective}.",
            f"- Author: {row.author}. Outlet: {row.outlet}.",
            f"- Provenance: {row.provenance}",
            "",
        ]
    out += [
        "Verdicts: *confirmed*, *qualify* (right in part, or needs a qualifier), *wrong*, *unverified*. "
        "The evidence's quality (original, mixed, tertiary, weak, none) says how far to trust the verdict; see "
        "{doc}`data-sources`.",
        "",
    ]
    for name in articles.index:
        out += [f"## {NAMES[name]}", ""]
        rows = claims[claims.article == name].sort_values("claim_no")
        for claim in rows.itertuples():
            parts = excerpts[(excerpts.article == name) & (excerpts.claim_no == claim.claim_no)]
            out += [f"### {NAMES[name].split()[-1].capitalize()} claim {claim.claim_no}", ""]
            for part in parts.itertuples():
                out += [_quote(part.excerpt), ""]
            out += [
                f"- **Claim checked:** {claim.claim}",
                f"- **Verdict:** {claim.verdict} ({claim.verdict_as_marked}); evidence quality: {claim.source_quality}",
                f"- **Evidence:** {claim.evidence}",
                "",
            ]
    return "\n".join(out).rstrip() + "\n"


def write() -> None:
    """Rewrite ``book/source-articles.md`` from the tables."""
    PAGE.write_text(page(), encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 1:
        sys.exit("usage: python -m course.site.articles_page  (rewrites book/source-articles.md)")
    write()
    print(f"wrote {PAGE.relative_to(paths.ROOT)}")
