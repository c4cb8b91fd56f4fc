"""How the deliverables' figures read on screen: the status matrix with its colours, the chase list,
a team's versions. The figures themselves are ``data_access.figures.deliverables``."""

from __future__ import annotations

import pandas as pd
from pandas.io.formats.style import Styler

from ui.context import tr
from ui.team_names import team_labels

# Background of a cell by the deadline colour: overdue red, due soon amber, accepted green.
BACKGROUND = {"red": "#f8d7da", "blue": "#ffe8b3", "green": "#d4edda"}


def cell_text(status: str, colour: str) -> str:
    """A status in words, with its deadline when it matters (overdue, due soon)."""
    words = tr(f"deliverables.status.{status}")
    if colour in ("red", "blue"):
        return tr("deliverables.cell", status=words, colour=tr(f"deliverables.colour.{colour}"))
    return words


def column_title(name: str, due) -> str:
    return f"{name}（{due:%m-%d}）"


def status_matrix(rows: pd.DataFrame) -> Styler:
    """Teams down, deliverables across (in due order), each cell its status, coloured."""
    labels = team_labels()
    titled = rows.assign(
        team=rows["team_id"].map(lambda t: labels.get(int(t), str(t))),
        column=[column_title(n, d) for n, d in zip(rows["name"], rows["due"])],
        text=[cell_text(s, c) for s, c in zip(rows["status"], rows["colour"])],
    )
    order = list(dict.fromkeys(titled["column"]))
    teams = list(dict.fromkeys(titled.sort_values("team_id")["team"]))
    texts = titled.pivot(index="team", columns="column", values="text").reindex(index=teams, columns=order)
    colours = titled.pivot(index="team", columns="column", values="colour").reindex(index=teams, columns=order)
    texts.index.name = tr("deliverables.col.team")
    texts.columns.name = None
    styles = colours.map(lambda c: f"background-color: {BACKGROUND[c]}" if c in BACKGROUND else "")
    return texts.style.apply(lambda _frame: styles, axis=None)


ROW_COLUMNS = ("team", "name", "phase", "due", "status", "version", "submitted_on", "comment")
MEMBER_COLUMNS = ("name", "due", "status", "comment")  # a phone's width: the team's own, what to do


def status_rows(rows: pd.DataFrame, columns: tuple[str, ...] = ROW_COLUMNS) -> Styler:
    """The figure's rows as listed, the status coloured; a version and its day blank while missing."""
    labels = team_labels()
    every = pd.DataFrame(
        {
            "team": rows["team_id"].map(lambda t: labels.get(int(t), str(t))),
            "name": rows["name"],
            "phase": rows["phase"].map(lambda p: tr(f"choice.phase_kind.{p}") if isinstance(p, str) else ""),
            "due": rows["due"].map(lambda d: f"{d:%Y-%m-%d}"),
            "status": [cell_text(s, c) for s, c in zip(rows["status"], rows["colour"])],
            "version": rows["version"].map(lambda v: "" if pd.isna(v) else str(v)),
            "submitted_on": rows["submitted_on"].map(lambda d: "" if d is None or pd.isna(d) else f"{d:%Y-%m-%d}"),
            "comment": rows["comment"],
        }
    )
    colours = list(rows["colour"])
    shown = every[list(columns)].rename(columns=lambda c: tr(f"deliverables.col.{c}"))
    status_column = tr("deliverables.col.status")

    def paint(column: pd.Series) -> list[str]:
        if column.name != status_column:
            return [""] * len(column)
        return [f"background-color: {BACKGROUND[c]}" if c in BACKGROUND else "" for c in colours]

    return shown.style.apply(paint)


def chase_counts(counts: pd.DataFrame) -> pd.DataFrame:
    labels = team_labels()
    shown = counts.assign(team_id=counts["team_id"].map(lambda t: labels.get(int(t), str(t))))
    return shown.rename(columns=lambda c: tr("deliverables.col.team") if c == "team_id" else tr(f"deliverables.col.{c}"))


def versions_table(versions: pd.DataFrame) -> pd.DataFrame:
    """A team's versions as listed (newest first), the office's comment with each."""
    return pd.DataFrame(
        {
            tr("deliverables.col.version"): versions["version"],
            tr("deliverables.col.filename"): versions["filename"],
            tr("deliverables.col.size_kb"): (versions["size"] / 1024).round(1),
            tr("deliverables.col.submitted_on"): versions["submitted_on"].map(lambda d: f"{d:%Y-%m-%d}"),
            tr("deliverables.col.note"): versions["note"],
            tr("deliverables.col.decision"): versions["decision"].map(lambda d: tr(f"deliverables.decision.{d or 'none'}")),
            tr("deliverables.col.reviewed_on"): versions["reviewed_on"].map(lambda d: "" if d is None or pd.isna(d) else f"{d:%Y-%m-%d}"),
            tr("deliverables.col.review_comment"): versions["comment"],
        }
    )


def deliverables_table(deliverables: pd.DataFrame) -> pd.DataFrame:
    """The round's deliverables as the office set them up: name, phase, due day."""
    return pd.DataFrame(
        {
            tr("deliverables.col.name"): deliverables["name"],
            tr("deliverables.col.phase"): deliverables["phase"].map(lambda p: tr(f"choice.phase_kind.{p}") if isinstance(p, str) else ""),
            tr("deliverables.col.due"): deliverables["due_date"].map(lambda d: f"{d:%Y-%m-%d}"),
        }
    )
