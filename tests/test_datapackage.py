"""Every table validates against datapackage.json, with the Frictionless reference implementation."""

from __future__ import annotations

import frictionless
import pytest

from course.kit import data
from course import paths



@pytest.fixture(scope="module")
def report():
    return frictionless.validate(str(paths.DATAPACKAGE))


def test_package_validates(report):
    problems = [f"{task.name}: {e.message}" for task in report.tasks for e in task.errors][:10]
    assert report.valid, "\n".join(problems)


def test_every_resource_is_covered(report):
    assert sorted(t.name for t in report.tasks) == sorted(data.tables())


@pytest.mark.parametrize("name", data.tables())
def test_resource_has_provenance(name):
    res = data.resource(name)
    assert res.get("sources") and all(s.get("title") for s in res["sources"]), f"{name}: name a source"
    assert res.get("licenses"), f"{name}: give a licence"
    assert res.get("retrieved"), f"{name}: give a retrieval date"
    assert res.get("hash", "").startswith("sha256:"), f"{name}: give a sha256 hash"
    assert data.sha256_of(paths.DATA / res["path"]) == res["hash"].removeprefix("sha256:")


@pytest.mark.parametrize("name", [n for n in data.tables() if "schema" in data.resource(n)])
def test_our_loader_agrees(name):
    frame = data.load(name)
    assert list(frame.columns) == [f["name"] for f in data.resource(name)["schema"]["fields"]]
    assert len(frame) > 0


def test_frictionless_catches_a_tampered_file(package_copy):
    (package_copy / "treaties.csv").write_text("treaty_id\nX\n", encoding="utf-8")
    report = frictionless.validate(str(package_copy / "datapackage.json"))
    assert not report.valid


def test_no_gap_is_filled():
    trade = data.load("russia_china_trade")
    gaps = trade[trade.value_usd_bn.isna()]
    assert set(gaps.year) >= {1992, 1994, 1995, 1997, 1998, 2000, 2001, 2012}
    assert gaps.note.str.startswith("GAP").all()
