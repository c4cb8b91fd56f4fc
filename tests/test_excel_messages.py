"""Every message the Excel code names exists in both languages with the same placeholders."""

import re
import string
from pathlib import Path

from data_access.ledgers import LEDGERS
from i18n import CATALOGUE
from i18n.messages.excel import MESSAGES

EXCEL_DIR = Path(__file__).resolve().parent.parent / "data_access" / "excel"


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_literal_key_used_is_in_the_catalogue():
    used = set()
    for path in EXCEL_DIR.glob("*.py"):
        used |= set(re.findall(r'"((?:excel|validation|field|ledger|perm)\.[a-z_.]+)"', path.read_text()))
    missing = sorted(key for key in used if key not in CATALOGUE and not key.endswith("."))
    assert missing == []


def test_dynamic_keys_exist():
    for column in ("seq", "site", "liaison", "leader", "members"):
        assert f"excel.assign.col.{column}" in CATALOGUE
    for table in ("site", "person", "team", "team_member"):
        assert f"excel.assign.table.{table}" in CATALOGUE
    for spec in LEDGERS.values():
        for f in spec.fields:
            assert f.widget == "choice" or f"excel.hint.{f.widget}" in CATALOGUE
    assert "excel.hint.bool" in CATALOGUE


def test_both_languages_take_the_same_parameters():
    for key, (zh, en) in MESSAGES.items():
        assert placeholders(zh) == placeholders(en), key
        assert zh.strip() and en.strip(), key
