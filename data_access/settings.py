"""Thresholds the liaison office sets, stored as JSON in the ``setting`` table.

A key never stored (or stored with a value that no longer validates) reads as its
default, so a fresh database works without any setup.
"""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import Session

from data_access.models import Setting, utcnow

DEFAULTS: dict[str, Any] = {
    "deadline_soon_days": 7,  # blue: due within this many days
    "behind_share": 0.5,  # yellow: more than this share of the window used, no action yet
    "response_working_days": 3,  # a problem is answered in time within this many working days
    "common_min_sites": 3,  # a category raised at this many sites is a common problem
    "min_denominator": 5,  # rankings mark a team whose denominator is below this
    "weekly_grace_days": 1,  # a weekly report is on time by week_start + 6 + grace
    "light_green_compliance": 0.9,
    "light_red_compliance": 0.7,
    "light_red_overdue": 3,
    "attachment_max_mb": 20,  # the largest file a row takes; .streamlit/config.toml's upload cap is the same
}

# key -> (kind, minimum, maximum)
_RULES: dict[str, tuple[str, float, float]] = {
    "deadline_soon_days": ("int", 0, 365),
    "behind_share": ("share", 0.0, 1.0),
    "response_working_days": ("int", 0, 60),
    "common_min_sites": ("int", 1, 1000),
    "min_denominator": ("int", 0, 1000),
    "weekly_grace_days": ("int", 0, 30),
    "light_green_compliance": ("share", 0.0, 1.0),
    "light_red_compliance": ("share", 0.0, 1.0),
    "light_red_overdue": ("int", 1, 1000),
    "attachment_max_mb": ("int", 1, 20),  # no more than nginx lets through (scripts/serve.sh: 25 MB a request)
}


class SettingError(ValueError):
    """A refused value; ``key`` is a catalogue key, ``params`` fill it in."""

    def __init__(self, message_key: str, **params: Any):
        super().__init__(message_key)
        self.key = message_key
        self.params = params


def _checked(key: str, value: Any) -> int | float:
    if key not in _RULES:
        raise SettingError("settings.error.unknown_key", setting=key)
    kind, low, high = _RULES[key]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise SettingError("settings.error.not_number", setting=key)
    if kind == "int":
        if isinstance(value, float) and not value.is_integer():
            raise SettingError("settings.error.not_integer", setting=key)
        value = int(value)
    else:
        value = float(value)
    if not low <= value <= high:
        raise SettingError("settings.error.out_of_range", setting=key, min=low, max=high)
    return value


def get_settings(session: Session) -> dict[str, Any]:
    """Every setting, stored value over default."""
    values = dict(DEFAULTS)
    for key, raw in _stored(session):
        if key not in DEFAULTS:
            continue
        try:
            values[key] = _checked(key, json.loads(raw))
        except (ValueError, TypeError):
            pass  # a bad stored value must not break every page: fall back to the default
    return values


def _stored(session: Session) -> list[tuple[str, str]]:
    table = Setting.__table__
    return [(r.key, r.value) for r in session.connection().execute(table.select())]


def set_setting(session: Session, key: str, value: Any) -> None:
    """Validate and store one setting in the caller's transaction; raises SettingError (a ValueError)."""
    value = _checked(key, value)
    current = get_settings(session) | {key: value}
    if current["light_red_compliance"] > current["light_green_compliance"]:
        raise SettingError("settings.error.red_above_green")
    row = session.get(Setting, key)
    if row is None:
        row = Setting(key=key, value=json.dumps(value))
    else:
        row.value = json.dumps(value)
        row.updated_at = utcnow()
    session.add(row)
    session.flush()
