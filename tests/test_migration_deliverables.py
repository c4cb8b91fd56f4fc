"""Migration 0007_deliverables on both engines: an upgrade from 0003 keeps every deliverable and puts
it in its round's summary phase; the downgrade drops the submissions and keeps the deliverables."""

from __future__ import annotations

from datetime import date

from alembic import command
from sqlalchemy import inspect, text

from data_access.db import alembic_config

BEFORE = "0003"


def _rows(engine, sql: str) -> list[tuple]:
    """Rows as plain values, days as ISO text (what raw SQL gives back on SQLite)."""
    with engine.connect() as connection:
        return [tuple(v.isoformat() if isinstance(v, date) else v for v in r) for r in connection.execute(text(sql))]


def _write(engine, sql: str, **params) -> None:
    with engine.begin() as connection:
        connection.execute(text(sql), params)


def test_upgrade_from_0003_keeps_the_deliverables_in_their_summary_phase_and_downgrade_works(engine):
    config = alembic_config(engine)
    command.downgrade(config, BEFORE)
    assert "deliverable_submission" not in inspect(engine).get_table_names()
    _write(
        engine,
        "INSERT INTO round (id, name, doc_number, level, region_code, year, start_date, end_date, status, created_at)"
        " VALUES (1, 'r', '', 'city', '', 2021, :start, :end, 'active', :start)",
        start=date(2021, 7, 12),
        end=date(2021, 10, 11),
    )
    for phase_id, kind in ((1, "stationing"), (2, "summary")):
        _write(
            engine,
            "INSERT INTO phase (id, round_id, kind, start_date, deadline) VALUES (:id, 1, :kind, :start, :due)",
            id=phase_id,
            kind=kind,
            start=date(2021, 9, 15),
            due=date(2021, 10, 20),
        )
    for deliverable_id, name, kind, due in (
        (1, "阶段总结", "stage_summary", date(2021, 9, 30)),
        (2, "调研报告", "research_report", date(2021, 10, 20)),
    ):
        _write(
            engine,
            "INSERT INTO deliverable (id, round_id, name, outcome_kind, due_date) VALUES (:id, 1, :name, :kind, :due)",
            id=deliverable_id,
            name=name,
            kind=kind,
            due=due,
        )

    command.upgrade(config, "head")
    kept = "SELECT id, name, outcome_kind, due_date, phase_id FROM deliverable ORDER BY id"
    assert _rows(engine, kept) == [
        (1, "阶段总结", "stage_summary", "2021-09-30", 2),
        (2, "调研报告", "research_report", "2021-10-20", 2),
    ]
    assert _rows(engine, "SELECT COUNT(*) FROM deliverable_submission") == [(0,)]

    command.downgrade(config, BEFORE)
    assert "deliverable_submission" not in inspect(engine).get_table_names()
    assert "phase_id" not in {c["name"] for c in inspect(engine).get_columns("deliverable")}
    assert _rows(engine, "SELECT id, name, outcome_kind, due_date FROM deliverable ORDER BY id") == [
        (1, "阶段总结", "stage_summary", "2021-09-30"),
        (2, "调研报告", "research_report", "2021-10-20"),
    ]
    command.upgrade(config, "head")  # and up again, as the next start would
    assert _rows(engine, "SELECT phase_id FROM deliverable ORDER BY id") == [(2,), (2,)]
