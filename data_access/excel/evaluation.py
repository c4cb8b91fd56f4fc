"""The evaluation as a formatted workbook, and as sheets of the round's workbook: the ranking with
bands and dimension scores, every indicator with its value, numerator and denominator, and
(for the office) the cadre records."""

from __future__ import annotations

import pandas as pd
from sqlalchemy.engine import Engine
from sqlmodel import Session

from data_access import logs
from data_access.auth import Actor
from data_access.db import read_session
from data_access.evaluation import records, schemes, scoring
from data_access.excel.cells import BOLD, PLAIN, Book, Styled, style
from data_access.models import Round
from data_access.permissions import READ_ALL_ROLES, is_office, require
from i18n import DEFAULT_LANGUAGE, choice_label, t

TOP = style(bg_color="#C6EFCE")
BOTTOM = style(bg_color="#FFC7CE")
SCORE = style(num_format="0.00")
TOTAL = style(num_format="0.00", bold=True)


def _scores(values: list) -> list:
    """Floats as scores, the rest as they are."""
    return [Styled(v, SCORE) if isinstance(v, float) else v for v in values]


def ranking_sheet(book: Book, session: Session, scheme_id: int, lang: str) -> None:
    """Rank, team, one column per dimension, total and band; the top band green, the bottom red."""
    head = schemes.header(session, scheme_id)
    band_table = schemes.bands(session, scheme_id)
    board = scoring.scoreboard(session, scheme_id)
    by_dimension = scoring.dimension_scores(session, scheme_id)
    dims = by_dimension.pivot(index="team_id", columns="dimension", values="points")
    dimension_names = list(dict.fromkeys(by_dimension["dimension"]))
    labels = (
        [t(f"field.{c}", lang) for c in ("rank", "team")] + dimension_names + [t(f"field.{c}", lang) for c in ("total", "band", "flags")]
    )
    sheet = book.sheet(t("excel.eval.sheet", lang), [8, 26] + [12] * len(dimension_names) + [10, 10, 28])
    round_name = session.get(Round, head.round_id).name
    status = t(f"eval.status.{head.status}", lang)
    sheet.append([Styled(t("excel.eval.title", lang, round=round_name, scheme=head.name, status=status), BOLD)])
    bands_text = "；".join(f"{n} ≥ {m:g}" for n, m in zip(band_table["name"], band_table["min_score"]))
    sheet.append([t("excel.eval.subtitle", lang, day=head.evaluation_date.isoformat(), bands=bands_text)])
    sheet.header(labels)
    top, bottom = band_table["name"].iloc[0], band_table["name"].iloc[-1]
    for row in board.itertuples():
        fill = TOP if row.band == top else BOTTOM if row.band == bottom else PLAIN
        values = [row.rank, f"{row.seq}. {row.site_name}"] + [float(dims.loc[row.team_id, d]) for d in dimension_names]
        flags = [t("eval.flag.small", lang)] * bool(row.small) + [t("eval.flag.incomplete", lang)] * bool(row.incomplete)
        sheet.append(_scores(values) + [Styled(float(row.total), TOTAL), Styled(row.band, fill), "；".join(flags)])


def detail_sheet(book: Book, session: Session, scheme_id: int, lang: str) -> None:
    """Every team × indicator: weight, source, value with numerator and denominator, evaluators, score, points."""
    board = scoring.scoreboard(session, scheme_id)
    columns = ("team", "dimension", "indicator", "weight", "source", "value", "numerator", "denominator", "evaluators", "score", "points")
    sheet = book.sheet(t("excel.eval.detail_sheet", lang), [24, 12, 20, 8, 22, 12, 10, 10, 10, 10, 12], freeze_header=True)
    sheet.header([t(f"field.{c}", lang) for c in columns])
    every_team = scoring.breakdown(session, scheme_id)
    breakdowns = {int(team_id): list(rows.itertuples()) for team_id, rows in every_team.groupby("team_id", sort=False)}
    for team in board.itertuples():
        for row in breakdowns.get(team.team_id, ()):
            sheet.append(_scores(_detail_values(team, row, lang)))


def _detail_values(team, row, lang: str) -> list:
    """Missing values (NaN) become empty cells; the count of evaluators stays a whole number."""
    return [
        f"{team.seq}. {team.site_name}",
        row.dimension,
        row.name,
        float(row.weight),
        t(f"eval.source.{row.source}", lang),
        row.value,
        row.numerator,
        row.denominator,
        None if pd.isna(row.evaluators) else int(row.evaluators),
        float(row.score),
        float(row.points),
    ]


def cadre_sheet(book: Book, engine: Engine, actor: Actor, round_id: int, lang: str) -> None:
    frame = records.cadre_records(engine, actor, round_id).drop(columns=["person_id"])
    frame["origin"] = frame["origin"].map(lambda c: choice_label("person_origin", c, lang))
    frame["role"] = frame["role"].map(lambda c: choice_label("member_role", c, lang))
    sheet = book.sheet(t("excel.eval.cadre_sheet", lang), [10, 16, 14, 48, 10, 10, 10, 10, 12, 40], freeze_header=True)
    sheet.header([t(f"field.{c}", lang) for c in frame.columns])
    for record in frame.itertuples(index=False, name=None):
        sheet.append(None if pd.isna(v) else v for v in record)


def add_evaluation_sheets(book: Book, session: Session, round_id: int, lang: str) -> None:
    """The round's evaluation (open or published), if there is one, as two sheets."""
    scheme_id = schemes.live_scheme_id(session, round_id)
    if scheme_id is not None:
        ranking_sheet(book, session, scheme_id, lang)
        detail_sheet(book, session, scheme_id, lang)


@logs.exported("evaluation_workbook")
def evaluation_workbook(engine: Engine, actor: Actor, scheme_id: int, lang: str = DEFAULT_LANGUAGE) -> bytes:
    """The evaluation on its own; the office's copy carries the cadre records too."""
    require(actor.role in READ_ALL_ROLES)
    book = Book()
    with read_session(engine) as session:
        ranking_sheet(book, session, scheme_id, lang)
        detail_sheet(book, session, scheme_id, lang)
        round_id = schemes.header(session, scheme_id).round_id
    if is_office(actor):
        cadre_sheet(book, engine, actor, round_id, lang)
    return book.to_bytes()
