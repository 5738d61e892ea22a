"""Print-time plain forms of knowledge-base and engine texts (nothing here changes a result).

The knowledge base and the engines write texts for developers and reviewers as well as for
officials: seed line references ("seed 003, lines 487-489", "种子000 L84"), review notes
("[记忆，待核]", "([R] recalled, verify)"), item ids ("LC-Q11", "LEV-ST-RE-1"), design
references ("DESIGN §2 step 7", "policy-frameworks §4") and defaults to edit ("0.5 is a
placeholder"). Those stay in the results workbook. The report prints:

* :func:`source` — a citation in plain form: 《书名》第N章 (the seed's book or article and the
  chapter or section its first cited line falls in), a framework's name, a standard's number;
* :func:`clean` — a sentence without ids, notes and references, with answers and stage ids in
  the report's language; in English, without Chinese quotations (an empty string when nothing
  English is left, so the caller prints its own plain sentence).

The seeds' titles and chapter line ranges below were read from ``shared/seeds`` (the files
the knowledge base cites); the report never reads those files.
"""

from __future__ import annotations

import re

from clusterpolicy.text.labels import label

# --- the cited works -----------------------------------------------------------------------

#: seed id → (title zh, title en, [(first line, part zh, part en), ...] in line order)
SEEDS: dict[str, tuple[str, str, list[tuple[int, str, str]]]] = {
    "000": (
        "《产业聚集的福利效应与中国区域福利均等化政策研究》（刘军，科学出版社，2016）",
        "Liu Jun, Welfare Effects of Industrial Agglomeration and Regional Welfare "
        "Equalization Policy in China (Science Press, 2016)",
        [
            (1, "版权页", "front matter"),
            (70, "前言", "preface"),
            (96, "目录", "contents"),
            (150, "第1章", "ch. 1"),
        ],
    ),
    "001": (
        "《新型区域发展理论：产业集群》（陈柳钦）",
        "Chen Liuqin, New Regional Development Theory: Industrial Clusters",
        [
            (1, "摘要", "abstract"),
            (12, "第一部分", "part 1"),
            (182, "第二部分", "part 2"),
            (236, "第三部分", "part 3"),
            (359, "第四部分", "part 4"),
            (536, "第五部分", "part 5"),
        ],
    ),
    "002": (
        "《产业集群升级研究》（张聪群等，2011）",
        "Zhang Congqun et al., Research on Industrial Cluster Upgrading (2011)",
        [
            (1, "版权页", "front matter"),
            (66, "前言", "preface"),
            (79, "目录", "contents"),
            (113, "第一章", "ch. 1"),
        ],
    ),
    "003": (
        "《地方政府在产业集群发展中的角色》",
        "The Role of Local Government in the Development of Industrial Clusters",
        [
            (1, "摘要", "abstract"),
            (32, "第1节", "sec. 1"),
            (135, "第2节", "sec. 2"),
            (186, "第2.1节", "sec. 2.1"),
            (232, "第2.2节", "sec. 2.2"),
            (287, "第2.3节", "sec. 2.3"),
            (352, "第2.4节", "sec. 2.4"),
            (400, "第2.5节", "sec. 2.5"),
            (457, "第3节", "sec. 3"),
            (517, "英文摘要", "abstract"),
        ],
    ),
    "004": (
        "《集群策动·集群政策与政府行动——经验及启示》（俞培果，经济科学出版社，2008）",
        "Yu Peiguo, Cluster Initiatives: Cluster Policy and Government Action (Economic "
        "Science Press, 2008)",
        [
            (1, "版权页", "front matter"),
            (75, "前言", "preface"),
            (119, "目录", "contents"),
            (203, "第1章", "ch. 1"),
        ],
    ),
}

#: section prefix of the reference files → (name zh, name en); the longest prefix wins
FRAMEWORKS: dict[tuple[str, str], tuple[str, str]] = {
    ("policy-frameworks", "2.1"): (
        "欧洲集群卓越计划（ECEI）",
        "European Cluster Excellence Initiative",
    ),
    ("policy-frameworks", "2.2"): (
        "联合国工业发展组织集群发展方法",
        "UNIDO cluster development approach",
    ),
    ("policy-frameworks", "2.3"): ("《集群倡议绿皮书》", "Cluster Initiative Greenbook"),
    ("policy-frameworks", "2.4"): (
        "世界银行、GIZ集群工具包",
        "World Bank and GIZ cluster toolkits",
    ),
    ("policy-frameworks", "2.5"): (
        "OECD集群政策评估指南",
        "OECD guidance on cluster-policy evaluation",
    ),
    ("policy-frameworks", "2.6"): ("工业和信息化部产业集群培育办法", "MIIT cluster programmes"),
    ("policy-frameworks", "3"): (
        "集群识别通行做法（区位熵与增长对比）",
        "cluster identification practice (LQ and growth)",
    ),
    ("policy-frameworks", "4"): ("集群生命周期政策工具", "cluster life-cycle policy levers"),
    ("policy-frameworks", "5.1"): (
        "全球价值链升级类型（Humphrey、Schmitz）",
        "GVC upgrading typology (Humphrey and Schmitz)",
    ),
    ("policy-frameworks", "5.2"): (
        "技术升级评估通行指标",
        "technology-upgrading indicators in use",
    ),
    ("policy-frameworks", "5.3"): ("品牌升级评估通行指标", "brand-upgrading indicators in use"),
    ("policy-frameworks", "5"): ("集群升级评估通行做法", "cluster upgrading checklists in use"),
    ("policy-frameworks", "6"): (
        "基本公共服务均等化政策",
        "basic public-service equalization policy",
    ),
    ("policy-frameworks", "8"): (
        "统计年鉴与公文惯例",
        "statistical-yearbook and document conventions",
    ),
    ("policy-frameworks", ""): ("集群政策评估通行框架", "cluster-policy assessment frameworks"),
    ("methods", "1"): ("REAT区域经济分析工具", "REAT regional economic analysis toolbox"),
    ("methods", "2"): ("EconGeo经济地理工具", "EconGeo"),
    ("methods", "4.1"): ("欧洲集群观察站星级方法", "European Cluster Observatory star rating"),
    ("methods", "4.2"): (
        "美国集群地图方法（Delgado、Porter、Stern）",
        "US Cluster Mapping (Delgado, Porter and Stern)",
    ),
    ("methods", "4.3"): ("Ellison–Glaeser集聚指数", "Ellison–Glaeser index"),
    ("methods", "4.4"): ("Litzenberger–Sternberg集群指数", "Litzenberger–Sternberg cluster index"),
    ("methods", "4.5"): ("区位熵门槛通行做法", "LQ thresholds in use"),
    ("methods", "4"): ("集群识别方法", "cluster identification methods"),
    ("methods", "5"): ("集群生命周期定量诊断方法", "quantitative life-cycle diagnosis"),
    ("methods", "6"): ("地区差距测度方法", "regional inequality measures"),
    ("methods", ""): ("区域分析方法", "regional analysis methods"),
}

_SEED = re.compile(
    r"(?:seed|种子(?:文献)?)\s*(?P<id>\d{3})\s*(?:,\s*)?"
    r"(?:lines?\s*|第\s*|L\s*)?(?P<a>\d+)?(?:\s*[-–—]\s*L?(?P<b>\d+))?\s*行?",
    re.IGNORECASE,
)
_FRAME = re.compile(r"(?P<doc>policy-frameworks|methods)(?:\.md)?\s*(?:§\s*(?P<sec>[\d.]+))?")
_STANDARD = re.compile(r"GB/T\s*\d+(?:\.\d+)?-\d{4}")
_DEFAULT = re.compile(r"app choice|project default|placeholder|软件默认|本软件", re.IGNORECASE)


def _short_title(full: str, lang: str) -> str:
    """《书名》 without the author and publisher; English: author and year ("Liu (2016)"), the
    way an English text cites a book in running prose (the full entry is in the appendix)."""
    if lang == "en":
        year = re.search(r"(\d{4})\)\s*$", full)
        if ", " in full[:40] and year:
            author = full.split(", ", 1)[0]
            etal = " et al." if "et al" in author else ""
            return f"{author.split()[0]}{etal} ({year.group(1)})"
        return full.split(", ", 1)[1].split(" (")[0] if ", " in full[:40] else full
    return full.split("）")[0].split("（")[0] if full.startswith("《") else full


def bibliography(lang: str = "zh") -> list[str]:
    """Full entries of the cited works, for the appendix."""
    return [SEEDS[k][1] if lang == "en" else SEEDS[k][0] for k in sorted(SEEDS)]


def _seed_part(seed: str, line: int | None, lang: str) -> str:
    title_zh, title_en, parts = SEEDS[seed]
    title_zh, title_en = _short_title(title_zh, "zh"), _short_title(title_en, "en")
    part = None
    if line is not None:
        for first, zh, en in parts:
            if line >= first:
                part = en if lang == "en" else zh
    if lang == "en":
        return f"{title_en}, {part}" if part else title_en
    return f"{title_zh}{part}" if part else title_zh


def _framework(doc: str, sec: str | None, lang: str) -> str:
    sec = (sec or "").strip(".")
    best = None
    for (d, prefix), names in FRAMEWORKS.items():
        if d != doc:
            continue
        if prefix == "" or sec == prefix or sec.startswith(prefix + "."):
            if best is None or len(prefix) > len(best[0]):
                best = (prefix, names)
    names = best[1] if best else ("", "")
    return names[1] if lang == "en" else names[0]


def citations(text: object, lang: str = "zh") -> list[str]:
    """The plain citations of a source text, in order, without repeats."""
    if not isinstance(text, str) or not text.strip():
        return []
    out: list[str] = []

    def add(c: str) -> None:
        if c and c not in out:
            out.append(c)

    # a parenthesis may cite a second seed ("seed 003 ... (...; seed 004 L109)"): scan all
    for m in _SEED.finditer(text):
        if m.group("id") in SEEDS:
            add(_seed_part(m.group("id"), int(m.group("a")) if m.group("a") else None, lang))
    for m in _FRAME.finditer(text):
        add(_framework(m.group("doc"), m.group("sec"), lang))
    for m in _STANDARD.finditer(text):
        add(m.group(0).replace("GB/T", "GB/T ").replace("  ", " "))
    if not out and _DEFAULT.search(text):
        add("本软件默认值" if lang != "en" else "ClusterPolicy default")
    if not out:
        plain = clean(text, lang)
        if plain:
            add(plain)
    return out


def source(text: object, lang: str = "zh") -> str:
    """A source text in plain form ("《产业集群升级研究》（张聪群等，2011）第一章；集群生命周期政策
    工具"); "" when nothing printable is left."""
    return ("；" if lang != "en" else "; ").join(citations(text, lang))


def is_default(text: object) -> bool:
    """Whether a threshold's source says it is the software's own choice (a default to review)."""
    return isinstance(text, str) and bool(_DEFAULT.search(text))


# --- sentences -------------------------------------------------------------------------------

_NOTE = re.compile(
    r"\[(?:[^\]]*(?:记忆|待核|已核|核实|memory|confirm|verif|recall)[^\]]*|(?:R|V|M|code|run)"
    r"(?:[,;][^\]]*)?)\]",
    re.IGNORECASE,
)
#: what marks a parenthesis (or a sentence) as a developer note
_ARTEFACT = re.compile(
    r"seed\s*\d{3}|种子|\bL\d+|§|DESIGN|placeholder|app choice|project default|h\d brief|"
    r"knowledge-base|待核|recalled|verify|\.md\b|\.py\b|\.ya?ml\b|\bTODO\b",
    re.IGNORECASE,
)
#: item ids: LC-Q11, LEV-ST-RE-1, BRAND-03, ACT-POLICY-REFOCUS, TECH-12 (not GB/T 4754-2017)
#: an item id ("LC-Q04", "ACT-RD-INCENTIVE"), also glued to Chinese text ("问卷LC-Q04")
ITEM_ID = re.compile(r"(?<![A-Za-z0-9_/])[A-Z]{2,}(?:-[A-Z0-9]+)+(?![A-Za-z0-9_/])")
_PAREN = re.compile(r"（[^（）]*）|\([^()]*\)")
_ANSWER = re.compile(r"(回答|answered)\s*[:：]?\s*(yes|no|partial|unanswered)\b", re.IGNORECASE)
_STAGE = re.compile(r"\b(emergence|growth|maturity|decline|renewal|indeterminate)\b")
_CJK = re.compile(r"[\u3400-\u9fff]")
_EXAMPLE_ZH = re.compile(r"省级示例（[^）]*）")
_EXAMPLE_EN = re.compile(r"Provincial example \([^)]*\)")
_CJK_QUOTE = re.compile(r"[“\"'‘「][^”\"'’」]*[\u3400-\u9fff][^”\"'’」]*[”\"'’」]")


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def _drop_parens(text: str, lang: str) -> str:
    """Parentheses that hold a developer note, or Chinese in an English text, are removed."""
    for _ in range(3):  # nested parentheses: inner first
        new = _PAREN.sub(
            lambda m: (
                ""
                if _ARTEFACT.search(m.group(0))
                or _NOTE.search(m.group(0))
                or ITEM_ID.search(m.group(0))
                or (lang == "en" and has_cjk(m.group(0)))
                else m.group(0)
            ),
            text,
        )
        if new == text:
            break
        text = new
    return text


def clean(text: object, lang: str = "zh") -> str:
    """A knowledge-base or engine sentence in plain form for print (see the module docstring)."""
    if not isinstance(text, str):
        return ""
    s = _NOTE.sub("", text)
    s = _EXAMPLE_ZH.sub("省级标准（示例取值）", s)
    s = _EXAMPLE_EN.sub("Provincial criteria (example values)", s)
    s = _drop_parens(s, lang)
    # a remaining seed or framework reference is replaced by its plain citation
    s = _SEED.sub(
        lambda m: (
            (_seed_part(m.group("id"), _int(m.group("a")), lang) if m.group("id") in SEEDS else "")
            # the pattern eats the space after "seed 000": an English sentence keeps it
            + (m.group(0)[len(m.group(0).rstrip()) :] if lang == "en" else "")
        ),
        s,
    )
    s = _FRAME.sub(lambda m: _framework(m.group("doc"), m.group("sec"), lang), s)
    # sentences that are developer notes are dropped
    parts = re.split(r"(?<=[。；;])\s*|(?<=\.)\s+", s)
    s = "".join(
        p if lang != "en" or not p else p + " " for p in parts if p and not _ARTEFACT.search(p)
    ).strip()
    s = ITEM_ID.sub("", s)
    s = _ANSWER.sub(lambda m: _answer(m.group(1), m.group(2), lang), s)
    if lang != "en":
        s = _STAGE.sub(lambda m: label(m.group(1), "zh"), s)
    else:
        s = _CJK_QUOTE.sub("", s)
        if has_cjk(s):
            s = _CJK.sub("", s) if len(_CJK.findall(s)) <= 2 else ""
    s = re.sub(r"\s{2,}", " ", s)
    s = re.sub(r"\s+([，。；：,.;:）)])", r"\1", s)
    s = re.sub(r"([（(])\s+", r"\1", s)
    s = re.sub(r"[（(]\s*[）)]", "", s)
    s = re.sub(r"^[\s,;:，；：、]+|[\s,;:，；：、]+$", "", s)
    return s.strip()


def _int(v: str | None) -> int | None:
    return int(v) if v else None


def _answer(word: str, value: str, lang: str) -> str:
    text = label(value.lower(), lang)
    if lang == "en":
        return f"answer: {text}"
    return f"回答“{text}”"
