"""The column-mapping dialog, offscreen: correct a mapping, confirm, import; remember; forget.

Workbooks are made here, so every expected number is computed from the values written:
``canonical = value as written × unit factor`` (万人 → ×10 000, 千人 → ×1 000).
"""

from __future__ import annotations

import json

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt  # noqa: E402

from clusterpolicy.app.imports import user_mapping_store as user_store  # noqa: E402
from clusterpolicy.app.mapping_review import (  # noqa: E402
    propose_for_review,
    remember_mappings,
    share_edits,
    target_tables,
)
from clusterpolicy.gui.main_window import MainWindow  # noqa: E402
from clusterpolicy.gui.mapping_dialog import COL_FACTOR, COL_UNIT, MappingDialog  # noqa: E402
from clusterpolicy.paths import user_data_dir  # noqa: E402

pytestmark = pytest.mark.gui

REGIONS = [("甲县", "990101"), ("乙县", "990102"), ("丙县", "990103")]
# population in 万人, per region, for three consecutive years; no row is the sum of the others
VALUES = {"990101": [52.3, 53.1, 54.6], "990102": [61.7, 60.9, 60.2], "990103": [45.2, 47.8, 49.9]}


def _wide_years(path, first_year: int, scale: float = 1.0):
    """A years-across table with no unit and no measure anywhere: the measure cannot be guessed."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表1"
    years = [first_year + i for i in range(3)]
    ws.append(["地区", "地区代码", *[f"{y}年" for y in years]])
    for name, code in REGIONS:
        ws.append([name, code, *[round(v * scale, 1) for v in VALUES[code]]])
    wb.save(path)
    return years


def _long_unknown(path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "数据"
    ws.append(["地区代码", "行业代码", "年份", "职工数", "备注数"])
    rows = [
        ("990101", "C39", 2020, 1.2),
        ("990101", "C38", 2020, 0.8),
        ("990102", "C39", 2020, 4.5),
        ("990102", "C38", 2020, 9.75),
    ]
    for i, r in enumerate(rows):
        ws.append([*r, i + 1])
    wb.save(path)
    return rows


def _open_dialog(qtbot, win, files, **kw) -> MappingDialog:
    win.review_mappings([str(f) for f in files], **kw)
    qtbot.waitUntil(lambda: win.mapping_dialog is not None and not win.runner.busy, timeout=20000)
    return win.mapping_dialog


def _population(win):
    df = win.data.region_data
    return {
        (r, int(y)): v
        for r, y, v in zip(df["region_code"], df["year"], df["population"], strict=True)
    }


def test_correct_confirm_remember_reuse_forget(qtbot, tmp_path):
    a, b = tmp_path / "pop2019.xlsx", tmp_path / "pop2020.xlsx"
    years_a = _wide_years(a, 2019)
    years_b = _wide_years(b, 2020, scale=1.1)
    win = MainWindow(lang="zh")
    qtbot.addWidget(win)
    store_dir = user_data_dir() / "mappings"
    assert not list(store_dir.glob("*.json"))

    # --- first import: the dialog opens; the measure is unknown until the user picks it ----------
    dlg = _open_dialog(qtbot, win, [a])
    ed = dlg.editor(0)
    m = ed.mapping
    assert m.layout == "wide_years" and m.measure == "" and target_tables(m) == []
    # the preview shows the file's first rows under their spreadsheet row numbers
    assert [ed.preview.verticalHeaderItem(i).text() for i in range(ed.preview.rowCount())] == [
        "1",
        "2",
        "3",
        "4",
    ]
    assert ed.preview.item(0, 2).text() == "2019年" and ed.preview.item(2, 3).text() == str(
        VALUES["990102"][1]
    )
    assert ed.target.text() == "—"
    ed.sheet_measure.setCurrentIndex(ed.sheet_measure.findData("population"))
    assert m.measure == "population"
    assert ed.target.text() == "地区数据"
    ed.sheet_unit.setText("万人")  # (QTest cannot type CJK characters)
    ed.sheet_unit.editingFinished.emit()
    assert m.sheet_unit == "万人"
    assert ed.edited and dlg.edited_indices() == [0]
    with qtbot.waitSignal(win.runner.done, timeout=30000):
        qtbot.mouseClick(dlg.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not win.runner.busy, timeout=10000)
    pop = _population(win)
    expected = {
        (code, y): v * 1e4
        for code, vals in VALUES.items()
        for y, v in zip(years_a, vals, strict=True)
    }
    assert set(pop) == set(expected)
    for k, v in expected.items():
        assert pop[k] == pytest.approx(v, rel=1e-12)
    assert len(win.data.industry_data) == 0
    saved = list(store_dir.glob("*.json"))
    assert [p.stem for p in saved] == [m.signature]
    stored = json.loads(saved[0].read_text(encoding="utf-8"))
    assert (
        stored["measure"] == "population" and stored["sheet_unit"] == "万人" and stored["confirmed"]
    )

    # --- next year's edition: the saved mapping is used, no dialog --------------------------------
    win.review_mappings([str(b)])
    # the window holds data already: it asks before replacing it
    qtbot.waitUntil(lambda: bool(getattr(win, "question_buttons", None)), timeout=20000)
    assert win.last_question[0] == "替换当前数据？"
    win.question_buttons["replace"].click()
    qtbot.waitUntil(
        lambda: (
            win.data is not None
            and not win.runner.busy
            and (2022 in {y for _, y in _population(win)})
        ),
        timeout=20000,
    )
    assert win.mapping_dialog is None
    assert "已套用保存的映射" in win.statusBar().currentMessage()
    pop = _population(win)
    expected = {
        (code, y): round(v * 1.1, 1) * 1e4
        for code, vals in VALUES.items()
        for y, v in zip(years_b, vals, strict=True)
    }
    assert set(pop) == set(expected)
    for k, v in expected.items():
        assert pop[k] == pytest.approx(v, rel=1e-12)

    # --- "check mapping" shows the remembered mapping; "forget" deletes it ------------------------
    dlg = _open_dialog(qtbot, win, [b], always_ask=True)
    ed = dlg.editor(0)
    assert dlg.proposals[0].remembered and ed.mapping.measure == "population"
    assert ed.sheet_measure.currentData() == "population"
    assert dlg.forget_button.isEnabled()
    qtbot.mouseClick(dlg.forget_button, Qt.MouseButton.LeftButton)
    assert not list(store_dir.glob("*.json"))
    assert not dlg.forget_button.isEnabled()
    assert dlg.editor(0).mapping.measure == "" and dlg.editor(0).sheet_measure.currentData() == ""
    dlg.reject()
    qtbot.waitUntil(lambda: win.mapping_dialog is None, timeout=5000)
    assert not user_store().find(m.signature)


def test_column_field_combo_unit_factor_and_ignore(qtbot, tmp_path):
    path = tmp_path / "long.xlsx"
    rows = _long_unknown(path)
    win = MainWindow(lang="en")
    qtbot.addWidget(win)
    dlg = _open_dialog(qtbot, win, [path])
    assert dlg.windowTitle().startswith("Column mapping")
    ed = dlg.editor(0)
    heads = [c.header for c in ed.mapping.columns]
    emp, note = heads.index("职工数"), heads.index("备注数")
    combo = ed.field_combos[emp]
    assert combo.currentData() == "value:"
    combo.setCurrentIndex(combo.findData("value:employment"))
    assert combo.currentText() == "measure: Employment (persons)"
    ed.columns.item(emp, COL_UNIT).setText("千人")
    assert ed.mapping.columns[emp].unit == "千人"
    assert (
        ed.columns.item(emp, COL_FACTOR).text() == "1000" and ed.mapping.columns[emp].factor == 1000
    )
    ed.field_combos[note].setCurrentIndex(ed.field_combos[note].findData("ignore:"))
    assert ed.target.text() == "Industry data"
    dlg.remember_box.setChecked(False)
    with qtbot.waitSignal(win.runner.done, timeout=30000):
        qtbot.mouseClick(dlg.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not win.runner.busy and win.data is not None, timeout=10000)
    df = win.data.industry_data
    got = {
        (r, i): v
        for r, i, v in zip(df["region_code"], df["industry_code"], df["employment"], strict=True)
    }
    assert got == pytest.approx({(r, i): v * 1000 for r, i, _, v in rows})
    assert df[["revenue", "firms", "output"]].isna().all().all()  # the ignored column went nowhere
    assert not list((user_data_dir() / "mappings").glob("*.json"))  # "remember" was off
    # "check mapping" for the same file reopens the choices just confirmed
    dlg = _open_dialog(qtbot, win, [path], always_ask=True)
    ed = dlg.editor(0)
    assert (
        ed.field_combos[emp].currentData() == "value:employment"
        and ed.field_combos[note].currentData() == "ignore:"
    )
    assert ed.mapping.columns[emp].unit == "千人"
    dlg.reject()


def test_excluded_sheet_is_not_imported_and_edits_carry_to_same_layout(tmp_path, qtbot):
    import openpyxl

    path = tmp_path / "two.xlsx"
    wb = openpyxl.Workbook()
    for k, year in enumerate((2019, 2020)):
        ws = wb.active if k == 0 else wb.create_sheet()
        ws.title = f"{year}年"
        ws.append(["地区", "地区代码", "指标甲"])
        for j, (name, code) in enumerate(REGIONS):
            ws.append([name, code, 100 * (j + 1) + k])
    wb.create_sheet("说明").append(["地区", "地区代码", "数值"])
    wb.save(path)
    props = propose_for_review([path])
    assert [p.mapping.sheet for p in props][:2] == ["2019年", "2020年"]
    assert props[0].mapping.signature == props[1].mapping.signature
    dlg = MappingDialog(props, user_store(), "zh")
    qtbot.addWidget(dlg)
    ed = dlg.editor(0)
    combo = ed.field_combos[2]
    combo.setCurrentIndex(combo.findData("value:gdp"))
    out = dlg.result_mappings()
    assert (
        out[0].columns[2].field == "gdp" and out[1].columns[2].field == "gdp"
    )  # carried to 2020年
    assert props[0].mapping.columns[2].field != "gdp"  # the caller's proposals are untouched
    dlg.set_included(1, False)
    out = dlg.result_mappings()
    assert out[1].layout == "skip" and out[0].layout != "skip"
    # without sharing, the twin keeps its detection
    dlg.share_box.setChecked(False)
    assert dlg.result_mappings()[1].columns[2].field == props[1].mapping.columns[2].field

    from clusterpolicy.io.importer import import_files

    res = import_files([path], mappings=out)
    df = res.data.region_data
    assert sorted(df["year"].astype(int).unique()) == [2019]
    assert dict(zip(df["region_code"], df["gdp"], strict=True)) == {
        "990101": 100,
        "990102": 200,
        "990103": 300,
    }


def test_share_and_remember_keep_user_choices_not_typed_years(tmp_path):
    path = tmp_path / "x.xlsx"
    _wide_years(path, 2019)
    m = propose_for_review([path])[0].mapping
    m.measure, m.year, m.year_source = "population", 2019, "mapping"
    store = user_store()
    assert remember_mappings(store, [m], [0]) == 1
    back = store.find(m.signature)
    assert back.measure == "population" and back.year is None and back.year_source == ""
    assert m.year == 2019  # the mapping used for this import keeps the year
    twin = propose_for_review([path], store=None)[0].mapping
    assert twin.measure == ""
    share_edits([m, twin], [0])
    assert twin.measure == "population"


def test_confirming_the_sample_unchanged_imports_the_same_tables(qtbot):
    """Every editor of the sample built (all 14 blocks, ~27 000 wrapped void calls, which
    PySide6 6.12 on CPython 3.11 would crash on without gui.guard_none_refcount) and confirmed
    unchanged: the import equals the plain import, table by table."""
    import sys

    from clusterpolicy.io.importer import import_files
    from clusterpolicy.paths import resource

    files = [resource("samples", "sample_prefecture.xlsx")]
    props = propose_for_review(files)
    none_refs = sys.getrefcount(None)
    dlg = MappingDialog(props, None, "zh")
    qtbot.addWidget(dlg)
    for i in range(len(props)):
        dlg.editor(i)
    assert not dlg.forget_button.isEnabled()  # no store: nothing to forget
    # the Qt binding in use does not leak references to None (6.12.0 on CPython 3.11 lost one per
    # void call: ~27 000 here, past the ~5 000 that None starts with)
    assert sys.getrefcount(None) > none_refs - 1000
    confirmed = import_files(files, mappings=dlg.result_mappings())
    plain = import_files(files)
    for t in ("industry_data", "industry_totals", "reference_data", "region_data", "firm_data"):
        a, b = getattr(plain.data, t), getattr(confirmed.data, t)
        assert len(a) > 0
        assert a.reset_index(drop=True).equals(b.reset_index(drop=True)), t


def test_unreadable_file_is_reported_located_without_a_dialog(qtbot, tmp_path):
    bad = tmp_path / "报表.xlsx"
    bad.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    win = MainWindow(lang="zh")
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.runner.failed, timeout=20000):
        win.review_mappings([str(bad)])
    assert win.mapping_dialog is None and win.data is None
    model = win.data_page.problems.model()
    assert model.rowCount() >= 1
    assert model.index(0, 0).data() == "错误" and "报表.xlsx" in model.index(0, 1).data()
    assert (
        win.last_message is not None and "报表.xlsx" in win.last_message[1]
    )  # the (non-blocking) message box
