"""The layers in pyproject.toml are enforced: a deliberate violation breaks import-linter.

scripts/test.sh runs import-linter on the tree before pytest; these tests show that the
contracts it checks would catch the violations they are there for.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("pages", "ui", "data_access", "i18n", "bench", "tools")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the app's packages and pyproject.toml, to break on purpose."""
    for package in PACKAGES:
        shutil.copytree(REPO / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path)
    return tmp_path


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=root, env=env, capture_output=True, text=True, timeout=120)


def append(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


def test_the_tree_keeps_every_contract(tree):
    result = lint_imports(tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_streamlit_in_data_access_breaks_a_contract(tree):
    append(tree / "data_access" / "models.py", "import streamlit  # noqa")
    result = lint_imports(tree)
    assert result.returncode != 0
    assert "data_access never imports Streamlit BROKEN" in result.stdout
    assert "data_access.models -> streamlit" in result.stdout


def test_data_access_importing_ui_breaks_the_layers(tree):
    append(tree / "data_access" / "org.py", "import ui.filters  # noqa")
    result = lint_imports(tree)
    assert result.returncode != 0
    assert "Layers: pages call ui, ui calls data_access, never the other way BROKEN" in result.stdout


def test_sqlalchemy_in_a_page_breaks_a_contract(tree):
    append(tree / "pages" / "overview.py", "import sqlalchemy  # noqa")
    result = lint_imports(tree)
    assert result.returncode != 0
    assert "pages reach the database only through data_access BROKEN" in result.stdout


def test_the_app_importing_the_offline_extractor_breaks_a_contract(tree):
    append(tree / "data_access" / "geo.py", "import tools.extract_geo  # noqa")
    result = lint_imports(tree)
    assert result.returncode != 0
    assert "The app never imports the offline tools (they need dev-only packages) BROKEN" in result.stdout
