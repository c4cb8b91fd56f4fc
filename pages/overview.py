"""The meeting view: open risks, team lights, six 一批 against targets, the timeline, what is most
overdue and what changed since the last meeting; a presentation mode steps through the teams."""

from dataclasses import replace
from datetime import timedelta

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from data_access import activity, ledger_store, org
from data_access.figures import (
    deadline_items,
    district_lights,
    light_totals,
    open_risk_rows,
    problem_rates,
    six_round,
    six_row_choices,
    six_rows,
    team_lights,
    teams_in_scope,
)
from data_access.ledger_store import RowEdit, StaleEdit
from data_access.permissions import PermissionDenied, restrict_scope
from data_access.scope import Scope
from ui.context import actor, engine, tr
from ui.data import chart, figure, table, view
from ui.filters import open_district, open_team, require_scope
from ui.team_names import team_labels, with_team_names
from ui.tiles import Tile, card_width_rem, tile_board
from ui.widgets import (
    CHART_CONFIG,
    LIGHT_ICONS,
    as_text,
    compact_page,
    count_tile,
    date_axis,
    figure_tiles,
    fraction,
    lazy_tabs,
    localise,
    percent,
)

BOARD_TEAMS = 42  # a card a team fits six rows of seven on the projector; more teams are shown by district
BANNER_RISKS = 3  # risks on the banner; all of them behind one button
REVIEWING = "reviewing_risks"  # the risks' dialog is open
MOST_OVERDUE = 10
RISK_COLUMNS = ["team_id", "found_on", "risk_type", "description", "reported_on", "reported_to", "status"]

the_round, scope = require_scope(whole_round=True)
labels = team_labels()


def reason_text(reasons) -> str:
    return "；".join(tr(key, **params) for key, params in reasons) or tr("light.reason.all_clear")


def unacknowledged_risks(scope: Scope) -> pd.DataFrame:
    risks = figure(open_risk_rows, scope)
    return risks[risks["acknowledged_by"].fillna("") == ""]


def banner(scope: Scope) -> tuple[str, int]:
    """The banner's text (the newest open risks) and how many are open."""
    risks = unacknowledged_risks(scope)
    newest = risks.head(BANNER_RISKS).itertuples()
    lines = [tr("overview.risk_banner", team=labels.get(int(r.team_id), ""), found=r.found_on, text=r.description[:80]) for r in newest]
    return "  \n".join(lines), len(risks)


def risk_banner() -> None:
    """The newest open risks in one banner, and one button to all of them, to acknowledge there."""
    text, open_count = view(banner, scope)
    if not open_count:
        st.session_state.pop(REVIEWING, None)
        return
    st.error(text, icon=":material/warning:")
    if st.button(tr("overview.review_risks", n=open_count), key="review_risks", icon=":material/done_all:"):
        st.session_state[REVIEWING] = True
    if st.session_state.get(REVIEWING):  # open until dismissed: acknowledging one leaves the rest in view
        risks_dialog()


def _stop_reviewing() -> None:
    st.session_state.pop(REVIEWING, None)


@st.dialog(" ", width="large", on_dismiss=_stop_reviewing)
def risks_dialog() -> None:
    """The banner's risks, a button each to acknowledge it, and every open risk below."""
    st.subheader(tr("overview.open_risks"))
    risks = unacknowledged_risks(scope)
    with st.container(horizontal=True):
        for risk in risks.head(BANNER_RISKS).itertuples():
            if st.button(
                tr("overview.acknowledge", team=as_text(labels.get(int(risk.team_id), ""))), key=f"ack_{risk.id}", icon=":material/done:"
            ):
                acknowledge(int(risk.id))
    shown = localise(with_team_names(risks[RISK_COLUMNS]), {"risk_type": "risk_type", "status": "risk_status"})
    st.dataframe(shown, hide_index=True, width="stretch")


def acknowledge(risk_id: int) -> None:
    row = ledger_store.get_row(engine(), actor(), "risk", risk_id)
    try:
        ledger_store.update_row(engine(), actor(), "risk", RowEdit(risk_id, row["version"], {"acknowledged_by": actor().display_name}))
    except (StaleEdit, PermissionDenied):
        st.toast(tr("overview.acknowledge_failed"))
    st.rerun()


def district_caption(scope: Scope) -> str:
    counts = light_totals(figure(district_lights, scope))
    return tr("overview.by_district", n=sum(counts.values()), **counts)


def district_tiles(scope: Scope) -> tuple[Tile, ...]:
    """A tile a district: its teams by light, their overdue items and open risks; the dot is its worst light."""
    return tuple(
        Tile(
            row.district_code,
            tr("overview.district_label", name=row.district_name, n=row.green + row.yellow + row.red),
            caption=tr("overview.district_lights", green=row.green, yellow=row.yellow, red=row.red)
            + "\n"
            + tr("overview.card_counts", overdue=row.overdue, risks=row.open_risks),
            light="red" if row.red else "yellow" if row.yellow else "green",
        )
        for row in figure(district_lights, scope).itertuples()
    )


def district_board() -> None:
    """Too many teams for a card each: a tile a district; a click on one shows its teams' cards."""
    st.caption(view(district_caption, scope))
    opened = tile_board("districts", tr("overview.districts"), tr("overview.open_district"), view(district_tiles, scope), min_width_rem=7)
    if opened is not None and scope.district_codes != (opened,):
        open_district(opened)


def team_cards(scope: Scope) -> tuple[Tile, ...]:
    """A card a team: its light, daily records, problems resolved, overdue items and open risks;
    the reasons on hover."""
    resolution = figure(problem_rates, scope, "team").set_index("team_id")["resolution"]
    cards = []
    for row in figure(team_lights, scope).itertuples():
        small = " *" if row.small_denominator else ""
        resolved = resolution[row.team_id]
        caption = "\n".join(
            (
                tr("overview.daily_short", rate=percent(row.daily), frac=fraction(row.daily)) + small,
                tr("overview.resolution_short", rate=percent(resolved), frac=fraction(resolved)),
                tr("overview.card_counts", overdue=row.overdue, risks=row.open_risks),
            )
        )
        cards.append(
            Tile(str(row.team_id), labels.get(int(row.team_id), ""), caption=caption, help=reason_text(row.reasons), light=row.light)
        )
    return tuple(cards)


def lights_board() -> None:
    """One card a team, or with too many teams one row a district; a click on a card opens the team."""
    if len(figure(teams_in_scope, scope)) > BOARD_TEAMS:  # counted without the lights, which district_lights reads
        district_board()
        return
    cards = view(team_cards, scope)
    # Wide enough for the longest name in one line at a projector's size: a name never breaks.
    opened = tile_board("lights", tr("overview.lights"), tr("overview.open_team"), cards, card_width_rem(cards), cards=True)
    if opened is not None:
        open_team(int(opened))


def six_tiles(scope: Scope) -> tuple[Tile, ...]:
    """The six 一批, each against its target."""
    return tuple(
        count_tile(
            row.metric,
            tr(f"figure.six.{row.metric}"),
            row.actual,
            tr("overview.target", target=row.target, rate=percent(row.progress))
            if pd.notna(row.target) and row.target
            else tr("overview.no_target"),
        )
        for row in figure(six_round, scope).itertuples()
    )


def six_table(metric: str) -> pd.DataFrame:
    """The rows behind one of the six, with their coded choices as labels."""
    return localise(with_team_names(figure(six_rows, restrict_scope(actor(), scope), metric)), six_row_choices(metric))


def six_board() -> None:
    figure_tiles("six", "overview.six", view(six_tiles, scope), six_table)


def timeline() -> None:
    st.plotly_chart(chart(timeline_chart, the_round.id, scope.as_of), width="stretch", config=CHART_CONFIG)


DAY_MS = 86_400_000


def timeline_chart(round_id: int, as_of) -> go.Figure:
    phases = org.phases(engine(), round_id)
    drawn = go.Figure()
    for phase in phases.itertuples():
        drawn.add_bar(
            y=[tr(f"choice.phase_kind.{phase.kind}")],
            x=[((phase.deadline - phase.start_date).days + 1) * DAY_MS],  # a date axis measures lengths in ms
            base=[phase.start_date.isoformat()],
            orientation="h",
            marker_color="#2e9d4f" if phase.completed_on and phase.completed_on <= as_of else "#8ab4f8",
            hovertemplate=f"{phase.start_date} → {phase.deadline}<extra></extra>",
            showlegend=False,
        )
    date_axis(drawn)
    drawn.add_vline(x=as_of.isoformat(), line_color="#d93025", line_dash="dash")
    drawn.add_annotation(x=as_of.isoformat(), y=1.08, yref="paper", text=tr("overview.today", day=as_of), showarrow=False)
    drawn.update_layout(height=210, margin=dict(l=10, r=10, t=30, b=10), barmode="overlay")
    return drawn


def overdue_items(scope: Scope) -> pd.DataFrame:
    return figure(deadline_items, scope, None, ("red",))


def overdue_count(scope: Scope) -> int:
    return len(overdue_items(scope))


def most_overdue_table(scope: Scope) -> pd.DataFrame:
    """The most overdue items, oldest first."""
    items = overdue_items(scope)
    oldest = items.sort_values("due", kind="stable").head(MOST_OVERDUE)
    shown = oldest[["kind", "team_id", "title", "due"]].assign(days_overdue=[(scope.as_of - due).days for due in oldest["due"]])
    shown["kind"] = shown["kind"].map(lambda k: tr(f"deadline.kind.{k}"))
    return localise(with_team_names(shown))


def most_overdue() -> None:
    n = view(overdue_count, scope)
    st.caption(tr("overview.overdue", n=n, top=min(n, MOST_OVERDUE)))
    st.dataframe(table(most_overdue_table, scope), hide_index=True, width="stretch")


def changes_table(scope: Scope, since) -> pd.DataFrame:
    """Ledgers with rows added or changed since the day, by team."""
    changed = figure(activity.changes_since, scope, since)
    changed = changed[(changed["added"] > 0) | (changed["changed"] > 0)]
    changed["kind"] = changed["kind"].map(lambda k: tr(f"ledger.{k}"))
    return changed.rename(columns=lambda c: tr(f"overview.col.{c}"))


def changes() -> None:
    since = st.date_input(tr("overview.since"), value=scope.as_of - timedelta(days=14), key="ov_since")
    st.dataframe(table(changes_table, scope, since), hide_index=True, width="stretch")


def presentation() -> None:
    """One team a screen, big, for the meeting's projector; arrows step through the teams."""
    lights = figure(team_lights, scope)
    position = st.session_state.setdefault("present_index", 0) % max(1, len(lights))
    row = lights.iloc[position]
    back, title, forward = st.columns([1, 6, 1], vertical_alignment="center")
    if back.button("◀", key="present_prev", width="stretch"):
        st.session_state["present_index"] = position - 1
        st.rerun()
    if forward.button("▶", key="present_next", width="stretch"):
        st.session_state["present_index"] = position + 1
        st.rerun()
    title.markdown(f"# {LIGHT_ICONS[row['light']]} {as_text(labels.get(int(row['team_id']), ''))}  ·  {position + 1}/{len(lights)}")
    st.markdown(f"## {reason_text(row['reasons'])}")
    team_scope = replace(scope, team_ids=(int(row["team_id"]),))
    six = figure(six_round, team_scope)
    columns = st.columns(3)
    for index, metric in enumerate(six.itertuples()):
        columns[index % 3].metric(tr(f"figure.six.{metric.metric}"), f"{metric.actual}" + (f" / {metric.target}" if metric.target else ""))
    columns[0].metric(tr("figure.compliance.daily"), percent(row["daily"]), help=fraction(row["daily"]))


compact_page()
with st.container(horizontal=True, vertical_alignment="center"):
    subtitle = tr("overview.subtitle", doc=as_text(the_round.doc_number), day=scope.as_of)
    st.markdown(f"#### {as_text(the_round.name)}\n:gray[{subtitle}]", width="stretch")
    presenting = st.toggle(tr("overview.present"), key="present_mode")
if presenting:
    presentation()
    st.stop()
risk_banner()
lights_board()
six_board()
# Below the figures, one screen of a projector holds one of these at a time; the others are a click away.
lazy_tabs("ov_tab", (("overview.tab.overdue", most_overdue), ("overview.changes", changes), ("overview.tab.timeline", timeline)))
