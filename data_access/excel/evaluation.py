"""The evaluation as a formatted workbook, and as sheets of the round's workbook: the ranking with
bands and dimension scores, every indicator with its value, numerator and denominator, and
(for the office) the cadre records."""
from __future__ import annotations

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from sqlalchemy.engine import Engine
from sqlmodel import Session

from data_access.auth import Actor
from data_access.db import read_session
from data_access.evaluation import records, schemes, scoring
from data_access.excel.cells import HEADER_FILL, cell, save_workbook
from data_access.models import Round
from data_access.permissions import READ_ALL_ROLES, is_office, require
from i18n import DEFAULT_LANGUAGE, choice_label, t

TOP_FILL = PatternFill("solid", fgColor="C6EFCE")
BOTTOM_FILL = PatternFill("solid", fgColor="FFC7CE")
SCORE_FORMAT = "0.00"


def _widths(ws, widths: list[float]) -> None:
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width


def _header_row(ws, labels: list[str]) -> list:
    return [cell(ws, label, bold=True, fill=HEADER_FILL) for label in labels]


def ranking_sheet(workbook: Workbook, session: Session, scheme_id: int, lang: str) -> None:
    """Rank, team, one column per dimension, total and band; the top band green, the bottom red."""
    head = schemes.header(session, scheme_id)
    band_table = schemes.bands(session, scheme_id)
    board = scoring.scoreboard(session, scheme_id)
    by_dimension = scoring.dimension_scores(session, scheme_id)
    dims = by_dimension.pivot(index="team_id", columns="dimension", values="points")
    dimension_names = list(dict.fromkeys(by_dimension["dimension"]))
    ws = workbook.create_sheet(t("excel.eval.sheet", lang))
    labels = [t(f"field.{c}", lang) for c in ("rank", "team")] + dimension_names + [t(f"field.{c}", lang) for c in ("total", "band", "flags")]
    _widths(ws, [8, 26] + [12] * len(dimension_names) + [10, 10, 28])
    round_name = session.get(Round, head.round_id).name
    status = t(f"eval.status.{head.status}", lang)
    ws.append([cell(ws, t("excel.eval.title", lang, round=round_name, scheme=head.name, status=status), bold=True)])
    bands_text = "；".join(f"{n} ≥ {m:g}" for n, m in zip(band_table["name"], band_table["min_score"]))
    ws.append([cell(ws, t("excel.eval.subtitle", lang, day=head.evaluation_date.isoformat(), bands=bands_text))])
    ws.append(_header_row(ws, labels))
    top, bottom = band_table["name"].iloc[0], band_table["name"].iloc[-1]
    for row in board.itertuples():
        fill = TOP_FILL if row.band == top else BOTTOM_FILL if row.band == bottom else None
        values = [row.rank, f"{row.seq}. {row.site_name}"] + [float(dims.loc[row.team_id, d]) for d in dimension_names]
        flags = [t("eval.flag.small", lang)] * bool(row.small) + [t("eval.flag.incomplete", lang)] * bool(row.incomplete)
        ws.append(
            [cell(ws, v, number_format=SCORE_FORMAT) if isinstance(v, float) else cell(ws, v) for v in values]
            + [cell(ws, float(row.total), number_format=SCORE_FORMAT, bold=True), cell(ws, row.band, fill=fill), cell(ws, "；".join(flags))]
        )


def detail_sheet(workbook: Workbook, session: Session, scheme_id: int, lang: str) -> None:
    """Every team × indicator: weight, source, value with numerator and denominator, evaluators, score, points."""
    board = scoring.scoreboard(session, scheme_id)
    ws = workbook.create_sheet(t("excel.eval.detail_sheet", lang))
    columns = ("team", "dimension", "indicator", "weight", "source", "value", "numerator", "denominator", "evaluators", "score", "points")
    _widths(ws, [24, 12, 20, 8, 22, 12, 10, 10, 10, 10, 12])
    ws.freeze_panes = "A2"
    ws.append(_header_row(ws, [t(f"field.{c}", lang) for c in columns]))
    for team in board.itertuples():
        for row in scoring.breakdown(session, scheme_id, int(team.team_id)).itertuples():
            ws.append([cell(ws, v, number_format=SCORE_FORMAT) if isinstance(v, float) else cell(ws, v) for v in _detail_values(team, row, lang)])


def _detail_values(team, row, lang: str) -> list:
    """Missing values (NaN) become empty cells in ``cell``; the count of evaluators stays a whole number."""
    return [
        f"{team.seq}. {team.site_name}", row.dimension, row.name, float(row.weight), t(f"eval.source.{row.source}", lang),
        row.value, row.numerator, row.denominator,
        None if pd.isna(row.evaluators) else int(row.evaluators), float(row.score), float(row.points),
    ]


def cadre_sheet(workbook: Workbook, engine: Engine, actor: Actor, round_id: int, lang: str) -> None:
    frame = records.cadre_records(engine, actor, round_id).drop(columns=["person_id"])
    frame["origin"] = frame["origin"].map(lambda c: choice_label("person_origin", c, lang))
    frame["role"] = frame["role"].map(lambda c: choice_label("member_role", c, lang))
    ws = workbook.create_sheet(t("excel.eval.cadre_sheet", lang))
    _widths(ws, [10, 16, 14, 48, 10, 10, 10, 10, 12, 40])
    ws.freeze_panes = "A2"
    ws.append(_header_row(ws, [t(f"field.{c}", lang) for c in frame.columns]))
    for record in frame.itertuples(index=False, name=None):
        ws.append([cell(ws, None if pd.isna(v) else v) for v in record])


def add_evaluation_sheets(workbook: Workbook, session: Session, round_id: int, lang: str) -> None:
    """The round's evaluation (open or published), if there is one, as two sheets."""
    scheme_id = schemes.live_scheme_id(session, round_id)
    if scheme_id is not None:
        ranking_sheet(workbook, session, scheme_id, lang)
        detail_sheet(workbook, session, scheme_id, lang)


def evaluation_workbook(engine: Engine, actor: Actor, scheme_id: int, lang: str = DEFAULT_LANGUAGE) -> bytes:
    """The evaluation on its own; the office's copy carries the cadre records too."""
    require(actor.role in READ_ALL_ROLES)
    workbook = Workbook(write_only=True)
    with read_session(engine) as session:
        ranking_sheet(workbook, session, scheme_id, lang)
        detail_sheet(workbook, session, scheme_id, lang)
        round_id = schemes.header(session, scheme_id).round_id
    if is_office(actor):
        cadre_sheet(workbook, engine, actor, round_id, lang)
    return save_workbook(workbook)
