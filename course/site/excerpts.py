"""The source articles' own words for each claim the course checks, proved verbatim without holding the articles.

The course is built from two articles (``data/source_articles.csv``) whose text the repository must not copy. For
each claim of ``data/article_claims.csv``, ``data/article_excerpts.csv`` holds a short quotation (one or more
parts, at most ``MAX_WORDS`` words in all) and, for each part, a Merkle proof that it occurs verbatim in the article:

- an article is its whitespace-separated words (line breaks and runs of spaces count as one space, so a quotation
  keeps the copy's own hyphens and footnote numbers); word ``i`` is a leaf ``H("L", i, word)``;
- the words ``[lo, hi)`` hash to ``H("N", left, right)`` of their two halves, split at ``(lo + hi) // 2``; the
  hash of all the words is the article's ``merkle_root`` in ``data/source_articles.csv``;
- a part's ``proof`` lists the hashes of the subtrees next to it, left to right; with the part's words and its
  ``word_start`` they rebuild the root (:func:`verify`), so a changed word, or a quotation from anywhere else,
  fails. The hashes reveal no text beyond the odd word at a quotation's edges.

A maintainer with a copy of the articles fills ``word_start``, ``proof`` and the roots with
``python -m course.site.excerpts --prove FOLDER`` (the folder holding ``article-<name>.txt``); nothing else reads
the articles, and the tests check the proofs alone.
"""

from __future__ import annotations

import csv
import hashlib
import io
import sys
from pathlib import Path

from .. import paths

MAX_WORDS = 60  # a quotation of one or two sentences, never a passage
DIGEST_BYTES = 12
EXCERPTS = paths.DATA / "article_excerpts.csv"
ARTICLES = paths.DATA / "source_articles.csv"


class ExcerptError(ValueError):
    """An excerpt is too long, missing, or not the article's own words."""


def words(text: str) -> list[str]:
    """The words of a text as the proofs count them: split on any run of whitespace."""
    return text.split()


def _hash(*parts: bytes) -> bytes:
    return hashlib.sha256(b"\x1f".join(parts)).digest()[:DIGEST_BYTES]


def _leaf(index: int, word: str) -> bytes:
    return _hash(b"L", str(index).encode(), word.encode("utf-8"))


def _root(tokens: list[str], lo: int, hi: int) -> bytes:
    if hi - lo == 1:
        return _leaf(lo, tokens[lo])
    mid = (lo + hi) // 2
    return _hash(b"N", _root(tokens, lo, mid), _root(tokens, mid, hi))


def root(tokens: list[str]) -> str:
    """The Merkle root (hex) of an article's words."""
    if not tokens:
        raise ExcerptError("an article with no words has no root")
    return _root(tokens, 0, len(tokens)).hex()


def prove(tokens: list[str], start: int, length: int) -> list[str]:
    """The proof (hex hashes, left to right) that ``tokens[start:start + length]`` sits at ``start``."""
    end, proof = start + length, []

    def walk(lo: int, hi: int) -> None:
        if end <= lo or hi <= start:
            proof.append(_root(tokens, lo, hi).hex())
        elif not (start <= lo and hi <= end):
            mid = (lo + hi) // 2
            walk(lo, mid)
            walk(mid, hi)

    walk(0, len(tokens))
    return proof


def verify(part: str, start: int, proof: list[str], total: int, expected_root: str) -> bool:
    """Whether the words of ``part``, at word ``start`` of an article of ``total`` words, rebuild its root."""
    quoted = words(part)
    end, hashes = start + len(quoted), iter(proof)
    if not quoted or start < 0 or end > total:
        return False

    def walk(lo: int, hi: int) -> bytes:
        if end <= lo or hi <= start:
            return bytes.fromhex(next(hashes))
        if hi - lo == 1:
            return _leaf(lo, quoted[lo - start])
        mid = (lo + hi) // 2
        return _hash(b"N", walk(lo, mid), walk(mid, hi))

    try:
        rebuilt = walk(0, total)
    except (StopIteration, ValueError):
        return False
    return next(hashes, None) is None and rebuilt.hex() == expected_root


def locate(tokens: list[str], part: str) -> int:
    """The word index where ``part`` first occurs in ``tokens``; :class:`ExcerptError` if it does not."""
    quoted = words(part)
    for i in range(len(tokens) - len(quoted) + 1):
        if tokens[i : i + len(quoted)] == quoted:
            return i
    raise ExcerptError(f"not in the article, word for word: {part!r}")


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _write(path: Path, rows: list[dict]) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def prove_all(folder: Path, excerpts: Path = EXCERPTS, articles: Path = ARTICLES) -> None:
    """Fill ``word_start`` and ``proof`` of every excerpt, and each article's ``words`` and ``merkle_root``, from
    the articles in ``folder`` (``article-<name>.txt``). A maintainer's step; the tests never run it."""
    texts = {}
    article_rows = _read(articles)
    for row in article_rows:
        source = folder / f"article-{row['article']}.txt"
        if not source.is_file():
            raise ExcerptError(f"{source} not found: give the folder that holds article-{row['article']}.txt")
        texts[row["article"]] = words(source.read_text(encoding="utf-8"))
        row["words"], row["merkle_root"] = str(len(texts[row["article"]])), root(texts[row["article"]])
    rows = _read(excerpts)
    for row in rows:
        tokens = texts[row["article"]]
        start = locate(tokens, row["excerpt"])
        row["word_start"], row["proof"] = str(start), " ".join(prove(tokens, start, len(words(row["excerpt"]))))
    _write(articles, article_rows)
    _write(excerpts, rows)


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "--prove":
        sys.exit("usage: python -m course.site.excerpts --prove FOLDER  (the folder holding article-<name>.txt)")
    prove_all(Path(sys.argv[2]))
    print("proved:", EXCERPTS.name, "and", ARTICLES.name, "(then run python -m course.site.datapackage --rehash)")
