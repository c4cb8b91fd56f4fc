"""What the operator's log holds for a page run: an error shows the user a short message with an id,
never a traceback, and the log holds that id with the traceback; sign-ins, successful or not, are
logged with the name tried and never the password."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

import data_access.figures
from bench.apptest import server_like
from tests.pages.conftest import APP, button
from ui import data

PASSWORD = "office-demo-2021"


@pytest.fixture
def log_file(tmp_path, monkeypatch):
    path = tmp_path / "dundian.log"
    monkeypatch.setenv("DUNDIAN_LOG_FILE", str(path))
    return path


def lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_a_failing_figure_shows_a_message_with_an_id_and_the_log_holds_it_with_the_traceback(app_as, log_file, monkeypatch, page_errors):
    def team_lights_broken(session, scope):
        raise RuntimeError("the lights' query broke")

    monkeypatch.setattr(data_access.figures, "team_lights", team_lights_broken)
    data.clear()  # the lights' board is cached per data version: the page must ask for them
    with server_like():  # the page runs inside app.py, as on the server
        at = app_as("office", "pages/overview.py")

    assert not at.exception  # no Streamlit exception box, so no traceback on the page
    [shown] = [m for e in at.error if (m := re.fullmatch(r"页面出错，未能完成操作。请将错误编号 ([0-9A-F]{8}) 告知系统管理员。", e.value))]
    on_page = " ".join(str(e.value) for e in [*at.markdown, *at.error, *at.caption])
    assert "Traceback" not in on_page and "the lights' query broke" not in on_page

    logged = [line for line in lines(log_file) if line["event"] == "error"][-1]
    assert logged["error_id"] == shown.group(1) and logged["level"] == "ERROR"
    assert logged["user"] == "office" and re.fullmatch(r"[0-9A-F]{8}", logged["request_id"])
    assert logged["exception"] == "RuntimeError: the lights' query broke"
    assert logged["traceback"].startswith("Traceback") and "team_lights_broken" in logged["traceback"]
    assert len(page_errors) == 2  # the first run (the office's first page is the overview) and the switch's


def sign_in(username: str, password: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.text_input[0].input(username)
    at.text_input[1].input(password)
    button(at, "登录").click().run()
    return at


def test_a_sign_in_is_logged_with_its_user_and_never_the_password(sample_db, log_file):
    at = sign_in("office", PASSWORD)
    assert not at.exception and at.session_state["actor"].username == "office"

    [signed_in] = [line for line in lines(log_file) if line["event"] == "sign_in"]
    assert signed_in["outcome"] == "success" and signed_in["username"] == "office" and signed_in["user"] == "office"
    assert signed_in["role"] == "office" and signed_in["level"] == "INFO" and signed_in["request_id"]
    assert PASSWORD not in log_file.read_text(encoding="utf-8")


def test_a_refused_sign_in_is_logged_with_the_name_tried_and_never_the_password(sample_db, log_file):
    at = sign_in("leader", "a-wrong-guess-42")
    assert [e.value for e in at.error] == [
        "用户名或密码不正确，或尝试过于频繁，请稍后再试"
    ]  # says nothing of a lockout a stranger could use

    [refused] = [line for line in lines(log_file) if line["event"] == "sign_in"]
    assert refused["outcome"] == "failure" and refused["username"] == "leader" and refused["reason"] == "auth.bad_credentials"
    assert refused["user"] is None  # nobody is signed in
    assert "a-wrong-guess-42" not in log_file.read_text(encoding="utf-8")


def test_an_error_outside_a_page_run_is_shown_as_the_same_message_instead_of_streamlits_box(log_file, page_errors):
    # What st.App calls for an error in a widget's callback, which runs before app.py's body.
    at = AppTest.from_string(
        "from ui.web import on_script_error\nhandled = on_script_error(ValueError('a callback broke'))\nimport streamlit as st\nst.text(handled)",
        default_timeout=60,
    ).run()
    [message] = [e.value for e in at.error]
    [logged] = [line for line in lines(log_file) if line["event"] == "error"]
    assert message == f"页面出错，未能完成操作。请将错误编号 {logged['error_id']} 告知系统管理员。"
    assert logged["exception"] == "ValueError: a callback broke"
    assert at.text[0].value == "True"  # Streamlit is told not to draw its own exception box
