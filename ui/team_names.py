"""Team labels ("1. 正定县正定镇") for figure tables that carry team ids."""

from __future__ import annotations

import pandas as pd

from ui.filters import current_round, round_team_labels


def team_labels() -> dict[int, str]:
    the_round = current_round()
    return round_team_labels(the_round.id) if the_round else {}


def with_team_names(frame: pd.DataFrame) -> pd.DataFrame:
    """Replace team_id by the team's label, as the first column."""
    if "team_id" not in frame:
        return frame
    labels = team_labels()
    shown = frame.copy()
    shown.insert(0, "team", shown.pop("team_id").map(lambda t: labels.get(int(t), t)))
    return shown
