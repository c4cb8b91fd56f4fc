"""The operator's log (data_access.logs): one JSON object a line in DUNDIAN_LOG_FILE, each with its
request's id and user; refusals, imports, exports and backups each write their line."""

from __future__ import annotations

import json
import logging
import sqlite3
from contextlib import closing

import pandas as pd
import pytest

from data_access import logs
from data_access.backup import BackupError, backup
from data_access.excel import ImportFailed, read_workbook, table_workbook
from data_access.permissions import PermissionDenied, require


@pytest.fixture
def log_file(tmp_path, monkeypatch):
    path = tmp_path / "logs" / "dundian.log"
    path.parent.mkdir()
    monkeypatch.setenv("DUNDIAN_LOG_FILE", str(path))
    return path


def lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_each_line_is_one_json_object_with_time_level_event_request_and_user(log_file):
    with logs.request() as first:
        logs.event("sign_in", outcome="success", username="张三")
        logs.identify("zhangsan")
        logs.event("refused", logging.WARNING, reason="perm.denied")
    with logs.request(user="manage.py") as second:
        logs.event("backup", outcome="written")
    logs.event("outside")

    written = lines(log_file)
    assert [(w["event"], w["level"], w["request_id"], w["user"]) for w in written] == [
        ("sign_in", "INFO", first, None),
        ("refused", "WARNING", first, "zhangsan"),
        ("backup", "INFO", second, "manage.py"),
        ("outside", "INFO", None, None),
    ]
    assert first != second and len(first) == 8
    assert written[0]["username"] == "张三" and "张三" in log_file.read_text(encoding="utf-8")  # text as text, not \\u escapes
    assert all(w["time"].endswith("+00:00") for w in written)


def test_an_error_line_holds_the_id_returned_and_the_traceback(log_file):
    def broken():
        raise KeyError("the missing key")

    with logs.request(user="office"):
        try:
            broken()
        except KeyError as error:
            error_id = logs.error(error, page="overview")
    [line] = lines(log_file)
    assert line["event"] == "error" and line["level"] == "ERROR" and line["error_id"] == error_id and line["page"] == "overview"
    assert line["exception"] == "KeyError: 'the missing key'"
    assert line["traceback"].startswith("Traceback (most recent call last)") and "in broken" in line["traceback"]


def test_the_level_set_leaves_out_the_lines_below_it(log_file, monkeypatch):
    monkeypatch.setenv("DUNDIAN_LOG_LEVEL", "warning")
    logs.event("export", kind="table")
    logs.event("refused", logging.WARNING, reason="perm.denied")
    assert [line["event"] for line in lines(log_file)] == ["refused"]


def test_a_refused_permission_is_logged_with_its_reason(log_file):
    with logs.request(user="member"), pytest.raises(PermissionDenied):
        require(False, "perm.office_only")
    [line] = lines(log_file)
    assert (line["event"], line["level"], line["reason"], line["user"]) == ("refused", "WARNING", "perm.office_only", "member")


def test_a_refused_import_and_an_export_are_logged(log_file):
    with pytest.raises(ImportFailed):
        read_workbook(b"this is not a workbook")
    data = table_workbook(pd.DataFrame({"team": ["正定镇", "新华区"], "rows": [3, 4]}), "sheet")
    refused, exported = lines(log_file)
    assert refused["event"] == "import" and refused["outcome"] == "refused" and refused["what"] == "workbook"
    assert refused["problems"] == 1 and refused["first_problem"] == "excel.not_workbook"
    assert exported["event"] == "export" and exported["kind"] == "table" and exported["bytes"] == len(data)


def test_a_backup_is_logged_written_or_failed(log_file, tmp_path):
    database = tmp_path / "small.db"
    with closing(sqlite3.connect(database)) as connection:
        connection.execute("CREATE TABLE note (text TEXT)")
        connection.execute("INSERT INTO note VALUES ('a row')")
        connection.commit()
    written = backup(f"sqlite:///{database}", tmp_path / "small.backup")
    with pytest.raises(BackupError):
        backup(f"sqlite:///{tmp_path / 'missing.db'}", tmp_path / "missing.backup")

    done, failed = lines(log_file)
    assert done["event"] == "backup" and done["outcome"] == "written" and done["engine"] == "sqlite"
    assert done["file"] == str(written) and done["bytes"] == written.stat().st_size
    assert failed["event"] == "backup" and failed["outcome"] == "failed" and failed["level"] == "ERROR"
    assert "missing.db" in failed["reason"]
