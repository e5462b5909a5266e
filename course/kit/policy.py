"""India's policy options (lesson 08): the partnership paper's five options, scored against three goals.

THE SCORES ARE A JUDGEMENT, NOT DATA. They are the course authors' starting point, written here in
the open so students can read, dispute and change them. Each score (0 = works against the goal,
1 = little effect, 2 = helps, 3 = helps a lot) carries its reason.
"""

from __future__ import annotations

import pandas as pd

GOALS = {
    "security": "Security: deter China and Pakistan, keep arms supplies reliable",
    "economy": "Economy: trade, energy and connectivity",
    "autonomy": "Autonomy: keep India's freedom to choose partners (strategic autonomy)",
}

# option -> goal -> (score, reason). Options are the partnership paper's (mid-2020), in its order; the
# reasons were revised with India's record to 2025 and again to 2026 (lesson 08); four scores changed (marked),
# the corridor's economy score twice.
OPTIONS = {
    "Deepen ties with Russia as a balancer": {
        "security": (2, "keeps the S-400 supplier close, but Russia's share of India's arms imports fell to about a "
                        "third (2020–2023) and Russia leans more on China since 2022"),
        # was 1 (mid-2020): trade was small then
        "economy": (2, "trade rose from about $8–13 bn a year before 2022 to $68.7 bn in FY2024-25, mostly "
                       "discounted crude; the 2025 US oil tariff did not stop it, but after US sanctions on Rosneft "
                       "and Lukoil (October 2025) Russia's share fell to about a quarter by December 2025; when "
                       "Hormuz closed in March 2026, Russian crude was the supply India could reach, under a US "
                       "licence"),
        "autonomy": (2, "a second great-power partner besides the US; India kept buying Russian oil under the "
                        "2025 US tariff and did not confirm the halt Washington announced in February 2026"),
    },
    "Push the North–South Transport Corridor": {
        "security": (1, "little direct effect on deterrence"),
        # was 3 (mid-2020); 2 with the 2025 record (waiver revoked); 1 with the 2026 record (the war on Iran)
        "economy": (1, "a shorter route to Russia and Central Asia that avoids Pakistan, but its sea leg enters the "
                       "Gulf at Bandar Abbas, shut in when the war on Iran closed Hormuz (March 2026); India's "
                       "Chabahar terminal lost its US waiver in September 2025, got a conditional one to 26 April "
                       "2026, and no money in India's 2026-27 budget"),
        "autonomy": (2, "connectivity that does not depend on China's Belt and Road, though it runs through Iran and, "
                        "since 2025, on US waivers"),
    },
    "Use the military relationship to delay Russian technology reaching China": {
        # was 2 (mid-2020): Russia's dependence on China since 2022 leaves India less leverage
        "security": (1, "could slow China's access to Russian systems, but Russia depends more on China since 2022 "
                        "and already sells engines for the Chinese-designed JF-17s Pakistan flies"),
        "economy": (1, "no direct economic gain"),
        "autonomy": (1, "depends on Russia's goodwill, which India cannot control"),
    },
    "Russia–India–China (RIC) trilateral": {
        "security": (1, "talks may reduce mistrust but do not deter; the October 2024 patrolling agreement came from "
                        "India–China talks, not RIC"),
        "economy": (2, "could ease trade with China: above $100 bn a year in 2021–2023 and a record in 2025, with a "
                       "widening deficit"),
        "autonomy": (2, "keeps a channel to both Moscow and Beijing, as SCO and BRICS do"),
    },
    "Closer ties with the US; a US–Russia–India trilateral": {
        "security": (3, "the strongest partner against China (with Japan and Australia in the Quad); arms and technology"),
        # was 2 (mid-2020): the 2025 tariffs showed the economic cost of disagreeing with Washington
        "economy": (1, "US trade, investment and technology, yet in 2025 the US raised tariffs on Indian goods to 50%, "
                       "half of it tied to Russian oil; the oil half was lifted from February 2026 on a US claim, "
                       "unconfirmed by India, that India would stop buying Russian oil, and the interim deal cut "
                       "the reciprocal rate from 25% to 18% before the Supreme Court struck down the IEEPA tariffs "
                       "(a temporary 15% followed): the rates follow Washington's politics and courts"),
        "autonomy": (0, "risks dependence and US sanctions pressure (CAATSA) over Russian arms and oil"),
    },
}


def score_table() -> pd.DataFrame:
    """Options × goals: the raw scores (0–3)."""
    return pd.DataFrame({goal: {opt: scores[goal][0] for opt, scores in OPTIONS.items()} for goal in GOALS})


def reasons() -> pd.DataFrame:
    """Options × goals: the reason behind each score."""
    return pd.DataFrame({goal: {opt: scores[goal][1] for opt, scores in OPTIONS.items()} for goal in GOALS})


def weighted_scores(weights: dict, scores: pd.DataFrame | None = None) -> pd.Series:
    """Weighted average score of each option (0–3), best first: sum(weight × score) / sum(weights).

    ``weights`` maps each goal to a number ≥ 0 (missing goals count 0). Raises ValueError for an
    unknown goal, a negative weight, or all weights zero.
    """
    scores = score_table() if scores is None else scores
    unknown = set(weights) - set(scores.columns)
    if unknown:
        raise ValueError(f"Unknown goal(s) {sorted(unknown)}; the goals are {list(scores.columns)}.")
    if any(v < 0 for v in weights.values()):
        raise ValueError("Weights cannot be negative: give a goal 0 to ignore it.")
    total = sum(weights.values())
    if total == 0:
        raise ValueError("All weights are zero: give at least one goal some weight.")
    w = pd.Series({goal: weights.get(goal, 0.0) for goal in scores.columns})
    # kind="stable": tied options keep the paper's order (the default quicksort orders ties differently by CPU)
    return (scores.mul(w, axis=1).sum(axis=1) / total).sort_values(ascending=False, kind="stable").rename("weighted score")
