"""The provisional ranking: where the teams stand on the objective indicators as of a day, for a
meeting in the middle of a round that has no open or published evaluation yet.

Not an evaluation: nothing is stored, no evaluator has scored, no band is given. It reads the
objective indicators of the round's newest draft scheme, or of the default scheme when there is
none, from the same sources (``sources.SOURCES``) and scores them by the same rule
(``scoring.indicator_score``) as an evaluation; the weights of the objective indicators are
scaled to add up to 100, since the subjective ones are left out.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlmodel import Session

from data_access.evaluation.schemes import DEFAULT_INDICATORS, DRAFT, INDICATOR_COLUMNS, indicators, round_schemes
from data_access.evaluation.scoring import SMALL_CHECKED, competition_ranks, indicator_score, small_threshold
from data_access.evaluation.sources import SOURCES, SUBJECTIVE
from data_access.figures.common import Rate, teams_in_scope
from data_access.scope import Scope

BREAKDOWN_COLUMNS = ["team_id", "dimension", "name", "source", "weight", "rate", "numerator", "denominator", "value", "score", "points"]


def provisional_indicators(session: Session, round_id: int) -> pd.DataFrame:
    """dimension, name, weight (scaled to 100 over these), source, full_at, zero_at: the objective
    indicators of the round's newest draft scheme, or of the default scheme."""
    schemes = round_schemes(session, round_id)
    drafts = schemes[schemes["status"] == DRAFT]
    if len(drafts):
        rows = indicators(session, int(drafts["id"].max()))[list(INDICATOR_COLUMNS)]
    else:
        rows = pd.DataFrame(DEFAULT_INDICATORS, columns=list(INDICATOR_COLUMNS))
    rows = rows[rows["source"] != SUBJECTIVE].reset_index(drop=True)
    rows["weight"] = rows["weight"].astype(float) * 100.0 / rows["weight"].astype(float).sum()
    return rows


def provisional_breakdown(session: Session, round_id: int, as_of: date, team_id: int | None = None) -> pd.DataFrame:
    """Every team's (or one team's) objective indicators as of the day: the value in percent with
    its Rate (numerator and denominator, also apart), the indicator score 0–100 and its points (weight × score / 100).
    The rows behind each value: ``provisional_evidence``."""
    scope = Scope(round_id, as_of)
    wanted = provisional_indicators(session, round_id)
    rates = {source: SOURCES[source].rates(session, scope) for source in set(wanted["source"])}
    team_ids = [int(t) for t in teams_in_scope(session, scope)["team_id"] if team_id is None or int(t) == team_id]
    rows = []
    for team in team_ids:
        for indicator in wanted.itertuples():
            rate = rates[indicator.source].get(team, Rate(0, 0))
            value = None if rate.value is None else 100.0 * rate.value
            score = indicator_score(value, float(indicator.full_at), float(indicator.zero_at))
            rows.append(
                (
                    team,
                    indicator.dimension,
                    indicator.name,
                    indicator.source,
                    indicator.weight,
                    rate,
                    float(rate.num),
                    rate.den,
                    value,
                    score,
                )
            )
    out = pd.DataFrame(rows, columns=BREAKDOWN_COLUMNS[:-1])
    out["points"] = (out["weight"] * out["score"] / 100.0).round(2)
    out["score"] = out["score"].round(2)
    return out


def provisional_ranking(session: Session, round_id: int, as_of: date) -> pd.DataFrame:
    """rank, team_id, seq, site_name, total (0–100, the objective points), small (a problem or
    practical-thing rate below the ranking's minimum denominator), highest total first."""
    points = provisional_breakdown(session, round_id, as_of)
    threshold = small_threshold(session)
    checked = points["source"].str.startswith(SMALL_CHECKED)
    small = set(points[checked & (points["denominator"] < threshold)]["team_id"])
    totals = points.groupby("team_id", sort=False)["points"].sum().round(2).rename("total").reset_index()
    teams = teams_in_scope(session, Scope(round_id, as_of))[["team_id", "seq", "site_name"]]
    board = teams.merge(totals, on="team_id", how="left").fillna({"total": 0.0})
    board = board.sort_values(["total", "seq"], ascending=[False, True], kind="stable").reset_index(drop=True)
    board.insert(0, "rank", competition_ranks(board["total"]))
    board["small"] = board["team_id"].isin(small)
    return board[["rank", "team_id", "seq", "site_name", "total", "small"]]


def provisional_evidence(session: Session, round_id: int, as_of: date, source: str, team_id: int) -> pd.DataFrame:
    """The ledger rows behind one team's value of one objective source, as of the day."""
    return SOURCES[source].evidence(session, Scope(round_id, as_of, team_ids=(team_id,)), team_id)
