"""User-facing texts of the desktop app, Chinese and English, in one place."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "app_title": ("产业集群政策评估", "ClusterPolicy — cluster policy assessment"),
    "step_data": ("一、数据导入", "1. Data"),
    "step_identification": ("二、集群识别", "2. Identification"),
    "step_lifecycle": ("三、生命周期", "3. Life cycle"),
    "step_upgrading": ("四、升级评估", "4. Upgrading"),
    "step_equalization": ("五、福利均等化", "5. Equalization"),
    "step_policy": ("六、政策建议", "6. Policy"),
    "step_report": ("七、报告", "7. Report"),
    "import": ("导入数据…", "Import data…"),
    "sample": ("载入示例数据", "Load sample data"),
    "run": ("运行评估", "Run assessment"),
    "answers": ("载入答案…", "Load answers…"),
    "answers_loaded": ("已载入答案：{n} 个集群的判断，文件 {path}", "Answers loaded: judgements for {n} clusters from {path}"),
    "json_files": ("答案文件 (*.json)", "Answers (*.json)"),
    "export": ("导出结果…", "Export results…"),
    "report": ("生成报告…", "Build report…"),
    "cancel": ("取消", "Cancel"),
    "focal": ("评估地区", "Focal region"),
    "reference": ("参照区域", "Reference area"),
    "reference_auto": ("（自动：参照行或全部地区合计）", "(auto: reference row or sum of all regions)"),
    "base_year": ("基期", "Base year"),
    "end_year": ("末期", "End year"),
    "no_data": ("尚未导入数据。请点击“导入数据…”或“载入示例数据”。", "No data yet. Use “Import data…” or “Load sample data”."),
    "no_results": ("尚未运行评估。", "The assessment has not been run yet."),
    "imported": ("已导入：{regions} 个地区，{industries} 个行业，年份 {years}；警告 {warnings} 条。",
                 "Imported: {regions} regions, {industries} industries, years {years}; {warnings} warnings."),
    "problems": ("问题与警告", "Problems and warnings"),
    "import_failed": ("导入失败，请按提示修改后重试", "Import failed; fix the problems listed and try again"),
    "failed": ("出错了", "Something went wrong"),
    "cancelled": ("已取消", "Cancelled"),
    "done": ("完成", "Done"),
    "report_written": ("报告已生成：{path}", "Report written: {path}"),
    "results_written": ("结果已导出：{path}", "Results exported: {path}"),
    "workbooks": ("表格文件 (*.xlsx *.xlsm *.xls *.csv)", "Workbooks (*.xlsx *.xlsm *.xls *.csv)"),
}


def tr(key: str, lang: str = "zh", **kw) -> str:
    zh, en = TEXTS[key]
    text = zh if lang == "zh" else en
    return text.format(**kw) if kw else text
