"""Administrative boundaries for the report's maps: a GeoJSON file the user supplies.

:func:`read_boundaries` reads a GeoJSON ``FeatureCollection`` of Polygon / MultiPolygon features
and returns one row per ring vertex (``region_code, part, x, y``) — plain data the report draws
with matplotlib. A feature's region code is the first of its properties ``region_code``,
``adcode``, ``code``, ``gb``, ``CODE``, ``ADCODE`` (a GB/T 2260 code as number or text); a
feature without one is left out and counted. An approval number (审图号, e.g. "GS(2024)0650号")
may be given in the collection's or a feature's ``approval`` / ``审图号`` property.

The file is treated as hostile: size, feature and vertex limits, only finite numbers, no
network lookups (a ``crs`` naming a URL is ignored). Problems are located
:class:`~clusterpolicy.messages.ProblemError` in both languages, never a traceback.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from clusterpolicy.io.validate import error
from clusterpolicy.messages import ProblemError

MAX_BYTES = 64 * 1024 * 1024
MAX_FEATURES = 20_000
MAX_VERTICES = 3_000_000
CODE_KEYS = ("region_code", "adcode", "code", "gb", "CODE", "ADCODE")
APPROVAL_KEYS = ("approval", "审图号", "approval_number")


@dataclass
class Boundaries:
    rings: pd.DataFrame  # region_code, part, x, y
    approval: str = ""
    source: str = ""
    skipped: int = 0  # features without a usable code or geometry
    notes: list[str] = field(default_factory=list)

    @property
    def codes(self) -> set[str]:
        return set(self.rings["region_code"].astype(str))


def _bad(path: Path, zh: str, en: str, fix_zh: str, fix_en: str) -> ProblemError:
    return ProblemError([error("bad_boundaries", zh, en, fix_zh, fix_en, file=path.name)])


def _code(props: dict) -> str | None:
    for k in CODE_KEYS:
        v = props.get(k)
        if isinstance(v, bool) or v is None:
            continue
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        text = str(v).strip()
        if text.isdigit() and len(text) in (2, 4, 6, 9, 12):
            return text.ljust(6, "0") if len(text) < 6 else text[:6]
    return None


def _rings(geom: dict) -> list[list]:
    kind = geom.get("type")
    coords = geom.get("coordinates")
    if not isinstance(coords, list):
        return []
    if kind == "Polygon":
        return [r for r in coords if isinstance(r, list)]
    if kind == "MultiPolygon":
        return [r for poly in coords if isinstance(poly, list) for r in poly if isinstance(r, list)]
    return []


def read_boundaries(path: str | Path) -> Boundaries:
    """The rings of every feature with a region code (module doc)."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _bad(
            path,
            f"无法读取边界文件：{exc.strerror or exc}",
            f"cannot read the boundary file: {exc.strerror or exc}",
            "检查文件路径和权限。",
            "Check the path and the permissions.",
        ) from None
    if size > MAX_BYTES:
        raise _bad(
            path,
            f"边界文件过大（{size / 1e6:.0f} MB，上限 {MAX_BYTES / 1e6:.0f} MB）。",
            f"the boundary file is too large ({size / 1e6:.0f} MB, limit {MAX_BYTES / 1e6:.0f} MB).",
            "用GIS软件简化边界（减少折点）后再导出为GeoJSON。",
            "Simplify the boundaries in a GIS (fewer vertices) and export GeoJSON again.",
        )
    try:
        doc = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise _bad(
            path,
            f"边界文件不是有效的GeoJSON（{type(exc).__name__}）。",
            f"the boundary file is not valid GeoJSON ({type(exc).__name__}).",
            "导出为UTF-8编码的GeoJSON（FeatureCollection）。",
            "Export the boundaries as UTF-8 GeoJSON (a FeatureCollection).",
        ) from None
    feats = doc.get("features") if isinstance(doc, dict) else None
    if not isinstance(feats, list) or not feats:
        raise _bad(
            path,
            "边界文件中没有要素（需要GeoJSON FeatureCollection）。",
            "the boundary file holds no features (a GeoJSON FeatureCollection is needed).",
            "导出为包含各地区面要素的FeatureCollection。",
            "Export a FeatureCollection with one polygon feature per region.",
        )
    if len(feats) > MAX_FEATURES:
        raise _bad(
            path,
            f"边界文件要素过多（{len(feats)}个，上限{MAX_FEATURES}个）。",
            f"too many features ({len(feats)}, limit {MAX_FEATURES}).",
            "只导出评估所涉地区的边界。",
            "Export only the regions of the assessment.",
        )
    approval = ""
    for k in APPROVAL_KEYS:
        if isinstance(doc.get(k), str):
            approval = doc[k].strip()[:60]
    codes, parts, xs, ys = [], [], [], []
    skipped = 0
    for feat in feats:
        props = feat.get("properties") if isinstance(feat, dict) else None
        geom = feat.get("geometry") if isinstance(feat, dict) else None
        code = _code(props) if isinstance(props, dict) else None
        rings = _rings(geom) if isinstance(geom, dict) else []
        if code is None or not rings:
            skipped += 1
            continue
        if not approval:
            for k in APPROVAL_KEYS:
                if isinstance(props.get(k), str):
                    approval = props[k].strip()[:60]
        for ring in rings:
            pid = f"{code}:{len(parts)}"
            for pt in ring:
                if not (isinstance(pt, list) and len(pt) >= 2):
                    continue
                x, y = pt[0], pt[1]
                if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (x, y)):
                    continue
                if not (math.isfinite(x) and math.isfinite(y)):
                    continue
                codes.append(code)
                parts.append(pid)
                xs.append(float(x))
                ys.append(float(y))
            if len(xs) > MAX_VERTICES:
                raise _bad(
                    path,
                    f"边界折点过多（超过{MAX_VERTICES:,}个）。",
                    f"too many boundary vertices (over {MAX_VERTICES:,}).",
                    "用GIS软件简化边界后再导出。",
                    "Simplify the boundaries in a GIS and export them again.",
                )
    if not codes:
        raise _bad(
            path,
            "边界文件中没有带地区代码的面要素（属性 region_code / adcode / code）。",
            "no polygon feature carries a region code (property region_code / adcode / code).",
            "在属性表中加入6位行政区划代码字段（如 adcode）。",
            "Add a 6-digit administrative code property (such as adcode).",
        )
    rings_df = pd.DataFrame({"region_code": codes, "part": parts, "x": xs, "y": ys})
    return Boundaries(rings=rings_df, approval=approval, source=path.name, skipped=skipped)
