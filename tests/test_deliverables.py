"""Deliverables: a team submits, the office returns with a comment, the team resubmits, the office
accepts; who may do what; the status per team and the chase list at each step (both engines)."""

from __future__ import annotations

import io
import json

import docx
import pytest
from sqlalchemy import func, select

from data_access import deliverables as dl
from data_access import figures as F
from data_access.auth import Actor
from data_access.db import read_session
from data_access.models import AppUser, AuditLog, DeliverableSubmission, Phase
from data_access.permissions import PermissionDenied
from tests.test_figures_support import PDF_BYTES, add, d, make_round, read, scope


@pytest.fixture
def org(engine):
    org = make_round(engine, n_teams=2)
    rid = org["round_id"]
    (summary_phase,) = add(engine, Phase(round_id=rid, kind="summary", start_date=d(9, 15), deadline=d(10, 20)))
    office = Actor(None, "office")
    org["stage"] = dl.add_deliverable(engine, office, rid, "阶段总结", summary_phase, d(9, 30))
    org["report"] = dl.add_deliverable(engine, office, rid, "调研报告", summary_phase, d(10, 10))
    org["phase"] = summary_phase
    t1, t2 = org["team_ids"]
    roles = {"m1": ("member", t1), "m2": ("member", t2), "office": ("office", None), "leader": ("leadership", None)}
    roles["discipline"] = ("discipline", None)
    # Accounts without a usable password: signing in is not under test, and hashing costs seconds.
    users = {name: AppUser(username=name, password_hash="-", role=role, team_id=team) for name, (role, team) in roles.items()}
    add(engine, *users.values())
    org["actors"] = {name: Actor.of(user) for name, user in users.items()}
    return org


def pdf(name: str = "调研报告.pdf") -> dl.StoredFile:
    return dl.checked_document(name, PDF_BYTES)


def status(engine, org, as_of) -> dict:
    rows = read(engine, F.deliverable_status, scope(org, as_of))
    return {(r.team_id, r.name): (r.status, r.colour) for r in rows.itertuples()}


def chase(engine, org, as_of) -> list[tuple]:
    rows = read(engine, F.deliverable_chase_rows, scope(org, as_of))
    return [(r.team_id, r.name, r.status) for r in rows.itertuples()]


def pending(engine, org) -> list[tuple]:
    rows = dl.awaiting_review(engine, org["actors"]["office"], org["round_id"])
    return [(r.id, r.team_id, r.name, r.version) for r in rows.itertuples()]


def test_submit_return_resubmit_accept_changes_the_status_and_the_chase_list(engine, org):
    t1, t2 = org["team_ids"]
    a = org["actors"]
    # Sep 27: nothing handed in; the stage summary is due in 3 days (blue), the report in 13 (none).
    assert status(engine, org, d(9, 27)) == {
        (t1, "阶段总结"): ("missing", "blue"),
        (t2, "阶段总结"): ("missing", "blue"),
        (t1, "调研报告"): ("missing", "none"),
        (t2, "调研报告"): ("missing", "none"),
    }
    assert chase(engine, org, d(9, 27)) == [
        (t1, "阶段总结", "missing"),
        (t2, "阶段总结", "missing"),
        (t1, "调研报告", "missing"),
        (t2, "调研报告", "missing"),
    ]

    first = dl.submit(engine, a["m1"], org["report"], t1, pdf(), d(9, 27), note="初稿")
    assert status(engine, org, d(9, 27))[(t1, "调研报告")] == ("submitted", "none")
    assert pending(engine, org) == [(first, t1, "调研报告", 1)]
    assert (t1, "调研报告", "missing") not in chase(engine, org, d(9, 27))

    dl.review(engine, a["office"], first, "returned", "请补充企业走访数据", d(9, 28))
    rows = read(engine, F.deliverable_status, scope(org, d(9, 28))).set_index(["team_id", "name"])
    assert rows.loc[(t1, "调研报告"), "status"] == "returned"
    assert rows.loc[(t1, "调研报告"), "comment"] == "请补充企业走访数据"
    assert (t1, "调研报告", "returned") in chase(engine, org, d(9, 28))
    assert pending(engine, org) == []

    second = dl.submit(engine, a["m1"], org["report"], t1, pdf("调研报告（修改稿）.pdf"), d(9, 29))
    assert status(engine, org, d(9, 29))[(t1, "调研报告")] == ("submitted", "none")
    assert pending(engine, org) == [(second, t1, "调研报告", 2)]
    assert [r[:2] for r in chase(engine, org, d(9, 29))] == [(t1, "阶段总结"), (t2, "阶段总结"), (t2, "调研报告")]

    dl.review(engine, a["office"], second, "accepted", "", d(9, 30))
    assert status(engine, org, d(9, 30))[(t1, "调研报告")] == ("accepted", "green")
    assert pending(engine, org) == []
    # As of a day before a step, the step has not happened: on Sep 28 it was still returned.
    assert status(engine, org, d(9, 28))[(t1, "调研报告")][0] == "returned"
    # Oct 1: neither team handed in the stage summary (due Sep 30): both overdue.
    assert read(engine, F.deliverable_chase, scope(org, d(10, 1))).to_dict("records") == [
        {"team_id": t1, "missing": 1, "returned": 0, "overdue": 1},
        {"team_id": t2, "missing": 2, "returned": 0, "overdue": 1},
    ]
    history = dl.versions(engine, a["m1"], org["report"], t1)
    assert list(history["version"]) == [2, 1]
    assert list(history["decision"]) == ["accepted", "returned"]
    assert history.iloc[1]["comment"] == "请补充企业走访数据"  # the returned version is kept with its comment


def test_every_step_is_audited_without_the_files_bytes(engine, org):
    t1, _ = org["team_ids"]
    a = org["actors"]
    first = dl.submit(engine, a["m1"], org["report"], t1, pdf(), d(9, 27))
    dl.review(engine, a["office"], first, "returned", "缺少数据", d(9, 28))
    second = dl.submit(engine, a["m1"], org["report"], t1, pdf(), d(9, 29))
    dl.review(engine, a["office"], second, "accepted", "", d(9, 30))
    with read_session(engine) as session:
        entries = (
            session.execute(select(AuditLog).where(AuditLog.table_name == "deliverable_submission").order_by(AuditLog.id)).scalars().all()
        )
    assert [(e.action, e.row_id, e.user_id) for e in entries] == [
        ("submit", first, a["m1"].user_id),
        ("return", first, a["office"].user_id),
        ("submit", second, a["m1"].user_id),
        ("accept", second, a["office"].user_id),
    ]
    returned = json.loads(entries[1].after)
    assert returned["decision"] == "returned" and returned["comment"] == "缺少数据" and "content" not in returned
    assert json.loads(entries[1].before)["decision"] == ""


def test_who_may_submit_and_review(engine, org):
    t1, _ = org["team_ids"]
    a = org["actors"]
    for other in ("m2", "office", "leader", "discipline"):  # another team's member; nobody but the team's own
        with pytest.raises(PermissionDenied):
            dl.submit(engine, a[other], org["report"], t1, pdf(), d(9, 27))
    first = dl.submit(engine, a["m1"], org["report"], t1, pdf(), d(9, 27))
    for reader in ("m1", "m2", "leader", "discipline"):
        with pytest.raises(PermissionDenied):
            dl.review(engine, a[reader], first, "accepted", "", d(9, 28))
    with pytest.raises(PermissionDenied):
        dl.awaiting_review(engine, a["leader"], org["round_id"])
    with pytest.raises(PermissionDenied):
        dl.add_deliverable(engine, a["leader"], org["round_id"], "宣传稿", org["phase"], d(10, 15))
    # The file: its own team and the readers of every team; not another team's member.
    assert dl.document(engine, a["office"], first).content == PDF_BYTES
    assert dl.document(engine, a["m1"], first).filename == "调研报告.pdf"
    with pytest.raises(PermissionDenied):
        dl.document(engine, a["m2"], first)
    with pytest.raises(PermissionDenied):
        dl.versions(engine, a["m2"], org["report"], t1)
    assert _submissions(engine) == 1


def test_refusals_write_nothing(engine, org):
    t1, _ = org["team_ids"]
    a = org["actors"]
    first = dl.submit(engine, a["m1"], org["report"], t1, pdf(), d(9, 27))
    with pytest.raises(dl.Refused, match="pending"):  # awaiting review: no second version yet
        dl.submit(engine, a["m1"], org["report"], t1, pdf(), d(9, 28))
    with pytest.raises(dl.Refused, match="comment"):  # a return says why
        dl.review(engine, a["office"], first, "returned", "  ", d(9, 28))
    with pytest.raises(dl.Refused, match="before_submission"):
        dl.review(engine, a["office"], first, "accepted", "", d(9, 26))
    dl.review(engine, a["office"], first, "accepted", "", d(9, 28))
    with pytest.raises(dl.Refused, match="decided"):  # decided once
        dl.review(engine, a["office"], first, "returned", "重新提交", d(9, 29))
    with pytest.raises(dl.Refused, match="accepted"):
        dl.submit(engine, a["m1"], org["report"], t1, pdf(), d(9, 29))
    assert _submissions(engine) == 1


def test_the_file_is_judged_by_its_content(engine, org):
    with pytest.raises(dl.Refused, match="type"):  # an executable named as a PDF
        dl.checked_document("报告.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64)
    with pytest.raises(dl.Refused, match="empty"):
        dl.checked_document("报告.pdf", b"")
    with pytest.raises(dl.Refused, match="too_big"):
        dl.checked_document("报告.pdf", PDF_BYTES + b"\x00" * dl.MAX_DOCUMENT_BYTES)
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    stored = dl.checked_document("阶段总结.pdf", buffer.getvalue())  # a DOCX under a wrong name gets its own
    assert stored.filename == "阶段总结.docx" and stored.mime.endswith("wordprocessingml.document")


def test_a_deliverable_the_office_adds_is_due_from_every_team(engine, org):
    t1, t2 = org["team_ids"]
    office = org["actors"]["office"]
    dl.add_deliverable(engine, office, org["round_id"], "典型经验材料", org["phase"], d(10, 5))
    rows = read(engine, F.deliverable_status, scope(org, d(10, 6)))
    added = rows[rows["name"] == "典型经验材料"]
    assert list(added["team_id"]) == [t1, t2] and set(added["colour"]) == {"red"} and set(added["phase"]) == {"summary"}
    with pytest.raises(dl.Refused, match="name"):
        dl.add_deliverable(engine, office, org["round_id"], " ", org["phase"], d(10, 5))


def _submissions(engine) -> int:
    with read_session(engine) as session:
        return session.execute(select(func.count()).select_from(DeliverableSubmission)).scalar_one()


def test_two_teammates_submitting_at_once_make_one_version(engine, org, monkeypatch):
    t1, _ = org["team_ids"]
    member = org["actors"]["m1"]
    dl.submit(engine, member, org["report"], t1, pdf(), d(9, 27))
    # The second read the versions before the first committed: it saw none, and also writes version 1.
    monkeypatch.setattr(dl, "_newest", lambda *_args: None)
    with pytest.raises(dl.Refused, match="pending"):
        dl.submit(engine, member, org["report"], t1, pdf(), d(9, 27))
    assert _submissions(engine) == 1
