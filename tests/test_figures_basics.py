"""Settings, the state calendar and the SQL dialect helpers behind the figures."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, update

from data_access.calendar import calendar_note, ensure_calendar, supported_years
from data_access.db import read_session, write_session
from data_access.figures.sql import day, day_diff, median_select, month_key, run, week_index
from data_access.models import Setting, WorkCalendar
from data_access.settings import DEFAULTS, SettingError, get_settings, set_setting
from tests.test_figures_support import WORKDAYS_2021, d, days_between

# ---------------------------------------------------------------- settings


def test_settings_default_then_stored(engine):
    with read_session(engine) as session:
        assert get_settings(session) == DEFAULTS
    with write_session(engine) as session:
        set_setting(session, "deadline_soon_days", 5)
        set_setting(session, "behind_share", 1)  # an int is a valid share
    with read_session(engine) as session:
        values = get_settings(session)
    assert values["deadline_soon_days"] == 5
    assert values["behind_share"] == 1.0 and isinstance(values["behind_share"], float)
    assert values["min_denominator"] == DEFAULTS["min_denominator"]


@pytest.mark.parametrize(
    "key, value, error",
    [
        ("no_such_key", 1, "settings.error.unknown_key"),
        ("deadline_soon_days", True, "settings.error.not_number"),
        ("deadline_soon_days", "7", "settings.error.not_number"),
        ("deadline_soon_days", 2.5, "settings.error.not_integer"),
        ("deadline_soon_days", -1, "settings.error.out_of_range"),
        ("behind_share", 1.5, "settings.error.out_of_range"),
        ("light_red_compliance", 0.95, "settings.error.red_above_green"),  # green is 0.9
    ],
)
def test_settings_refuse_bad_values(engine, key, value, error):
    with pytest.raises(ValueError) as caught:
        with write_session(engine) as session:
            set_setting(session, key, value)
    assert isinstance(caught.value, SettingError) and caught.value.key == error
    with read_session(engine) as session:
        assert get_settings(session) == DEFAULTS


def test_settings_bad_stored_value_reads_as_default(engine):
    with write_session(engine) as session:
        session.add(Setting(key="light_red_overdue", value='"three"'))
        session.add(Setting(key="weekly_grace_days", value="2"))
    with read_session(engine) as session:
        values = get_settings(session)
    assert values["light_red_overdue"] == 3 and values["weekly_grace_days"] == 2


# ---------------------------------------------------------------- calendar


def _calendar(session, first: date, last: date) -> dict[date, bool]:
    rows = run(session, select(WorkCalendar.day, WorkCalendar.is_workday).where(WorkCalendar.day.between(first, last)))
    return {day_: bool(flag) for day_, flag in rows}


def test_calendar_has_holidays_and_make_up_days(engine):
    with write_session(engine) as session:
        assert ensure_calendar(session, 2021, 2021) == 365
    with write_session(engine) as session:
        assert ensure_calendar(session, 2021, 2021) == 0  # idempotent
    with read_session(engine) as session:
        cal = _calendar(session, d(9, 13), d(10, 15))
    # The working days listed by hand in test_figures_support (holidays Sep 20–21, Oct 1–7 off;
    # Sep 18, Sep 26, Oct 9 worked).
    assert [day_ for day_ in days_between(d(9, 13), d(10, 15)) if cal[day_]] == WORKDAYS_2021


def test_calendar_falls_back_to_weekdays_and_corrects_changed_days(engine):
    years = supported_years()
    assert years.start <= 2004 and 2026 in years
    assert calendar_note([2021, 2026]) is None
    assert calendar_note([2026, 2099]) == "calendar.note.fallback"
    with write_session(engine) as session:
        ensure_calendar(session, 2099, 2099)
    with read_session(engine) as session:
        cal = _calendar(session, date(2099, 1, 1), date(2099, 1, 7))
    # 2099-01-01 is a Thursday: Mon–Fri only, no holidays known.
    assert [k.day for k, v in sorted(cal.items()) if v] == [1, 2, 5, 6, 7]
    with write_session(engine) as session:
        ensure_calendar(session, 2021, 2021)
        session.connection().execute(update(WorkCalendar).where(WorkCalendar.day == d(10, 1)).values(is_workday=True))
    with write_session(engine) as session:
        assert ensure_calendar(session, 2021, 2021) == 1  # the edited National Day row is put right
    with read_session(engine) as session:
        assert _calendar(session, d(10, 1), d(10, 1)) == {d(10, 1): False}


# ---------------------------------------------------------------- SQL helpers


def test_day_diff_month_key_and_week_index(engine):
    with read_session(engine) as session:
        row = run(
            session,
            select(
                day_diff(day(d(10, 1)), day(d(9, 13))),
                day_diff(day(d(9, 13)), day(d(10, 1))),
                month_key(day(d(3, 5, 2024))),
                week_index(day(d(9, 26)), d(9, 13)),  # Sunday of week 1 (0-based)
                week_index(day(d(9, 27)), d(9, 13)),
            ),
        )[0]
    assert tuple(row) == (18, -18, "2024-03", 1, 2)


def test_median_odd_even_and_grouped(engine):
    from sqlalchemy import Integer, String, literal, union_all

    values = [("a", 3), ("a", 10), ("a", 16), ("a", 5), ("b", 7), ("b", 1), ("b", 4), ("c", None)]
    source = union_all(*(select(literal(g, String).label("g"), literal(v, Integer).label("v")) for g, v in values)).subquery()
    with read_session(engine) as session:
        grouped = {g: m for g, m in run(session, median_select(source, "v", ["g"]))}
        overall = run(session, median_select(source, "v"))[0][0]
    # a: 3 5 10 16 → (5 + 10) / 2 = 7.5 (even count); b: 1 4 7 → 4; c: only NULL → no row.
    assert {g: float(m) for g, m in grouped.items()} == {"a": 7.5, "b": 4.0}
    # all seven: 1 3 4 5 7 10 16 → 5
    assert float(overall) == 5.0
