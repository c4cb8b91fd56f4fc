"""Who may read and change what (DOMAIN.md, "Who uses it"), checked where the data is.

Every data_access function that reads team data or writes anything takes the
acting user (``auth.Actor``) and calls one of these first; hiding a page or a
button in the UI is only a courtesy on top.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from data_access import logs
from data_access.auth import Actor
from data_access.scope import Scope

READ_ALL_ROLES = ("office", "leadership", "discipline")
# The leadership group may leave an instruction (批示) or acknowledge a risk, nothing else.
LEADERSHIP_WRITABLE_FIELDS = {"problem": ("instruction",), "risk": ("acknowledged_by",)}


class PermissionDenied(Exception):
    def __init__(self, key: str = "perm.denied"):
        super().__init__(key)
        self.key = key


def require(condition: bool, key: str = "perm.denied") -> None:
    if not condition:
        logs.event("refused", logging.WARNING, reason=key)
        raise PermissionDenied(key)


def can_read_team(actor: Actor, team_id: int) -> bool:
    return actor.role in READ_ALL_ROLES or (actor.role == "member" and actor.team_id == team_id)


def readable_team_ids(actor: Actor) -> tuple[int, ...] | None:
    """None means every team; a member sees only their own."""
    if actor.role in READ_ALL_ROLES:
        return None
    return (actor.team_id,) if actor.team_id is not None else ()


def restrict_scope(actor: Actor, scope: Scope) -> Scope:
    """The scope narrowed to what the actor may read row by row: a member's own team."""
    allowed = readable_team_ids(actor)
    if allowed is None:
        return scope
    return replace(scope, team_ids=tuple(t for t in (scope.team_ids or allowed) if t in allowed))


def can_write_ledger(actor: Actor, team_id: int) -> bool:
    return actor.role == "office" or (actor.role == "member" and actor.team_id == team_id)


def writable_fields(actor: Actor, kind: str, team_id: int, all_fields: tuple[str, ...]) -> tuple[str, ...]:
    """The fields of a ledger row this actor may change."""
    if can_write_ledger(actor, team_id):
        return all_fields
    if actor.role == "leadership":
        return LEADERSHIP_WRITABLE_FIELDS.get(kind, ())
    return ()


def is_office(actor: Actor) -> bool:
    return actor.role == "office"


def require_office(actor: Actor) -> None:
    require(is_office(actor), "perm.office_only")


def can_submit_deliverable(actor: Actor, team_id: int) -> bool:
    """A team's documents are handed in by its own members; the office reviews them, it does not write them."""
    return actor.role == "member" and actor.team_id == team_id


def can_review_deliverables(actor: Actor) -> bool:
    """Accepting or returning a document is the liaison office's (seed 000 §6.2: it collects them)."""
    return is_office(actor)
