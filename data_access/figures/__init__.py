"""The figures users read, each defined once and computed in SQL (DOMAIN.md, "Figures users read").

Every function takes a session and a ``Scope`` and returns a small DataFrame, dict or Rate;
each figure has a function returning the rows behind it. ``DEFINITIONS`` maps a figure key to
the catalogue key of its definition, ``NAMES`` to its name.
"""

from __future__ import annotations

from data_access.figures.common import Rate, SatisfactionRate, Window, calendar_note_for, flatten_rates, is_small, teams_in_scope, window
from data_access.figures.compliance import (
    daily_compliance,
    daily_rate_rows,
    daily_rows,
    daily_week_matrix,
    day_states,
    fewest_records,
    ledger_compliance,
    missing_workdays,
    monthly_compliance,
    monthly_status,
    weekly_compliance,
    weekly_status,
)
from data_access.figures.deadlines import COLOURS, KINDS, deadline_items, overdue_counts
from data_access.figures.deliverables import deliverable_chase, deliverable_chase_rows, deliverable_status
from data_access.figures.lights import (
    LIGHTS,
    district_light_rows,
    district_lights,
    light_totals,
    open_risk_counts,
    open_risk_rows,
    team_lights,
)
from data_access.figures.problems import (
    common_categories,
    overdue_problems,
    problem_cumulative,
    problem_rate_rows,
    problem_rates,
    problem_rows,
    problem_summary,
)
from data_access.figures.six import SIX_METRICS, six_by_team, six_progress, six_progress_rows, six_round, six_row_choices, six_rows

FIGURE_KEYS = (
    "compliance.daily",
    "compliance.weekly",
    "compliance.monthly",
    "compliance.week_matrix",
    "compliance.fewest_records",
    "compliance.calendar",
    "problems.recorded",
    "problems.resolved",
    "problems.resolution",
    "problems.on_time",
    "problems.response",
    "problems.escalation",
    "problems.median_days",
    "problems.satisfaction",
    "problems.overdue",
    "problems.cumulative",
    "problems.common_categories",
    *(f"six.{metric}" for metric in SIX_METRICS),
    "six.progress",
    "deadline.colour",
    "deliverables.status",
    "deliverables.chase",
    "light.team",
    "light.district",
    "ranking.small_denominator",
)
NAMES: dict[str, str] = {key: f"figure.{key}" for key in FIGURE_KEYS}
DEFINITIONS: dict[str, str] = {key: f"figure.{key}.def" for key in FIGURE_KEYS}

__all__ = [
    "COLOURS",
    "DEFINITIONS",
    "FIGURE_KEYS",
    "KINDS",
    "LIGHTS",
    "NAMES",
    "SatisfactionRate",
    "Rate",
    "SIX_METRICS",
    "Window",
    "calendar_note_for",
    "common_categories",
    "daily_compliance",
    "daily_rate_rows",
    "daily_rows",
    "daily_week_matrix",
    "day_states",
    "deadline_items",
    "deliverable_chase",
    "deliverable_chase_rows",
    "deliverable_status",
    "district_light_rows",
    "district_lights",
    "fewest_records",
    "flatten_rates",
    "is_small",
    "light_totals",
    "ledger_compliance",
    "missing_workdays",
    "monthly_compliance",
    "monthly_status",
    "open_risk_counts",
    "open_risk_rows",
    "overdue_counts",
    "overdue_problems",
    "problem_cumulative",
    "problem_rate_rows",
    "problem_rates",
    "problem_rows",
    "problem_summary",
    "six_by_team",
    "six_progress",
    "six_progress_rows",
    "six_round",
    "six_row_choices",
    "six_rows",
    "team_lights",
    "teams_in_scope",
    "weekly_compliance",
    "weekly_status",
    "window",
]
