"""Every user-facing string the code names exists in the catalogue, in both languages."""

import re
from pathlib import Path

from data_access.choices import CHOICES
from data_access.ledgers import LEDGERS
from i18n import CATALOGUE, LANGUAGES, t

ROOT = Path(__file__).resolve().parent.parent
LITERAL_KEY = re.compile(r"""\btr\(\s*["']([a-z_]+(?:\.[a-z0-9_]+)+)["']""")


def keys_named_in_code() -> set[str]:
    found = set()
    for path in [ROOT / "app.py", *ROOT.glob("pages/*.py"), *ROOT.glob("ui/*.py")]:
        found |= set(LITERAL_KEY.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_literal_key_exists():
    assert sorted(keys_named_in_code() - set(CATALOGUE)) == []


def test_every_field_choice_and_ledger_has_a_label():
    needed = {f"ledger.{kind}" for kind in LEDGERS}
    needed |= {f.label_key for spec in LEDGERS.values() for f in spec.fields}
    needed |= {f"choice.{name}.{code}" for name, codes in CHOICES.items() for code in codes}
    assert sorted(needed - set(CATALOGUE)) == []


def test_both_languages_are_filled_and_placeholders_match():
    for key, pair in CATALOGUE.items():
        assert len(pair) == len(LANGUAGES) and all(text.strip() for text in pair), key
        assert set(re.findall(r"{(\w+)", pair[0])) == set(re.findall(r"{(\w+)", pair[1])), key


def test_english_switch_changes_the_text():
    assert t("page.overview", "zh") == "会议总览"
    assert t("page.overview", "en") == "Meeting overview"
