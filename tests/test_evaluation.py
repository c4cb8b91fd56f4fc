"""The evaluation score worked out by hand on a small fixture (both engines): the objective rule,
the trimmed mean, bands with the cap, the frozen snapshot, the refusals."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pandas as pd
import pytest
from sqlmodel import select

from data_access.auth import Actor
from data_access.db import read_session, write_session
from data_access.evaluation import lifecycle, records, schemes, scoring
from data_access.excel.export import round_workbook
from data_access.ledger_store import ValidationFailed
from data_access.models import AppUser, Indicator, Problem, SubjectiveScore
from data_access.permissions import PermissionDenied
from tests.factories import OFFICE, make_round, member_of

INDICATORS = [
    {"dimension": "问题解决", "name": "解决率", "weight": 60, "source": "problems.resolution", "full_at": 80, "zero_at": 40},
    {"dimension": "评议", "name": "评议", "weight": 40, "source": "subjective", "full_at": None, "zero_at": None},
]
BANDS = [{"name": "好", "min_score": 80}, {"name": "中", "min_score": 60}, {"name": "差", "min_score": 0}]


def add_problems(engine, team_id: int, resolved: int, unresolved: int) -> list[int]:
    with write_session(engine) as session:
        rows = [
            Problem(
                team_id=team_id,
                raised_on=date(2021, 8, 2),
                title=f"问题{i}",
                category="wages_insurance",
                status="resolved" if i < resolved else "open",
                resolved_on=date(2021, 8, 20) if i < resolved else None,
            )
            for i in range(resolved + unresolved)
        ]
        session.add_all(rows)
        session.flush()
        return [r.id for r in rows]


def evaluators(engine, n: int, role: str = "office", group: str = "") -> list[Actor]:
    with write_session(engine) as session:
        users = [AppUser(username=f"{role}{group}-{i}", display_name=f"评议人{i}", password_hash="-", role=role) for i in range(n)]
        session.add_all(users)
        session.flush()
        return [Actor(user_id=u.id, role=role, display_name=u.display_name) for u in users]


@pytest.fixture
def evaluation(engine):
    """Two teams: team A resolved 3 of 5 problems, team B 4 of 4; a scheme with one objective and
    one subjective indicator, opened for scoring."""
    org = make_round(engine, n_teams=2)
    problems_a = add_problems(engine, org["team_ids"][0], resolved=3, unresolved=2)
    add_problems(engine, org["team_ids"][1], resolved=4, unresolved=0)
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
    return {**org, "scheme_id": scheme_id, "problems_a": problems_a}


def subjective_indicator(engine, scheme_id: int) -> int:
    with read_session(engine) as session:
        return session.exec(select(Indicator.id).where(Indicator.scheme_id == scheme_id, Indicator.source == "subjective")).one()


def score(engine, evaluation, team_index: int, marks: list[float]) -> None:
    indicator_id = subjective_indicator(engine, evaluation["scheme_id"])
    for actor, mark in zip(evaluators(engine, len(marks), group=f"for-team-{team_index}"), marks):
        scoring.save_subjective(
            engine,
            actor,
            evaluation["scheme_id"],
            [{"team_id": evaluation["team_ids"][team_index], "indicator_id": indicator_id, "score": mark, "comment": "评语"}],
        )


def board(engine, scheme_id: int) -> pd.DataFrame:
    with read_session(engine) as session:
        return scoring.scoreboard(session, scheme_id).set_index("team_id")


def score_both(engine, evaluation) -> None:
    score(engine, evaluation, 0, [90, 80, 70, 60, 100])  # five evaluators: 100 and 60 left out, mean 80
    score(engine, evaluation, 1, [70, 90])  # two evaluators: mean 80


def test_scores_worked_out_by_hand(engine, evaluation):
    score_both(engine, evaluation)
    result = board(engine, evaluation["scheme_id"])
    a, b = evaluation["team_ids"]
    # A: resolution 3/5 = 60% → (60-40)/(80-40) = 50 → 60 × 0.5 = 30; subjective 80 → 40 × 0.8 = 32; total 62
    # B: resolution 4/4 = 100% → 100 → 60; subjective 80 → 32; total 92
    assert result.loc[a, "total"] == pytest.approx(62.0)
    assert result.loc[b, "total"] == pytest.approx(92.0)
    assert (result.loc[b, "rank"], result.loc[a, "rank"]) == (1, 2)
    assert (result.loc[b, "band"], result.loc[a, "band"]) == ("好", "中")
    with read_session(engine) as session:
        detail = scoring.breakdown(session, evaluation["scheme_id"], a).set_index("name")
    assert (detail.loc["解决率", "numerator"], detail.loc["解决率", "denominator"]) == (3, 5)
    assert detail.loc["解决率", "score"] == pytest.approx(50.0)
    assert detail.loc["评议", "evaluators"] == 5 and detail.loc["评议", "score"] == pytest.approx(80.0)


def test_four_evaluators_are_averaged_without_trimming(engine, evaluation):
    score(engine, evaluation, 0, [90, 80, 70, 60])
    with read_session(engine) as session:
        detail = scoring.breakdown(session, evaluation["scheme_id"], evaluation["team_ids"][0]).set_index("name")
    assert detail.loc["评议", "score"] == pytest.approx(75.0)


def test_closing_freezes_the_objective_values(engine, evaluation):
    score_both(engine, evaluation)
    a = evaluation["team_ids"][0]
    lifecycle.close_evaluation(engine, OFFICE, evaluation["scheme_id"])
    with write_session(engine) as session:  # a late correction: a fourth problem of team A resolved
        late = session.get(Problem, evaluation["problems_a"][3])
        late.status, late.resolved_on = "resolved", date(2021, 9, 1)
    assert board(engine, evaluation["scheme_id"]).loc[a, "total"] == pytest.approx(62.0)
    with read_session(engine) as session:  # the evidence shows the ledgers as they stand now
        rows = scoring.objective_evidence(session, evaluation["scheme_id"], _objective_id(session, evaluation), a)
    assert int(rows["counted"].sum()) == 4


def test_reading_again_while_open_takes_the_correction(engine, evaluation):
    score_both(engine, evaluation)
    a = evaluation["team_ids"][0]
    with write_session(engine) as session:
        late = session.get(Problem, evaluation["problems_a"][3])
        late.status, late.resolved_on = "resolved", date(2021, 9, 1)
    lifecycle.refresh_objective(engine, OFFICE, evaluation["scheme_id"])
    # 4/5 = 80% reaches the full-marks line: 60 + 32
    assert board(engine, evaluation["scheme_id"]).loc[a, "total"] == pytest.approx(92.0)


def test_no_score_changes_after_closing(engine, evaluation):
    score_both(engine, evaluation)
    lifecycle.close_evaluation(engine, OFFICE, evaluation["scheme_id"])
    with pytest.raises(ValidationFailed) as refused:
        scoring.save_subjective(engine, Actor(user_id=None, role="office"), evaluation["scheme_id"], [])
    assert refused.value.errors[None][0].key == "eval.error.not_open"
    with pytest.raises(ValidationFailed):
        lifecycle.refresh_objective(engine, OFFICE, evaluation["scheme_id"])


def test_closing_is_refused_while_a_subjective_score_is_missing(engine, evaluation):
    score(engine, evaluation, 0, [80])
    with pytest.raises(ValidationFailed) as refused:
        lifecycle.close_evaluation(engine, OFFICE, evaluation["scheme_id"])
    error = refused.value.errors[None][0]
    assert (error.key, error.params) == ("eval.error.missing_scores", {"count": 1})
    with read_session(engine) as session:
        assert schemes.header(session, evaluation["scheme_id"]).status == "open"


def _objective_id(session, evaluation) -> int:
    return session.exec(select(Indicator.id).where(Indicator.scheme_id == evaluation["scheme_id"], Indicator.source != "subjective")).one()


def test_only_the_office_and_the_leadership_score(engine, evaluation):
    indicator_id = subjective_indicator(engine, evaluation["scheme_id"])
    row = [{"team_id": evaluation["team_ids"][0], "indicator_id": indicator_id, "score": 80, "comment": ""}]
    for actor in (member_of(evaluation, 0), Actor(user_id=None, role="discipline")):
        with pytest.raises(PermissionDenied):
            scoring.save_subjective(engine, actor, evaluation["scheme_id"], row)
    leader = evaluators(engine, 1, role="leadership")[0]
    assert scoring.save_subjective(engine, leader, evaluation["scheme_id"], row) == 1


def test_a_score_out_of_range_writes_nothing(engine, evaluation):
    indicator_id = subjective_indicator(engine, evaluation["scheme_id"])
    actor = evaluators(engine, 1)[0]
    rows = [{"team_id": t, "indicator_id": indicator_id, "score": s, "comment": ""} for t, s in zip(evaluation["team_ids"], (80, 120))]
    with pytest.raises(ValidationFailed) as refused:
        scoring.save_subjective(engine, actor, evaluation["scheme_id"], rows)
    assert [(e.key, e.params) for e in refused.value.errors[None]] == [("eval.error.score_range", {"row": 2})]
    with read_session(engine) as session:
        assert session.exec(select(SubjectiveScore)).all() == []


# ---------------------------------------------------------------- bands and the cap


def test_the_top_band_cap_moves_teams_tied_at_the_cut_down_together():
    totals = pd.DataFrame({"total": [95.0, 92.0, 92.0, 85.0, 70.0]})
    bands = pd.DataFrame({"name": ["优秀", "良好", "合格"], "min_score": [90, 80, 0]})
    # cap 40% of 5 teams = 2; three reach 90, the 2nd and 3rd tie at 92, so both drop
    assert scoring.capped_bands(totals, bands, 0.4) == ["优秀", "良好", "良好", "良好", "合格"]
    assert scoring.capped_bands(totals, bands, 0.6) == ["优秀", "优秀", "优秀", "良好", "合格"]
    assert scoring.capped_bands(totals, bands, None) == ["优秀", "优秀", "优秀", "良好", "合格"]
    assert scoring.competition_ranks(totals["total"]) == [1, 2, 2, 4, 5]


def test_objective_rule_is_linear_between_the_lines():
    assert scoring.indicator_score(40, 80, 40) == 0
    assert scoring.indicator_score(70, 80, 40) == pytest.approx(75)
    assert scoring.indicator_score(95, 80, 40) == 100
    assert scoring.indicator_score(None, 80, 40) == 0


# ---------------------------------------------------------------- invalid schemes


def refused_keys(engine, scheme_id, **changes) -> list[str]:
    values = {"name": "方案", "evaluation_date": date(2021, 10, 11), "top_band_cap": None, "indicator_rows": INDICATORS, "band_rows": BANDS}
    with pytest.raises(ValidationFailed) as refused:
        schemes.save_scheme(engine, OFFICE, scheme_id, **(values | changes))
    return [e.key for e in refused.value.errors[None]]


def test_invalid_schemes_are_refused_with_the_reason_and_nothing_changes(engine):
    org = make_round(engine, n_teams=1)
    scheme_id = schemes.create_scheme(engine, OFFICE, org["round_id"], "默认")
    light = [dict(INDICATORS[0], weight=50), INDICATORS[1]]
    assert refused_keys(engine, scheme_id, indicator_rows=light) == ["eval.error.weights"]
    no_source = [INDICATORS[0], dict(INDICATORS[1], source=None)]
    assert refused_keys(engine, scheme_id, indicator_rows=no_source) == ["eval.error.no_source"]
    no_rule = [dict(INDICATORS[0], full_at=None), INDICATORS[1]]
    assert refused_keys(engine, scheme_id, indicator_rows=no_rule) == ["eval.error.no_rule"]
    overlap = [{"name": "好", "min_score": 60}, {"name": "中", "min_score": 60}, {"name": "差", "min_score": 0}]
    assert refused_keys(engine, scheme_id, band_rows=overlap) == ["eval.error.band_overlap"]
    gap = [{"name": "好", "min_score": 80}, {"name": "中", "min_score": 60}]
    assert refused_keys(engine, scheme_id, band_rows=gap) == ["eval.error.band_gap"]
    assert refused_keys(engine, scheme_id, top_band_cap=1.5) == ["eval.error.cap"]
    with read_session(engine) as session:
        kept = schemes.indicators(session, scheme_id)
    assert len(kept) == len(schemes.DEFAULT_INDICATORS) and kept["weight"].sum() == 100


def test_the_default_scheme_is_valid_and_adds_up_to_100():
    rows = [dict(zip(schemes.INDICATOR_COLUMNS, r)) for r in schemes.DEFAULT_INDICATORS]
    bands = [dict(zip(schemes.BAND_COLUMNS, b)) for b in schemes.DEFAULT_BANDS]
    assert schemes.check_scheme("默认", date(2021, 10, 11), date(2021, 7, 12), rows, bands, schemes.DEFAULT_TOP_BAND_CAP) == []


def test_a_copy_carries_the_indicators_bands_and_cap(engine, evaluation):
    copy_id = schemes.create_scheme(engine, OFFICE, evaluation["round_id"], "复制", copy_from=evaluation["scheme_id"])
    with read_session(engine) as session:
        assert list(schemes.indicators(session, copy_id)["name"]) == ["解决率", "评议"]
        assert list(schemes.bands(session, copy_id)["name"]) == ["好", "中", "差"]
    with pytest.raises(ValidationFailed) as refused:  # the round already has an open evaluation
        lifecycle.open_evaluation(engine, OFFICE, copy_id)
    assert refused.value.errors[None][0].key == "eval.error.round_has_evaluation"


def test_only_the_office_manages_schemes(engine, evaluation):
    with pytest.raises(PermissionDenied):
        schemes.create_scheme(engine, member_of(evaluation, 0), evaluation["round_id"], "x")
    with pytest.raises(PermissionDenied):
        lifecycle.close_evaluation(engine, Actor(user_id=None, role="leadership"), evaluation["scheme_id"])


# ---------------------------------------------------------------- records


def test_cadre_notes_are_saved_and_a_long_one_refused(engine, evaluation):
    person = evaluation["person_ids"][0]
    assert records.save_cadre_notes(engine, OFFICE, evaluation["round_id"], {person: "表现突出"}) == 1
    assert records.save_cadre_notes(engine, OFFICE, evaluation["round_id"], {person: "表现突出"}) == 0
    with pytest.raises(ValidationFailed):
        records.save_cadre_notes(engine, OFFICE, evaluation["round_id"], {person: "长" * 501})
    table = records.cadre_records(engine, OFFICE, evaluation["round_id"]).set_index("person_id")
    assert table.loc[person, "note"] == "表现突出"
    with pytest.raises(PermissionDenied):
        records.cadre_records(engine, Actor(user_id=None, role="leadership"), evaluation["round_id"])


def test_lists_and_history_follow_the_bands(engine, evaluation):
    score_both(engine, evaluation)
    lifecycle.close_evaluation(engine, OFFICE, evaluation["scheme_id"])
    with read_session(engine) as session:
        praise, criticism = records.praise_and_criticism(session, evaluation["scheme_id"])
        history = records.evaluation_history(session, 2021)
    assert list(praise["team_id"]) == [evaluation["team_ids"][1]] and criticism.empty
    assert list(history["total"]) == pytest.approx([92.0, 62.0]) and set(history["status"]) == {"closed"}


def test_the_round_workbook_carries_the_evaluation_for_readers_of_every_team(engine, evaluation):
    score_both(engine, evaluation)
    lifecycle.close_evaluation(engine, OFFICE, evaluation["scheme_id"])
    office_book = openpyxl.load_workbook(io.BytesIO(round_workbook(engine, OFFICE, evaluation["round_id"], date(2021, 10, 11))))
    ranking = list(office_book["考核结果"].iter_rows(min_row=4, values_only=True))
    assert [(r[0], r[1], r[-3], r[-2]) for r in ranking] == [(1, "2. 测试点2", 92.0, "好"), (2, "1. 测试点1", 62.0, "中")]
    member_book = openpyxl.load_workbook(
        io.BytesIO(round_workbook(engine, member_of(evaluation, 0), evaluation["round_id"], date(2021, 10, 11)))
    )
    assert "考核结果" not in member_book.sheetnames  # a member's workbook does not rank the other teams


def test_the_comparison_of_rounds_rolls_up_the_published_board(engine, evaluation):
    score_both(engine, evaluation)
    a, b = evaluation["team_ids"]
    with read_session(engine) as session:
        provisional, _sites = records.round_comparison(session, 2021)
    assert list(provisional["status"]) == ["open"]
    lifecycle.close_evaluation(engine, OFFICE, evaluation["scheme_id"])
    with read_session(engine) as session:
        summary, sites = records.round_comparison(session, 2021)
        rows = records.evaluation_history(session, 2021, round_id=evaluation["round_id"])
        site_a = int(rows.set_index("team_id").loc[a, "site_id"])
        one_site = records.evaluation_history(session, 2021, site_id=site_a)
        earlier, no_sites = records.round_comparison(session, 2020)
    # B 92 (好, 1st) and A 62 (中, 2nd): 2 teams, mean 77; every band of the scheme, best first.
    assert summary.drop(columns=["round_id", "round_name"]).to_dict("records") == [
        {"year": 2021, "status": "closed", "teams": 2, "mean": pytest.approx(77.0), "好": 1, "中": 1, "差": 0}
    ]
    assert list(rows["team_id"]) == [b, a]
    rid = evaluation["round_id"]
    assert list(sites.columns) == ["site_id", "site_name", rid]
    assert list(sites[rid]) == [records.SiteResult(92.0, "好", 1), records.SiteResult(62.0, "中", 2)]
    assert list(one_site["team_id"]) == [a] and list(one_site["total"]) == pytest.approx([62.0])
    assert earlier.empty and no_sites.empty
