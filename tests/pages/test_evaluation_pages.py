"""The evaluation through the app: the office creates a scheme for 2021 and opens it, two evaluators
score, closing is refused until every score is in, then the ranking and bands are on the
scoreboard and in the exported workbook; the published 2020 result, the lists, the comparison
and the cadre records."""

import io

import openpyxl
import pytest
from sqlmodel import select

from data_access.db import read_session
from data_access.evaluation import schemes, scoring
from data_access.models import CadreNote, Round
from tests import sample_facts as facts
from tests.pages.conftest import button, texts
from tests.tile_boards import tiles
from ui import widgets


def round_id(engine, year: int) -> int:
    with read_session(engine) as session:
        return session.exec(select(Round.id).where(Round.year == year)).one()


def board_of(engine, year: int):
    with read_session(engine) as session:
        scheme_id = schemes.live_scheme_id(session, round_id(engine, year))
        return scheme_id, scoring.scoreboard(session, scheme_id), schemes.header(session, scheme_id)


def score_every_team(app_as, engine, username: str, year_round: int, base: int) -> None:
    at = app_as(username, "pages/evaluation_scoring.py", f_round=year_round)
    _scheme_id, board, _head = board_of(engine, 2021)
    for index, team_id in enumerate(board.sort_values("seq")["team_id"]):
        at.selectbox(key="ev_score_team").set_value(int(team_id)).run()
        inputs = [n for n in at.number_input if n.key.startswith("ev_s_")]
        for offset, number in enumerate(inputs):
            number.set_value(float(base - 5 * index + offset))
        for text in [t for t in at.text_area if t.key.startswith("ev_c_")]:
            text.input(f"{username} 评语")
        button(at, "保存评分").click().run()
        assert not at.exception and not at.error, [e.value for e in at.error]


@pytest.fixture(scope="module")
def evaluated_2021(app_as, sample_db):
    """Runs the office's and the evaluators' steps once; the tests below check what they left."""
    rid = round_id(sample_db, 2021)
    at = app_as("office", "pages/evaluation_scheme.py", f_round=rid)
    assert "本轮还没有评估方案" in texts(at)
    at.text_input(key="ev_new_name").input("2021年蹲点工作评估")
    button(at, "建立方案").click().run()
    assert not at.exception
    button(at, "开启评分").click().run()
    assert "方案已开启评分或已发布" in texts(at)
    pairs = facts.subjective_pairs(sample_db, facts.newest_scheme(sample_db, rid).id)  # team × subjective indicator
    assert f"0/{pairs} 项已有评分" in texts(at)

    at.checkbox(key="ev_close_confirm").check().run()
    button(at, "关闭评估并发布结果").click().run()
    assert f"还有 {pairs} 项主观指标无人评分，不能关闭" in texts(at)

    score_every_team(app_as, sample_db, "leader", rid, base=95)
    score_every_team(app_as, sample_db, "office", rid, base=85)

    at = app_as("office", "pages/evaluation_scheme.py", f_round=rid)
    assert f"{pairs}/{pairs} 项已有评分，评议人 2 人" in texts(at)  # the leader and the office
    at.checkbox(key="ev_close_confirm").check().run()
    button(at, "关闭评估并发布结果").click().run()
    assert not at.error, [e.value for e in at.error]
    return rid


def test_scoring_page_stores_each_evaluators_scores(evaluated_2021, sample_db):
    scheme_id, board, head = board_of(sample_db, 2021)
    with read_session(sample_db) as session:
        first = board.sort_values("seq").iloc[0]
        rows = scoring.subjective_rows(session, scheme_id, int(first.team_id))
    # the first team in seq order got base scores 95/96 from the leader and 85/86 from the office
    assert sorted(rows["score"]) == [85.0, 86.0, 95.0, 96.0]
    assert set(rows["comment"]) == {"leader 评语", "office 评语"}
    assert head.status == "closed"


def test_the_scoreboard_shows_the_published_ranking_and_bands(evaluated_2021, app_as, sample_db):
    _scheme_id, board, _head = board_of(sample_db, 2021)
    at = app_as("leader", "pages/evaluation_scoreboard.py", f_round=evaluated_2021)
    assert not at.exception
    assert "已于" in texts(at) and "发布" in texts(at)
    shown = at.dataframe[0].value
    assert list(shown["总分"]) == list(board["total"])
    assert list(shown["等次"]) == list(board["band"])
    assert list(shown["名次"]) == sorted(shown["名次"])
    counts = {band: int(tile["value"]) for band, tile in tiles(at, "ev_band_tiles").items()}
    assert counts == board["band"].value_counts().reindex(counts.keys(), fill_value=0).to_dict()
    assert sum(counts.values()) == facts.team_count(sample_db, evaluated_2021)


def test_a_scoreboard_row_opens_the_teams_breakdown(evaluated_2021, app_as, sample_db):
    scheme_id, board, _head = board_of(sample_db, 2021)
    at = app_as("office", "pages/evaluation_scoreboard.py", f_round=evaluated_2021)
    at.session_state["ev_ranking"] = {"selection": {"rows": [0], "columns": []}}
    at.run()
    top = board.iloc[0]
    assert f"{top.seq}. {top.site_name}：总分 {top.total:.2f}，{top.band}" in texts(at)
    detail = at.dataframe[1].value
    assert list(detail["指标"])[:2] == ["日记录完成率", "周报告按时率"]
    assert detail["得分（加权）"].sum() == pytest.approx(top.total, abs=0.05)


def test_the_exported_workbook_holds_the_ranking_and_bands(evaluated_2021, app_as, sample_db):
    _scheme_id, board, _head = board_of(sample_db, 2021)
    at = app_as("office", "pages/evaluation_scoreboard.py", f_round=evaluated_2021, ev_tab="导出")
    button(at, "生成考核结果工作簿").click().run()
    _, data = at.session_state["evaluation_workbook"]
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["考核结果", "逐项得分", "干部档案"]
    rows = list(workbook["考核结果"].iter_rows(min_row=4, values_only=True))
    assert [r[0] for r in rows] == list(board["rank"])
    assert [r[-3] for r in rows] == pytest.approx(list(board["total"]))
    assert [r[-2] for r in rows] == list(board["band"])


def test_closed_evaluation_takes_no_more_scores(evaluated_2021, app_as):
    at = app_as("leader", "pages/evaluation_scoring.py", f_round=evaluated_2021)
    assert "本轮没有正在评分的考核" in texts(at)


def test_praise_and_criticism_lists_name_the_teams_people(app_as, sample_db):
    ranking = app_as("leader", "pages/evaluation_scoreboard.py", f_round=round_id(sample_db, 2020))
    assert "拟表扬（优秀）" not in texts(ranking)  # only the open tab is drawn
    at = app_as("leader", "pages/evaluation_scoreboard.py", f_round=round_id(sample_db, 2020), ev_tab="表扬与批评")
    assert "拟表扬（优秀）" in texts(at) and "拟通报批评（不合格）" in texts(at)
    _scheme_id, board, _head = board_of(sample_db, 2020)  # hand-worked in tests/test_evaluation.py
    top = board[board["band"] == "优秀"]
    praise = next(d.value for d in at.dataframe if "组长及组员" in d.value.columns and (d.value["等次"] == "优秀").all())
    assert list(praise["工作组"]) == [f"{r.seq}. {r.site_name}" for r in top.itertuples()] and len(top)
    assert "*" in praise["组长及组员"].iloc[0]  # the local-federation cadre is marked


def test_comparison_lists_every_evaluated_round(evaluated_2021, app_as, sample_db):
    at = app_as("leader", "pages/evaluation_compare.py", f_round=evaluated_2021)
    assert not at.exception
    summary = at.dataframe[0].value
    rounds = [round_id(sample_db, 2020), evaluated_2021]
    assert list(summary["年度"]) == ["2020", "2021"]
    assert list(summary["参评组数"]) == [facts.team_count(sample_db, r) for r in rounds]
    by_site = at.dataframe[1].value
    assert len(by_site) == facts.site_count(sample_db, rounds) and {"2020", "2021"} <= set(by_site.columns)


def test_cadre_records_show_each_cadres_teams_and_their_result(evaluated_2021, app_as, sample_db):
    _scheme_id, board, _head = board_of(sample_db, 2021)
    at = app_as("office", "pages/evaluation_cadres.py", f_round=evaluated_2021)
    table = at.dataframe[0].value
    assert len(table) == facts.cadres_served(sample_db, evaluated_2021)  # a row a cadre
    last_team = board.sort_values("rank").iloc[-1]
    start = facts.round_of_year(sample_db, 2021).start_date
    of_last = table[table["蹲点经历"].str.endswith(f"{last_team.site_name}（{start}—）")]  # served from the start
    assert len(of_last) and set(of_last["所在组等次"]) == {last_team.band}
    assert set(of_last["所在组得分"]) == {last_team.total}
    rotated = table[table["蹲点经历"].str.contains("；")]  # a cadre who moved teams lists both spells
    spells = facts.rotated_cadres(sample_db, evaluated_2021)
    assert len(rotated) == len(spells) > 0
    for shown, (left, joined) in zip(rotated["蹲点经历"], ((s[0].left_on, s[1].joined_on) for s in spells)):
        assert str(left) in shown and str(joined) in shown


def test_the_cadre_table_tells_the_browser_to_show_a_missing_result_as_a_dash(app_as):
    table = app_as("office", "pages/evaluation_cadres.py").dataframe[0]
    assert table.proto.placeholder == "—"  # before an evaluation, not the word "None"


def test_office_picks_a_cadre_and_writes_a_note(evaluated_2021, app_as, sample_db):
    at = app_as("office", "pages/evaluation_cadres.py", f_round=evaluated_2021)
    table = at.dataframe[0]
    assert not at.text_area  # no cadre picked: no note box
    person_id, name = int(table.value.index[2]), table.value["姓名"].iloc[2]
    at.session_state[table.key] = {"selection": {"rows": [2], "columns": []}}
    at.run()
    box = at.text_area[0]
    assert box.label == f"{name}的备注"
    box.input("表现突出，建议表扬")
    at.button[0].click().run()  # the form's save button
    assert not at.exception and [t.value for t in at.toast] == [f"已保存{name}的备注。"]
    with read_session(sample_db) as session:
        note = session.exec(select(CadreNote).where(CadreNote.round_id == evaluated_2021, CadreNote.person_id == person_id)).one()
    assert note.note == "表现突出，建议表扬"
    shown = at.dataframe[0].value
    assert shown.loc[person_id, "备注"] == "表现突出，建议表扬"  # the table shows the saved note


def test_a_long_cadre_list_is_searched(evaluated_2021, app_as, sample_db, monkeypatch):
    monkeypatch.setattr(widgets, "LIST_ROWS", 10)  # the sample's cadres play a country's thousands
    at = app_as("office", "pages/evaluation_cadres.py", f_round=evaluated_2021)
    first = at.dataframe[0].value
    assert len(first) == 10 and f"显示 10 条，共 {facts.cadres_served(sample_db, evaluated_2021)} 条符合" in texts(at)
    name = first["姓名"].iloc[3]
    at.text_input(key="ev_cadres_search").input(name).run()
    found = at.dataframe[0].value
    assert len(found) >= 1 and set(found["姓名"]) == {name}


def test_a_scheme_without_a_name_is_refused_and_nothing_is_written(app_as, sample_db):
    rid = round_id(sample_db, 2020)
    at = app_as("office", "pages/evaluation_scheme.py", f_round=rid)
    assert not [w for w in at.text_input if w.key == "ev_new_name"]  # the closed form is not drawn
    at = app_as("office", "pages/evaluation_scheme.py", f_round=rid, ev_new_open=True)
    at.text_input(key="ev_new_name").input("   ")
    button(at, "建立方案").click().run()
    assert "请填写方案名称" in texts(at)
    with read_session(sample_db) as session:
        assert len(schemes.round_schemes(session, rid)) == 1
