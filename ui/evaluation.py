"""Pieces the evaluation pages share: the round's evaluation, its status line, team labels, the
ranking table, the breakdown charts and the evidence dialog."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from data_access.evaluation import provisional, schemes, scoring
from data_access.evaluation.schemes import SchemeHeader
from data_access.evaluation.sources import SOURCES
from data_access.figures.common import SatisfactionRate
from data_access.ledgers import LEDGERS
from data_access.org import RoundInfo
from ui.context import tr
from ui.data import figure, table
from ui.filters import ask_for_as_of
from ui.team_names import team_labels
from ui.widgets import as_text, fraction, local_time, localise, table_download

CHART_EACH_END = 20
BAND_MARKS = (":green[●]", ":red[●]")  # the top band, the bottom band


def require_evaluation(the_round: RoundInfo, missing_key: str = "eval.none") -> SchemeHeader:
    """The round's open or published evaluation; the page says so and stops when there is none."""
    scheme_id = figure(schemes.live_scheme_id, the_round.id)
    if scheme_id is None:
        st.info(tr(missing_key))
        st.stop()
    return figure(schemes.header, scheme_id)


def status_line(head: SchemeHeader, read_at) -> None:
    st.caption(tr("eval.header", name=as_text(head.name), day=head.evaluation_date.isoformat(), read=local_time(read_at)))
    if head.status == schemes.CLOSED:
        st.success(tr("eval.published", at=local_time(head.closed_at)), icon=":material/verified:")
    else:
        st.warning(tr("eval.provisional"), icon=":material/pending:")


def band_mark(band: str, band_table: pd.DataFrame) -> str:
    names = list(band_table["name"])
    if band == names[0]:
        return f"{BAND_MARKS[0]} {band}"
    if band == names[-1]:
        return f"{BAND_MARKS[1]} {band}"
    return band


def flags_text(row) -> str:
    flags = [tr("eval.flag.small")] * bool(row.small) + [tr("eval.flag.incomplete")] * bool(getattr(row, "incomplete", False))
    return "；".join(flags)


def ranking_frame(board: pd.DataFrame) -> pd.DataFrame:
    """The ranking as shown: rank, team, total, band (a provisional ranking has none), notes."""
    labels = team_labels()
    shown = {
        tr("field.rank"): board["rank"],
        tr("field.team"): [labels[int(t)] for t in board["team_id"]],
        tr("field.total"): board["total"],
        tr("field.band"): board["band"] if "band" in board else None,
        tr("field.flags"): [flags_text(r) for r in board.itertuples()],
    }
    if "band" not in board:
        del shown[tr("field.band")]
    return pd.DataFrame(shown)


def ranking_config() -> dict:
    return {tr("field.total"): st.column_config.ProgressColumn(format="%.2f", min_value=0, max_value=100)}


def charted_teams(board: pd.DataFrame) -> pd.DataFrame:
    """The teams a chart of the ranking shows: all, or in a national round the best and the last
    CHART_EACH_END, readable on a screen."""
    if len(board) > 2 * CHART_EACH_END:
        return pd.concat([board.head(CHART_EACH_END), board.tail(CHART_EACH_END)])
    return board


def stacked_dimensions(scheme_id: int) -> go.Figure:
    """One bar per charted team, highest total on top, split into the points of each dimension."""
    board = charted_teams(figure(scoring.scoreboard, scheme_id))
    dims = figure(scoring.dimension_scores, scheme_id)
    dims = dims[dims["team_id"].isin(board["team_id"])]
    labels = team_labels()
    order = [labels[int(t)] for t in board["team_id"]][::-1]
    chart = go.Figure()
    for dimension, part in dims.groupby("dimension", sort=False):
        chart.add_bar(y=[labels[int(t)] for t in part["team_id"]], x=part["points"], name=dimension, orientation="h")
    chart.update_layout(
        barmode="stack",
        height=max(320, 36 * len(board) + 120),
        margin=dict(l=10, r=10, t=30, b=10),
        legend=dict(orientation="h"),
        xaxis=dict(range=[0, 100], title=tr("eval.chart.points")),
        yaxis=dict(categoryorder="array", categoryarray=order),
    )
    return chart


def radar(dims: pd.DataFrame, team_id: int, team_name: str) -> go.Figure:
    """The team's share of full marks in each dimension against the average of all teams."""
    mine = dims[dims["team_id"] == team_id]
    average = dims.groupby("dimension", sort=False)["share"].mean()
    theta = list(mine["dimension"]) + [mine["dimension"].iloc[0]]
    chart = go.Figure()
    for name, values in ((tr("eval.average"), [average[d] for d in mine["dimension"]]), (team_name, list(mine["share"]))):
        chart.add_scatterpolar(r=[100 * v for v in values + values[:1]], theta=theta, name=name, fill="toself")
    chart.update_layout(
        polar=dict(radialaxis=dict(range=[0, 100], ticksuffix="%")),
        height=340,
        margin=dict(l=30, r=30, t=30, b=20),
        legend=dict(orientation="h"),
    )
    return chart


def breakdown_frame(detail: pd.DataFrame) -> pd.DataFrame:
    """One team's indicators: the value with its numerator and denominator, or the evaluators."""

    def value_text(row) -> str:
        if row.source == "subjective":
            return f"{int(row.evaluators or 0)} {tr('field.evaluators')}" if pd.notna(row.evaluators) else tr("eval.no_data")
        # A live reading keeps satisfaction's counts (a Rate); a stored snapshot only its numerator.
        rate = getattr(row, "rate", None)
        parts = fraction(rate) if isinstance(rate, SatisfactionRate) else f"{row.numerator:g}/{row.denominator:g}"
        if pd.isna(row.value):
            return f"{tr('eval.no_data')} ({parts})"
        return f"{row.value:.1f}% ({parts})"

    return pd.DataFrame(
        {
            tr("field.dimension"): detail["dimension"],
            tr("field.indicator"): detail["name"],
            tr("field.source"): [tr(f"eval.source.{s}") for s in detail["source"]],
            tr("field.weight"): detail["weight"],
            tr("field.value"): [value_text(r) for r in detail.itertuples()],
            tr("field.score"): detail["score"],
            tr("field.points"): detail["points"],
        }
    )


def evidence_table(source_key: str, rows: pd.DataFrame) -> pd.DataFrame:
    """An objective indicator's rows as shown: labelled as its source names them, without ids."""
    source = SOURCES[source_key]
    rows = rows.drop(columns=[c for c in rows.columns if c == "id" or c.endswith("_id")])
    if source.labels != "field":
        return rows.rename(columns=lambda c: tr(f"{source.labels}.{c}"))
    return localise(rows, LEDGERS[source.ledger].choice_columns if source.ledger else None)


@st.dialog(" ", width="large")
def evidence_dialog(title: str, note: str, rows: pd.DataFrame) -> None:
    st.subheader(as_text(title))
    if note:
        st.caption(note)
    st.caption(tr("grid.count", n=len(rows)))
    st.dataframe(rows, hide_index=True, width="stretch")
    table_download(rows, title)


def open_evidence(scheme_id: int, team_id: int, team_name: str, indicator) -> None:
    """The rows behind one indicator of one team: ledger rows, or each evaluator's score and comment."""
    title = tr("eval.evidence_title", team=team_name, indicator=indicator["name"])  # .name is the Series' label
    if indicator.source == "subjective":
        rows = figure(scoring.subjective_rows, scheme_id, team_id, int(indicator.indicator_id))
        evidence_dialog(title, "", localise(rows))
        return
    value = "—" if pd.isna(indicator.value) else f"{indicator.value:.1f}%"
    note = tr("eval.evidence_frozen", value=value, num=f"{indicator.numerator:g}", den=f"{indicator.denominator:g}")
    rows = figure(scoring.objective_evidence, scheme_id, int(indicator.indicator_id), team_id)
    evidence_dialog(title, note, evidence_table(indicator.source, rows))


def provisional_ranking_view(the_round: RoundInfo) -> None:
    """A round without an open or published evaluation: where the teams stand on the objective
    indicators as of the chosen day, marked as provisional; a row opens the team's indicators and
    an indicator the rows behind it."""
    st.warning(tr("eval.provisional_ranking"), icon=":material/pending:")
    as_of = ask_for_as_of(the_round)
    board = figure(provisional.provisional_ranking, the_round.id, as_of)
    st.caption(tr("eval.pick_team"))
    picked = st.dataframe(
        table(provisional_ranking_table, the_round.id, as_of),
        hide_index=True,
        width="stretch",
        column_config=ranking_config(),
        on_select="rerun",
        selection_mode="single-row",
        key="ev_provisional",
    )
    if board["small"].any():
        st.caption(tr("eval.small_note", n=figure(scoring.small_threshold)))
    if picked.selection.rows:
        _provisional_team(the_round.id, as_of, int(board.iloc[picked.selection.rows[0]]["team_id"]))


def provisional_ranking_table(round_id: int, as_of) -> pd.DataFrame:
    return ranking_frame(figure(provisional.provisional_ranking, round_id, as_of))


def _provisional_team(round_id: int, as_of, team_id: int) -> None:
    name = team_labels()[team_id]
    detail = figure(provisional.provisional_breakdown, round_id, as_of, team_id)
    st.subheader(tr("eval.provisional_breakdown", team=name, total=f"{detail['points'].sum():.2f}"))
    st.caption(tr("eval.pick_indicator"))
    picked = st.dataframe(
        breakdown_frame(detail.assign(evaluators=None)).drop(columns=tr("field.source")),  # every source is objective
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key=f"ev_provisional_{team_id}",
    )
    if picked.selection.rows:
        indicator = detail.iloc[picked.selection.rows[0]]
        rows = figure(provisional.provisional_evidence, round_id, as_of, indicator.source, team_id)
        value = "—" if pd.isna(indicator.value) else f"{indicator.value:.1f}%"
        note = tr(
            "eval.evidence_as_of", day=as_of.isoformat(), value=value, num=f"{indicator.numerator:g}", den=f"{indicator.denominator:g}"
        )
        title = tr("eval.evidence_title", team=name, indicator=indicator["name"])
        evidence_dialog(title, note, evidence_table(indicator.source, rows))
