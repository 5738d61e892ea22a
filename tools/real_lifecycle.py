"""The life cycle on the real provincial employment panel (``prov_ind_emp_2005_2016_long.csv``):
for the ten province × division pairs with the largest absolute employment change over each
window, print the stage, its confidence, the breaks flagged and the evidence — the table the
diagnoses issue asks for in its closing note.

    python tools/real_lifecycle.py [--shared ../shared] [--lang zh|en]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from clusterpolicy.app.imports import import_data
from clusterpolicy.assess.lifecycle import diagnose_lifecycle
from clusterpolicy.knowledge import load_profile

WINDOWS = ((2008, 2016), (2011, 2016))


def top_changes(emp: pd.DataFrame, base: int, end: int, n: int = 10) -> pd.DataFrame:
    wide = emp.pivot_table(index=["region_code", "industry_code"], columns="year", values="value")
    change = (wide[end] - wide[base]).dropna()
    top = change.abs().sort_values(ascending=False).head(n).index
    return pd.DataFrame({"change": change.loc[top], "base": wide.loc[top, base]})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[1].parent / "shared"))
    ap.add_argument("--lang", choices=["zh", "en"], default="zh")
    args = ap.parse_args(argv)
    path = Path(args.shared) / "data" / "real" / "china" / "prov_ind_emp_2005_2016_long.csv"
    raw = pd.read_csv(path, dtype={"region_code": str})
    emp = raw.loc[raw["measure"] == "urban_unit_employment"]
    names = raw.drop_duplicates("region_code").set_index("region_code")["region"]
    data = import_data([path]).data
    profile = load_profile()
    ev = f"evidence_for_{args.lang}"
    for base, end in WINDOWS:
        print(f"\n## {base}→{end}: largest absolute employment changes\n")
        print("| province | division | change (persons) | stage | confidence | breaks | evidence |")
        print("|---|---|---|---|---|---|---|")
        top = top_changes(emp, base, end)
        for (region, code), row in top.iterrows():
            lc = diagnose_lifecycle(
                data, region, [code], base_year=base, end_year=end, profile=profile
            ).lifecycle.set_index("industry_code")
            r = lc.loc[code]
            text = str(r.get(ev, "")).replace("\n", " ").replace("|", "/")
            print(
                f"| {names.get(region, region)} {region} | {code} | {row['change']:+,.0f} "
                f"(from {row['base']:,.0f}) | {r['stage']} | {float(r['confidence']):.2f} "
                f"| {r.get('break_years', '')} | {text[:300]} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
