"""Every figure has a name and a definition in both languages, and every key the figures emit exists."""

from __future__ import annotations

import inspect

from data_access import figures as F
from data_access.settings import DEFAULTS
from i18n import CATALOGUE, t
from i18n.messages.figures import MESSAGES


def test_every_figure_has_a_name_and_definition():
    assert set(F.DEFINITIONS) == set(F.NAMES) == set(F.FIGURE_KEYS)
    for key in F.FIGURE_KEYS:
        for catalogue_key in (F.NAMES[key], F.DEFINITIONS[key]):
            zh, en = CATALOGUE[catalogue_key]
            assert zh and en, catalogue_key


def test_keys_the_figures_emit_exist():
    emitted = [
        "calendar.note.fallback",
        *(f"light.{c}" for c in ("green", "yellow", "red")),
        *(f"light.reason.{r}" for r in ("compliance_low", "compliance_mid", "overdue_many", "overdue_some")),
        "light.reason.open_risk",
        *(f"deadline.colour.{c}" for c in F.COLOURS),
        *(f"deadline.kind.{k}" for k in F.KINDS),
        *(f"settings.label.{k}" for k in DEFAULTS),
        *(f"settings.error.{e}" for e in ("unknown_key", "not_number", "not_integer", "out_of_range")),
        "settings.error.red_above_green",
    ]
    assert [key for key in emitted if key not in MESSAGES] == []


def test_reason_texts_take_their_params():
    params = {"rate": 0.62, "num": 31, "den": 50, "threshold": 0.7}
    assert t("light.reason.compliance_low", "zh", **params) == "日记录完成率 62%（31/50），低于 70%"
    assert t("light.reason.open_risk", "en", count=1) == "Open major risks: 1"
    assert t("settings.error.out_of_range", "en", setting="x", min=0, max=1.0) == "Must be between 0 and 1"


def test_every_public_figure_function_has_a_docstring():
    for name in F.__all__:
        obj = getattr(F, name)
        if inspect.isfunction(obj):
            assert obj.__doc__ and obj.__doc__.strip(), name
