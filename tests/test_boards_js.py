"""The browser's port of the boards' scoring (course/kit/explorers/static/course-boards.js) against the Python, in seconds
and without a browser: this test computes golden cases with course.kit.ach, course.kit.policy and the charts of
course.kit.charts.judgements, writes them to a temporary JSON file and runs tests/js/boards.test.js with
`node --test`. A change to the scoring in Python that the JavaScript does not follow fails here (make test-fast).
"""

from __future__ import annotations

import copy
import functools
import itertools
import json
import random
import re
import shutil
import subprocess

import pytest
from bs4 import BeautifulSoup

from course.kit import ach, charts, data, policy
from course.kit.charts import judgements
from course.kit.explorers import boards as board_payloads
from support import ROOT

NODE_TESTS = ROOT / "tests" / "js" / "boards.test.js"


def _random_ratings(rng, items) -> dict:
    return {i: {h: rng.choice(list(ach.RATINGS)) for h in ach.HYPOTHESES} for i in items}


def _ach_case(ratings: dict) -> dict:
    scores = ach.inconsistency(ratings)
    chart = charts.ach_scores(scores, ach.HYPOTHESES)
    best = scores.min()
    return {
        "ratings": ratings,
        "summary_text": BeautifulSoup(ach.summary_html(ratings), "html.parser").get_text(" "),
        "alt": chart.alt,
        "colours": [judgements.ACH_COLOURS["best" if scores[h] == best else "other"] for h in ach.HYPOTHESES],
    }


def golden_cases() -> dict:
    """The cases the JavaScript must reproduce: boards (the suggested ratings, ties, random boards, small boards
    where one item flips the verdict) and every setting of the policy weights, with a few of their charts. A fresh
    copy each call (the control test changes its own)."""
    return copy.deepcopy(_golden_cases())


@functools.cache  # drawing the cases' 70 charts is most of this file's time: once per run, not once per test
def _golden_cases() -> dict:
    evidence = data.load("ach_evidence")
    suggested = ach.suggested_ratings(evidence)
    items = list(suggested)
    rng = random.Random(7)
    boards = [
        suggested,
        {i: {h: "N" for h in ach.HYPOTHESES} for i in items},  # nothing diagnostic: a four-way tie
        {i: {h: "I" if h in ("alliance", "rivalry") else "C" for h in ach.HYPOTHESES} for i in items[:3]},
    ]
    boards += [_random_ratings(rng, items) for _ in range(40)]
    boards += [_random_ratings(rng, items[: rng.randint(1, 4)]) for _ in range(20)]
    ach_payload = board_payloads.ach_payload(suggested, charts.ach_scores(ach.inconsistency(suggested), ach.HYPOTHESES))

    steps = board_payloads.WEIGHT_STEPS
    settings = [dict(zip(policy.GOALS, w)) for w in itertools.product(steps, repeat=len(policy.GOALS))]
    cases = []
    for weights in settings:
        try:
            scores = policy.weighted_scores(weights)
        except ValueError as err:
            cases.append({"weights": weights, "error": str(err)})
            continue
        cases.append(
            {
                "weights": weights,
                "ranking": list(scores.index),
                "scores": [float(s) for s in scores.values],
                "scores_2dp": [f"{s:.2f}" for s in scores.values],
            }
        )
    chart_settings = [
        dict(zip(policy.GOALS, w))
        for w in [(1, 1, 1), (3, 0.5, 0), (0, 0, 2.5), (1.5, 2, 1), (0.5, 0.5, 0.5), (3, 3, 3), (2.5, 0, 1.5)]
    ]
    policy_charts = []
    for weights in chart_settings:
        chart = charts.option_scores(policy.weighted_scores(weights), weights)
        policy_charts.append({"weights": weights, "alt": chart.alt, "caption": chart.caption})
    policy_payload = board_payloads.policy_payload(
        charts.option_scores(policy.weighted_scores(chart_settings[0]), chart_settings[0])
    )
    return {
        "ach": {"payload": ach_payload, "cases": [_ach_case(b) for b in boards]},
        "policy": {"payload": policy_payload, "cases": cases, "charts": policy_charts},
    }


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.fail(
            "node is not on PATH: the JavaScript unit tests need Node.js (the Makefile's npm steps need it too)",
            pytrace=False,
        )
    return node


def _run_node(golden_file) -> subprocess.CompletedProcess:
    return subprocess.run(
        [_node(), "--test", str(NODE_TESTS)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "COURSE_GOLDEN": str(golden_file)},
        cwd=ROOT,
    )


def test_the_browsers_scoring_and_charts_follow_the_python(tmp_path):
    golden = tmp_path / "golden.json"
    golden.write_text(json.dumps(golden_cases(), ensure_ascii=False), encoding="utf-8")
    run = _run_node(golden)
    assert run.returncode == 0, f"node --test failed:\n{run.stdout[-4000:]}\n{run.stderr[-2000:]}"
    assert re.search(r"# pass 4\b", run.stdout) and re.search(r"# fail 0\b", run.stdout), run.stdout[-2000:]


def test_a_scoring_rule_the_javascript_does_not_follow_fails(tmp_path):
    """The control: the same run on cases where the Python's rule has changed (a rating of N now counts as half an
    inconsistency) must fail, naming the board test."""
    cases = golden_cases()
    for case in cases["ach"]["cases"]:
        changed = {
            h: sum(1 for item in case["ratings"].values() if item[h] == "I")
            + 0.5 * sum(1 for item in case["ratings"].values() if item[h] == "N")
            for h in ach.HYPOTHESES
        }
        case["alt"] = (
            case["alt"].split(":")[0]
            + ": "
            + "; ".join(f"{label} {changed[h]:g}" for h, label in ach.HYPOTHESES.items())
            + "."
        )
    golden = tmp_path / "golden.json"
    golden.write_text(json.dumps(cases, ensure_ascii=False), encoding="utf-8")
    run = _run_node(golden)
    assert run.returncode != 0 and "the evidence board's chart" in run.stdout, run.stdout[-2000:]


def test_run_alone_the_node_tests_say_how_to_run_them():
    run = subprocess.run(
        [_node(), "--test", str(NODE_TESTS)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin"},
        cwd=ROOT,
    )
    assert run.returncode != 0 and "COURSE_GOLDEN is not set" in run.stdout + run.stderr
