"""User-facing texts of the desktop app, Chinese and English, in one place."""

from __future__ import annotations

from clusterpolicy.text.catalogue import Catalogue

TEXTS: dict[str, tuple[str, str]] = {
    "app_title": ("产业集群政策评估", "ClusterPolicy — cluster policy assessment"),
    "step_data": ("一、数据导入", "1. Data"),
    "step_identification": ("二、集群识别", "2. Identification"),
    "step_lifecycle": ("三、生命周期", "3. Life cycle"),
    "step_upgrading": ("四、升级评估", "4. Upgrading"),
    "step_equalization": ("五、福利均等化", "5. Equalization"),
    "step_effects": ("六、福利效应", "6. Welfare effects"),
    "step_policy": ("七、政策建议", "7. Policy"),
    "step_report": ("八、报告", "8. Report"),
    "import": ("导入数据…", "Import data…"),
    "sample": ("载入示例数据", "Load sample data"),
    "run": ("运行评估", "Run assessment"),
    "answers": ("载入答案…", "Load answers…"),
    "answers_loaded": (
        "已载入答案：{n} 个集群的判断，文件 {path}",
        "Answers loaded: judgements for {n} clusters from {path}",
    ),
    "json_files": ("答案文件 (*.json *.xlsx *.xlsm *.xls)", "Answers (*.json *.xlsx *.xlsm *.xls)"),
    "export": ("导出结果…", "Export results…"),
    "report": ("生成报告…", "Build report…"),
    "cancel": ("取消", "Cancel"),
    "focal": ("评估地区", "Focal region"),
    "reference": ("参照区域", "Reference area"),
    "reference_auto": (
        "（自动：参照行或全部地区合计）",
        "(auto: reference row or sum of all regions)",
    ),
    "base_year": ("基期", "Base year"),
    "end_year": ("末期", "End year"),
    "no_data": (
        "尚未导入数据。请点击“导入数据…”或“载入示例数据”。",
        "No data yet. Use “Import data…” or “Load sample data”.",
    ),
    "no_results": ("尚未运行评估。", "The assessment has not been run yet."),
    "imported": (
        "已导入：{regions} 个地区，{industries} 个行业，年份 {years}；警告 {warnings} 条、提示 {notes} 条"
        "（多为单位换算等例行处理，见下表）。",
        "Imported: {regions} regions, {industries} industries, years {years}; {warnings} "
        "warning(s), {notes} note(s) (mostly routine, e.g. unit conversions; listed below).",
    ),
    "problems": ("问题与警告", "Problems and warnings"),
    "import_failed": (
        "导入失败，请按提示修改后重试",
        "Import failed; fix the problems listed and try again",
    ),
    "failed": ("出错了", "Something went wrong"),
    "failed_detail": (
        "发生了意外错误，操作没有完成，已保存的内容不受影响。详细信息已写入日志文件：\n{log}\n请将该文件发给技术支持。",
        "An unexpected error stopped the operation; nothing saved was changed. The details are "
        "in the log file:\n{log}\nPlease send it to support.",
    ),
    "cancelled": ("已取消", "Cancelled"),
    "done": ("完成", "Done"),
    "report_written": ("报告已生成：{path}", "Report written: {path}"),
    "results_written": ("结果已导出：{path}", "Results exported: {path}"),
    "workbooks": ("表格文件 (*.xlsx *.xlsm *.xls *.csv)", "Workbooks (*.xlsx *.xlsm *.xls *.csv)"),
    # --- column mapping (mapping_dialog.py) ---
    "review_mapping": ("检查列映射…", "Check column mapping…"),
    "review_mapping_tip": (
        "查看并修改各工作表的列对应关系，确认后重新导入",
        "See and correct how each sheet's columns map, then import again",
    ),
    "used_saved": ("已套用保存的映射（{n} 个工作表）", "Used a saved mapping ({n} sheet(s))"),
    "mapping_saved": (
        "映射已确认，已保存 {n} 种表格样式，下次导入同样式的表格时自动套用",
        "Mapping confirmed; {n} layout(s) saved and used automatically next time",
    ),
    "mapping_confirmed": ("映射已确认（未保存）", "Mapping confirmed (not saved)"),
    "no_tables": (
        "所选文件中没有可识别的表格，将直接导入以列出问题。",
        "No table recognised in the chosen files; importing to list the problems.",
    ),
    "map_title": ("列映射：确认表格如何导入", "Column mapping: confirm how the tables are read"),
    "map_intro": (
        "请逐个检查工作表：表格样式、表头行、数据行，以及每一列对应的标准字段和单位。"
        "可修改任何一项；取消勾选的工作表不导入。确认后按此映射导入，并记住该样式。",
        "Check each sheet: layout, header and data rows, and the canonical field and unit of every "
        "column. Anything can be corrected; unchecked sheets are not imported. Confirm to import with "
        "this mapping and remember it for tables of the same layout.",
    ),
    "map_sheets": ("工作表（勾选 = 导入）", "Sheets (checked = imported)"),
    "map_forget": ("忘记保存的映射", "Forget saved mapping"),
    "map_share": (
        "同样式的工作表套用相同修改",
        "Apply my corrections to sheets of the same layout",
    ),
    "map_remember": ("记住此映射", "Remember this mapping"),
    "map_confirm": ("确认并导入", "Confirm and import"),
    "map_layout": ("表格样式", "Layout"),
    "map_header_rows": ("表头行", "Header rows"),
    "map_data_rows": ("数据行", "data rows"),
    "map_target": ("导入到", "Goes to"),
    "map_sheet_measure": ("本表指标", "Sheet measure"),
    "map_no_measure": ("（未指定）", "(none)"),
    "map_unit": ("单位", "Unit"),
    "map_unit_hint": ("如 万人、亿元", "e.g. 万人, 亿元"),
    "map_year": ("年份", "Year"),
    "map_region": ("地区", "Region"),
    "map_industry": ("行业", "Industry"),
    "map_total_rows": ("合计行", "Total rows"),
    "map_subitem_rows": ("“其中”分项行", "sub-item rows"),
    "map_reference_row": ("参照区域行", "reference row"),
    "map_col": ("列", "Col."),
    "map_col_header": ("原表头", "Header as found"),
    "map_col_field": ("对应字段", "Canonical field"),
    "map_factor": ("换算系数", "Factor"),
    "map_note": ("说明", "Note"),
    "map_factor_tip": (
        "换算系数由单位决定；单位无法识别时才使用这里填写的系数。",
        "The unit decides the factor; a factor typed here counts only for a unit the app does not know.",
    ),
    "map_unit_tip": (
        "该列的单位，如 万元、万人；留空则用本表单位。",
        "The column's unit, e.g. 万元 or 万人; blank = the sheet's unit.",
    ),
    "map_columns": (
        "各列对应关系（单位换算：标准值 = 原值 × 系数）",
        "Columns (unit conversion: canonical value = value as found × factor)",
    ),
    "map_measure_name": ("表中的指标名称", "Measure as written"),
    "map_measure_map": ("指标对应（指标-数值长表）", "Measures (tidy table)"),
    "map_not_imported": ("不导入", "not imported"),
    "map_preview": (
        "原表前几行（蓝 = 表头，黄 = 合计/参照行，灰 = 分项行）",
        "First rows as in the file (blue = header, yellow = total/reference, grey = sub-item)",
    ),
    "map_total_column": ("合计列", "total column"),
    "map_saved_mark": ("已保存", "saved"),
    "map_edited_mark": ("已修改", "edited"),
    "map_saved_used": (
        "已套用保存的映射（可修改；“忘记保存的映射”可删除它）",
        "Used a saved mapping (you can correct it; “Forget saved mapping” deletes it)",
    ),
    "mapping_forgotten": ("已忘记保存的映射", "Saved mapping forgotten"),
    # --- project (main_window.py) ---
    "menu_file": ("文件", "File"),
    "new_project": ("新建项目…", "New project…"),
    "open_project": ("打开项目…", "Open project…"),
    "save_as": ("另存为…", "Save as…"),
    "close_project": ("关闭项目", "Close project"),
    "project_files": ("评估项目 (*.cpa)", "Assessment projects (*.cpa)"),
    "project_created": (
        "已新建项目：{path}。请导入数据。",
        "Project created: {path}. Now import the data.",
    ),
    "project_opened": ("已打开项目：{path}", "Project opened: {path}"),
    "project_saved_as": ("项目已另存为：{path}", "Project saved as: {path}"),
    "project_recovered": (
        "已恢复上次未正常关闭的会话（{opened}，{who}）：保存的 {n} 项修改都在文件中。",
        "Recovered the session that did not close properly ({opened}, {who}): the {n} "
        "saved change(s) are in the file.",
    ),
    "project_failed": ("无法打开或创建项目", "Cannot open or create the project"),
    "no_project": ("未打开项目", "no project"),
    "results_stale": (
        "判断已修改：重新运行评估后生效",
        "Judgements changed: run the assessment again to apply them",
    ),
    "step_judgements": ("判断与答案", "Judgements"),
    "save_answers": ("答案已保存：{path}", "Answers saved: {path}"),
    # --- judgement page (judgement_page.py) ---
    "jd_cluster": ("集群", "Cluster"),
    "jd_for_cluster": (
        "{scope}：以下判断针对所选集群",
        "{scope}: these judgements are about the chosen cluster",
    ),
    "jd_no_cluster": (
        "请先导入数据（或载入答案）以选择集群",
        "Import data (or load answers) to choose a cluster",
    ),
    "jd_for_region": (
        "{scope}：以下判断针对本地区（不分集群）",
        "{scope}: these judgements are about the region",
    ),
    "jd_who": ("填写人", "Name"),
    "jd_who_tip": (
        "记录在每项修改中的姓名（默认为系统用户名）",
        "The name recorded with every change (default: the OS user name)",
    ),
    "jd_save_json": ("答案另存为 JSON…", "Save answers as JSON…"),
    "jd_id": ("编号", "Item"),
    "jd_text": ("内容", "Question"),
    "jd_mode": ("方式", "How scored"),
    "jd_answer": ("答案", "Answer"),
    "jd_note": ("依据说明（证据）", "Note (evidence)"),
    "jd_last": ("最后修改", "Last change"),
    "jd_history": ("修改记录（谁、何时、原答案→新答案）", "History (who, when, old → new)"),
    "jd_h_when": ("时间", "When"),
    "jd_h_who": ("修改人", "Who"),
    "jd_h_old": ("原答案", "Old"),
    "jd_h_new": ("新答案", "New"),
    "jd_h_note": ("依据", "Note"),
    "jd_pick_item": (
        "选择一个条目查看全文、证据提示和修改记录。",
        "Select an item to see its full text, evidence hint and history.",
    ),
    "jd_data": ("数据计算", "From data"),
    "jd_judgement": ("人工判断", "Judgement"),
    "jd_data_tip": (
        "由数据计算（{formula}）：工作簿有该数值时按数据评分，没有时采用此处的判断。",
        "Computed from data ({formula}) when the workbook has the figure; otherwise the answer here counts.",
    ),
    "jd_scale": ("量表", "Scale"),
    "jd_hint": ("证据提示", "Evidence hint"),
    "jd_in_project": (
        "每项修改立即写入项目文件，并记录修改人和时间。",
        "Every change is written to the project file at once, with who and when.",
    ),
    "jd_in_memory": (
        "未打开项目：答案暂存在内存中，可“答案另存为 JSON…”或新建项目保存。",
        "No project open: answers are kept in memory; save them as JSON or create a project.",
    ),
    "jd_saved": ("{item} 已写入项目", "{item} written to the project"),
    "jd_saved_memory": ("{item} 已记录（未打开项目）", "{item} recorded (no project open)"),
    "jd_answer_first": (
        "请先选择答案，依据说明随答案一起保存。",
        "Choose an answer first; the note is saved with it.",
    ),
    "jd_write_failed": ("保存失败：{error}", "Could not save: {error}"),
    # --- life-cycle override (override_dialog.py, result_pages.py) ---
    "ov_adjust": ("调整阶段…", "Adjust stage…"),
    "ov_clear": ("撤销调整…", "Undo adjustment…"),
    "ov_title": ("调整生命周期阶段：{code} {name}", "Adjust life-cycle stage: {code} {name}"),
    "ov_clear_title": ("撤销阶段调整：{code} {name}", "Undo stage adjustment: {code} {name}"),
    "ov_cluster": ("集群", "Cluster"),
    "ov_computed": ("计算得出的阶段", "Computed stage"),
    "ov_current": ("当前人工调整", "Current adjustment"),
    "ov_for": ("支持证据", "Evidence for"),
    "ov_against": ("反对证据", "Evidence against"),
    "ov_new_stage": ("调整为", "Set stage to"),
    "ov_reason": ("理由（必填）", "Reason (required)"),
    "ov_reason_hint": (
        "写明调整的依据，例如调研发现、最新数据或专家意见。",
        "Say why, e.g. field findings, newer data or expert advice.",
    ),
    "ov_ok": ("确认调整", "Adjust"),
    "ov_clear_ok": ("撤销调整", "Undo"),
    "ov_saved": (
        "{code} 的阶段已调整为 {stage}，正在重新评估",
        "Stage of {code} set to {stage}; re-running",
    ),
    "ov_cleared": (
        "{code} 的阶段调整已撤销，正在重新评估",
        "Adjustment of {code} undone; re-running",
    ),
    # --- tables (data_table.py)
    "filter_hint": (
        "筛选：输入任意文字，如行业名称或代码",
        "Filter: type any text, e.g. an industry",
    ),
    "show_detail": ("显示明细", "Show details"),
    "show_detail_tip": (
        "显示全部列（包括计算过程与规则轨迹）",
        "Show every column (including the workings and the rule trace)",
    ),
    "rows_shown": ("{n} / {total} 行", "{n} of {total} rows"),
    # --- step pages (pages/)
    "state_done": ("✓", "✓"),
    "intro_data": (
        "本页显示导入的数据和发现的问题。先导入统计年鉴表格（或载入示例数据），再选择评估地区和年份，然后点击“运行评估”。",
        "This page shows the imported data and any problems. Import yearbook tables (or load "
        "the sample), choose the focal region and years, then click “Run assessment”.",
    ),
    "intro_identification": (
        "本页列出评估地区的候选集群及其区位熵、规模和增长。结论为“候选（待确认）”的，请在“判断与答案”中回答存在性检验。",
        "The focal region's cluster candidates with their location quotients, size and growth. "
        "For “candidate (unconfirmed)”, answer the existence test under Judgements.",
    ),
    "intro_lifecycle": (
        "本页给出每个集群所处的生命周期阶段及依据。如调研结果不同，可选择集群后“调整阶段…”并写明理由。",
        "The life-cycle stage of each cluster and its evidence. If field work says otherwise, "
        "choose the cluster and “Adjust stage…” with a reason.",
    ),
    "intro_upgrading": (
        "本页显示技术升级和品牌升级清单的得分。在“回答清单”中回答条目，然后重新运行评估即可看到得分变化。",
        "Scores of the technology and brand upgrading checklists. Answer the items on the "
        "“Answer the checklists” tab, then run the assessment again to see the scores change.",
    ),
    "intro_equalization": (
        "本页比较各地区的人均福利指标及其差距，并给出不平等指数和转移支付测算。",
        "Per-capita welfare indicators of every region and their gaps, inequality indices "
        "and the transfer calculation.",
    ),
    "intro_effects": (
        "本页估计集聚对居民福利的影响（面板回归）。需要在数据页勾选“估计福利效应”后运行评估（较慢）。",
        "Estimates of agglomeration's effect on welfare (panel regressions). Tick “Estimate "
        "welfare effects” on the Data page and run the assessment (slower).",
    ),
    "intro_policy": (
        "本页列出由评估结果推出的政策措施（每条附推理链和文献依据），以及红旗警示、政府角色和政策质量检查。",
        "Policy actions derived from the findings (each with its reasoning and source), red "
        "flags, government roles and the policy-quality check.",
    ),
    "intro_judgements": (
        "在此回答存在性检验、生命周期问卷、升级清单和政策检查表。每项答案附依据说明；回答后重新运行评估。",
        "Answer the existence test, life-cycle questionnaire, upgrading checklists and policy "
        "checks here, each with a note; then run the assessment again.",
    ),
    "intro_report": (
        "在“报告选项…”中选择语言和章节，填写编制单位、签发人和日期，然后点击“生成报告…”保存 PDF；"
        "生成后报告显示在下方，可在此翻阅、打印或在系统查看器中打开。",
        "Set the language, chapters, preparing unit, signatory and date in “Report options…”, "
        "then click “Build report…”; the written report shows below, to page through, print or "
        "open in the system viewer.",
    ),
    "choose_title": (
        "深入评估的集群（默认为识别结果）",
        "Clusters assessed in depth (default: identified)",
    ),
    "choose_run": ("按所选集群重新评估", "Assess the ticked clusters"),
    "choose_tip": (
        "对勾选的集群进行生命周期、升级和政策分析（重新运行评估）",
        "Run the life-cycle, upgrading and policy steps for the ticked clusters",
    ),
    "answer_checklists": ("回答清单", "Answer the checklists"),
    "rerun": (
        "答案已修改：重新运行评估以更新得分",
        "Answers changed: run the assessment again to update the scores",
    ),
    "template": ("空白模板…", "Blank template…"),
    "template_tip": (
        "保存空白的数据导入模板（每张标准表一个工作表，中英文表头）",
        "Save the blank data-import workbook (one sheet per standard table, bilingual headers)",
    ),
    "template_written": ("空白模板已保存：{path}", "Blank template saved: {path}"),
    "sc_title": ("情景模拟（转移支付与增长假设）", "What-if (a transfer pool and growth)"),
    "sc_name": ("名称", "Name"),
    "sc_default_name": ("转移支付情景", "Transfer scenario"),
    "sc_pool": ("资金池", "Pool"),
    "sc_wan": ("万元", "×10,000 yuan"),
    "sc_rule": ("分配方式", "Allocation"),
    "sc_rule_gap": ("按差距（补足到参照值）", "by gap (up to the reference)"),
    "sc_rule_per_capita": ("按人口", "per capita"),
    "sc_rule_formula": ("按财政缺口公式", "by the fiscal-gap formula"),
    "sc_target": ("目标指标", "Target"),
    "sc_run": ("运行情景", "Run scenario"),
    "charts_tab": ("图表", "Charts"),
    "charts_drawing": ("正在绘制图表…", "Drawing the charts…"),
    "charts_none": ("本步骤没有可绘制的图表。", "No chart for this step."),
    "not_done": ("本步骤未能完成：", "This step could not be completed:"),
    "effects_off": (
        "未估计福利效应：在数据页勾选“估计福利效应”后重新运行评估。",
        "Welfare effects not estimated: tick “Estimate welfare effects” on the Data page and run again.",
    ),
    "welfare_effects": ("估计福利效应（较慢）", "Estimate welfare effects (slower)"),
    "report_lang": ("报告语言", "Report language"),
    "report_unit": ("编制单位", "Preparing unit"),
    "report_unit_hint": ("如：某某县发展和改革局", "e.g. the county development and reform bureau"),
    "lang_zh": ("中文", "Chinese"),
    "lang_en": ("英文", "English"),
    "no_report": ("尚未生成报告。", "No report built yet."),
    # --- protecting work (window_project.py, window_import.py)
    "save": ("保存", "Save"),
    "project_saved": (
        "项目已保存：{path}（每项修改都已随时写入）",
        "Project saved: {path} (every change is written as it happens)",
    ),
    "recent_projects": ("最近的项目", "Recent projects"),
    "quit": ("退出", "Quit"),
    "menu_language": ("语言", "Language"),
    "unsaved_title": ("尚未保存", "Not saved"),
    "unsaved_text": (
        "导入的数据、填写的答案和情景尚未保存到项目文件中。是否保存？",
        "The imported data, the answers and the scenarios are not saved in a project file. Save them?",
    ),
    "btn_save": ("保存", "Save"),
    "btn_discard": ("不保存", "Don't save"),
    "btn_replace": ("替换", "Replace"),
    "replace_title": ("替换当前数据？", "Replace the current data?"),
    "replace_text": (
        "窗口中已有导入的数据。继续导入将替换这些数据，已有的评估结果也将清空。",
        "The window already holds imported data. Importing replaces it and clears the results.",
    ),
    "replace_text_project": (
        "项目中已有数据。继续导入将替换项目中的数据，需要重新运行评估（以前各次运行的结果仍保留在项目中）。",
        "The project already has data. Importing replaces it and the assessment must run "
        "again (earlier runs stay in the project).",
    ),
    "filtering": ("筛选中…", "Filtering…"),
    "still_busy": (
        "另一项工作正在进行：请等它完成，或点“取消”后再试。",
        "Another task is running: wait for it to finish, or press Cancel and try again.",
    ),
    "results_csv": (
        "（{n} 个表格的行数超过 Excel 工作表上限，另存为同一文件夹中的 CSV：{names}）",
        " ({n} table(s) longer than an Excel sheet are CSV files in the same folder: {names})",
    ),
    # --- the source cell of a problem (data step) ---
    "cell_title": ("原表中的位置：{where}", "Where in the source table: {where}"),
    "cell_hint": (
        "标黄的是问题所在的单元格（或整行、整列）；行号和列字母与 Excel 中相同（工作表“{sheet}”）。"
        "请在原文件中改正后重新导入。",
        "The problem's cell (or its whole row or column) is marked yellow; row numbers and column "
        "letters are as in Excel (sheet '{sheet}'). Correct it in the source file and import again.",
    ),
    "cell_failed": ("无法显示该单元格", "Cannot show the cell"),
    "problems_jump_tip": (
        "双击一条问题，查看它在原表中的位置。",
        "Double-click a problem to see where it is in the source table.",
    ),
    # --- recovery of unsaved work after a crash ---
    "recover_title": ("恢复未保存的工作", "Recover unsaved work"),
    "recover_text": (
        "ClusterPolicy 上次未正常关闭，留下了尚未保存的工作（最后写入于 {at}）：{what}。"
        "恢复后它将作为项目文件打开，请用“另存为”保存到您需要的位置。",
        "ClusterPolicy did not close properly last time and left unsaved work (last written "
        "{at}): {what}. Recovering opens it as a project file; use Save as to keep it where "
        "you want it.",
    ),
    "recover_failed": (
        "无法移动或删除恢复副本（文件可能被占用或文件夹只读）。副本仍在：{path}",
        "The recovery copy could not be moved or deleted (the file may be in use or the folder "
        "read-only). It is still at {path}",
    ),
    "btn_recover": ("恢复", "Recover"),
    "btn_drop": ("放弃", "Discard"),
    "btn_later": ("以后再说", "Not now"),
    "recovered_at": (
        "已恢复，项目文件在 {path}（请用“另存为”保存到您需要的位置）",
        "Recovered; the project file is {path} (use Save as to keep it where you want it)",
    ),
    "answers_failed": ("无法读取答案文件", "Cannot read the answers file"),
    "assess_failed": ("评估未能完成", "The assessment could not be completed"),
    "export_failed": ("导出未能完成", "The export could not be completed"),
    "report_failed": ("报告未能生成", "The report could not be built"),
    # --- report options (gui/report_options.py, pages/report.py) ---
    "ro_title": ("报告选项", "Report options"),
    "ro_button": ("报告选项…", "Report options…"),
    "ro_intro": (
        "选择报告的语言和收录的章节，填写编制单位、签发人和报告日期。"
        "附录（方法与依据）和“评估局限与数据质量”随每份报告印发，不能省略。",
        "Choose the report's language and chapters and fill in who prepared and who issues it "
        "and its date. The appendix (methods and sources) and the limitations chapter go with "
        "every report and cannot be left out.",
    ),
    "ro_signer": ("签发人", "Issued by"),
    "ro_signer_hint": ("签发报告的负责人姓名", "name of the official who issues the report"),
    "ro_date": ("报告日期", "Report date"),
    "ro_chapters": ("收录的章节", "Chapters to print"),
    "ro_mandatory_note": (
        "灰色的章节不能省略：附录列出全部判定门槛和规则，局限一章说明结论的可靠程度。",
        "Greyed chapters cannot be left out: the appendix shows every threshold and rule, the "
        "limitations chapter how far the conclusions can be relied on.",
    ),
    "ro_mandatory_tip": (
        "此章随每份报告印发，不能省略",
        "Goes with every report: cannot be left out",
    ),
    "ro_ok": ("确定", "OK"),
    "ro_line": (
        "报告选项：{language}；{chapters}；编制单位：{unit}；签发人：{signer}；日期：{date}",
        "Report options: {language}; {chapters}; prepared by: {unit}; issued by: {signer}; date: {date}",
    ),
    "ro_all": ("全部章节", "all chapters"),
    "ro_left_out": ("不含：{v}", "leaving out: {v}"),
    "ro_blank": ("（未填）", "(none)"),
    # --- thresholds (thresholds_dialog.py, window_run.py) ---
    "thr_menu": ("规则(&R)", "&Rules"),
    "thr_open": ("规则与阈值…", "Rules and thresholds…"),
    "thr_title": ("规则与阈值", "Rules and thresholds"),
    "thr_intro": (
        "下表列出当前规则配置的全部阈值：含义、采用值、默认值、单位、允许范围和依据。"
        "双击“采用值”即可修改（黄色为本次修改，浅蓝为该配置已调整的值）；"
        "修改后点“另存为本地规则配置…”，写明名称和理由，保存后将重新运行评估。",
        "Every threshold of the rule profile in force: its meaning, the value used, the default, "
        "the unit, the allowed range and the basis. Double-click a value to change it (yellow: "
        "changed here; light blue: changed by this profile), then “Save as local profile…” with "
        "a name and a reason; the assessment then runs again.",
    ),
    "thr_profile": ("规则配置：", "Rule profile:"),
    "thr_default_profile": ("{title}（默认）", "{title} (default)"),
    "thr_in_force": (
        "{title}（{id}，版本 {ver}，当前采用）",
        "{title} ({id}, version {ver}, in force)",
    ),
    "thr_filter": ("筛选阈值（含义、步骤或依据）", "Filter thresholds (meaning, step or basis)"),
    "thr_col_step": ("步骤", "Step"),
    "thr_col_label": ("含义", "Meaning"),
    "thr_col_value": ("采用值", "Value used"),
    "thr_col_default": ("默认值", "Default"),
    "thr_col_unit": ("单位", "Unit"),
    "thr_col_range": ("允许范围", "Allowed range"),
    "thr_col_source": ("依据", "Basis"),
    "thr_none_changed": ("尚未修改阈值。", "No threshold changed yet."),
    "thr_changed_first": (
        "已修改 {n} 项阈值；保存后将重新运行：{steps}（评估整体重新运行）。",
        "{n} threshold(s) changed; saving re-runs: {steps} (the whole assessment runs again).",
    ),
    "thr_changed": (
        "已修改 {n} 项阈值；保存后将重新运行：{steps}（评估整体重新运行，上次用时约 {s} 秒）。",
        "{n} threshold(s) changed; saving re-runs: {steps} (the whole assessment runs again; "
        "the last run took about {s} s).",
    ),
    "thr_local_info": (
        "本地规则配置：由{who}于 {date} 在 {base} 基础上保存。理由：{reason}",
        "Local rule profile, saved by {who} on {date} from {base}. Reason: {reason}",
    ),
    "thr_revert": ("撤销修改", "Undo changes"),
    "thr_save": ("另存为本地规则配置…", "Save as local profile…"),
    "thr_close": ("关闭", "Close"),
    "thr_save_title": ("另存为本地规则配置", "Save as a local rule profile"),
    "thr_name": ("名称：", "Name:"),
    "thr_name_hint": ("例如：某省 2026 年识别口径", "e.g. Province X identification rules 2026"),
    "thr_reason": ("理由（必填）：", "Reason (required):"),
    "thr_reason_hint": (
        "写明为何调整这些阈值，例如依据的文件或会议决定。理由将写入规则配置和报告。",
        "Say why these thresholds change, e.g. the document or decision behind it. The reason "
        "goes into the profile and the report.",
    ),
    "thr_author": ("填写人：", "Saved by:"),
    "thr_saved": (
        "已保存本地规则配置“{name}”：{path}",
        "Local rule profile “{name}” saved: {path}",
    ),
    "thr_switched": ("规则配置已切换为：{name}", "Rule profile in force: {name}"),
    "thr_failed": ("规则配置未能保存", "The rule profile could not be saved"),
    "thr_load_failed": ("规则配置未能读取", "The rule profile could not be read"),
    "thr_out_of_range": (
        "“{label}”的值须在 {lo} 到 {hi} 之间。",
        "The value of “{label}” must be from {lo} to {hi}.",
    ),
    # --- scenarios (what-if simulator: gui/pages/equalization.py) ---
    "sc_saved": ("已存情景", "Saved"),
    "sc_new_item": ("（新情景）", "(new scenario)"),
    "sc_new": ("新建", "New"),
    "sc_save": ("保存", "Save"),
    "sc_delete": ("删除", "Delete"),
    "sc_horizon": ("展望年数", "Horizon"),
    "sc_years": ("年", "years"),
    "sc_pct_year": ("%/年", "%/yr"),
    "sc_pool_growth": ("资金池年增长", "Pool growth"),
    "sc_target_growth": ("目标指标年增长", "Target growth"),
    "sc_population_growth": ("人口年增长", "Population growth"),
    "sc_unchoose": ("不用情景", "No scenario"),
    "sc_explain": (
        "“运行情景”保存并选用所示情景后重新评估；结果和报告所用的就是最近一次运行的情景（展望年数为0时按评估年份静态测算）。",
        '"Run scenario" saves and chooses the scenario shown, then runs again; the results and '
        "the report use the scenario of the last run (a horizon of 0 is the static calculation "
        "of the assessment year).",
    ),
    "sc_last_run": ("最近一次运行：“{name}”{years}。", 'Last run: "{name}"{years}.'),
    "sc_last_run_none": ("最近一次运行未含情景。", "The last run had no scenario."),
    "sc_years_span": ("（{a}年→{b}年）", " ({a} → {b})"),
    "sc_next_run": (
        "下次运行将用“{name}”。",
        'The next run uses "{name}".',
    ),
    "sc_next_run_none": ("下次运行不含情景。", "The next run has no scenario."),
    "sc_saved_msg": ("情景已保存：{name}", "Scenario saved: {name}"),
    "sc_deleted": ("情景已删除：{name}", "Scenario deleted: {name}"),
    "sc_failed": ("情景未能保存", "The scenario could not be saved"),
    "sc_by_region": (
        "所示情景为按地区增长情景（来自情景文件），此处只能运行或删除。",
        "The scenario shown grows indicators by region (from a scenario file): it can be run "
        "or deleted here, not edited.",
    ),
    # --- report preview and printing (gui/pdf_preview.py, gui/pdf_print.py) ---
    "pv_title": ("报告预览", "Report preview"),
    "pv_empty": (
        "生成报告后，报告的各页将显示在这里。",
        "Once the report is built, its pages show here.",
    ),
    "pv_opening": ("正在打开报告…", "Opening the report…"),
    "pv_failed": ("无法预览报告：", "The report cannot be previewed:"),
    "pv_page": ("第 {page} / {n} 页", "Page {page} / {n}"),
    "pv_page_placeholder": ("第 {page} 页", "Page {page}"),
    "pv_zoom_in": ("放大", "Zoom in"),
    "pv_zoom_out": ("缩小", "Zoom out"),
    "pv_fit_width": ("适合宽度", "Fit width"),
    "pv_fit_page": ("整页", "Whole page"),
    "pv_open": ("在系统查看器中打开", "Open in the system viewer"),
    "print": ("打印…", "Print…"),
    "print_title": ("打印报告", "Print the report"),
    "printing": (
        "正在打印第 {k} / {n} 页（报告第 {page} 页）",
        "Printing {k} of {n} (report page {page})",
    ),
    "printed": ("已发送到打印机：{n} 页", "Sent to the printer: {n} page(s)"),
    "print_failed": ("打印未能完成", "Printing could not be completed"),
    # --- live upgrading scores ---
    "live_intro_upgrading": (
        "本页显示技术升级和品牌升级清单的得分。在“回答清单”中回答条目，得分、雷达图和政策建议随答案即时更新；"
        "只有其他答案（存在性检验、生命周期问卷等）、阶段调整或设置的更改才需要“重新运行评估”。",
        "Scores of the technology and brand upgrading checklists. Answer the items on the "
        "“Answer the checklists” tab: the scores, the radar charts and the action plan update "
        "as you answer; only other answers (existence tests, the life-cycle questionnaire …), "
        "stage overrides or changed settings need “Run the assessment again”.",
    ),
    "live_updating": ("正在按新答案更新得分…", "Updating the scores to the new answers…"),
    "live_done": (
        "得分、雷达图和政策建议已按最新答案更新。",
        "The scores, the radar charts and the action plan follow the latest answers.",
    ),
    "live_stale_other": (
        "自上次运行以来还有其他更改（其他答案、阶段调整或设置），集群识别、生命周期、福利均等化和政策建议尚未计入：请重新运行评估。",
        "Other changes since the run (other answers, stage overrides or settings) are not yet "
        "in the identification, life cycle, equalization and action plan: run the assessment again.",
    ),
    "live_not_in_project": (
        "项目文件中保存的仍是上次运行的结果；重新运行评估即可把新得分保存到项目中。",
        "The project file still holds the last run's results; run the assessment again to "
        "save the new scores in the project.",
    ),
    "live_rerun": (
        "重新运行评估（并保存到项目）",
        "Run the assessment again (and save it in the project)",
    ),
    "live_failed": (
        "得分未能即时更新，请重新运行评估（详情见日志：{log}）。",
        "The scores could not be updated live; run the assessment again (details in the log: {log}).",
    ),
}


#: every GUI text, looked up with the one rule of :class:`~clusterpolicy.text.catalogue.Catalogue`
CATALOGUE = Catalogue("gui.texts", TEXTS)
tr = CATALOGUE.tr
