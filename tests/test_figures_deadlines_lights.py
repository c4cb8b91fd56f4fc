"""Deadline colours and team lights on the 2021 round (defaults: blue within 7 days, yellow past half
the window with no action, green ≥ 90 %, red < 70 % or ≥ 3 overdue items or an open major risk)."""

from __future__ import annotations

import pandas as pd
import pytest

from data_access import figures as F
from data_access.db import write_session
from data_access.figures import Rate
from data_access.models import DailyRecord, Deliverable, MajorRisk, Phase, PracticalThing, Problem, Site, Team
from data_access.settings import DEFAULTS
from tests.test_figures_support import WORKDAYS_2021, add, d, deleted, make_round, read, scope, submission

AS_OF = d(10, 1)


def _problem(team_id, title, raised, deadline=None, **kw):
    return Problem(team_id=team_id, title=title, raised_on=raised, deadline=deadline, category="hardship", **kw)


def _thing(team_id, content, promised, deadline, **kw):
    return PracticalThing(team_id=team_id, content=content, promised_on=promised, deadline=deadline, **kw)


@pytest.fixture
def org(engine):
    org = make_round(engine, n_teams=2)
    t1, t2 = org["team_ids"]
    rid = org["round_id"]
    add(
        engine,
        # Problems of team 1, as of Oct 1:
        _problem(t1, "D1 red", d(9, 14), d(9, 30)),
        # Due in 4 days (blue); it is also behind (11 of 15 days used) but blue comes first.
        _problem(t1, "D2 blue", d(9, 20), d(10, 5)),
        # Window Sep 13 → Oct 17 = 34 days, 18 used > 17, no action, due in 16 days → yellow.
        _problem(t1, "D3 yellow", d(9, 13), d(10, 17)),
        _problem(t1, "D4 acted", d(9, 13), d(10, 17), first_action_on=d(9, 20)),
        _problem(t1, "D5 in progress", d(9, 13), d(10, 17), status="in_progress"),
        _problem(t1, "D6 done late", d(9, 13), d(9, 28), status="resolved", resolved_on=d(9, 29)),
        # Resolved on Oct 3, after as_of: still open and overdue on Oct 1.
        _problem(t1, "D7 red", d(9, 13), d(9, 30), status="resolved", resolved_on=d(10, 3)),
        _problem(t1, "D8 blue", d(10, 1), d(10, 8)),  # due in exactly 7 days
        # Window Sep 13 → Oct 19 = 36 days, 18 used = exactly half: not more than half → none.
        _problem(t1, "D9 half", d(9, 13), d(10, 19)),
        _problem(t1, "D10 no deadline", d(9, 13)),
        _problem(t1, "D11 later", d(10, 2), d(10, 3)),
        # Practical things of team 2: window Sep 13 → Oct 15 = 32 days, 18 used > 16, due in 14.
        _thing(t2, "Ta yellow", d(9, 13), d(10, 15)),
        _thing(t2, "Tb in progress", d(9, 13), d(10, 15), status="in_progress"),
        _thing(t2, "Tc done", d(9, 13), d(9, 25), status="done", done_on=d(9, 24)),
        _thing(t2, "Td red", d(9, 13), d(9, 28)),
        _thing(t2, "Te deleted", d(9, 13), d(9, 20), **deleted()),
        # Phases of the round.
        Phase(round_id=rid, kind="preparation", start_date=d(8, 1), deadline=d(8, 31), completed_on=d(8, 30)),
        Phase(round_id=rid, kind="mobilisation", start_date=d(9, 1), deadline=d(9, 10)),
        Phase(round_id=rid, kind="stationing", start_date=d(9, 13), deadline=d(10, 15)),
        Phase(round_id=rid, kind="summary", start_date=d(10, 16), deadline=d(10, 20)),
    )
    # Deliverables, done while the team's latest version is with the office (submitted or accepted).
    report, summary = add(
        engine,
        Deliverable(round_id=rid, name="research report", outcome_kind="research_report", due_date=d(10, 5)),
        Deliverable(round_id=rid, name="stage summary", outcome_kind="stage_summary", due_date=d(9, 30)),
    )
    add(
        engine,
        submission(report, t1, 1, d(9, 30)),  # awaiting review: handed in
        # Returned on Sep 30: the team's again on Oct 1; its second version comes only on Oct 2.
        submission(summary, t1, 1, d(9, 29), "returned", d(9, 30), "too short"),
        submission(summary, t1, 2, d(10, 2)),
    )
    return org


def _colours(df) -> dict:
    return {(row.kind, row.title, None if pd.isna(row.team_id) else int(row.team_id)): row.colour for row in df.itertuples()}


def test_each_deadline_colour(engine, org):
    t1, t2 = org["team_ids"]
    items = read(engine, F.deadline_items, scope(org, AS_OF))
    assert _colours(items) == {
        ("problem", "D1 red", t1): "red",
        ("problem", "D2 blue", t1): "blue",
        ("problem", "D3 yellow", t1): "yellow",
        ("problem", "D4 acted", t1): "none",
        ("problem", "D5 in progress", t1): "none",
        ("problem", "D6 done late", t1): "none",
        ("problem", "D7 red", t1): "red",
        ("problem", "D8 blue", t1): "blue",
        ("problem", "D9 half", t1): "none",
        ("thing", "Ta yellow", t2): "yellow",
        ("thing", "Tb in progress", t2): "none",
        ("thing", "Tc done", t2): "none",
        ("thing", "Td red", t2): "red",
        ("phase", "preparation", None): "none",
        ("phase", "mobilisation", None): "red",
        ("phase", "stationing", None): "yellow",  # 18 of 32 days used, not completed
        ("phase", "summary", None): "none",  # not started yet
        ("deliverable", "research report", t1): "none",  # handed in Sep 30
        ("deliverable", "research report", t2): "blue",  # due Oct 5
        ("deliverable", "stage summary", t1): "red",  # returned Sep 30, handed in again only on Oct 2
        ("deliverable", "stage summary", t2): "red",
    }
    # Red first, then blue, yellow, none; by due date within a colour.
    assert list(items["colour"]) == sorted(items["colour"], key=F.COLOURS.index)
    done = items.set_index("title")
    assert done.loc["D6 done late", "done"] and done.loc["D6 done late", "done_on"] == d(9, 29)
    assert not done.loc["D7 red", "done"] and done.loc["D7 red", "done_on"] is None


def test_one_kind_and_one_colour(engine, org):
    s = scope(org, AS_OF)
    things = read(engine, F.deadline_items, s, ["thing"])
    assert set(things["kind"]) == {"thing"} and len(things) == 4
    red = read(engine, F.deadline_items, s, None, ["red"])
    assert sorted(red["title"]) == ["D1 red", "D7 red", "Td red", "mobilisation", "stage summary", "stage summary"]
    # Overdue per team (problems, things, deliverables): t1 D1 D7 stage summary; t2 Td stage summary.
    t1, t2 = org["team_ids"]
    assert read(engine, F.overdue_counts, s) == {t1: 3, t2: 2}


def test_colour_thresholds_follow_the_settings(engine, org):
    settings = DEFAULTS | {"deadline_soon_days": 3}
    items = read(engine, F.deadline_items, scope(org, AS_OF), ["problem"], None, settings).set_index("title")
    # D2 is due in 4 days: no longer blue, but 11 of its 15 days are used with no action → yellow.
    assert items.loc["D2 blue", "colour"] == "yellow"
    # D8 is due in 7 days and none of its 7 days are used → none.
    assert items.loc["D8 blue", "colour"] == "none"


# ---------------------------------------------------------------- lights


@pytest.fixture
def lit(engine):
    """As of Sun Sep 26: 10 working days due (Sep 13–18, 22–24, 26)."""
    org = make_round(engine, n_teams=4)
    t1, t2, t3, t4 = org["team_ids"]
    due = [x for x in WORKDAYS_2021 if x <= d(9, 26)]
    assert len(due) == 10
    rows = [DailyRecord(team_id=t, work_date=x, content="ok") for t in (t1, t3) for x in due]
    rows += [DailyRecord(team_id=t2, work_date=x, content="ok") for x in due[:8]]  # 8 of 10
    add(
        engine,
        *rows,
        # t2: one overdue problem; t3: two overdue problems and an overdue thing.
        _problem(t2, "late", d(9, 14), d(9, 24)),
        _problem(t3, "late 1", d(9, 14), d(9, 24)),
        _problem(t3, "late 2", d(9, 14), d(9, 25)),
        _thing(t3, "late 3", d(9, 14), d(9, 25)),
        # t4: open, and closed only after as_of → 2 open; closed before, controlled, later, deleted → not.
        MajorRisk(team_id=t4, found_on=d(9, 15), description="open"),
        MajorRisk(team_id=t4, found_on=d(9, 15), description="closed later", status="closed", closed_on=d(9, 30)),
        MajorRisk(team_id=t4, found_on=d(9, 15), description="closed", status="closed", closed_on=d(9, 20)),
        MajorRisk(team_id=t4, found_on=d(9, 15), description="controlled", status="controlled"),
        MajorRisk(team_id=t4, found_on=d(9, 27), description="found later"),
        MajorRisk(team_id=t4, found_on=d(9, 15), description="deleted", **deleted()),
    )
    return org


def test_each_light_and_its_reasons(engine, lit):
    t1, t2, t3, t4 = lit["team_ids"]
    table = read(engine, F.team_lights, scope(lit, d(9, 26))).set_index("team_id")
    assert table.loc[t1, "light"] == "green" and table.loc[t1, "reasons"] == []
    # t2: 8/10 = 0.8, between 0.7 and 0.9, and one overdue problem.
    assert table.loc[t2, "light"] == "yellow"
    assert table.loc[t2, "reasons"] == [
        ("light.reason.compliance_mid", {"rate": 0.8, "num": 8, "den": 10, "threshold": 0.9}),
        ("light.reason.overdue_some", {"count": 1}),
    ]
    # t3: full records but 3 overdue items (the red count).
    assert table.loc[t3, "light"] == "red"
    assert table.loc[t3, "reasons"] == [("light.reason.overdue_many", {"count": 3, "threshold": 3})]
    # t4: no records (0/10) and 2 open major risks.
    assert table.loc[t4, "light"] == "red"
    assert table.loc[t4, "daily"] == Rate(0, 10)
    assert table.loc[t4, "reasons"] == [
        ("light.reason.compliance_low", {"rate": 0.0, "num": 0, "den": 10, "threshold": 0.7}),
        ("light.reason.open_risk", {"count": 2}),
    ]
    assert table.loc[t4, "open_risks"] == 2
    assert sorted(read(engine, F.open_risk_rows, scope(lit, d(9, 26)), t4)["description"]) == ["closed later", "open"]
    assert not table["small_denominator"].any()  # 10 ≥ 5


def test_light_thresholds_and_small_denominators(engine, lit):
    t1, t2, t3, t4 = lit["team_ids"]
    settings = DEFAULTS | {"light_red_overdue": 4, "light_green_compliance": 0.8}
    table = read(engine, F.team_lights, scope(lit, d(9, 26)), settings).set_index("team_id")
    # t2 now meets green compliance (0.8) but still has an overdue item; t3's 3 items are below 4.
    assert table.loc[t2, "reasons"] == [("light.reason.overdue_some", {"count": 1})]
    assert table.loc[t3, "light"] == "yellow"
    # As of Wed Sep 15 only 3 working days are due: below the ranking minimum of 5.
    early = read(engine, F.team_lights, scope(lit, d(9, 15))).set_index("team_id")
    assert early.loc[t1, "daily"] == Rate(3, 3) and early["small_denominator"].all()
    # Before the start nothing is due or overdue: every team is green and says nothing.
    before = read(engine, F.team_lights, scope(lit, d(9, 1)))
    assert set(before["light"]) == {"green"} and all(r == [] for r in before["reasons"])


def test_lights_by_district_count_the_teams_lights(engine, lit):
    t1, t2, t3, t4 = lit["team_ids"]
    with write_session(engine) as session:  # teams 1, 2 in district A; 3, 4 in district B
        for team_id, code, name in ((t1, "130101", "A"), (t2, "130101", "A"), (t3, "130102", "B"), (t4, "130102", "B")):
            site = session.get(Site, session.get(Team, team_id).site_id)
            site.district_code, site.district_name = code, name
    s = scope(lit, d(9, 26))
    # Lights as in test_each_light_and_its_reasons: t1 green, t2 yellow (1 overdue), t3 red (3 overdue),
    # t4 red (2 open risks).
    assert read(engine, F.district_lights, s).to_dict("records") == [
        {"district_code": "130101", "district_name": "A", "green": 1, "yellow": 1, "red": 0, "overdue": 1, "open_risks": 0},
        {"district_code": "130102", "district_name": "B", "green": 0, "yellow": 0, "red": 2, "overdue": 3, "open_risks": 2},
    ]
    assert F.light_totals(read(engine, F.district_lights, s)) == {"green": 1, "yellow": 1, "red": 2}
    rows = read(engine, F.district_light_rows, s, "130102")
    assert list(rows["team_id"]) == [t3, t4] and list(rows["light"]) == ["red", "red"]
    assert list(rows["open_risks"]) == [0, 2]
    assert read(engine, F.district_light_rows, scope(lit, d(9, 26), district_codes=("130101",)), "130102").empty
    assert read(engine, F.district_lights, scope(lit, d(9, 26), team_ids=())).empty
