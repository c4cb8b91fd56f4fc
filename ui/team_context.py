"""Which team a ledger page works on, and the people a ledger row may name."""

from __future__ import annotations

from datetime import date

from data_access import org
from ui.context import actor
from ui.data import lookup, view
from ui.filters import selected_team_id


def working_team() -> int | None:
    """A member works on their own team; the office on the team chosen in the sidebar, where the
    districts narrow a country's hundreds of teams to a list one can pick from."""
    me = actor()
    return me.team_id if me.role == "member" else selected_team_id()


def team_people(team_id: int, on: date | None = None) -> dict[int, str]:
    """The team's people by id (on a day, or ever), for the ledgers' person fields."""
    return view(_people, actor(), team_id, on)


def _people(me, team_id: int, on: date | None) -> dict[int, str]:
    frame = lookup(org.team_members, me, team_id, on)
    return {int(r.person_id): r.name for r in frame.drop_duplicates("person_id").itertuples()}
