"""The round's evaluation for a meeting: teams per band, the ranking, each team's scores by
dimension and indicator with the evidence one click away, the praise and criticism lists."""

import streamlit as st

from data_access.evaluation import records, schemes, scoring
from data_access.excel.evaluation import evaluation_workbook
from ui.context import actor, engine, lang, tr
from ui.data import chart, figure, table, view
from ui.evaluation import (
    CHART_EACH_END,
    band_mark,
    breakdown_frame,
    charted_teams,
    open_evidence,
    provisional_ranking_view,
    radar,
    ranking_config,
    ranking_frame,
    require_evaluation,
    stacked_dimensions,
    status_line,
)
from ui.filters import require_scope
from ui.team_names import team_labels
from ui.tiles import Tile
from ui.widgets import CHART_CONFIG, XLSX, as_text, compact_page, count_tile, figure_tiles, lazy_tabs

compact_page()
st.header(tr("page.evaluation_scoreboard"))
the_round, _scope = require_scope(whole_round=True)
if figure(schemes.live_scheme_id, the_round.id) is None:
    provisional_ranking_view(the_round)
    st.stop()
head = require_evaluation(the_round)
board = figure(scoring.scoreboard, head.id)
band_table = figure(schemes.bands, head.id)
dims = figure(scoring.dimension_scores, head.id)
status_line(head, figure(scoring.snapshot_time, head.id))


def band_tiles(scheme_id: int) -> tuple[Tile, ...]:
    """A tile a band: its mark, how many teams and their share; the key is the band's name."""
    teams = figure(scoring.scoreboard, scheme_id)
    bands = figure(schemes.bands, scheme_id)
    return tuple(
        count_tile(
            band.band, band_mark(band.band, bands), int(band.teams), tr("eval.band_caption", share=f"{band.teams / max(len(teams), 1):.0%}")
        )
        for band in scoring.band_counts(teams, bands).itertuples()
    )


figure_tiles("ev_band_tiles", "eval.bands", view(band_tiles, head.id), lambda band: ranking_frame(board[board["band"] == band]))


def team_breakdown(team) -> None:
    name = team_labels()[int(team.team_id)]
    st.subheader(tr("eval.breakdown", team=as_text(name), total=f"{team.total:.2f}", band=as_text(team.band)))
    detail = figure(scoring.breakdown, head.id, int(team.team_id))
    chart_column, table_column = st.columns([2, 3])
    with chart_column:
        st.caption(tr("eval.radar_of", team=as_text(name)))
        st.plotly_chart(radar(dims, int(team.team_id), name), width="stretch", config=CHART_CONFIG)
    with table_column:
        st.caption(tr("eval.pick_indicator"))
        picked = st.dataframe(
            breakdown_frame(detail),
            hide_index=True,
            width="stretch",
            on_select="rerun",
            selection_mode="single-row",
            key=f"ev_detail_{int(team.team_id)}",
        )
    if picked.selection.rows:
        open_evidence(head.id, int(team.team_id), name, detail.iloc[picked.selection.rows[0]])


def ranking(scheme_id: int):
    return ranking_frame(figure(scoring.scoreboard, scheme_id))


def praise_and_criticism(scheme_id: int):
    """The two lists as shown, with the people named in each."""
    shown = []
    for frame in figure(records.praise_and_criticism, scheme_id):
        listed = ranking_frame(frame).drop(columns=[tr("field.flags")])
        listed[tr("field.people")] = frame["people"].values
        shown.append(listed)
    return tuple(shown)


def ranking_notes(scheme) -> tuple[str, ...]:
    """What the ranking's marks mean: small teams, and the cap on the top band."""
    notes = [tr("eval.small_note", n=figure(scoring.small_threshold))] if figure(scoring.scoreboard, scheme.id)["small"].any() else []
    if scheme.top_band_cap:
        notes.append(tr("eval.cap_note", band=as_text(figure(schemes.bands, scheme.id)["name"].iloc[0]), cap=f"{scheme.top_band_cap:.0%}"))
    return tuple(notes)


def ranking_tab() -> None:
    st.caption(tr("eval.pick_team"))
    picked = st.dataframe(
        table(ranking, head.id),
        hide_index=True,
        width="stretch",
        column_config=ranking_config(),
        on_select="rerun",
        selection_mode="single-row",
        key="ev_ranking",
    )
    for note in view(ranking_notes, head):
        st.caption(note)
    if picked.selection.rows:
        team_breakdown(board.iloc[picked.selection.rows[0]])


def dimension_tab() -> None:
    if len(charted_teams(board)) < len(board):
        st.caption(tr("eval.chart_ends", n=CHART_EACH_END, total=len(board)))
    st.plotly_chart(chart(stacked_dimensions, head.id), width="stretch", config=CHART_CONFIG)


def lists_tab() -> None:
    st.caption(tr("eval.lists_note"))
    top, bottom = as_text(band_table["name"].iloc[0]), as_text(band_table["name"].iloc[-1])
    titles = (tr("eval.praise", band=top), tr("eval.criticism", band=bottom))
    for title, shown in zip(titles, view(praise_and_criticism, head.id)):
        st.subheader(title)
        if shown.empty:
            st.caption(tr("eval.praise_none"))
        else:
            st.dataframe(shown, hide_index=True, width="stretch", column_config=ranking_config())


def export_tab() -> None:
    st.caption(tr("eval.export_intro"))
    if st.button(tr("eval.export_build"), icon=":material/download:", key="ev_build"):
        st.session_state["evaluation_workbook"] = (head.id, evaluation_workbook(engine(), actor(), head.id, lang()))
    built = st.session_state.get("evaluation_workbook")
    if built and built[0] == head.id:
        file_name = f"{tr('excel.eval.file')}-{head.name}.xlsx"
        st.download_button(tr("eval.export_download", file=file_name), built[1], file_name=file_name, mime=XLSX, key="ev_download")


TABS = (
    ("eval.tab.ranking", ranking_tab),
    ("eval.tab.dimensions", dimension_tab),
    ("eval.tab.lists", lists_tab),
    ("eval.tab.export", export_tab),
)
lazy_tabs("ev_tab", TABS)
