"""Files on ledger rows (data_access.attachments): versions, download, permissions, following the
row through delete and restore, hostile files refused with nothing written, and the migration."""

from __future__ import annotations

import hashlib
import io
import json
from datetime import date

import pytest
from alembic import command
from PIL import Image
from sqlalchemy import func, inspect, select

from data_access import attachments
from data_access.auth import Actor
from data_access.db import alembic_config, read_session, write_session
from data_access.files import FileRefused
from data_access.ledger_store import create_row, delete_row, get_row, restore_row
from data_access.models import Attachment, AuditLog, DailyRecord
from data_access.permissions import PermissionDenied
from data_access.settings import set_setting
from tests import attachment_files as files
from tests.factories import OFFICE, make_round, member_of

LEADER = Actor(user_id=None, role="leadership")
DISCIPLINE = Actor(user_id=None, role="discipline")
EXCHANGE = {"meeting_date": date(2021, 8, 20), "attendees": "正定县总工会 王主席", "minutes": "研究欠薪问题"}


@pytest.fixture
def org(engine):
    return make_round(engine)


@pytest.fixture
def exchange(engine, org):
    """A monthly exchange of team 0, written by its member."""
    return create_row(engine, member_of(org, 0), "monthly", org["team_ids"][0], EXCHANGE)


def counts(engine) -> tuple[int, int]:
    """(attachments, audit records)."""
    with read_session(engine) as session:
        return (
            session.execute(select(func.count()).select_from(Attachment)).scalar_one(),
            session.execute(select(func.count()).select_from(AuditLog)).scalar_one(),
        )


def test_a_member_attaches_minutes_and_reads_them_back_as_uploaded(engine, org, exchange):
    member = member_of(org, 0)
    minutes = files.pdf(["Minutes of the August exchange", "Attendees and decisions"])
    attachment_id = attachments.attach(engine, member, "monthly", exchange, "minutes", "C:\\纪要\\8月纪要.pdf", minutes)
    listed = attachments.row_files(engine, member, "monthly", exchange)
    assert len(listed) == 1
    row = listed.iloc[0]
    assert (row["filename"], row["file_type"], row["mime"], row["version"]) == ("8月纪要.pdf", "pdf", "application/pdf", 1)
    assert (row["size"], row["sha256"], row["page_count"]) == (len(minutes), hashlib.sha256(minutes).hexdigest(), 2)
    assert bool(row["newest"]) and row["series_id"] == attachment_id
    got = attachments.download(engine, OFFICE, attachment_id)
    assert (got.filename, got.mime, got.content) == ("8月纪要.pdf", "application/pdf", minutes)
    with read_session(engine) as session:
        stored = session.get(Attachment, attachment_id)
    assert "Minutes of the August exchange" in stored.text_content and "Attendees and decisions" in stored.text_content


def test_every_type_is_recognised_from_its_content_and_described(engine, org):
    team = org["team_ids"][0]
    outcome = create_row(
        engine, OFFICE, "outcome", team, {"kind": "research_report", "title": "调研报告", "submitted_on": date(2021, 9, 30)}
    )
    visit = create_row(engine, OFFICE, "visit", team, {"visit_date": date(2021, 8, 1), "kind": "needy", "persons": 2})
    report = attachments.attach(
        engine, OFFICE, "outcome", outcome, "report", "report.docx", files.docx_file("关于欠薪问题的调研", "第二段", cell="工伤认定 3 件")
    )
    sheet = attachments.attach(engine, OFFICE, "outcome", outcome, "report", "表.xlsx", files.xlsx_file())
    photo = attachments.attach(engine, OFFICE, "visit", visit, "photo", "IMG_0001.JPG", files.image(1600, 1200, "JPEG"))
    with read_session(engine) as session:
        stored = {a.id: a for a in session.execute(select(Attachment)).scalars()}
    assert (stored[report].file_type, stored[sheet].file_type, stored[photo].file_type) == ("docx", "xlsx", "jpg")
    assert stored[report].text_content == "关于欠薪问题的调研\n第二段\n工伤认定 3 件"  # paragraphs, then table cells
    assert stored[photo].page_count is None and stored[report].thumbnail is None
    thumbnail = Image.open(io.BytesIO(stored[photo].thumbnail))
    assert thumbnail.format == "PNG" and thumbnail.size == (320, 240)  # 1600 × 1200 within 320 × 320


def test_a_new_version_keeps_the_old_one(engine, org, exchange):
    member = member_of(org, 0)
    first = attachments.attach(engine, member, "monthly", exchange, "minutes", "纪要.pdf", files.pdf(["draft"]))
    second = attachments.attach(
        engine, member, "monthly", exchange, "minutes", "纪要-定稿.pdf", files.pdf(["final", "signed"]), series_id=first
    )
    other = attachments.attach(engine, member, "monthly", exchange, "minutes", "签到.png", files.image())
    listed = attachments.row_files(engine, member, "monthly", exchange)
    assert listed[["id", "series_id", "version", "newest"]].values.tolist() == [
        [other, other, 1, True],
        [second, first, 2, True],
        [first, first, 1, False],
    ]
    assert attachments.download(engine, member, first).content == files.pdf(["draft"])
    assert attachments.download(engine, member, second).content == files.pdf(["final", "signed"])


def test_a_version_of_another_rows_file_is_refused(engine, org, exchange):
    member = member_of(org, 0)
    theirs = attachments.attach(engine, member, "monthly", exchange, "minutes", "a.pdf", files.pdf(["a"]))
    another = create_row(engine, member, "monthly", org["team_ids"][0], EXCHANGE)
    before = counts(engine)
    with pytest.raises(PermissionDenied, match="attachment.row_gone"):
        attachments.attach(engine, member, "monthly", another, "minutes", "b.pdf", files.pdf(["b"]), series_id=theirs)
    assert counts(engine) == before


def test_each_upload_is_audited_without_the_files_bytes(engine, org, exchange):
    member = member_of(org, 0)
    before = counts(engine)[1]
    attachment_id = attachments.attach(engine, member, "monthly", exchange, "minutes", "纪要.pdf", files.pdf(["x"]))
    with read_session(engine) as session:
        entries = session.execute(select(AuditLog).where(AuditLog.id > before)).scalars().all()
    assert [(e.action, e.table_name, e.row_id, e.team_id) for e in entries] == [("create", "attachment", attachment_id, org["team_ids"][0])]
    after = json.loads(entries[0].after)
    assert (after["owner_table"], after["owner_id"], after["filename"], after["version"]) == ("monthly_exchange", exchange, "纪要.pdf", 1)
    assert "content" not in after and "thumbnail" not in after and "text_content" not in after


def test_the_files_follow_their_row_through_delete_and_restore(engine, org, exchange):
    member = member_of(org, 0)
    attachment_id = attachments.attach(engine, member, "monthly", exchange, "minutes", "纪要.pdf", files.pdf(["x"]))
    delete_row(engine, member, "monthly", exchange, get_row(engine, member, "monthly", exchange)["version"])
    assert attachments.row_files(engine, OFFICE, "monthly", exchange).empty
    with pytest.raises(PermissionDenied, match="attachment.row_gone"):
        attachments.download(engine, OFFICE, attachment_id)
    with pytest.raises(PermissionDenied, match="attachment.row_gone"):
        attachments.attach(engine, member, "monthly", exchange, "minutes", "again.pdf", files.pdf(["y"]))
    restore_row(engine, OFFICE, "monthly", exchange, get_row(engine, OFFICE, "monthly", exchange)["version"])
    assert attachments.row_files(engine, member, "monthly", exchange)["id"].tolist() == [attachment_id]
    assert attachments.download(engine, member, attachment_id).content == files.pdf(["x"])


def test_the_rows_permissions_apply(engine, org, exchange):
    member, stranger = member_of(org, 0), member_of(org, 1)
    attachment_id = attachments.attach(engine, member, "monthly", exchange, "minutes", "纪要.pdf", files.pdf(["x"]))
    before = counts(engine)
    for refused in (stranger, LEADER, DISCIPLINE):  # another team's member; those who only read
        with pytest.raises(PermissionDenied):
            attachments.attach(engine, refused, "monthly", exchange, "minutes", "mine.pdf", files.pdf(["y"]))
    assert counts(engine) == before
    with pytest.raises(PermissionDenied):
        attachments.row_files(engine, stranger, "monthly", exchange)
    with pytest.raises(PermissionDenied):
        attachments.download(engine, stranger, attachment_id)
    for reader in (LEADER, DISCIPLINE, OFFICE):
        assert attachments.download(engine, reader, attachment_id).content == files.pdf(["x"])


def test_a_ledger_takes_only_the_files_its_description_names(engine, org, exchange):
    member = member_of(org, 0)
    funds = create_row(
        engine, member, "funds", org["team_ids"][0], {"entry_date": date(2021, 8, 1), "kind": "spending", "item": "交通", "amount": 100}
    )
    visit = create_row(engine, member, "visit", org["team_ids"][0], {"visit_date": date(2021, 8, 1), "kind": "needy"})
    before = counts(engine)
    with pytest.raises(PermissionDenied, match="attachment.refused.purpose"):
        attachments.attach(engine, member, "funds", funds, "evidence", "发票.pdf", files.pdf(["x"]))
    with pytest.raises(PermissionDenied, match="attachment.refused.purpose"):
        attachments.attach(engine, member, "monthly", exchange, "photo", "a.png", files.image())
    with pytest.raises(FileRefused) as refused:  # a visit's photo is a photo
        attachments.attach(engine, member, "visit", visit, "photo", "a.pdf", files.pdf(["x"]))
    assert (refused.value.key, refused.value.params) == ("attachment.refused.not_for_purpose", {"types": "JPG, PNG"})
    assert counts(engine) == before


def _oversized(engine) -> bytes:
    with write_session(engine) as session:
        set_setting(session, "attachment_max_mb", 1)
    return b"%PDF-1.7\n" + b"%" * (1024 * 1024)  # a few bytes over 1 MB


@pytest.mark.parametrize(
    ("name", "make", "key"),
    [
        ("minutes.pdf", lambda engine: files.renamed_executable(), "attachment.refused.type"),
        ("minutes.docx", lambda engine: files.zip_bomb(), "attachment.refused.zip_bomb"),
        ("minutes.pdf", lambda engine: files.pdf_with_javascript(), "attachment.refused.pdf_script"),
        ("minutes.pdf", lambda engine: files.pdf_with_escaped_javascript(), "attachment.refused.pdf_script"),
        ("photo.png", lambda engine: files.png_bomb(), "attachment.refused.image_bomb"),
        ("photo.png", lambda engine: files.png_bomb(10_000, 9_000), "attachment.refused.image_bomb"),  # 90 M pixels, over our 80 M
        ("minutes.pdf", _oversized, "attachment.refused.too_big"),
        ("minutes.pdf", lambda engine: b"", "attachment.refused.empty"),
        ("minutes.pdf", lambda engine: files.pdf(["x"])[:200], "attachment.refused.damaged"),
        ("minutes.pdf", lambda engine: files.encrypted_pdf("open-sesame"), "attachment.refused.encrypted"),
        ("minutes.docx", lambda engine: files.docx_with_macros(), "attachment.refused.macros"),
    ],
    ids=[
        "renamed-executable",
        "docx-zip-bomb",
        "pdf-javascript",
        "pdf-escaped-javascript",
        "png-bomb",
        "png-over-our-cap",
        "over-cap",
        "empty",
        "truncated-pdf",
        "pdf-password",
        "docx-macros",
    ],
)
def test_a_hostile_file_is_refused_with_its_reason_and_nothing_written(engine, org, exchange, name, make, key):
    member = member_of(org, 0)
    data = make(engine)
    before = counts(engine)
    with pytest.raises(FileRefused) as refused:
        attachments.attach(engine, member, "monthly", exchange, "minutes", name, data)
    assert refused.value.key == key
    assert counts(engine) == before


def test_an_xlsx_zip_bomb_is_refused_too(engine, org):
    outcome = create_row(
        engine, OFFICE, "outcome", org["team_ids"][0], {"kind": "research_report", "title": "t", "submitted_on": date(2021, 9, 1)}
    )
    before = counts(engine)
    with pytest.raises(FileRefused, match="attachment.refused.zip_bomb"):
        attachments.attach(engine, OFFICE, "outcome", outcome, "report", "表.xlsx", files.zip_bomb("xl/workbook.xml"))
    assert counts(engine) == before


def test_the_cap_is_the_offices_setting(engine, org, exchange):
    just_over = b"%PDF-1.7\n" + b"%" * (2 * 1024 * 1024)
    with pytest.raises(FileRefused) as refused:
        attachments.attach(engine, OFFICE, "monthly", exchange, "minutes", "big.pdf", just_over)
    with write_session(engine) as session:
        assert attachments.max_bytes(session) == 20 * 1024 * 1024  # the default: 20 MB
        set_setting(session, "attachment_max_mb", 1)
    # 2 MB + 9 bytes is no PDF, but at 20 MB it was read (and found damaged), at 1 MB it is too big
    assert refused.value.key == "attachment.refused.damaged"
    with pytest.raises(FileRefused) as refused:
        attachments.attach(engine, OFFICE, "monthly", exchange, "minutes", "big.pdf", just_over)
    assert (refused.value.key, refused.value.params) == ("attachment.refused.too_big", {"size": "2.0", "max": "1.0"})


def test_the_migration_keeps_every_row_and_downgrades(engine, org):
    config = alembic_config(engine)
    command.downgrade(config, "0003")
    assert "attachment" not in inspect(engine).get_table_names()
    create_row(engine, OFFICE, "daily", org["team_ids"][0], {"work_date": date(2021, 7, 13), "content": "走访两家企业"})
    command.upgrade(config, "0004_attachments")
    with read_session(engine) as session:
        assert [r.content for r in session.execute(select(DailyRecord)).scalars()] == ["走访两家企业"]
    exchange = create_row(engine, OFFICE, "monthly", org["team_ids"][0], EXCHANGE)
    attachments.attach(engine, OFFICE, "monthly", exchange, "minutes", "纪要.pdf", files.pdf(["x"]))
    command.downgrade(config, "0003")
    assert "attachment" not in inspect(engine).get_table_names()
    with read_session(engine) as session:
        assert session.execute(select(func.count()).select_from(DailyRecord)).scalar_one() == 1
    command.upgrade(config, "head")


def test_a_pdf_encrypted_without_an_opening_password_is_read_and_kept(engine, org, exchange):
    attachment_id = attachments.attach(engine, OFFICE, "monthly", exchange, "minutes", "m.pdf", files.encrypted_pdf(""))
    with read_session(engine) as session:
        stored = session.get(Attachment, attachment_id)
    assert (stored.page_count, stored.text_content) == (1, "Confidential minutes")
