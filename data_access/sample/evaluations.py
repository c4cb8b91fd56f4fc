"""A published evaluation for the sample's earlier round, so that the scoreboard, the lists and
the comparison with earlier rounds have something to show on the first start; ``manage.py
generate`` publishes one the same way for each of its closed rounds."""

from __future__ import annotations

import random
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlmodel import Session

from data_access.evaluation.schemes import CLOSED, default_content, write_content
from data_access.evaluation.scoring import snapshot_objective
from data_access.evaluation.sources import SUBJECTIVE
from data_access.models import EvaluationScheme, Indicator, ObjectiveScore, Round, SubjectiveScore

SCORE_RANGES = {"excellent": (90, 97), "normal": (78, 90), "lagging": (58, 70), "risk": (70, 82)}
COMMENTS = {
    "excellent": ("台账扎实，问题解决及时，职工评价高", "带头深入一线，作风过硬"),
    "normal": ("按要求完成蹲点任务", "工作较扎实，成效有待进一步提升"),
    "lagging": ("台账记录不及时，问题推进缓慢", "深入基层不够，需加强督促"),
    "risk": ("重大事项处置及时，但日常工作仍需加强", "能够坚守岗位，沟通协调有待加强"),
}


def seed_closed_evaluation(session: Session, round_id: int, profiles: dict[int, str], evaluator_ids: list[int], closed_at: datetime) -> int:
    """The default scheme, scored by the given evaluators after each team's profile, and closed."""
    rnd = session.get(Round, round_id)
    indicator_rows, band_rows, cap = default_content()
    scheme = EvaluationScheme(round_id=round_id, name=f"{rnd.year}年蹲点工作评估", evaluation_date=rnd.end_date, top_band_cap=cap)
    session.add(scheme)
    session.flush()
    write_content(session, scheme.id, indicator_rows, band_rows)
    session.flush()
    snapshot_objective(session, scheme)
    read = update(ObjectiveScore).where(ObjectiveScore.indicator_id.in_(select(Indicator.id).where(Indicator.scheme_id == scheme.id)))
    session.execute(read.values(computed_at=closed_at))  # read when the office closed it, not when the sample was built
    rng = random.Random(f"evaluation-{rnd.year}")
    subjective = (
        session.execute(
            select(Indicator.id).where(Indicator.scheme_id == scheme.id, Indicator.source == SUBJECTIVE).order_by(Indicator.seq)
        )
        .scalars()
        .all()
    )
    scores = [
        {
            "indicator_id": indicator_id,
            "team_id": team_id,
            "evaluator_id": evaluator_id,
            "score": rng.randint(*SCORE_RANGES[profile]),
            "comment": COMMENTS[profile][n % 2],
            "updated_at": closed_at,
        }
        for team_id, profile in profiles.items()
        for n, indicator_id in enumerate(subjective)
        for evaluator_id in evaluator_ids
    ]
    session.execute(insert(SubjectiveScore), scores)  # one executemany: a national round has thousands
    scheme.status, scheme.closed_at = CLOSED, closed_at
    session.flush()
    return scheme.id
