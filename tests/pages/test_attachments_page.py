"""The files section of the entry page: a member saves a monthly exchange, attaches its minutes
as a PDF, then a new version, and a renamed program is refused with nothing written."""

from __future__ import annotations

from sqlmodel import select

from data_access.db import read_session
from data_access.models import Attachment, DailyRecord, MonthlyExchange
from tests import attachment_files as files

MINUTES = files.pdf(["Minutes of the exchange with the district federation", "Decisions"])


def saved_exchange(app_as):
    """The entry page after the member saved a monthly exchange, its files section open."""
    at = app_as("member", "pages/ledger_entry.py", entry_kind="monthly")
    at.text_input(key="entry_monthly_attendees").input("正定县总工会 王主席、工作组全体")
    at.text_area(key="entry_monthly_minutes").input("研究快递员入会和欠薪问题")
    at.button(key="FormSubmitter:entry_monthly-保存").click().run()
    assert not at.exception and any("已保存月交流" in s.value for s in at.success)
    at.session_state["entry_files_open"] = True  # the member opens 附件
    at.run()
    return at


def newest_exchange(engine) -> int:
    with read_session(engine) as session:
        return session.exec(select(MonthlyExchange.id).order_by(MonthlyExchange.id.desc())).first()


def files_of(engine, row_id: int) -> list[Attachment]:
    with read_session(engine) as session:
        query = select(Attachment).where(Attachment.owner_table == "monthly_exchange", Attachment.owner_id == row_id)
        return list(session.exec(query.order_by(Attachment.id)).all())


def upload(at, row_id: int, name: str, data: bytes, mime: str = "application/pdf"):
    at.file_uploader[0].set_value((name, data, mime))
    at.button(key=f"FormSubmitter:entry_files_upload_{row_id}_minutes-上传").click().run()
    assert not at.exception
    return at


def test_a_member_attaches_minutes_to_the_exchange_just_saved_and_a_new_version_keeps_the_old(app_as, sample_db):
    at = saved_exchange(app_as)
    row_id = newest_exchange(sample_db)
    assert at.selectbox(key="entry_files_row").value == row_id  # the row just saved
    assert "这条记录还没有附件。" in [c.value for c in at.caption]
    upload(at, row_id, "8月交流纪要.pdf", MINUTES)
    assert [s.value for s in at.success][-1] == "已上传"
    stored = files_of(sample_db, row_id)
    assert [(f.filename, f.version, f.page_count, f.content) for f in stored] == [("8月交流纪要.pdf", 1, 2, MINUTES)]
    shown = [t.value for t in at.text]
    assert any(s.startswith("8月交流纪要.pdf\n会议纪要 · 第 1 版") and s.endswith("2 页") for s in shown), shown
    assert [b.label for b in at.get("download_button")] == ["下载"]

    at.selectbox(key="entry_files_series").set_value(stored[0].id)  # 上传为: a new version of the minutes
    upload(at, row_id, "8月交流纪要-定稿.pdf", files.pdf(["Final minutes"]))
    assert [s.value for s in at.success][-1] == "已上传为新版本，之前的版本保留"
    assert [(f.filename, f.version, f.series_id) for f in files_of(sample_db, row_id)] == [
        ("8月交流纪要.pdf", 1, stored[0].id),
        ("8月交流纪要-定稿.pdf", 2, stored[0].id),
    ]
    assert len(at.get("download_button")) == 2  # the newest, and the earlier one in its popover


def test_a_renamed_program_is_refused_with_the_reason_and_nothing_written(app_as, sample_db):
    at = saved_exchange(app_as)
    row_id = newest_exchange(sample_db)
    upload(at, row_id, "纪要.pdf", files.renamed_executable())
    assert at.error[0].value.startswith("未上传，什么也没有保存：只能上传 PDF、Word（DOCX）、Excel（XLSX）、JPG 或 PNG 文件")
    assert files_of(sample_db, row_id) == []


def test_a_member_attaches_a_photo_to_a_daily_record_and_sees_its_thumbnail(app_as, sample_db):
    at = app_as("member", "pages/ledger_entry.py", entry_files_open=True)  # 附件 open before the record is saved
    older = at.selectbox(key="entry_files_row").value
    at.text_area(key="entry_daily_content").input("走访外卖站点，拍照留存")
    at.button(key="FormSubmitter:entry_daily-保存").click().run()
    with read_session(sample_db) as session:
        row_id = session.exec(select(DailyRecord.id).order_by(DailyRecord.id.desc())).first()
    assert row_id != older and at.selectbox(key="entry_files_row").value == row_id  # moves to the row just saved
    uploader = at.file_uploader[0]
    assert set(uploader.allowed_type) == {".jpg", ".jpeg", ".png"}  # a phone offers its camera and photos
    uploader.set_value(("IMG_2041.JPG", files.image(4000, 3000, "JPEG"), "image/jpeg"))
    at.button(key=f"FormSubmitter:entry_files_upload_{row_id}_photo-上传").click().run()
    assert not at.exception and [s.value for s in at.success] == ["已上传"]
    assert len(at.get("image")) == 1  # the thumbnail, not the 12-megapixel photo
    with read_session(sample_db) as session:
        stored = session.exec(select(Attachment).where(Attachment.owner_table == "daily_record", Attachment.owner_id == row_id)).one()
    assert (stored.file_type, stored.purpose, stored.filename) == ("jpg", "photo", "IMG_2041.JPG")


def test_an_image_bomb_is_refused_on_the_page_with_nothing_written(app_as, sample_db):
    at = app_as("member", "pages/ledger_entry.py")
    at.text_area(key="entry_daily_content").input("走访快递网点")
    at.button(key="FormSubmitter:entry_daily-保存").click().run()
    at.session_state["entry_files_open"] = True
    at.run()
    with read_session(sample_db) as session:
        row_id = session.exec(select(DailyRecord.id).order_by(DailyRecord.id.desc())).first()
    at.file_uploader[0].set_value(("photo.png", files.png_bomb(), "image/png"))
    at.button(key=f"FormSubmitter:entry_files_upload_{row_id}_photo-上传").click().run()
    assert at.error[0].value.startswith("未上传，什么也没有保存：图片像素过多")
    with read_session(sample_db) as session:
        assert session.exec(select(Attachment).where(Attachment.owner_table == "daily_record", Attachment.owner_id == row_id)).all() == []
