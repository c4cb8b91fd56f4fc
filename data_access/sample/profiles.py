"""How well a team keeps its ledgers and gets things done: the four profiles the sample and the generator give teams."""

from __future__ import annotations

from dataclasses import dataclass

PROFILES_ORDER = ("excellent", "normal", "lagging", "risk")


@dataclass(frozen=True)
class Profile:
    """How well a team keeps its ledgers and gets things done."""

    daily_rate: float  # share of working days with a daily record (outside gaps)
    gaps: int  # stretches of 5–9 consecutive working days without a record
    weekly_on_time: float
    weekly_missing: int
    monthly_missed: int
    minutes_delay: tuple[int, int]  # working days from meeting to minutes
    resolve_rate: float
    response_days: tuple[int, int]  # working days from raised to first action
    on_time: float  # share of resolved problems resolved by the deadline
    satisfied: tuple[float, float, float]  # weights of satisfied / basic / unsatisfied
    achievement: tuple[float, float]  # share of the six-一批 targets reached
    things_extra: tuple[int, int]  # practical things beyond the target
    things_overdue: int
    publicity: tuple[int, int]
    visits: tuple[int, int]
    leader_visits: tuple[int, int]
    leaves: tuple[int, int]
    stage_late: bool
    report: str  # on_time | late | missing | late_or_missing
    policy_chance: float
    closed_risk_chance: float
    open_risk: bool


PROFILES: dict[str, Profile] = {
    "excellent": Profile(
        1.0,
        0,
        1.0,
        0,
        0,
        (1, 2),
        0.92,
        (0, 1),
        0.95,
        (0.8, 0.18, 0.02),
        (1.15, 1.3),
        (1, 2),
        0,
        (4, 5),
        (6, 8),
        (3, 3),
        (0, 1),
        False,
        "on_time",
        1.0,
        0.0,
        False,
    ),
    "normal": Profile(
        0.95,
        0,
        0.85,
        0,
        0,
        (2, 5),
        0.76,
        (0, 3),
        0.8,
        (0.65, 0.3, 0.05),
        (0.9, 1.05),
        (0, 1),
        0,
        (2, 4),
        (4, 6),
        (2, 3),
        (1, 2),
        False,
        "on_time",
        0.15,
        0.3,
        False,
    ),
    "lagging": Profile(
        0.8,
        2,
        0.4,
        3,
        1,
        (7, 15),
        0.42,
        (2, 8),
        0.45,
        (0.45, 0.4, 0.15),
        (0.45, 0.6),
        (0, 0),
        3,
        (1, 1),
        (2, 3),
        (2, 2),
        (2, 3),
        True,
        "late_or_missing",
        0.0,
        0.0,
        False,
    ),
    "risk": Profile(
        0.93,
        0,
        0.8,
        0,
        0,
        (2, 6),
        0.7,
        (0, 3),
        0.75,
        (0.6, 0.32, 0.08),
        (0.8, 0.95),
        (0, 1),
        1,
        (2, 3),
        (4, 6),
        (3, 3),
        (1, 2),
        False,
        "on_time",
        0.0,
        1.0,
        True,
    ),
}
DEFAULT_TEAM_TARGETS = {"new_unions": 3, "new_members": 200, "problems_solved": 14, "practical_things": 6, "outcomes": 4}
