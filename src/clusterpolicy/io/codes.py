"""Region and industry names → codes.

Regions: GB/T 2260 province names from ``resources/codes/gb2260_provinces.csv`` (columns
code,name_zh,name_en,short_zh,group) when present, else a built-in list of the 31 provinces
(public codes and names). "北京"/"北京市"/"北 京"/"Beijing" all match 110000. Names seen with a
code in another sheet of the same import take precedence (see :class:`NameIndex`).

Industries: GB/T 4754-2017 divisions from ``resources/codes/gb4754_2017_divisions.csv`` (columns
code,section,name_zh,name_en) when present; a code written in the text ("C39 计算机…", "39",
"WZ08-B") is taken as written.
"""

from __future__ import annotations

import csv
import re
from functools import cache

from clusterpolicy.io.headers import norm

_PROVINCES = (
    ("110000", "北京市", "Beijing", "北京"),
    ("120000", "天津市", "Tianjin", "天津"),
    ("130000", "河北省", "Hebei", "河北"),
    ("140000", "山西省", "Shanxi", "山西"),
    ("150000", "内蒙古自治区", "Inner Mongolia", "内蒙古"),
    ("210000", "辽宁省", "Liaoning", "辽宁"),
    ("220000", "吉林省", "Jilin", "吉林"),
    ("230000", "黑龙江省", "Heilongjiang", "黑龙江"),
    ("310000", "上海市", "Shanghai", "上海"),
    ("320000", "江苏省", "Jiangsu", "江苏"),
    ("330000", "浙江省", "Zhejiang", "浙江"),
    ("340000", "安徽省", "Anhui", "安徽"),
    ("350000", "福建省", "Fujian", "福建"),
    ("360000", "江西省", "Jiangxi", "江西"),
    ("370000", "山东省", "Shandong", "山东"),
    ("410000", "河南省", "Henan", "河南"),
    ("420000", "湖北省", "Hubei", "湖北"),
    ("430000", "湖南省", "Hunan", "湖南"),
    ("440000", "广东省", "Guangdong", "广东"),
    ("450000", "广西壮族自治区", "Guangxi", "广西"),
    ("460000", "海南省", "Hainan", "海南"),
    ("500000", "重庆市", "Chongqing", "重庆"),
    ("510000", "四川省", "Sichuan", "四川"),
    ("520000", "贵州省", "Guizhou", "贵州"),
    ("530000", "云南省", "Yunnan", "云南"),
    ("540000", "西藏自治区", "Xizang", "西藏"),
    ("610000", "陕西省", "Shaanxi", "陕西"),
    ("620000", "甘肃省", "Gansu", "甘肃"),
    ("630000", "青海省", "Qinghai", "青海"),
    ("640000", "宁夏回族自治区", "Ningxia", "宁夏"),
    ("650000", "新疆维吾尔自治区", "Xinjiang", "新疆"),
)
_EXTRA_EN = {
    "tibet": "540000",
    "innermongolia": "150000",
    "mongolia": "150000",
    "chongqin": "500000",
}


def _resource(name: str):
    try:
        from clusterpolicy.paths import resource

        p = resource("codes", name)
    except FileNotFoundError:
        return None
    return p if p.is_file() else None


@cache
def province_index() -> dict[str, tuple[str, str, str]]:
    """normalised name → (code, name_zh, name_en) for every province spelling."""
    rows: list[tuple[str, str, str, str]] = []
    p = _resource("gb2260_provinces.csv")
    if p is not None:
        try:
            with p.open(encoding="utf-8-sig", newline="") as fh:
                for r in csv.DictReader(fh):
                    rows.append(
                        (
                            r["code"].strip(),
                            r.get("name_zh", "").strip(),
                            r.get("name_en", "").strip(),
                            r.get("short_zh", "").strip(),
                        )
                    )
        except (OSError, KeyError, csv.Error):
            rows = []
    if not rows:
        rows = list(_PROVINCES)
    idx: dict[str, tuple[str, str, str]] = {}
    for code, zh, en, short in rows:
        for name in (zh, en, short, code):
            if name:
                idx.setdefault(norm(name), (code, zh, en))
    for k, code in _EXTRA_EN.items():
        for c, zh, en, _short in rows:
            if c == code:
                idx.setdefault(k, (c, zh, en))
    return idx


@cache
def division_index() -> dict[str, tuple[str, str, str, str]]:
    """normalised name or code → (code, section, name_zh, name_en) for GB/T 4754 divisions."""
    p = _resource("gb4754_2017_divisions.csv")
    idx: dict[str, tuple[str, str, str, str]] = {}
    if p is None:
        return idx
    try:
        with p.open(encoding="utf-8-sig", newline="") as fh:
            for r in csv.DictReader(fh):
                code = r["code"].strip()
                row = (
                    code,
                    r.get("section", "").strip(),
                    r.get("name_zh", "").strip(),
                    r.get("name_en", "").strip(),
                )
                for name in (row[2], row[3], code):
                    if name:
                        idx.setdefault(norm(name), row)
    except (OSError, KeyError, csv.Error):
        return {}
    return idx


_IND_CODE = re.compile(
    r"^\s*([A-T]\d{2,4}|\d{2,4}|WZ\d\d-[A-Z0-9-]+|[A-U](?:[-+][A-U])*)\s*(?:[\s:：、.]\s*(.*))?$",
    re.DOTALL,
)


def split_industry_label(text: str) -> tuple[str | None, str]:
    """ "C39 计算机、通信…\\nComputers" → ("C39", "计算机、通信…\\nComputers"); no code → (None, text)."""
    t = str(text).strip()
    m = _IND_CODE.match(t)
    if m and (m.group(2) or re.fullmatch(r"[A-T]\d{2,4}|WZ\d\d-[A-Z0-9-]+", m.group(1))):
        return m.group(1), (m.group(2) or "").strip()
    return None, t


def code_text(value: object) -> str:
    """A code cell as a string: 110000.0 → "110000", "08111" stays "08111"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
