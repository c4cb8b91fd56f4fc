"""Which pages exist, in which section, and which roles may open them."""
from __future__ import annotations

import base64
from pathlib import Path

import streamlit as st

from data_access.evaluation.scoring import EVALUATOR_ROLES
from ui.context import lang, tr

# A local favicon (Streamlit would fetch a material-icon favicon from the internet), as a data URL:
# given a file, Streamlit reads and registers it again at every run.
FAVICON = "data:image/png;base64," + base64.b64encode((Path(__file__).parent / "static" / "favicon.png").read_bytes()).decode()
ALL_ROLES = ("leadership", "office", "member", "discipline")
READERS = ("leadership", "office", "discipline")

# (section, page file, title key, icon, roles that may open it)
PAGES = (
    ("nav.overview", "pages/overview.py", "page.overview", ":material/dashboard:", ALL_ROLES),
    ("nav.overview", "pages/site_map.py", "page.site_map", ":material/map:", ALL_ROLES),
    ("nav.teams", "pages/team_progress.py", "page.team_progress", ":material/groups:", ALL_ROLES),
    ("nav.teams", "pages/compliance.py", "page.compliance", ":material/event_available:", READERS),
    ("nav.problems", "pages/problems.py", "page.problems", ":material/report_problem:", ALL_ROLES),
    ("nav.evaluation", "pages/evaluation_scoreboard.py", "page.evaluation_scoreboard", ":material/leaderboard:", READERS),
    ("nav.evaluation", "pages/evaluation_compare.py", "page.evaluation_compare", ":material/timeline:", READERS),
    ("nav.evaluation", "pages/evaluation_scoring.py", "page.evaluation_scoring", ":material/rate_review:", EVALUATOR_ROLES),
    ("nav.evaluation", "pages/evaluation_scheme.py", "page.evaluation_scheme", ":material/rule:", ("office",)),
    ("nav.evaluation", "pages/evaluation_cadres.py", "page.evaluation_cadres", ":material/badge:", ("office",)),
    ("nav.ledgers", "pages/ledger_entry.py", "page.ledger_entry", ":material/edit_note:", ("office", "member")),
    ("nav.ledgers", "pages/ledger_grid.py", "page.ledger_grid", ":material/table_edit:", ALL_ROLES),
    ("nav.ledgers", "pages/excel_io.py", "page.excel_io", ":material/upload_file:", ("office", "member")),
    ("nav.admin", "pages/admin_org.py", "page.admin_org", ":material/account_tree:", ("office",)),
    ("nav.admin", "pages/admin_settings.py", "page.admin_settings", ":material/tune:", ("office",)),
    ("nav.admin", "pages/audit_log.py", "page.audit_log", ":material/history:", ("office",)),
)


def pages_for(role: str) -> list[tuple[str, str, str, str]]:
    """(section, path, title key, icon) of the pages this role may open."""
    return [(section, path, title, icon) for section, path, title, icon, roles in PAGES if role in roles]


def navigation_for(role: str) -> dict[str, list[st.Page]]:
    """The role's pages by section, in the run's language. Built once per session, role and
    language: making sixteen pages at every run cost a third of an empty script's run. They are
    kept per session, not shared, because st.navigation marks the page it hands out."""
    built = st.session_state.setdefault("_navigation", {})
    key = (role, lang())
    if key not in built:
        built[key] = _sections(role)
    return built[key]


def _sections(role: str) -> dict[str, list[st.Page]]:
    sections: dict[str, list[st.Page]] = {}
    for section, path, title, icon in pages_for(role):
        sections.setdefault(tr(section), []).append(st.Page(path, title=tr(title), icon=icon))
    return sections
