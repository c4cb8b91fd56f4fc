"""Team labels ("1. 正定县正定镇") for figure tables that carry team ids."""
from __future__ import annotations

import pandas as pd

from data_access import org
from ui.context import engine
from ui.filters import current_round


def team_labels() -> dict[int, str]:
    the_round = current_round()
    if the_round is None:
        return {}
    frame = org.teams(engine(), the_round.id)
    return {int(r.team_id): f"{r.seq}. {r.site_name}" for r in frame.itertuples()}


def with_team_names(frame: pd.DataFrame) -> pd.DataFrame:
    """Replace team_id by the team's label, as the first column."""
    if "team_id" not in frame:
        return frame
    labels = team_labels()
    shown = frame.copy()
    shown.insert(0, "team", shown.pop("team_id").map(lambda t: labels.get(int(t), t)))
    return shown
