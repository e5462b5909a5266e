"""Analysis of Competing Hypotheses (ACH), after Richards J. Heuer Jr., *Psychology of Intelligence
Analysis* (CIA, 1999), chapter 8 — the scoring behind lesson 07's evidence board.

Ratings are a mapping ``{item_id: {hypothesis: "C" | "I" | "N"}}`` (consistent, inconsistent,
neutral). Heuer's rule: the most likely hypothesis is the one with the *least inconsistent*
evidence, because consistent evidence is often consistent with several hypotheses at once.
"""

from __future__ import annotations

import html

import pandas as pd

HYPOTHESES = {
    "alliance": "A formal alliance in the making",
    "alignment": "An enduring alignment",
    "past_peak": "A partnership past its peak",
    "rivalry": "A rivalry behind a friendly façade",
}
RATINGS = {"C": "consistent", "I": "inconsistent", "N": "neutral / not relevant"}


PRESETS = {
    "suggested": "the course authors' suggested ratings",
    "article": "ratings a reader persuaded by the opinion article might set",
}


def suggested_ratings(evidence: pd.DataFrame, preset: str = "suggested") -> dict:
    """A ratings mapping from ``data.load("ach_evidence")``: the course authors' suggestions (``preset="suggested"``)
    or the ratings a reader persuaded by the opinion article might set (``preset="article"``). Both are judgements."""
    if preset not in PRESETS:
        raise ValueError(f"Unknown preset {preset!r}; choose one of {list(PRESETS)}.")
    return {row.item_id: {h: getattr(row, f"{preset}_{h}") for h in HYPOTHESES} for row in evidence.itertuples()}


def check_ratings(ratings: dict) -> None:
    """Raise ValueError naming the first item whose ratings are incomplete or not C/I/N."""
    if not ratings:
        raise ValueError("No evidence items are rated: rate at least one item.")
    for item, row in ratings.items():
        missing = [h for h in HYPOTHESES if h not in row]
        if missing:
            raise ValueError(f"Item {item}: no rating for {missing}; rate every hypothesis C, I or N.")
        bad = {h: r for h, r in row.items() if r not in RATINGS}
        if bad:
            raise ValueError(f"Item {item}: ratings {bad} are not C, I or N.")


def inconsistency(ratings: dict, weights: dict | None = None) -> pd.Series:
    """Weighted count of inconsistent items per hypothesis (lower is better), in HYPOTHESES order.

    ``weights`` (item -> number, default 1) lets an analyst count strong evidence more.
    """
    check_ratings(ratings)
    weights = weights or {}
    scores = {h: sum(weights.get(item, 1.0) for item, row in ratings.items() if row[h] == "I") for h in HYPOTHESES}
    return pd.Series(scores, name="inconsistent items")


def leaders(scores: pd.Series) -> list[str]:
    """The hypothesis (or tied hypotheses) with the fewest inconsistencies."""
    return sorted(scores.index[scores == scores.min()], key=list(HYPOTHESES).index)


def diagnostic_items(ratings: dict) -> list[str]:
    """Items that tell the hypotheses apart (not rated the same for all). The others carry no weight in ACH."""
    check_ratings(ratings)
    return [item for item, row in ratings.items() if len(set(row.values())) > 1]


def sensitivity(ratings: dict) -> pd.DataFrame:
    """For each item: the leading hypothesis if that item were wrong (left out), and whether it changes.

    Heuer's step 6: ask which items the conclusion hangs on. Returns one row per item with
    ``leaders_without`` and ``changes_result`` (True where dropping the item changes the leaders).
    """
    base = leaders(inconsistency(ratings))
    rows = []
    for item in ratings:
        rest = {k: v for k, v in ratings.items() if k != item}
        without = leaders(inconsistency(rest)) if rest else list(HYPOTHESES)
        rows.append({"item_id": item, "leaders_without": ", ".join(without), "changes_result": without != base})
    return pd.DataFrame(rows)


def margin(scores: pd.Series) -> float:
    """How many inconsistencies separate the leader from the runner-up (0 for a tie)."""
    ordered = scores.sort_values()
    return float(ordered.iloc[1] - ordered.iloc[0]) if len(ordered) > 1 else 0.0


def summary_html(ratings: dict) -> str:
    """The board's verdict in words: leader(s), margin, non-diagnostic items and the items the result hangs on."""
    scores = inconsistency(ratings)
    lead = [HYPOTHESES[h] for h in leaders(scores)]
    sens = sensitivity(ratings)
    hinge = sens[sens.changes_result]
    flat = sorted(set(ratings) - set(diagnostic_items(ratings)))
    parts = [f"<p role='status'><strong>Least inconsistent:</strong> {html.escape(' and '.join(lead))} "
             f"(margin {margin(scores):g} item(s) over the next).</p>"]
    parts.append("<p><strong>Sensitivity:</strong> " + (
        "the result changes if any of these items is wrong: " + html.escape(", ".join(
            f"{r.item_id} (then: {', '.join(HYPOTHESES[h] for h in r.leaders_without.split(', '))})" for r in hinge.itertuples()))
        if len(hinge) else "no single item changes the result; test pairs of items, or your ratings of the opinions.") + "</p>")
    if flat:
        parts.append(f"<p><strong>Not diagnostic</strong> (same rating for every hypothesis): {html.escape(', '.join(flat))}.</p>")
    return "".join(parts)


def lesson07_figures(evidence: pd.DataFrame, transfers: pd.DataFrame) -> dict[str, str]:
    """Every count and share lesson 07's prose states, formatted as the prose shows it."""
    from . import arms
    from .prose import number_word

    recent = evidence[evidence.item_id >= "A21"]
    part_year = recent[recent.source_table == "russia_china_trade_2026"]
    against_peak = sum(r["past_peak"] == "I" for r in suggested_ratings(recent).values())
    article = inconsistency(suggested_ratings(evidence, preset="article"))
    share = arms.shares(transfers, "Russia", "China").share_of_supplier_exports_pct
    return {
        "items_total": number_word(len(evidence), capital=True),
        "items_2022_2025": number_word(len(recent) - len(part_year)),
        "items_2026": number_word(len(part_year)),
        "recent_against_peak": number_word(against_peak),
        "article_peak": f"{article['past_peak']:g}", "article_alignment": f"{article['alignment']:g}",
        "a07_first": f"{share.iloc[0]:.0f}", "a07_low": f"{share.min():.0f}", "a07_last": f"{share.iloc[-1]:.1f}",
    }
