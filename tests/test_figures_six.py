"""The six 一批 against targets, as of 2021-10-20."""

from __future__ import annotations

import pandas as pd
import pytest

from data_access import figures as F
from data_access.figures import Rate
from data_access.models import Outcome, Person, PracticalThing, Problem, Target, TeamMember, UnionBuilding
from tests.test_figures_support import add, by_team, d, deleted, make_round, read, scope

AS_OF = d(10, 20)


@pytest.fixture
def org(engine):
    org = make_round(engine, n_teams=3)  # team 3 has nothing
    t1, t2, _ = org["team_ids"]
    a, b, c, late = (Person(name=n) for n in ("甲", "乙", "丙", "丁"))
    add(engine, a, b, c, late)
    add(
        engine,
        # Unions: t1 2 + 0 new unions, 30 + 15 members (the deleted and the after-as_of rows do not count);
        # t2 1 union, 8 members.
        UnionBuilding(team_id=t1, event_date=d(9, 20), organisation="u1", new_unions=2, new_members=30),
        UnionBuilding(team_id=t1, event_date=d(10, 5), organisation="u2", new_unions=0, new_members=15),
        UnionBuilding(team_id=t1, event_date=d(10, 6), organisation="u3", new_unions=5, new_members=100, **deleted()),
        UnionBuilding(team_id=t1, event_date=d(10, 25), organisation="u4", new_unions=1, new_members=10),
        UnionBuilding(team_id=t2, event_date=d(9, 30), organisation="u5", new_unions=1, new_members=8),
        # Problems solved: t1 one (the other is resolved only after as_of).
        Problem(team_id=t1, raised_on=d(9, 14), title="solved", category="hardship", status="resolved", resolved_on=d(9, 20)),
        Problem(team_id=t1, raised_on=d(9, 14), title="later", category="hardship", status="resolved", resolved_on=d(10, 25)),
        # Practical things done: t1 one; t1's planned one and t2's done after as_of do not count.
        PracticalThing(team_id=t1, promised_on=d(9, 14), content="done", deadline=d(10, 1), status="done", done_on=d(10, 1)),
        PracticalThing(team_id=t1, promised_on=d(9, 14), content="planned", deadline=d(10, 1)),
        PracticalThing(team_id=t2, promised_on=d(9, 14), content="done late", deadline=d(10, 1), status="done", done_on=d(10, 22)),
        # Outcomes: t1 two; t2's only one is deleted.
        Outcome(team_id=t1, kind="research_report", title="o1", submitted_on=d(10, 10)),
        Outcome(team_id=t1, kind="publicity", title="o2", submitted_on=d(9, 30)),
        Outcome(team_id=t2, kind="publicity", title="o3", submitted_on=d(9, 30), **deleted()),
        # Members: 甲 and 乙 on t1; 乙 rotates to t2 where 丙 serves; 丁 joins t2 after as_of.
        TeamMember(team_id=t1, person_id=a.id, role="leader", joined_on=d(9, 13)),
        TeamMember(team_id=t1, person_id=b.id, joined_on=d(9, 13), left_on=d(9, 30)),
        TeamMember(team_id=t2, person_id=b.id, joined_on=d(10, 1)),
        TeamMember(team_id=t2, person_id=c.id, role="leader", joined_on=d(9, 13)),
        TeamMember(team_id=t2, person_id=late.id, joined_on=d(10, 25)),
        # Targets: the round's for unions and members, team 1's for unions.
        Target(round_id=org["round_id"], metric="new_unions", value=5),
        Target(round_id=org["round_id"], metric="new_members", value=100),
        Target(round_id=org["round_id"], team_id=t1, metric="new_unions", value=2),
    )
    return org


def _table(df, key="metric"):
    def target(value):
        return None if pd.isna(value) else value

    return {row[key]: (row["actual"], target(row["target"]), row["progress"]) for _, row in df.iterrows()}


def test_six_per_team(engine, org):
    t1, t2, t3 = org["team_ids"]
    table = read(engine, F.six_by_team, scope(org, AS_OF))
    one = _table(table[table.team_id == t1])
    assert one["new_unions"] == (2, 2, Rate(2, 2))
    assert one["new_members"][:2] == (45, None) and one["new_members"][2].value is None
    assert [one[m][0] for m in F.SIX_METRICS] == [2, 45, 1, 1, 2, 2]
    two = _table(table[table.team_id == t2])
    assert [two[m][0] for m in F.SIX_METRICS] == [1, 8, 0, 0, 0, 2]
    three = _table(table[table.team_id == t3])
    assert [three[m][0] for m in F.SIX_METRICS] == [0] * 6


def test_six_for_the_round(engine, org):
    table = _table(read(engine, F.six_round, scope(org, AS_OF)))
    # Unions 2 + 0 + 1 = 3 of 5; members 30 + 15 + 8 = 53 of 100.
    assert table["new_unions"] == (3, 5, Rate(3, 5))
    assert table["new_members"] == (53, 100, Rate(53, 100))
    # 甲 乙 丙: 乙 served on two teams but is one cadre trained; 丁 joined later.
    assert table["cadres_trained"][:2] == (3, None)
    # Part of the round: the round target no longer applies, the teams' targets are summed.
    t1 = org["team_ids"][0]
    part = _table(read(engine, F.six_round, scope(org, AS_OF, team_ids=(t1,))))
    assert part["new_unions"] == (2, 2, Rate(2, 2))
    assert part["new_members"][:2] == (45, None)


def test_six_rows(engine, org):
    t1, t2, _ = org["team_ids"]
    s = scope(org, AS_OF)
    assert sorted(read(engine, F.six_rows, s, "new_members")["organisation"]) == ["u1", "u2", "u5"]
    assert sorted(read(engine, F.six_rows, s, "new_unions")["organisation"]) == ["u1", "u5"]
    assert list(read(engine, F.six_rows, s, "problems_solved")["title"]) == ["solved"]
    assert list(read(engine, F.six_rows, s, "practical_things")["content"]) == ["done"]
    assert sorted(read(engine, F.six_rows, s, "outcomes")["title"]) == ["o1", "o2"]
    cadres = read(engine, F.six_rows, s, "cadres_trained", team_id=t2)
    assert sorted(cadres["name"]) == ["丙", "乙"]
    assert read(engine, F.six_rows, s, "outcomes", team_id=t2).empty
    with pytest.raises(ValueError):
        read(engine, F.six_rows, s, "no_such_metric")


def test_each_six_metrics_rows_name_the_choice_sets_of_their_coded_columns(engine, org):
    s = scope(org, AS_OF)
    for metric in F.SIX_METRICS:
        columns = set(read(engine, F.six_rows, s, metric).columns)
        choices = F.six_row_choices(metric)
        assert choices and set(choices) <= columns, metric
    assert F.six_row_choices("new_unions") == {"nef_group": "nef_group"}
    assert F.six_row_choices("cadres_trained") == {"origin": "person_origin", "role": "member_role"}


def test_six_progress_is_the_mean_of_capped_shares_over_the_metrics_with_a_target(engine, org):
    t1, t2, t3 = org["team_ids"]
    rid = org["round_id"]
    add(
        engine,
        # Team 1 (actuals 2, 45, 1, 1, 2, 2 as above; its new_unions target 2 is in the fixture):
        Target(round_id=rid, team_id=t1, metric="new_members", value=90),  # 45/90 = 0.5
        Target(round_id=rid, team_id=t1, metric="practical_things", value=4),  # 1/4 = 0.25
        Target(round_id=rid, team_id=t1, metric="outcomes", value=1),  # 2 of 1: counted as 1, not 2
        Target(round_id=rid, team_id=t1, metric="cadres_trained", value=0),  # a target of 0 is no target
        # Team 2 solved nothing of its 3: counted as 0. Team 3 has no target at all.
        Target(round_id=rid, team_id=t2, metric="problems_solved", value=3),
    )
    s = scope(org, AS_OF)
    progress = by_team(read(engine, F.six_progress, s), "progress")
    # Team 1: (1 + 0.5 + 0.25 + 1) over 4 metrics with a target = 68.75 %; the round's targets do not count.
    assert progress == {t1: Rate(2.75, 4), t2: Rate(0, 1), t3: Rate(0, 0)}
    assert progress[t1].value == pytest.approx(0.6875) and progress[t3].value is None
    assert by_team(read(engine, F.six_progress, scope(org, AS_OF, team_ids=(t2,))), "progress") == {t2: Rate(0, 1)}

    rows = read(engine, F.six_progress_rows, s, t1)
    assert list(rows["metric"]) == list(F.SIX_METRICS)
    assert list(rows["actual"]) == [2, 45, 1, 1, 2, 2]
    assert [None if pd.isna(t) else int(t) for t in rows["target"]] == [2, 90, None, 4, 1, 0]
    assert list(rows["share"]) == [Rate(2, 2), Rate(45, 90), Rate(0, 0), Rate(1, 4), Rate(1, 1), Rate(0, 0)]
    assert list(rows["counted"]) == [True, True, False, True, True, False]
    assert sum(r.value for r, counted in zip(rows["share"], rows["counted"]) if counted) == pytest.approx(progress[t1].num)
    assert read(engine, F.six_progress_rows, scope(org, AS_OF, team_ids=(t2,)), t1).empty  # not in scope
