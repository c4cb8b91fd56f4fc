"""How far scoring has got, worked out by hand (both engines): the office's progress line, each
evaluator's own score sheet, and the teams per band."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from sqlalchemy import select

from data_access.auth import Actor
from data_access.db import read_session, write_session
from data_access.evaluation import lifecycle, schemes, scoring
from data_access.models import AppUser, Indicator
from tests.factories import OFFICE, make_round

INDICATORS = [
    {"dimension": "问题解决", "name": "解决率", "weight": 50, "source": "problems.resolution", "full_at": 80, "zero_at": 40},
    {"dimension": "评议", "name": "成效", "weight": 30, "source": "subjective", "full_at": None, "zero_at": None},
    {"dimension": "评议", "name": "作风", "weight": 20, "source": "subjective", "full_at": None, "zero_at": None},
]
BANDS = [{"name": "好", "min_score": 80}, {"name": "中", "min_score": 60}, {"name": "差", "min_score": 0}]


@pytest.fixture
def opened(engine):
    """Three teams, a scheme with one objective and two subjective indicators, opened; two evaluators."""
    org = make_round(engine, n_teams=3)
    scheme_id = schemes.create_scheme(engine, OFFICE, org["round_id"], "测试评估")
    schemes.save_scheme(
        engine,
        OFFICE,
        scheme_id,
        name="测试评估",
        evaluation_date=date(2021, 10, 11),
        top_band_cap=None,
        indicator_rows=INDICATORS,
        band_rows=BANDS,
    )
    lifecycle.open_evaluation(engine, OFFICE, scheme_id)
    with write_session(engine) as session:
        users = [AppUser(username=f"evaluator-{i}", display_name=f"评议人{i}", password_hash="-", role="office") for i in (1, 2)]
        session.add_all(users)
        session.flush()
        evaluators = [Actor(user_id=u.id, role="office", display_name=u.display_name) for u in users]
    with read_session(engine) as session:
        subjective = select(Indicator.name, Indicator.id).where(Indicator.scheme_id == scheme_id, Indicator.source == "subjective")
        ids = dict(session.execute(subjective).all())
    return {**org, "scheme_id": scheme_id, "evaluators": evaluators, "indicator": ids}


def give(engine, opened, evaluator: int, team: int, indicator: str, score: float) -> None:
    row = {"team_id": opened["team_ids"][team], "indicator_id": opened["indicator"][indicator], "score": score, "comment": f"评{score:g}"}
    scoring.save_subjective(engine, opened["evaluators"][evaluator], opened["scheme_id"], [row])


def read(engine, fn, *args):
    with read_session(engine) as session:
        return fn(session, *args)


def test_progress_counts_the_team_indicator_pairs_someone_has_scored(engine, opened):
    assert read(engine, lifecycle.scoring_progress, opened["scheme_id"]) == {"scored": 0, "total": 6, "evaluators": 0}
    give(engine, opened, 0, 0, "成效", 90)
    give(engine, opened, 0, 0, "作风", 80)
    give(engine, opened, 0, 1, "成效", 70)
    give(engine, opened, 1, 0, "成效", 60)  # a second score of a pair already scored
    # 3 teams × 2 subjective indicators = 6 pairs; scored: (1, 成效), (1, 作风), (2, 成效) = 3; by 2 evaluators.
    assert read(engine, lifecycle.scoring_progress, opened["scheme_id"]) == {"scored": 3, "total": 6, "evaluators": 2}


def test_an_evaluators_sheet_holds_every_pair_with_only_their_own_scores(engine, opened):
    give(engine, opened, 0, 0, "作风", 80)
    give(engine, opened, 0, 2, "成效", 75)
    give(engine, opened, 1, 1, "成效", 60)
    mine = read(engine, scoring.score_sheet, opened["scheme_id"], opened["evaluators"][0].user_id)
    t1, t2, t3 = opened["team_ids"]
    # by team, then indicator in the scheme's order; the other evaluator's 60 is not on this sheet
    assert list(zip(mine["team_id"], mine["indicator"])) == [(t, i) for t in (t1, t2, t3) for i in ("成效", "作风")]
    assert [None if pd.isna(s) else s for s in mine["score"]] == [None, 80.0, None, None, 75.0, None]
    assert list(mine["comment"]) == ["", "评80", "", "", "评75", ""]


def test_band_counts_list_every_band_highest_first_with_its_teams():
    board = pd.DataFrame({"team_id": [1, 2, 3, 4], "band": ["差", "好", "好", "差"]})
    band_table = pd.DataFrame({"name": ["好", "中", "差"], "min_score": [80, 60, 0]})
    counts = scoring.band_counts(board, band_table)
    assert list(zip(counts["band"], counts["teams"])) == [("好", 2), ("中", 0), ("差", 2)]
