"""The one catalogue of user-facing text, Simplified Chinese first, English second.

Each module in ``i18n.messages`` holds one area's ``MESSAGES = {key: (zh, en)}``;
they are merged here so that every string is looked up in one place.
"""

from __future__ import annotations

import importlib
import pkgutil

from i18n import messages as _messages_pkg

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"


def _load_catalogue() -> dict[str, tuple[str, str]]:
    catalogue: dict[str, tuple[str, str]] = {}
    for module_info in pkgutil.iter_modules(_messages_pkg.__path__):
        module = importlib.import_module(f"{_messages_pkg.__name__}.{module_info.name}")
        for key, pair in module.MESSAGES.items():
            if key in catalogue:
                raise ValueError(f"message key defined twice: {key}")
            catalogue[key] = pair
    return catalogue


CATALOGUE = _load_catalogue()


def t(key: str, lang: str = DEFAULT_LANGUAGE, **params) -> str:
    """Translate ``key``; a missing key shows itself so that it is noticed, never crashes a page."""
    pair = CATALOGUE.get(key)
    if pair is None:
        return key
    text = pair[LANGUAGES.index(lang) if lang in LANGUAGES else 0]
    return text.format(**params) if params else text


def choice_label(choice_set: str, code: str | None, lang: str = DEFAULT_LANGUAGE) -> str:
    if code is None or code == "":
        return ""
    return t(f"choice.{choice_set}.{code}", lang)
