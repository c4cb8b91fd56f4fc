"""The evaluation sources six.overall and things.done, worked out by hand on rows written here
(both engines), as of 2021-10-20."""

from __future__ import annotations

import pytest

from data_access.evaluation.sources import SOURCES
from data_access.figures import SIX_METRICS, Rate
from data_access.models import Outcome, Person, PracticalThing, Problem, Target, TeamMember, UnionBuilding
from tests.test_figures_support import add, d, deleted, make_round, read, scope

AS_OF = d(10, 20)


def rates(engine, org: dict, key: str, **kw) -> dict[int, Rate]:
    return read(engine, SOURCES[key].rates, scope(org, AS_OF, **kw))


@pytest.fixture
def six(engine):
    """Team 1 has targets for five metrics (one of them 0), team 2 for one, team 3 none."""
    org = make_round(engine, n_teams=3)
    t1, t2, t3 = org["team_ids"]
    r = org["round_id"]
    a, b = Person(name="甲"), Person(name="乙")
    add(engine, a, b)
    add(
        engine,
        # t1: 2 + 1 new unions (the deleted row and the one after as_of do not count), 40 + 80 members.
        UnionBuilding(team_id=t1, event_date=d(9, 20), organisation="u1", new_unions=2, new_members=40),
        UnionBuilding(team_id=t1, event_date=d(10, 8), organisation="u2", new_unions=1, new_members=80),
        UnionBuilding(team_id=t1, event_date=d(10, 9), organisation="u3", new_unions=9, new_members=900, **deleted()),
        UnionBuilding(team_id=t1, event_date=d(10, 25), organisation="u4", new_unions=9, new_members=900),
        # t1: one outcome; two cadres; one practical thing done (its target is 0).
        Outcome(team_id=t1, kind="research_report", title="o1", submitted_on=d(10, 10)),
        TeamMember(team_id=t1, person_id=a.id, role="leader", joined_on=d(9, 13)),
        TeamMember(team_id=t1, person_id=b.id, joined_on=d(9, 13)),
        PracticalThing(team_id=t1, promised_on=d(9, 14), content="t", deadline=d(10, 1), status="done", done_on=d(9, 30)),
        # t2: one problem solved by as_of, one solved only after it.
        Problem(team_id=t2, raised_on=d(9, 14), title="p1", category="hardship", status="resolved", resolved_on=d(9, 28)),
        Problem(team_id=t2, raised_on=d(9, 14), title="p2", category="hardship", status="resolved", resolved_on=d(10, 25)),
        # t3: a union but no target at all.
        UnionBuilding(team_id=t3, event_date=d(9, 20), organisation="u5", new_unions=1, new_members=10),
        Target(round_id=r, team_id=t1, metric="new_unions", value=4),
        Target(round_id=r, team_id=t1, metric="new_members", value=100),
        Target(round_id=r, team_id=t1, metric="outcomes", value=4),
        Target(round_id=r, team_id=t1, metric="cadres_trained", value=4),
        Target(round_id=r, team_id=t1, metric="practical_things", value=0),
        Target(round_id=r, team_id=t2, metric="problems_solved", value=2),
    )
    return org


def test_six_overall_is_the_capped_share_of_each_metric_with_a_target(engine, six):
    t1, t2, t3 = six["team_ids"]
    got = rates(engine, six, "six.overall")
    # t1: new unions 3/4 = 0.75; new members 120/100 capped at 1; outcomes 1/4 = 0.25;
    #     cadres 2/4 = 0.5; practical things has a target of 0 and is left out:
    #     Rate(0.75 + 1 + 0.25 + 0.5 = 2.5, 4 metrics) = 62.5 %.
    assert got[t1] == Rate(2.5, 4)
    # t2: problems solved 1/2 = 0.5 over its one metric with a target.
    assert got[t2] == Rate(0.5, 1)
    # t3: no target, nothing to score it on.
    assert got.get(t3, Rate(0, 0)).value is None


def test_six_overall_evidence_lists_the_teams_metrics_against_their_targets(engine, six):
    t1 = six["team_ids"][0]
    rows = read(engine, SOURCES["six.overall"].evidence, scope(six, AS_OF, team_ids=(t1,)), t1).set_index("metric")
    assert list(rows.index) == list(SIX_METRICS)
    assert {m: int(rows.loc[m, "actual"]) for m in SIX_METRICS} == {
        "new_unions": 3,
        "new_members": 120,
        "problems_solved": 0,
        "practical_things": 1,
        "outcomes": 1,
        "cadres_trained": 2,
    }
    assert int(rows.loc["new_members", "target"]) == 100 and int(rows.loc["practical_things", "target"]) == 0
    assert rows["target"].isna().sum() == 1  # problems solved: no target for team 1


@pytest.fixture
def things(engine):
    """Team 1 promised six things in all, team 2 one, team 3 none."""
    org = make_round(engine, n_teams=3)
    t1, t2, _ = org["team_ids"]

    def thing(team_id, content, promised_on, **kw):
        return PracticalThing(team_id=team_id, promised_on=promised_on, content=content, deadline=d(10, 10), **kw)

    add(
        engine,
        thing(t1, "done", d(9, 14), status="done", done_on=d(10, 1)),
        thing(t1, "planned", d(9, 15)),
        thing(t1, "done after as_of", d(9, 20), status="done", done_on=d(10, 25)),
        thing(t1, "done, no date", d(9, 22), status="done"),
        thing(t1, "promised after as_of", d(10, 25), status="done", done_on=d(10, 26)),
        thing(t1, "deleted", d(9, 16), status="done", done_on=d(9, 30), **deleted()),
        thing(t2, "done", d(9, 14), status="done", done_on=d(9, 30)),
    )
    return org


def test_things_done_counts_what_was_done_by_the_day_of_what_was_promised_by_it(engine, things):
    t1, t2, t3 = things["team_ids"]
    got = rates(engine, things, "things.done")
    # t1: promised by as_of (and not deleted): done, planned, done after as_of, done with no date = 4;
    #     done by as_of: "done" and "done, no date" (a missing date does not undo it) = 2.
    assert got == {t1: Rate(2, 4), t2: Rate(1, 1), t3: Rate(0, 0)}
    assert rates(engine, things, "things.done", team_ids=(t2,)) == {t2: Rate(1, 1)}  # only the teams in scope


def test_things_done_evidence_is_every_thing_promised_by_the_day_those_not_done_first(engine, things):
    t1 = things["team_ids"][0]
    rows = read(engine, SOURCES["things.done"].evidence, scope(things, AS_OF, team_ids=(t1,)), t1)
    # Not done by the day, by promise: planned (Sep 15), done only after it (Sep 20); then done (Sep 14, Sep 22).
    assert list(rows["content"]) == ["planned", "done after as_of", "done", "done, no date"]
    assert list(rows["done"]) == [False, False, True, True]
    assert list(rows["status"]) == ["planned", "done", "done", "done"]
