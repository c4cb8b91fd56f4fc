"""The team light: green / yellow / red with the reasons, in catalogue keys, that made it so."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pandas as pd
from sqlalchemy import func, select
from sqlmodel import Session

from data_access.figures.common import Rate, is_small, settings_or_stored, teams_in_scope
from data_access.figures.compliance import daily_compliance
from data_access.figures.deadlines import overdue_counts
from data_access.figures.sql import frame, run
from data_access.figures.states import risk_open
from data_access.models import MajorRisk
from data_access.scope import Scope

Reason = tuple[str, dict[str, Any]]
LIGHTS = ("green", "yellow", "red")


def open_risk_counts(session: Session, scope: Scope) -> dict[int, int]:
    """Per team: major risks open as of as_of."""
    stmt = select(MajorRisk.team_id, func.count()).where(risk_open(scope)).group_by(MajorRisk.team_id)
    return dict(run(session, stmt))


def open_risk_rows(session: Session, scope: Scope, team_id: int | None = None) -> pd.DataFrame:
    """The major risks open as of as_of (optionally of one team)."""
    r = MajorRisk
    stmt = select(
        r.id,
        r.team_id,
        r.found_on,
        r.risk_type,
        r.description,
        r.reported_on,
        r.reported_to,
        r.measures,
        r.status,
        r.acknowledged_by,
        r.version,
    ).where(risk_open(scope))
    if team_id is not None:
        stmt = stmt.where(r.team_id == team_id)
    return frame(session, stmt.order_by(r.found_on, r.id))


def light_reasons(daily: Rate, overdue: int, open_risks: int, settings: dict[str, Any]) -> list[tuple[str, Reason]]:
    """(severity, reason) pairs; severity red or yellow. A rate with no denominator says nothing."""
    reasons: list[tuple[str, Reason]] = []
    rate = daily.value
    if rate is not None and rate < settings["light_red_compliance"]:
        params = {"rate": rate, "num": daily.num, "den": daily.den, "threshold": settings["light_red_compliance"]}
        reasons.append(("red", ("light.reason.compliance_low", params)))
    elif rate is not None and rate < settings["light_green_compliance"]:
        params = {"rate": rate, "num": daily.num, "den": daily.den, "threshold": settings["light_green_compliance"]}
        reasons.append(("yellow", ("light.reason.compliance_mid", params)))
    if overdue >= settings["light_red_overdue"]:
        params = {"count": overdue, "threshold": settings["light_red_overdue"]}
        reasons.append(("red", ("light.reason.overdue_many", params)))
    elif overdue > 0:
        reasons.append(("yellow", ("light.reason.overdue_some", {"count": overdue})))
    if open_risks > 0:
        reasons.append(("red", ("light.reason.open_risk", {"count": open_risks})))
    return reasons


def team_lights(session: Session, scope: Scope, settings: dict[str, Any] | None = None) -> pd.DataFrame:
    """Red when daily compliance is below the red threshold, overdue items reach the red count, or a
    major risk is open; yellow when compliance is below green or anything is overdue; else green.
    Columns team_id, light, daily (Rate), overdue, open_risks, reasons, small_denominator."""
    settings = settings_or_stored(session, settings)
    daily = daily_compliance(session, scope)
    overdue = overdue_counts(session, scope, settings)
    risks = open_risk_counts(session, scope)
    rows = []
    for team_id, rate in zip(daily["team_id"], daily["daily"]):
        found = light_reasons(rate, overdue.get(team_id, 0), risks.get(team_id, 0), settings)
        severities = {s for s, _ in found}
        light = "red" if "red" in severities else "yellow" if "yellow" in severities else "green"
        rows.append(
            (
                team_id,
                light,
                rate,
                overdue.get(team_id, 0),
                risks.get(team_id, 0),
                [reason for _, reason in found],
                is_small(rate, settings),
            )
        )
    columns = ["team_id", "light", "daily", "overdue", "open_risks", "reasons", "small_denominator"]
    return pd.DataFrame(rows, columns=columns)


def light_totals(districts: pd.DataFrame) -> dict[str, int]:
    """The teams of all the rows of ``district_lights`` by light: {"green": n, "yellow": n, "red": n}.
    Takes the district figure rather than the scope, so that a page showing both reads the lights once."""
    return {light: int(districts[light].sum()) for light in LIGHTS}


def district_lights(session: Session, scope: Scope, settings: dict[str, Any] | None = None) -> pd.DataFrame:
    """Per district with teams in scope, by code: its teams by light, their overdue items and open
    risks. Rolled up from ``team_lights``, where the light is decided from SQL counts, so that a
    district counts exactly the lights its teams show. Columns district_code, district_name,
    green, yellow, red, overdue, open_risks; its rows are ``district_light_rows``."""
    lights = _with_sites(session, scope, team_lights(session, scope, settings))
    flags = lights.assign(**{light: lights["light"] == light for light in LIGHTS})
    columns = [*LIGHTS, "overdue", "open_risks"]
    rolled = flags.groupby(["district_code", "district_name"])[columns].sum().astype(int)
    return rolled.reset_index()


def district_light_rows(session: Session, scope: Scope, district_code: str, settings: dict[str, Any] | None = None) -> pd.DataFrame:
    """The district's teams in scope with their lights: the columns of ``team_lights`` after
    team_id, seq, site_name, district_code, district_name."""
    in_scope = scope.district_codes is None or district_code in scope.district_codes
    district = replace(scope, district_codes=(district_code,) if in_scope else ())
    return _with_sites(session, district, team_lights(session, district, settings))


def _with_sites(session: Session, scope: Scope, lights: pd.DataFrame) -> pd.DataFrame:
    teams = teams_in_scope(session, scope)[["team_id", "seq", "site_name", "district_code", "district_name"]]
    return teams.merge(lights, on="team_id")
