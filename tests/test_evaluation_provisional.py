"""The provisional ranking, worked out by hand (both engines): objective indicators of the draft
scheme as of a day, weights scaled to 100 without the subjective ones, no band, nothing stored."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from data_access.db import read_session, write_session
from data_access.evaluation import provisional, schemes
from data_access.models import ObjectiveScore, PracticalThing
from tests.factories import OFFICE, make_round
from tests.test_evaluation import add_problems

AS_OF = date(2021, 9, 30)
# The subjective 60 are left out: 30 and 10 become 75 and 25.
INDICATORS = [
    {"dimension": "问题", "name": "解决率", "weight": 30, "source": "problems.resolution", "full_at": 80, "zero_at": 40},
    {"dimension": "实事", "name": "办结率", "weight": 10, "source": "things.done", "full_at": 100, "zero_at": 50},
    {"dimension": "评议", "name": "评议", "weight": 60, "source": "subjective", "full_at": None, "zero_at": None},
]


def thing(team_id: int, done: bool, promised: date = date(2021, 8, 1)) -> PracticalThing:
    return PracticalThing(
        team_id=team_id,
        promised_on=promised,
        content="送清凉",
        deadline=date(2021, 9, 1),
        status="done" if done else "planned",
        done_on=date(2021, 8, 20) if done else None,
    )


@pytest.fixture
def round_with_draft(engine):
    org = make_round(engine, n_teams=3)
    a, b, c = org["team_ids"]
    add_problems(engine, a, resolved=3, unresolved=2)
    add_problems(engine, b, resolved=4, unresolved=0)
    with write_session(engine) as session:
        # A 1 of 2 done; C 2 of 2; B none promised; one of C's promised only after the day.
        session.add_all([thing(a, True), thing(a, False), thing(c, True), thing(c, True), thing(c, False, date(2021, 10, 5))])
    scheme_id = schemes.create_scheme(engine, OFFICE, org["round_id"], "草稿方案")
    schemes.save_scheme(
        engine,
        OFFICE,
        scheme_id,
        name="草稿方案",
        evaluation_date=date(2021, 10, 11),
        top_band_cap=None,
        indicator_rows=INDICATORS,
        band_rows=[{"name": "好", "min_score": 60}, {"name": "差", "min_score": 0}],
    )
    return org


def test_the_provisional_ranking_scores_the_objective_indicators_as_of_the_day(engine, round_with_draft):
    a, b, c = round_with_draft["team_ids"]
    with read_session(engine) as session:
        board = provisional.provisional_ranking(session, round_with_draft["round_id"], AS_OF)
        detail = provisional.provisional_breakdown(session, round_with_draft["round_id"], AS_OF, a)
        stored = session.exec(select(ObjectiveScore)).all()
    # A: resolved 3/5 = 60 % → (60 − 40) / (80 − 40) = 50 → 75 × 0.5 = 37.5; things 1/2 = 50 % → 0.
    # B: 4/4 = 100 % → 100 → 75; no things promised → no data → 0. Total 75.
    # C: no problems → 0; things 2/2 (the third promised after the day) = 100 % → 25. Total 25.
    assert list(board["team_id"]) == [b, a, c]
    assert list(board["total"]) == [75.0, 37.5, 25.0]
    assert list(board["rank"]) == [1, 2, 3]
    # Every team has a problem or thing denominator below 5: all are marked as too small to compare.
    assert board["small"].all()
    assert list(detail["name"]) == ["解决率", "办结率"]
    assert list(detail["weight"]) == [75.0, 25.0]
    assert list(zip(detail["numerator"], detail["denominator"])) == [(3.0, 5), (1.0, 2)]
    assert list(detail["points"]) == [37.5, 0.0]
    assert stored == []  # nothing is written: a provisional ranking is no evaluation


def test_its_evidence_is_the_rows_behind_the_value(engine, round_with_draft):
    a = round_with_draft["team_ids"][0]
    with read_session(engine) as session:
        rows = provisional.provisional_evidence(session, round_with_draft["round_id"], AS_OF, "problems.resolution", a)
    # All 5 of A's problems, the 2 open ones first.
    assert len(rows) == 5 and list(rows["counted"]) == [False, False, True, True, True]


def test_without_a_draft_the_default_schemes_objective_indicators_count(engine):
    org = make_round(engine, n_teams=1)
    with read_session(engine) as session:
        shown = provisional.provisional_indicators(session, org["round_id"])
    objective = [row for row in schemes.DEFAULT_INDICATORS if row[3] != "subjective"]
    assert list(shown["name"]) == [row[1] for row in objective]
    # The default's objective weights add up to 80: each is scaled by 100 / 80.
    assert sum(row[2] for row in objective) == 80
    assert list(shown["weight"]) == pytest.approx([row[2] * 1.25 for row in objective])
