"""Results an official can read: in the Chinese window no header or cell of any result table
shows an internal key (``lq_level``, ``candidate_unconfirmed``, True/False, ``growth``),
industries show their names, numbers use the U+2212 minus; tables sort and filter."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt  # noqa: E402

from clusterpolicy.gui import pages  # noqa: E402
from clusterpolicy.gui.main_window import MainWindow  # noqa: E402
from clusterpolicy.gui.pages.base import ResultsPage  # noqa: E402
from clusterpolicy.text.labels import VALUES  # noqa: E402

pytestmark = pytest.mark.gui

SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9.]+)+$")  # lq_level, candidate_unconfirmed
ENUM_KEYS = {k for k in VALUES if re.fullmatch(r"[a-z]+", k)}  # growth, yes, none …
INDUSTRY = re.compile(r"^[A-Z]\d{2} \S")  # "C39 计算机、通信和其他电子设备制造业"


def _raw(text: str) -> bool:
    return text in ("True", "False") or bool(SNAKE.match(text)) or text in ENUM_KEYS


@pytest.fixture
def window(qtbot, sample_data, sample_result):
    win = MainWindow(lang="zh")
    qtbot.addWidget(win)
    win.data, win.result = sample_data, sample_result("zh")
    win.data_page.show_data(sample_data)
    for key in pages.KEYS:
        win.page(key)
    win.refresh_pages()
    yield win
    win.ask_on_close = False


def _tables(win):
    for key in pages.KEYS:
        page = win.pages[key]
        if isinstance(page, ResultsPage):
            for i, sheet in enumerate(page._names):
                if sheet == "__charts__":
                    continue
                yield page, page.tabs.tabText(i), page.table(sheet)


def test_no_internal_key_in_any_visible_header_or_cell(window):
    bad, seen = [], 0
    for _page, title, table in _tables(window):
        assert not _raw(title) and not re.fullmatch(r"[a-z_]+", title), title
        model = table.model()
        cols = table.visible_columns()
        for c in cols:
            head = model.headerData(c, Qt.Orientation.Horizontal)
            if _raw(head) or head == str(model.frame.columns[c]):
                bad.append((title, "header", head))
        for r in range(min(model.rowCount(), 300)):
            for c in cols:
                text = model.index(r, c).data() or ""
                seen += 1
                if _raw(text):
                    bad.append((title, model.frame.columns[c], text))
                if model.frame.columns[c] == "industry_code" and re.fullmatch(r"[A-Z]\d{2}", text):
                    bad.append((title, "industry without its name", text))
    assert seen > 5000
    assert sorted(set(map(str, bad))) == []


def test_industries_named_numbers_formatted_and_steps_named(window):
    clusters = window.pages["identification"].table("clusters")
    assert window.pages["identification"].tabs.tabText(0) == "候选集群"
    model = clusters.model()
    col = list(model.frame.columns).index("industry_code")
    shown = {model.index(r, col).data() for r in range(model.rowCount())}
    assert "C39 计算机、通信和其他电子设备制造业" in shown
    assert all(INDUSTRY.match(t) for t in shown)
    cagr = list(model.frame.columns).index("emp_cagr")
    texts = [model.index(r, cagr).data() for r in range(model.rowCount())]
    negative = [t for t in texts if t.startswith("\u2212")]
    assert negative and not any(t.startswith("-") for t in texts)  # U+2212, not ASCII minus
    verdict = list(model.frame.columns).index("verdict")
    assert model.index(0, verdict).data() == "产业集群"
    sel = list(model.frame.columns).index("selected")
    assert {model.index(r, sel).data() for r in range(model.rowCount())} == {"是", "否"}


def test_tables_sort_by_value_and_filter_by_shown_text(window):
    table = window.pages["identification"].table("clusters")
    model = table.model()
    score = list(model.frame.columns).index("score")
    model.sort(score, Qt.SortOrder.AscendingOrder)
    values = [model.index(r, score).data(Qt.ItemDataRole.UserRole) for r in range(model.rowCount())]
    assert values == sorted(values)
    model.sort(score, Qt.SortOrder.DescendingOrder)
    assert model.index(0, score).data(Qt.ItemDataRole.UserRole) == max(values)
    table.set_filter("家具")  # matches the shown name, not the raw code
    code = list(model.frame.columns).index("industry_code")
    assert model.rowCount() == 1 and model.index(0, code).data(Qt.ItemDataRole.UserRole) == "C21"
    assert "1 / 24" in table.count.text()
    table.set_filter("产业集群")  # a labelled value
    frame = window.result.tables["clusters"]
    assert model.rowCount() == int((frame["verdict"] == "cluster").sum())
    table.set_filter("")
    assert model.rowCount() == len(frame)
    # "显示明细" shows the internal columns, hidden by default
    hidden = len(frame.columns) - len(table.visible_columns())
    assert hidden > 20
    table.detail.setChecked(True)
    assert len(table.visible_columns()) == len(frame.columns)


def test_each_step_says_what_it_could_not_do(qtbot, sample_data, sample_result):
    import pandas as pd

    win = MainWindow(lang="zh")
    qtbot.addWidget(win)
    res = sample_result("zh")
    steps = pd.DataFrame(
        [
            {
                "step": "equalization",
                "status": "skipped",
                "note_zh": "未做均等化分析",
                "note_en": "equalization not done",
                "needs_zh": "需要各地区人口",
                "needs_en": "needs population",
            }
        ]
    )

    class Result:
        tables = {**res.tables, "steps": steps}
        meta = res.meta

    win.data, win.result = sample_data, Result()
    page = win.page("equalization")
    assert (
        "本步骤未能完成" in page.state.text()
        and "未做均等化分析（需要各地区人口）" in page.state.text()
    )
    assert "未能完成" not in win.page("identification").state.text()
    win.ask_on_close = False


def test_judgement_rows_are_one_line_with_the_full_text_beside(qtbot):
    win = MainWindow(lang="zh")
    qtbot.addWidget(win)
    win.show()
    page = win.judgement_page
    page.select("technology", "C21")
    assert page.table.rowCount() > 20
    line = page.fontMetrics().height()
    heights = {page.table.rowHeight(r) for r in range(page.table.rowCount())}
    assert max(heights) <= 2 * line + 4  # one line each (the answer box included)
    assert not page.table.wordWrap()
    row = 3
    page.table.setCurrentCell(row, 1)
    it = page.items[row]
    assert it.text_zh in page.detail.text()  # the whole question, beside the table
    assert page.table.item(row, 1).toolTip().startswith(it.text_zh)


def test_charts_tab_shows_the_report_charts_of_the_step(qtbot, window):
    page = window.pages["identification"]
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert titles[-1] == "图表"
    view = page.table("__charts__")
    qtbot.waitUntil(lambda: bool(view.images), timeout=60000)
    assert view.captions[0].startswith("候选集群：区位熵 × 就业增长")
    pix = view.images[0].pixmap()
    assert pix is not None and pix.width() > 200 and pix.height() > 100
    life = window.pages["lifecycle"].table("__charts__")
    qtbot.waitUntil(lambda: bool(life.images), timeout=60000)
    assert "生命周期阶段" in life.captions[0]
    qtbot.waitUntil(lambda: not view.runner.busy and not life.runner.busy, timeout=30000)


def test_bubble_chart_names_the_bubble_under_the_mouse_and_a_click_goes_to_it(qtbot, window):
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QColor, QMouseEvent

    window.resize(1280, 800)
    window.show()
    window.show_step("identification")
    page = window.pages["identification"]
    page.tabs.setCurrentIndex(page.tabs.count() - 1)
    view = page.table("__charts__")
    qtbot.waitUntil(lambda: bool(view.images), timeout=60000)
    img = view.images[0]
    clusters = window.result.tables["clusters"]
    selected = clusters[clusters["selected"].astype(bool)]
    assert {s.code for s in img.spots} == set(selected["industry_code"].astype(str))
    # the bubbles lie left to right in the order of their LQs (read from the table here)
    lq = dict(zip(selected["industry_code"].astype(str), selected["lq_employment"], strict=True))
    assert [s.code for s in sorted(img.spots, key=lambda s: s.x)] == sorted(lq, key=lq.get)
    # each spot's centre is painted by its bubble (not the white background) in the PNG
    image = view._pixmaps[0].toImage()
    for s in img.spots:
        c = QColor(image.pixel(int(s.x), int(s.y)))
        assert (c.red(), c.green(), c.blue()) != (255, 255, 255), s.code
    spot = next(s for s in img.spots if s.code == "C21")
    x, y = img.spot_position(spot)
    assert img.spot_at(x, y) is spot and img.spot_at(1, 1) is None
    assert spot.text.startswith("C21 家具制造业") and "区位熵 " in spot.text
    press = QMouseEvent(
        QMouseEvent.Type.MouseButtonPress, QPointF(x, y), QPointF(x, y),
        Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    img.mousePressEvent(press)
    assert window.stack.currentWidget() is window.pages["lifecycle"]
    assert window.pages["lifecycle"].current_code() == "C21"
    qtbot.waitUntil(lambda: not view.runner.busy, timeout=30000)
    window.ask_on_close = False


def test_a_big_table_filters_in_the_background(qtbot, monkeypatch):
    import numpy as np
    import pandas as pd

    from clusterpolicy.gui import data_table

    monkeypatch.setattr(data_table, "BACKGROUND_ROWS", 1000)
    n = 5000
    codes = np.array(["C13", "C21", "C39"])[np.arange(n) % 3]
    df = pd.DataFrame({"industry_code": codes, "year": 2000 + np.arange(n) % 20, "lq": np.ones(n)})
    table = data_table.DataTable("lq", df, "zh")
    qtbot.addWidget(table)
    table.filter.setText("C21")
    table._apply_filter()
    assert table.count.text() == "筛选中…"
    assert table.model().rowCount() == n  # the rows it had, until the worker answers
    qtbot.waitUntil(lambda: table.model().rowCount() == int((codes == "C21").sum()), timeout=10000)
    assert "1,667" in table.count.text() or "1667" in table.count.text()
    # a newer text supersedes one still running
    table.filter.setText("C13")
    table._apply_filter()
    table.filter.setText("C39")
    table._apply_filter()
    qtbot.waitUntil(lambda: not table.runner.busy, timeout=10000)
    qtbot.wait(50)
    shown = {table.model().raw(r, 0) for r in range(table.model().rowCount())}
    assert shown == {"C39"}


def test_growth_headers_name_their_years_and_plan_values_and_prose_read_plainly(qtbot, window):
    res = window.result
    ident = window.pages["identification"].table("clusters").model()
    col = list(ident.frame.columns).index("emp_cagr")
    end = int(res.tables["clusters"]["year"].max())
    window_years = int(
        res.tables["profile"]
        .set_index("threshold_id")
        .loc["identification.growth.window_years", "value"]
    )
    assert (
        ident.headerData(col, Qt.Orientation.Horizontal)
        == f"就业年均增长率（{end - window_years}—{end}年）"
    )
    lc = window.pages["lifecycle"].table("lifecycle").model()
    lcdf = res.tables["lifecycle"]
    span = f"{int(lcdf['base_year'].min())}—{int(lcdf['end_year'].max())}年"
    assert lc.headerData(
        list(lc.frame.columns).index("emp_cagr"), Qt.Orientation.Horizontal
    ).endswith(f"（{span}）")
    us = window.pages["upgrading"].table("upgrading_summary")
    m = us.model()
    cols = list(m.frame.columns)
    assert m.headerData(cols.index("score"), Qt.Orientation.Horizontal) == "得分"  # not 优先级得分
    assert not us.view.isColumnHidden(cols.index("status"))  # a blank score says why
    plan = window.pages["policy"].table("actions").model()
    cols = list(plan.frame.columns)
    assert plan.headerData(cols.index("action_zh"), Qt.Orientation.Horizontal) == "措施"
    shown = {plan.index(r, cols.index("timeframe")).data() for r in range(plan.rowCount())}
    assert shown and shown <= {"近期（1年内）", "中期（1–3年）", "长期（3–5年）", ""}
    # engine prose as the report prints it (the sample's run has no welfare-effects sheets:
    # a reading as that engine writes it)
    import pandas as pd

    from clusterpolicy.app.plain_texts import plain_cell
    from clusterpolicy.gui.data_table import DataTable

    reading = "U 型关系与种子000（第5章）不一致（种子000 L84）：拐点在样本之外。"
    df = pd.DataFrame({"outcome": ["income_pc"], "reading_zh": [reading]})
    t = DataTable("welfare_effects_readings", df, "zh", plain=plain_cell)
    qtbot.addWidget(t)
    text = t.model().index(0, 1).data()
    assert "种子" not in text and "L84" not in text and "拐点在样本之外" in text
