"""The excerpt pack: every claim the course checks has the article's own words, short, and proved verbatim against
the article's fingerprint (course/site/excerpts.py) without the repository holding the articles."""

from __future__ import annotations

import csv
import random

import pytest

from course.kit import data
from course.site import articles_page, excerpts

MAX_SHARE = 0.3  # all the quotations together stay well short of the article


@pytest.fixture(scope="module")
def pack():
    return data.load("article_excerpts"), data.load("source_articles").set_index("article"), data.load("article_claims")


def test_every_claim_has_a_short_quotation_and_every_quotation_a_claim(pack):
    quotes, _, claims = pack
    claimed = set(zip(claims.article, claims.claim_no))
    quoted = set(zip(quotes.article, quotes.claim_no))
    assert claimed - quoted == set(), f"claims with no excerpt: {sorted(claimed - quoted)}"
    assert quoted - claimed == set(), (
        f"excerpts of claims that article_claims does not hold: {sorted(quoted - claimed)}"
    )
    words = (
        quotes.assign(n=quotes.excerpt.map(lambda s: len(excerpts.words(s)))).groupby(["article", "claim_no"]).n.sum()
    )
    assert (words <= excerpts.MAX_WORDS).all(), (
        f"over {excerpts.MAX_WORDS} words: {words[words > excerpts.MAX_WORDS].to_dict()}"
    )
    assert (words > 0).all()
    parts = quotes.groupby(["article", "claim_no"]).part.apply(list)
    assert all(p == list(range(1, len(p) + 1)) for p in parts), "parts of a claim are numbered 1, 2, … in order"


def test_the_quotations_do_not_add_up_to_the_article(pack):
    quotes, articles, _ = pack
    for name, rows in quotes.drop_duplicates(["article", "word_start"]).groupby("article"):
        share = rows.excerpt.map(lambda s: len(excerpts.words(s))).sum() / articles.loc[name, "words"]
        assert share <= MAX_SHARE, f"{name}: the excerpts quote {share:.0%} of the article"


def test_every_quotation_is_the_articles_own_words(pack):
    quotes, articles, _ = pack
    for row in quotes.itertuples():
        article = articles.loc[row.article]
        assert excerpts.verify(row.excerpt, row.word_start, row.proof.split(), article.words, article.merkle_root), (
            f"{row.article} claim {row.claim_no} part {row.part}: not the article's words at word {row.word_start} "
            "(re-run python -m course.site.excerpts --prove FOLDER with the articles)"
        )


def test_a_changed_word_or_a_moved_quotation_fails(pack):
    quotes, articles, _ = pack
    row = quotes.iloc[3]
    article = articles.loc[row.article]
    proof = row.proof.split()
    changed = row.excerpt.replace("Aigun", "Argun", 1) if "Aigun" in row.excerpt else row.excerpt + "s"
    assert changed != row.excerpt
    assert not excerpts.verify(changed, row.word_start, proof, article.words, article.merkle_root)
    assert not excerpts.verify(row.excerpt, row.word_start + 1, proof, article.words, article.merkle_root)
    assert not excerpts.verify(row.excerpt, row.word_start, proof[:-1], article.words, article.merkle_root)
    assert not excerpts.verify(row.excerpt, row.word_start, proof + proof[:1], article.words, article.merkle_root)
    other = quotes.iloc[10]
    assert not excerpts.verify(other.excerpt, row.word_start, proof, article.words, article.merkle_root)


def test_proofs_round_trip_at_every_position():
    rng = random.Random(7)
    tokens = [rng.choice(["Amur", "Ussuri", "treaty", "border", "1689", "–"]) for _ in range(137)]
    top = excerpts.root(tokens)
    for start, length in [(0, 1), (0, 137), (136, 1), (5, 20), (64, 9), (100, 37)]:
        part = " ".join(tokens[start : start + length])
        assert excerpts.verify(part, start, excerpts.prove(tokens, start, length), len(tokens), top)
    assert not excerpts.verify("", 0, [], len(tokens), top)
    assert not excerpts.verify(" ".join(tokens[130:]), 130, excerpts.prove(tokens, 130, 7), 136, top)


def _write(path, rows):
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_the_maintainer_step_fills_proofs_and_says_what_is_wrong(tmp_path):
    (tmp_path / "article-partnership.txt").write_text("The first treaty\nof 1689 set the\n\nborder.", encoding="utf-8")
    articles, quotes = tmp_path / "articles.csv", tmp_path / "excerpts.csv"
    _write(articles, [{"article": "partnership", "words": "", "merkle_root": ""}])
    _write(
        quotes,
        [
            {
                "article": "partnership",
                "claim_no": "1",
                "part": "1",
                "excerpt": "of 1689 set",
                "word_start": "",
                "proof": "",
            }
        ],
    )
    excerpts.prove_all(tmp_path, quotes, articles)
    article = next(csv.DictReader(articles.open(encoding="utf-8")))
    quote = next(csv.DictReader(quotes.open(encoding="utf-8")))
    assert article["words"] == "8" and quote["word_start"] == "3"
    assert excerpts.verify("of 1689 set", 3, quote["proof"].split(), 8, article["merkle_root"])
    _write(
        quotes,
        [
            {
                "article": "partnership",
                "claim_no": "1",
                "part": "1",
                "excerpt": "of 1698 set",
                "word_start": "",
                "proof": "",
            }
        ],
    )
    with pytest.raises(excerpts.ExcerptError, match="not in the article, word for word: 'of 1698 set'"):
        excerpts.prove_all(tmp_path, quotes, articles)
    with pytest.raises(excerpts.ExcerptError, match="article-partnership.txt not found: give the folder"):
        excerpts.prove_all(tmp_path / "elsewhere", quotes, articles)


def test_the_page_shows_each_claim_with_its_words_verdict_and_evidence(pack):
    quotes, _, claims = pack
    text = articles_page.PAGE.read_text(encoding="utf-8")
    assert text == articles_page.page(), "book/source-articles.md is out of date: python -m course.site.articles_page"
    assert text.count("\n# ") == 0 and text.startswith("# ")
    assert text.count("- **Claim checked:**") == len(claims)
    for row in quotes.itertuples():
        assert articles_page._quote(row.excerpt) in text
    for row in claims.itertuples():
        assert f"- **Evidence:** {row.evidence}" in text
