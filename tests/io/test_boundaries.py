"""Boundaries for the maps: a GeoJSON the user supplies, read with limits (hostile input) and a
located message for every way it can be wrong."""

from __future__ import annotations

import json

import pytest

from clusterpolicy.io import boundaries as B
from clusterpolicy.messages import ProblemError


def _square(code, x0, y0, key="adcode"):
    ring = [[x0, y0], [x0 + 1, y0], [x0 + 1, y0 + 1], [x0, y0 + 1], [x0, y0]]
    return {
        "type": "Feature",
        "properties": {key: code},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def _write(tmp_path, doc, name="b.geojson"):
    p = tmp_path / name
    p.write_text(json.dumps(doc) if not isinstance(doc, str) else doc, encoding="utf-8")
    return p


def test_polygons_multipolygons_codes_and_approval(tmp_path):
    multi = {
        "type": "Feature",
        "properties": {"code": 330102, "审图号": "GS(2024)0650号"},
        "geometry": {
            "type": "MultiPolygon",
            "coordinates": [_square(0, 5, 5)["geometry"]["coordinates"]] * 2,
        },
    }
    doc = {
        "type": "FeatureCollection",
        "features": [_square("330101", 0, 0), multi, {"type": "Feature", "properties": {}}],
    }
    b = B.read_boundaries(_write(tmp_path, doc))
    assert b.codes == {"330101", "330102"}
    assert b.rings.groupby("region_code")["part"].nunique().to_dict() == {
        "330101": 1,
        "330102": 2,
    }
    assert len(b.rings) == 15 and b.skipped == 1
    assert b.approval == "GS(2024)0650号" and b.source == "b.geojson"


def test_province_codes_are_padded_and_bad_coordinates_skipped(tmp_path):
    f = _square("33", 0, 0, key="region_code")
    f["geometry"]["coordinates"][0].insert(1, ["x", None])
    f["geometry"]["coordinates"][0].insert(1, [1e400, 0])  # json → inf
    b = B.read_boundaries(_write(tmp_path, {"features": [f]}))
    assert b.codes == {"330000"} and len(b.rings) == 5


@pytest.mark.parametrize(
    "doc, code_zh",
    [
        ("{not json", "不是有效的GeoJSON"),
        ("[" * 100_000 + "]" * 100_000, "不是有效的GeoJSON"),  # nesting: RecursionError
        ({"type": "FeatureCollection", "features": []}, "没有要素"),
        ({"features": [_square("abc", 0, 0)]}, "没有带地区代码"),
        ([1, 2, 3], "没有要素"),
    ],
)
def test_bad_files_give_a_located_message(tmp_path, doc, code_zh):
    with pytest.raises(ProblemError) as exc:
        B.read_boundaries(_write(tmp_path, doc))
    p = exc.value.problems[0]
    assert code_zh in p.message_zh and p.file == "b.geojson" and p.fix_zh and p.message_en


def test_limits(tmp_path, monkeypatch):
    doc = {"features": [_square(f"3301{i:02d}", i, 0) for i in range(10)]}
    path = _write(tmp_path, doc)
    monkeypatch.setattr(B, "MAX_FEATURES", 5)
    with pytest.raises(ProblemError, match="too many features"):
        B.read_boundaries(path)
    monkeypatch.setattr(B, "MAX_FEATURES", 100)
    monkeypatch.setattr(B, "MAX_VERTICES", 12)
    with pytest.raises(ProblemError, match="too many boundary vertices"):
        B.read_boundaries(path)
    monkeypatch.setattr(B, "MAX_BYTES", 10)
    with pytest.raises(ProblemError, match="too large"):
        B.read_boundaries(path)
    with pytest.raises(ProblemError, match="cannot read"):
        B.read_boundaries(tmp_path / "missing.geojson")
