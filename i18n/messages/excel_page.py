"""The Excel page."""

MESSAGES = {
    "excel.page.tab_import": ("导入", "Import"),
    "excel.page.tab_template": ("下载模板", "Templates"),
    "excel.page.tab_export": ("导出本轮", "Export the round"),
    "excel.page.export_intro": (
        "生成本轮工作簿（统计截至 {day}）：汇总表和图表、任务分配表、各台账分表、问题清单，可直接报送上级工会。",
        "The round's workbook as of {day}: summary with charts, assignment table, one sheet per ledger, the problem list.",
    ),
    "excel.page.build": ("生成工作簿", "Build the workbook"),
    "excel.page.building": ("正在生成…", "Building…"),
    "excel.page.download": ("下载工作簿", "Download"),
    "excel.page.template": ("下载模板", "Download template"),
    "excel.page.template_file": ("台账模板-{day}.xlsx", "ledger-template-{day}.xlsx"),
    "upload.button": ("选择文件", "Choose a file"),
    "upload.limit": ("每个文件不超过 {mb} MB · {kind}", "Up to {mb} MB a file · {kind}"),
    "excel.page.upload": (
        "上传任务分配表或台账（.xlsx）。先全部检查，确认后一次写入；有任何问题则不写入。",
        "Upload an assignment table or ledger sheets (.xlsx). Everything is checked first and written at once after you confirm; nothing is written if anything is wrong.",
    ),
    "excel.page.checking": ("正在检查…", "Checking…"),
    "excel.page.refused": ("发现 {n} 个问题，未写入任何数据：", "{n} problems found; nothing was written:"),
    "excel.page.preview": ("预览：确认后将写入以下内容", "Preview: this is what will be written"),
    "excel.page.skipped": ("{ledger}：{n} 条与已有记录相同，跳过", "{ledger}: {n} rows identical to stored ones, skipped"),
    "excel.page.confirm": ("确认导入", "Import"),
    "excel.page.written": ("已导入 {n} 条", "{n} rows imported"),
}
