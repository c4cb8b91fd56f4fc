"""The scale generator (manage.py generate) and the bench's report, on small sizes of the real scales."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bench import apptest, report
from bench.queries import QUERIES, newest_round_scope
from bench.run import _office_token, clear_caches
from data_access.auth import authenticate
from data_access.calendar import covers
from data_access.db import get_engine, make_engine, migrate, read_session
from data_access.evaluation.schemes import CLOSED, DEFAULT_BANDS, DEFAULT_INDICATORS
from data_access.evaluation.scoring import EVALUATOR_ROLES, evaluator_counts, scoreboard
from data_access.figures import daily_compliance, six_round, team_lights
from data_access.geo import point_in_geometry
from data_access.ledgers import LEDGERS, validate
from data_access.models import (
    LEDGER_MODELS,
    AppUser,
    DailyRecord,
    Deliverable,
    EvaluationScheme,
    Indicator,
    LeadershipRole,
    ObjectiveScore,
    Person,
    Phase,
    RatingBand,
    Round,
    Site,
    SubjectiveScore,
    Target,
    Team,
    TeamMember,
)
from data_access.sample.evaluations import SCORE_RANGES
from data_access.sample.names import SEED_NAMES
from data_access.sample.scale import SCALES, districts, generate, stationing
from tests.tile_boards import click_tile, tiles

# The province's real shape (Hunan's cities, a daily record per member), two rounds of eight teams.
SMALL = replace(SCALES["province"], rounds=2, teams_per_round=8)


def _quiet(_message: str) -> None:
    """Progress lines are for operators; tests keep their output clean."""


def _snapshot(engine) -> tuple[dict[str, int], str]:
    """Rows per table and one checksum of every generated value (ids, texts, dates, timestamps, scores)."""
    digest = hashlib.sha256()
    counts = {}
    with read_session(engine) as session:
        for model in (
            Round,
            Site,
            Person,
            Team,
            TeamMember,
            Target,
            Phase,
            Deliverable,
            *LEDGER_MODELS.values(),
            EvaluationScheme,
            Indicator,
            RatingBand,
            ObjectiveScore,
            SubjectiveScore,
        ):
            table = model.__table__
            rows = session.execute(select(table).order_by(*table.primary_key.columns)).all()
            counts[table.name] = len(rows)
            for row in rows:
                digest.update(repr(tuple(row)).encode())
    return counts, digest.hexdigest()


@pytest.fixture
def generated(engine):
    summary = generate(engine, SMALL, progress=_quiet)
    return engine, summary


def test_generate_writes_the_rounds_teams_and_ledgers_a_user_expects(generated):
    engine, summary = generated
    assert (summary.rounds, summary.teams) == (2, 16)
    hunan = {d.code: d for d in districts(SMALL)}
    assert len(hunan) == 14
    with read_session(engine) as session:
        rounds = session.execute(select(Round).order_by(Round.year)).scalars().all()
        assert [r.year for r in rounds] == [2024, 2025]
        assert all(r.level == "province" and r.region_code == "430000" and r.status == "closed" for r in rounds)
        for the_round in rounds:
            teams = session.execute(select(Team).where(Team.round_id == the_round.id).order_by(Team.seq)).scalars().all()
            assert [t.seq for t in teams] == list(range(1, 9))
            kinds = {p.kind for p in session.execute(select(Phase).where(Phase.round_id == the_round.id)).scalars()}
            assert kinds == {"preparation", "mobilisation", "stationing", "summary"}
            assert (
                session.execute(select(func.count()).select_from(Deliverable).where(Deliverable.round_id == the_round.id)).scalar_one() == 2
            )
            roles = Counter(session.execute(select(LeadershipRole.role).where(LeadershipRole.round_id == the_round.id)).scalars())
            assert roles["head"] == 1 and roles["deputy"] == 1
            targets = session.execute(select(Target).where(Target.round_id == the_round.id)).scalars().all()
            assert len([t for t in targets if t.team_id is None]) == 6 and len(targets) == 6 + 8 * 6
            for team in teams:
                site = session.get(Site, team.site_id)
                assert point_in_geometry(site.lon, site.lat, hunan[site.district_code].geometry), site.name
                members = session.execute(select(TeamMember).where(TeamMember.team_id == team.id)).scalars().all()
                assert sum(m.role == "leader" for m in members) == 1 and 4 <= len(members) <= 7
                for model in (DailyRecord, *(LEDGER_MODELS[k] for k in ("weekly", "monthly", "problem", "outcome", "funds"))):
                    assert session.execute(select(func.count()).select_from(model).where(model.team_id == team.id)).scalar_one(), model
        # A province keeps a daily record per member: several records, by different people, on one day.
        per_day = session.execute(
            select(DailyRecord.team_id, DailyRecord.work_date, func.count(), func.count(func.distinct(DailyRecord.author_id))).group_by(
                DailyRecord.team_id, DailyRecord.work_date
            )
        ).all()
        assert max(n for *_, n, _authors in per_day) >= 4 and all(n == authors for *_, n, authors in per_day)
        for person in session.execute(select(Person)).scalars():
            assert not any(seed in person.name for seed in SEED_NAMES), person.name
        for kind, spec in LEDGERS.items():
            for row in session.execute(select(spec.model.__table__).limit(50)).mappings():
                assert validate(spec, dict(row))[1] == [], kind
        assert covers(session, rounds[0].start_date.replace(month=1, day=1), rounds[-1].end_date)
    assert summary.ledger_rows == sum(_snapshot(engine)[0][m.__tablename__] for m in LEDGER_MODELS.values())
    assert authenticate(engine, "office", "office-demo-2021").role == "office"


def test_every_key_figure_computes_on_the_newest_round(generated):
    engine, _summary = generated
    scope, team = newest_round_scope(engine)
    with read_session(engine) as session:
        for name, query in QUERIES.items():
            assert query(session, scope, team) is not None, name
        lights = team_lights(session, scope)
        daily = daily_compliance(session, scope)["daily"]
        six = six_round(session, scope)
    assert len(lights) == 8 and set(lights["light"]) <= {"green", "yellow", "red"}
    assert all(rate.den > 40 and 0 < rate.value <= 1 for rate in daily)
    assert (six["actual"] > 0).all() and six["target"].notna().all()


def test_generate_is_deterministic_and_the_same_on_every_database(generated, tmp_path):
    engine, _summary = generated
    again = make_engine(f"sqlite:///{tmp_path / 'again.db'}")
    migrate(again)
    generate(again, SMALL, progress=_quiet)
    snapshot = _snapshot(engine)
    assert _snapshot(again) == snapshot
    assert snapshot[0]["subjective_score"] == 2 * 8 * 2 * 2  # rounds × teams × subjective indicators × evaluators
    boards = []
    for db in (engine, again):
        with read_session(db) as session:
            schemes = session.execute(select(EvaluationScheme.id).order_by(EvaluationScheme.id)).scalars().all()
            boards.append([scoreboard(session, scheme_id).to_dict("records") for scheme_id in schemes])
    assert boards[0] == boards[1] and len(boards[0]) == 2
    again.dispose()


@pytest.fixture
def city(engine):
    generate(engine, SCALES["city"], progress=_quiet)
    return engine


def test_every_ended_round_of_the_city_has_a_published_evaluation(city):
    with read_session(city) as session:
        rounds = session.execute(select(Round).order_by(Round.year)).scalars().all()
        assert [r.year for r in rounds] == [2023, 2024, 2025]  # all ended: generate has no round still running
        evaluators = set(session.execute(select(AppUser.id).where(AppUser.role.in_(EVALUATOR_ROLES))).scalars())
        assert len(evaluators) == 2
        for the_round in rounds:
            schemes = session.execute(select(EvaluationScheme).where(EvaluationScheme.round_id == the_round.id)).scalars().all()
            assert len(schemes) == 1
            scheme = schemes[0]
            assert scheme.status == CLOSED and scheme.evaluation_date == the_round.end_date
            assert scheme.closed_at.date() > the_round.end_date
            names = session.execute(select(Indicator.name).where(Indicator.scheme_id == scheme.id).order_by(Indicator.seq)).scalars()
            assert list(names) == [row[1] for row in DEFAULT_INDICATORS]
            marks = session.execute(
                select(SubjectiveScore.evaluator_id, SubjectiveScore.score).join(Indicator).where(Indicator.scheme_id == scheme.id)
            ).all()
            assert {evaluator for evaluator, _score in marks} == evaluators
            low, high = SCORE_RANGES["normal"]
            assert min(m for _e, m in marks) < low and max(m for _e, m in marks) > high  # marked after the teams' profiles
            team_ids = set(session.execute(select(Team.id).where(Team.round_id == the_round.id)).scalars())
            board = scoreboard(session, scheme.id)
            assert len(board) == 24 and set(board["team_id"]) == team_ids
            assert board["total"].between(0, 100).all() and board["total"].is_monotonic_decreasing
            assert board["rank"].iloc[0] == 1 and set(board["band"]) <= {name for name, _ in DEFAULT_BANDS}
            assert board["band"].nunique() >= 3  # the profiles spread the teams over the bands
            assert not board["incomplete"].any()
            assert (evaluator_counts(session, scheme.id)["evaluators"] == 2).all()


def test_generate_refuses_a_database_that_holds_rounds(generated):
    engine, _summary = generated
    with pytest.raises(ValueError):
        generate(engine, SMALL, progress=_quiet)


@pytest.fixture
def app_on(tmp_path, monkeypatch):
    """``app_on(scale)``: the app's database is a fresh SQLite file of that (small) scale; the
    office's sign-in token is returned. Caches are emptied before and after."""
    urls = []

    def start(scale) -> str:
        url = f"sqlite:///{tmp_path / 'app.db'}"
        engine = make_engine(url)
        migrate(engine)
        generate(engine, scale, progress=_quiet)
        monkeypatch.setenv("DATABASE_URL", url)
        monkeypatch.setenv("DUNDIAN_SECRET", "bench-test-secret")
        urls.append(url)
        clear_caches()
        return _office_token(engine)

    yield start
    clear_caches()
    for url in urls:
        get_engine(url).dispose()
    get_engine.cache_clear()


def test_bench_runs_a_page_with_the_app_around_it(app_on):
    token = app_on(replace(SCALES["city"], rounds=1, teams_per_round=5))
    with apptest.server_like():
        floor = apptest.Floor()
        timing = apptest.page("pages/problems.py", token, 2, clear_caches, floor)
        shell, beside = apptest.shell(token, 2, floor)
    assert timing.error == ""
    assert min(timing.cold, timing.warm, timing.floor, shell, beside) > 0  # each was measured; how fast is the bench's to say


def test_overview_of_many_teams_goes_by_district_and_opens_one(app_on):
    token = app_on(replace(SCALES["province"], rounds=1, teams_per_round=50))
    with apptest.server_like():
        at = apptest.signed_in(token)
        at.run()
        assert not at.exception
        assert any("按地区汇总" in c.value for c in at.caption)
        districts = tiles(at, "districts")
        assert len(districts) == 14  # Hunan's cities
        assert sum(int(re.search(r"（(\d+) 个组）", d["label"])[1]) for d in districts.values()) == 50
        assert "lights" not in {board.key for board in at.get("bidi_component")}  # no team cards
        click_tile(at, "districts", "430100")  # 长沙市
        at.run()  # the sidebar takes the district the click asked for
        assert at.session_state["f_districts"] == ["430100"]
        cards = tiles(at, "lights").values()
        assert 0 < len(cards) < 14 and all("长沙市" in card["label"] for card in cards)


def test_the_comparison_of_many_teams_charts_the_best_and_last_of_the_newest_round(app_on):
    token = app_on(replace(SCALES["province"], rounds=2, teams_per_round=45))
    with apptest.server_like():
        at = apptest.signed_in(token)
        at.run()
        at.switch_page("pages/evaluation_compare.py")
        at.run()
    assert not at.exception
    assert any("本轮共 45 个组" in c.value for c in at.caption)
    lines = json.loads(at.get("plotly_chart")[0].proto.spec)["data"]
    assert len(lines) == 40 and all(len(line["x"]) <= 2 for line in lines)


def _run(scale: str, database: str, warm: float = 0.004) -> report.Run:
    page = apptest.PageTiming("pages/overview.py", cold=0.4, warm=warm, floor=0.002)
    return report.Run(
        scale,
        database,
        f"python manage.py bench --scale {scale}",
        "test machine",
        "today",
        "data",
        shell=0.006,
        shell_floor=0.002,
        pages=[page],
        queries={"team_lights": 0.05},
    )


def test_bench_report_replaces_its_own_section_and_keeps_the_rest(tmp_path):
    doc = tmp_path / "benchmarks.md"
    doc.write_text("# Benchmarks\n\nNotes written by hand.\n", encoding="utf-8")
    report.write(_run("national", "postgresql"), doc)
    report.write(_run("city", "sqlite"), doc)
    report.write(_run("national", "postgresql", warm=0.010), doc)
    text = doc.read_text(encoding="utf-8")
    assert "Notes written by hand." in text
    assert text.count("## national · PostgreSQL") == 1 and text.index("## city · SQLite") < text.index("## national · PostgreSQL")
    assert "| `pages/overview.py` | 0.40 ✓ | 10 | 2.0 | 5.0 ✗ | 1.7 |" in text  # the second national run, not the first
    assert "| `pages/overview.py` | 0.40 ✓ | 4 | 2.0 | 2.0 ✓ | 0.7 |" in text


def test_stationing_starts_on_a_monday_and_lasts_about_three_months():
    start, end = stationing(2025)
    assert start.weekday() == 0 and timedelta(days=80) < end - start < timedelta(days=95)
