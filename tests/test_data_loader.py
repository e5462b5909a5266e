"""The loader returns typed frames and gives a clear error for each kind of bad data."""

from __future__ import annotations


import pandas as pd
import pytest

from course.kit import data
from course.kit.data import DataError, read_table

from support import read_package


def _resource(folder, name):
    return next(r for r in read_package(folder)["resources"] if r["name"] == name)


def _rewrite(folder, name, transform, rehash=True):
    """Apply ``transform`` to a table's text; keep the datapackage hash in step unless told not to."""
    res = _resource(folder, name)
    path = folder / res["path"]
    path.write_text(transform(path.read_text(encoding="utf-8")), encoding="utf-8")
    if rehash:
        res["hash"] = "sha256:" + data.sha256_of(path)
    return res


def test_trade_is_typed_and_keeps_gaps():
    trade = data.load("russia_china_trade")
    assert trade["year"].dtype == "int64"
    assert trade["value_usd_bn"].dtype == "float64"
    assert trade.set_index("year").loc[2018, "value_usd_bn"] == pytest.approx(107.06)
    assert pd.isna(trade.set_index("year").loc[2012, "value_usd_bn"]), "2012 is a gap and must stay missing"
    assert list(trade.year) == list(range(1991, 2026))


def test_dates_and_booleans_are_typed():
    events = data.load("timeline")
    assert pd.api.types.is_datetime64_any_dtype(events["date"])
    assert events["date"].isna().sum() >= 1, "year-only events keep an empty date"
    sipri = data.load("sipri_transfers")
    assert str(sipri["local_production"].dtype) == "boolean"


def test_load_returns_a_fresh_copy():
    first = data.load("treaties")
    first.loc[0, "name"] = "changed"
    assert data.load("treaties").loc[0, "name"] != "changed"


def test_unknown_table_lists_known_names():
    with pytest.raises(DataError) as err:
        data.load("trade_typo")
    assert "trade_typo" in str(err.value) and "russia_china_trade" in str(err.value)


def test_wrong_type_names_file_row_and_column(package_copy):
    res = _rewrite(package_copy, "russia_china_trade", lambda t: t.replace("\n2018,107.06,", "\n2018,lots,", 1))
    with pytest.raises(DataError) as err:
        read_table(res, package_copy)
    message = str(err.value)
    assert "russia_china_trade.csv" in message and "value_usd_bn" in message and "'lots'" in message
    assert "row 29" in message  # 1991 is row 2; 2018 is row 29


def test_missing_required_value(package_copy):
    res = _rewrite(package_copy, "treaties", lambda t: t.replace("T1858,Treaty of Aigun", "T1858,", 1))
    with pytest.raises(DataError, match=r"treaties\.csv, row 4, column 'name'.*required"):
        read_table(res, package_copy)


def test_checksum_mismatch(package_copy):
    res = _rewrite(package_copy, "treaties", lambda t: t.replace("Nerchinsk", "Nerchinsk!", 1), rehash=False)
    with pytest.raises(DataError, match="checksum mismatch"):
        read_table(res, package_copy)


@pytest.mark.parametrize("old,new,message", [
    (",conflict,", ",war,", r"column 'theme'.*'war' is not one of"),
    (",1858-05-28,1858-05-28,", ",28/05/1858,1858-05-28,", r"column 'date'.*YYYY-MM-DD"),
    ("\nE01,1689,", "\nE01,sixteen89,", r"row 2, column 'year'.*not a whole number"),
], ids=["enum", "date", "integer"])
def test_bad_cell_in_timeline(package_copy, old, new, message):
    res = _rewrite(package_copy, "timeline", lambda t: t.replace(old, new, 1))
    with pytest.raises(DataError, match=message):
        read_table(res, package_copy)


def test_columns_must_match(package_copy):
    res = _rewrite(package_copy, "border_lengths", lambda t: t.replace("figure_km,", "length_km,", 1))
    with pytest.raises(DataError, match=r"Missing: \['figure_km'\]; unexpected: \['length_km'\]"):
        read_table(res, package_copy)


def test_missing_file(package_copy):
    res = _resource(package_copy, "treaties")
    (package_copy / res["path"]).unlink()
    with pytest.raises(DataError, match="treaties.csv is missing"):
        read_table(res, package_copy)


def test_geojson_is_not_a_table():
    with pytest.raises(DataError, match="geojson"):
        data.load("countries")
    assert len(data.geojson("countries")["features"]) > 40


def test_resource_lookup_errors_for_broken_package(tmp_path):
    broken = tmp_path / "datapackage.json"
    broken.write_text("{ not json", encoding="utf-8")
    with pytest.raises(DataError, match="not valid JSON"):
        data.tables(broken)
