"""The documents page: its three buttons for the office and the leadership group, refused to a
member; a document built there downloads, and the briefing's numbers are the overview's."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document

from data_access import documents
from tests.pages.conftest import texts
from tests.tile_boards import tiles
from ui.navigation import pages_for

PAGE = "pages/documents.py"
BUILD = ["生成会议材料", "生成总结报告", "生成督办通知"]


def built(at, kind: str) -> Document:
    """The document the page offers for download, as python-docx opens it."""
    _params, data = at.session_state[f"doc_{kind}"]
    return Document(io.BytesIO(data))


def table(doc: Document, *header: str) -> list[list[str]]:
    rows = next(t for t in doc.tables if tuple(c.text for c in t.rows[0].cells[: len(header)]) == header).rows
    return [[c.text for c in row.cells] for row in rows[1:]]


@pytest.mark.parametrize("username", ["office", "leader"])
def test_the_office_and_the_leader_see_the_three_documents(app_as, username):
    at = app_as(username, PAGE)
    assert not at.exception
    assert at.header[0].value == "会议材料与报告"
    assert [b.label for b in at.button if b.key and b.key.startswith("doc_build_")] == BUILD
    assert not at.get("download_button")  # nothing is built before it is asked for


def test_a_member_and_discipline_cannot_open_the_documents(app_as):
    assert PAGE not in {spec.path for spec in pages_for("member")} | {spec.path for spec in pages_for("discipline")}
    at = app_as("member")
    with pytest.raises(ValueError, match="Could not find a navigation page"):  # the member's navigation has no such page
        at.switch_page(PAGE).run()


def test_a_teams_notice_is_built_on_a_click_and_offered_for_download(app_as, sample_db):
    at = app_as("office", PAGE)
    label = at.selectbox(key="doc_team").options[1]  # the first team, after every team's
    at.selectbox(key="doc_team").select_index(1).run()
    at.button(key="doc_build_notice").click().run()
    assert not at.exception and not at.error
    downloads = at.get("download_button")
    assert [d.proto.label for d in downloads] == [f"下载 督办通知-{label}-2021-10-11.docx"]
    doc = built(at, "notice")
    assert doc.paragraphs[0].text == "督办通知"
    assert f"{label.split('. ', 1)[1]}蹲点工作组：" in [p.text for p in doc.paragraphs]


def test_the_briefings_numbers_are_the_overviews_for_the_same_scope_and_day(app_as):
    overview = app_as("leader")
    six_shown = {tile["label"]: tile["value"] for tile in tiles(overview, "six").values()}
    red_cards = sum(card["light"] == "red" for card in tiles(overview, "lights").values())
    overdue_shown = int(re.search(r"逾期事项共 (\d+) 项", texts(overview)).group(1))

    at = app_as("leader", PAGE)
    at.button(key="doc_build_briefing").click().run()
    assert not at.exception and not at.error
    doc = built(at, "briefing")
    paragraphs = [p.text for p in doc.paragraphs]
    six_written = {name: done for name, done, _target, _rate in table(doc, "项目", "完成数", "目标", "完成率")}
    assert six_written == six_shown
    assert any(f"红灯{red_cards}个" in p for p in paragraphs)
    assert any(p.startswith(f"逾期事项共{overdue_shown}项") for p in paragraphs)
    lights = table(doc, "工作组", "状态", "日记录完成率")
    assert sum(row[1] == "红灯" for row in lights) == red_cards


def test_a_document_that_cannot_be_built_says_so(app_as, monkeypatch, page_errors):
    def broken(*_args, **_kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(documents, "summary_report", broken)
    at = app_as("office", PAGE)
    at.button(key="doc_build_report").click().run()
    assert not at.exception
    [logged] = page_errors  # the log holds the id the user is told, with the traceback
    assert "the database went away" in logged.fields["traceback"]
    error_id = logged.fields["error_id"]
    assert [e.value for e in at.error] == [
        f"未能生成总结报告。请稍后重试；如仍不成功，请将错误编号 {error_id} 告知系统管理员（服务器日志中记有原因）。"
    ]
    assert not at.get("download_button")
