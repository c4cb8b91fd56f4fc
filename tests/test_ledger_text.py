"""The ledger pages, their widgets, the ledger store and sign-in hold no user text of their own:
every word and punctuation mark a user reads comes from the catalogue (i18n/messages)."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FILES = (
    "pages/excel_io.py",
    "pages/ledger_entry.py",
    "pages/ledger_grid.py",
    "ui/ledger_widgets.py",
    "data_access/auth.py",
    "data_access/ledger_store.py",
    "data_access/excel/template.py",
)
CHINESE = re.compile("[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")  # CJK punctuation, ideographs, full-width forms


def _docstrings(tree: ast.Module) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


@pytest.mark.parametrize("path", FILES)
def test_no_chinese_outside_the_catalogue(path):
    tree = ast.parse((ROOT / path).read_text())
    docstrings = _docstrings(tree)
    strings = [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]
    assert [(line, text) for line, text in strings if CHINESE.search(text)] == []
