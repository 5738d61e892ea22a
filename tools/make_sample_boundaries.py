"""Write resources/samples/sample_boundaries.geojson: FICTIONAL boundaries of the sample
prefecture's ten regions (990102–990111), for the demo report's maps. Two rows of five
quadrilaterals sharing their edges, corners jittered deterministically so that the map does not
look like a chessboard; no approval number (a fictional map must never carry one).

    python tools/make_sample_boundaries.py
"""

from __future__ import annotations

import json
import random
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "resources" / "samples" / "sample_boundaries.geojson"
CODES = [f"9901{i:02d}" for i in range(2, 12)]  # 990102 … 990111
LON0, LAT0, STEP = 114.6, 28.4, 0.32


def main() -> int:
    rnd = random.Random(20261203)
    # a 6 × 3 lattice of corners, interior corners jittered
    corners = {}
    for i in range(6):
        for j in range(3):
            dx = rnd.uniform(-0.09, 0.09) if 0 < i < 5 else 0.0
            dy = rnd.uniform(-0.08, 0.08) if j == 1 else 0.0
            corners[i, j] = (round(LON0 + i * STEP + dx, 4), round(LAT0 + j * STEP + dy, 4))
    feats = []
    for k, code in enumerate(CODES):
        i, j = k % 5, 1 - k // 5  # the urban districts (990102–990104) in the upper row
        ring = [corners[i, j], corners[i + 1, j], corners[i + 1, j + 1], corners[i, j + 1]]
        feats.append(
            {
                "type": "Feature",
                "properties": {"adcode": code},
                "geometry": {"type": "Polygon", "coordinates": [[*map(list, ring), list(ring[0])]]},
            }
        )
    doc = {
        "type": "FeatureCollection",
        "name": "sample prefecture 清源市 (fictional)",
        "features": feats,
    }
    OUT.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
