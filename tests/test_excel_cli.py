"""manage.py import / export, as functions: messages, exit codes, round selection."""

import io
from datetime import date

from openpyxl import Workbook, load_workbook

from data_access.db import write_session
from data_access.excel.cli import resolve_round, run_export, run_import
from data_access.excel.template import ledger_template
from data_access.models import Round
from tests.factories import make_round
from tests.fixtures.excel_books import messy_seed_table, row_counts, to_bytes


def run(fn, *args, **kwargs) -> tuple[int, list[str]]:
    said: list[str] = []
    code = fn(*args, out=said.append, **kwargs)
    return code, said


def newer_round(engine) -> int:
    with write_session(engine) as session:
        rnd = Round(name="2022年蹲点", year=2022, start_date=date(2022, 7, 11), end_date=date(2022, 10, 10))
        session.add(rnd)
        session.flush()
        return rnd.id


def test_rounds_are_found_by_name_or_id_and_default_to_the_newest(engine):
    org = make_round(engine)
    newest = newer_round(engine)
    assert resolve_round(engine, None).id == newest
    assert resolve_round(engine, "测试轮次2021").id == org["round_id"]
    assert resolve_round(engine, str(org["round_id"])).id == org["round_id"]
    assert resolve_round(engine, "没有这个轮次") is None


def test_import_assignment_table_then_again(engine, tmp_path):
    newest = newer_round(engine)
    path = tmp_path / "分配表.xlsx"
    path.write_bytes(messy_seed_table())
    code, said = run(run_import, path, engine=engine)
    assert code == 0 and said[0] == "蹲点轮次：2022年蹲点"
    assert "7 个工作组，机关干部 26 人，县区总工会干部 5 人，联系领导 7 人" in said[1]
    before = row_counts(engine)
    code, said = run(run_import, path, str(newest), engine=engine)
    assert code == 0 and said[-1] == "与系统中的安排完全一致，没有任何改动" and row_counts(engine) == before


def test_import_ledger_workbook(engine, tmp_path):
    org = make_round(engine)
    workbook = load_workbook(io.BytesIO(ledger_template(["daily"])))
    workbook["日记录"].append(["测试点1", date(2021, 7, 13), "测试镇", "走访企业", 1, 2, "测试员1"])
    path = tmp_path / "台账.xlsx"
    path.write_bytes(to_bytes(workbook))
    code, said = run(run_import, path, org["round_id"], engine=engine)
    assert code == 0 and said[-1] == "已导入 1 条记录：日记录 1"
    code, said = run(run_import, path, org["round_id"], "en", engine=engine)
    assert code == 0 and said[-1] == "1 rows identical to stored ones were skipped"


def test_problems_exit_non_zero_and_name_the_cells(engine, tmp_path):
    org = make_round(engine)
    workbook = load_workbook(io.BytesIO(ledger_template(["daily"])))
    workbook["日记录"].append(["测试点9", "昨天", None, "走访", None, None, None])
    path = tmp_path / "bad.xlsx"
    path.write_bytes(to_bytes(workbook))
    before = row_counts(engine)
    code, said = run(run_import, path, org["round_id"], engine=engine)
    assert code == 1 and row_counts(engine) == before
    assert said[1] == "导入失败，未写入任何数据。共 2 个问题："
    assert "  - 工作表「日记录」第 2 行「蹲点单位」列：本轮次没有蹲点单位「测试点9」" in said


def test_unknown_files_rounds_and_paths(engine, tmp_path):
    org = make_round(engine)
    other = tmp_path / "other.xlsx"
    wb = Workbook()
    wb.active.append(["姓名", "电话"])
    other.write_bytes(to_bytes(wb))
    assert run(run_import, other, org["round_id"], engine=engine)[0] == 1
    assert run(run_import, tmp_path / "missing.xlsx", org["round_id"], engine=engine)[0] == 2
    code, said = run(run_import, other, "没有这个轮次", engine=engine)
    assert code == 2 and said == ["找不到蹲点轮次「没有这个轮次」"]


def test_no_round_at_all(engine, tmp_path):
    code, said = run(run_export, tmp_path / "out.xlsx", engine=engine)
    assert code == 2 and said == ["系统中还没有蹲点轮次，请先创建轮次"]


def test_export_then_import_the_export(engine, tmp_path):
    newest = newer_round(engine)
    seed = tmp_path / "seed.xlsx"
    seed.write_bytes(messy_seed_table())
    run(run_import, seed, engine=engine)
    out = tmp_path / "round.xlsx"
    code, said = run(run_export, out, engine=engine, as_of=date(2022, 8, 1))
    assert code == 0 and said[-1] == f"已导出到 {out}"
    assert load_workbook(out).sheetnames[:2] == ["汇总", "任务分配表"]
    before = row_counts(engine)
    code, said = run(run_import, out, newest, engine=engine)
    assert code == 0 and row_counts(engine) == before
    assert "没有任何改动" in said[-1]
