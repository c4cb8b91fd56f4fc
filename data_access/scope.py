"""What a figure or a list is about: a round, optionally some districts or teams, as of a day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, select

from data_access.models import Site, Team


@dataclass(frozen=True)
class Scope:
    round_id: int
    as_of: date
    team_ids: tuple[int, ...] | None = None  # None: every team of the round
    district_codes: tuple[str, ...] | None = None  # None: every district

    def team_id_query(self) -> Select:
        """SELECT team.id for the teams in scope; figures filter with ``team_id IN (...)``."""
        query = select(Team.id).where(Team.round_id == self.round_id)
        if self.team_ids is not None:
            query = query.where(Team.id.in_(self.team_ids))
        if self.district_codes is not None:
            query = query.join(Site, Site.id == Team.site_id).where(Site.district_code.in_(self.district_codes))
        return query
