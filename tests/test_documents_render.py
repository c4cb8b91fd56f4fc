"""The generated documents open in LibreOffice: each is converted to PDF (soffice --headless) and
to PNG pages (pdftoppm), saved under test-artifacts/documents/ to be looked at; the PDF has a
plausible number of pages, its charts, and its text holds the title and the figures' numbers.

Rendered from the sample round with charts drawn for real (kaleido in Debian's Chromium). The
office's fonts are not on this machine: a fontconfig file maps them to the Noto CJK fonts, as
Word would show 仿宋_GB2312 where it is installed (without it LibreOffice would fall back to a
sans-serif face for all of them).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from data_access.auth import Actor
from data_access.db import read_session
from data_access.documents import briefing, charts, summary_report, supervision_notice
from data_access.documents.layout import FACES
from data_access.figures import deadline_items, six_round, team_lights
from data_access.models import Round
from data_access.scope import Scope
from data_access.startup import start
from tests.conftest import require

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "documents"
OFFICE = Actor(user_id=None, role="office", display_name="办公室")
SERIF, SANS = "Noto Serif CJK SC", "Noto Sans CJK SC"


@pytest.fixture(scope="module")
def tools():
    for tool in ("soffice", "pdftoppm", "pdftotext", "pdfimages"):
        require(shutil.which(tool) is not None, f"{tool} is not installed (bash scripts/ensure_libreoffice.sh)")
    require(charts.browser_path() is not None, f"no browser for the charts at {charts.CHROMIUM} (bash scripts/ensure_chromium.sh)")


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    engine = start(f"sqlite:///{tmp_path_factory.mktemp('render') / 'sample.db'}")
    with read_session(engine) as session:
        rnd = session.exec(select(Round).where(Round.year == 2021)).one()
    # A day of the stationing, when there is still something overdue and something changing.
    yield engine, Scope(round_id=rnd.id, as_of=rnd.end_date - timedelta(days=11))
    engine.dispose()


def fontconfig(folder: Path) -> Path:
    """The system's fonts, with each office font served by the Noto CJK face of its kind."""
    aliases = "".join(
        f"<alias binding='same'><family>{face.east_asian}</family><prefer><family>{SANS if face.east_asian == '黑体' else SERIF}</family></prefer></alias>"
        for face in {face.east_asian: face for face in FACES}.values()
    )
    path = folder / "fonts.conf"
    path.write_text(f"<?xml version='1.0'?><fontconfig><include ignore_missing='yes'>/etc/fonts/fonts.conf</include>{aliases}</fontconfig>")
    return path


def render(data: bytes, name: str, folder: Path) -> tuple[str, int, int]:
    """(the PDF's text without white space, its pages, its pictures); the pages as PNGs in ARTIFACTS."""
    docx = folder / f"{name}.docx"
    docx.write_bytes(data)
    env = {"FONTCONFIG_FILE": str(fontconfig(folder)), "HOME": str(folder), "PATH": "/usr/bin:/bin"}
    profile = f"-env:UserInstallation=file://{folder / 'lo-profile'}"  # its own: other soffice runs do not collide
    subprocess.run(
        ["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(docx)],
        env=env,
        check=True,
        timeout=240,
        capture_output=True,
    )
    pdf = folder / f"{name}.pdf"
    assert pdf.exists(), f"LibreOffice wrote no PDF for {name}"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "110", "-png", str(pdf), str(ARTIFACTS / name)], check=True, timeout=240)
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True, timeout=60).stdout
    pages = len(list(ARTIFACTS.glob(f"{name}-*.png")))
    listed = subprocess.run(["pdfimages", "-list", str(pdf)], check=True, capture_output=True, text=True, timeout=60).stdout
    images = sum(1 for line in listed.splitlines()[2:] if line.split()[2] == "image")  # not their alpha masks
    return re.sub(r"\s+", "", text), pages, images


def test_the_briefing_renders_with_its_charts_and_numbers(tools, sample, tmp_path):
    engine, scope = sample
    text, pages, images = render(briefing(engine, OFFICE, scope, scope.as_of - timedelta(days=14)), "briefing", tmp_path)
    with read_session(engine) as session:
        six = six_round(session, scope)
        lights = team_lights(session, scope)
        overdue = deadline_items(session, scope, None, ("red",))
    assert 3 <= pages <= 8 and images == 3
    assert "2021年机关干部赴基层蹲点活动工作进展情况汇报" in text
    for row in six.itertuples():
        assert f"（目标{row.target}，完成{row.progress.value:.0%}）" in text
    counts = lights["light"].value_counts()
    assert f"绿灯{counts.get('green', 0)}个、黄灯{counts.get('yellow', 0)}个、红灯{counts.get('red', 0)}个" in text
    assert f"逾期事项共{len(overdue)}项" in text


def test_the_summary_report_renders_with_its_annexes(tools, sample, tmp_path):
    engine, scope = sample
    text, pages, images = render(summary_report(engine, OFFICE, scope), "summary_report", tmp_path)
    with read_session(engine) as session:
        six = six_round(session, scope).set_index("metric")
    assert 6 <= pages <= 25 and images == 2
    assert "石家庄市总工会关于2021年机关干部赴基层蹲点活动开展情况的报告" in text
    assert f"共选派干部{six.loc['cadres_trained', 'actual']}名" in text
    assert "附件1" in text and "附件3" in text and "特此报告。" in text


def test_the_supervision_notices_render_a_page_or_two_a_team(tools, sample, tmp_path):
    engine, scope = sample
    text, pages, images = render(supervision_notice(engine, OFFICE, scope), "supervision_notices", tmp_path)
    with read_session(engine) as session:
        late = team_lights(session, scope).query("overdue > 0")
    assert len(late) <= pages <= 2 * len(late) and images == 0
    assert text.count("督办通知") == len(late) and text.count("蹲点工作组：") == len(late)
