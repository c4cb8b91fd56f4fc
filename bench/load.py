"""``manage.py bench --load``: simulated users speaking Streamlit's own websocket protocol, against
one app process and against two behind nginx (scripts/serve.sh), each beside an empty Streamlit
page (bench/empty_app.py) under the same load in the same run, so the figures hold while the
machine's speed drifts.

A user is a websocket on /_stcore/stream, signed in by the session cookie of a token issued for
the demo member, as a browser tab is after sign-in. It opens the overview, then clicks team
progress, problems and the ledger entry page and saves a daily record there. A click is a
``rerun_script`` BackMsg (the page, and for the save the form's widget states); it is done at the
``script_finished`` ForwardMsg that ends the run. Think mode: each user waits an exponential time
(mean ``think`` seconds) before each click. Burst mode: everyone clicks at the same instant, step by
step. Every run starts its servers afresh and reports p50/p95/max of click to finished run, the
errors, the saves acknowledged and how many of them are in the database (lost writes), and the app
processes' resident memory: before the users come, per open session, and after they closed (the
servers keep a closed session DISCONNECTED_TTL s for a reconnect; a probe session after that lets
them reap it). Each user's save writes a daily record ("负载测试 <run> <user>") into the database.

    python -m bench.load --db postgresql://postgres@127.0.0.1:5432/dundian_national --users 1,10,25,50
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import secrets
import signal
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import WebSocketException

from bench.serving import Served, behind_nginx, one_process
from data_access.auth import issue_token
from data_access.config import config
from data_access.db import make_engine, read_session
from data_access.models import AppUser, DailyRecord
from i18n import t

APP, EMPTY_APP = "app.py", "bench/empty_app.py"
SAVE = "save"
WALK = ("", "team_progress", "problems", "ledger_entry", SAVE)  # url paths; "" is the overview
TOPOLOGIES = {"one": "one process", "two": "two processes behind nginx"}
MODES = ("think", "burst")
CLICK_TIMEOUT = 180.0
DISCONNECTED_TTL = 5  # seconds; Streamlit's default keeps a closed session 120 s
SAVED = re.compile(re.escape(t("ledger.saved", ledger=t("ledger.daily"), id="0")).replace("0", r"(\d+)"))
EARLY = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN
COMPILE_ERROR = ForwardMsg.ScriptFinishedStatus.FINISHED_WITH_COMPILE_ERROR


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- one browser tab, on the wire


@dataclass
class Ran:
    seconds: float
    elements: list[Element]
    error: str | None = None


class Tab:
    """What the server sees of a browser tab: one websocket, the app's pages by url path, and the
    messages it keeps (the server then sends a reference instead of a message sent before)."""

    def __init__(self, socket: ClientConnection):
        self.socket = socket
        self.pages: dict[str, str] = {}  # url path -> page script hash, from the navigation message
        self.kept: dict[str, ForwardMsg] = {}

    @classmethod
    async def open(cls, url: str, cookies: dict[str, str]) -> Tab:
        socket = await connect(
            url.replace("http://", "ws://") + "/_stcore/stream",
            subprotocols=["streamlit"],
            additional_headers={"Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items())},
            max_size=None,
            open_timeout=CLICK_TIMEOUT,
        )
        return cls(socket)

    async def click(self, path: str, widgets: Sequence[WidgetState] = ()) -> Ran:
        message = BackMsg()
        state = message.rerun_script
        if path in self.pages:
            state.page_script_hash = self.pages[path]
        else:
            state.page_name = path  # the first run: the page the address names
        state.widget_states.widgets.extend(widgets)
        state.cached_message_hashes.extend(self.kept)
        state.context_info.timezone = "Asia/Shanghai"
        state.context_info.locale = "zh-CN"
        started = time.perf_counter()
        await self.socket.send(message.SerializeToString())
        elements: list[Element] = []
        try:
            async with asyncio.timeout(CLICK_TIMEOUT):
                while True:
                    forward = self._resolved(ForwardMsg.FromString(await self.socket.recv()))
                    kind = forward.WhichOneof("type")
                    if kind == "navigation":
                        self.pages = {page.url_pathname: page.page_script_hash for page in forward.navigation.app_pages}
                    elif kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                        elements.append(forward.delta.new_element)
                    elif kind == "page_not_found":
                        return Ran(time.perf_counter() - started, elements, f"page not found: {path}")
                    elif kind == "script_finished" and forward.script_finished != EARLY:
                        error = "compile error" if forward.script_finished == COMPILE_ERROR else _shown_error(elements)
                        return Ran(time.perf_counter() - started, elements, error)
        except TimeoutError:
            return Ran(time.perf_counter() - started, elements, f"no finished run within {CLICK_TIMEOUT:.0f} s")

    def _resolved(self, forward: ForwardMsg) -> ForwardMsg:
        if forward.WhichOneof("type") == "ref_hash":
            return self.kept[forward.ref_hash]
        if forward.metadata.cacheable:
            self.kept[forward.hash] = forward
        return forward

    async def close(self) -> None:
        await self.socket.close()


def _shown_error(elements: list[Element]) -> str | None:
    """An exception the run showed (a refused save shows as no acknowledgement; the overview's risk
    banner is an error alert by design, so alerts are no sign of failure)."""
    for element in elements:
        if element.WhichOneof("type") == "exception":
            return f"exception: {element.exception.type}: {element.exception.message}"
    return None


def _save_widgets(elements: list[Element], content: str) -> list[WidgetState]:
    """The daily-record form as a user fills it in: the work done typed, the form's button pressed."""
    area = next(e.text_area for e in elements if e.WhichOneof("type") == "text_area" and e.text_area.label.startswith(t("field.content")))
    button = next(
        e.button for e in elements if e.WhichOneof("type") == "button" and e.button.is_form_submitter and e.button.label == t("ledger.save")
    )
    return [WidgetState(id=area.id, string_value=content), WidgetState(id=button.id, trigger_value=True)]


def _acknowledged(elements: list[Element]) -> int | None:
    for element in elements:
        if element.WhichOneof("type") == "alert" and element.alert.format == element.alert.SUCCESS:
            found = SAVED.search(element.alert.body)
            if found:
                return int(found.group(1))
    return None


# ---------------------------------------------------------------- users


@dataclass
class Tally:
    seconds: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    acknowledged: set[int] = field(default_factory=set)


@dataclass
class User:
    number: int
    url: str
    cookies: dict[str, str]
    content: str  # what the save writes
    app: str
    tab: Tab | None = None

    async def step(self, path: str, tally: Tally, previous: Ran | None) -> Ran | None:
        if self.tab is None:
            return None
        widgets: list[WidgetState] = []
        if path == SAVE and self.app == APP:
            try:
                widgets = _save_widgets(previous.elements if previous else [], self.content)
            except StopIteration:
                tally.errors.append("the daily-record form is not on the ledger entry page")
                return None
        try:
            ran = await self.tab.click("ledger_entry" if path == SAVE else path, widgets)
        except (OSError, WebSocketException) as error:
            tally.errors.append(f"connection: {error}")
            self.tab = None
            return None
        tally.seconds.append(ran.seconds)
        if ran.error:
            tally.errors.append(ran.error)
        elif path == SAVE and self.app == APP:
            saved = _acknowledged(ran.elements)
            if saved is None:
                tally.errors.append("the save was not acknowledged")
            else:
                tally.acknowledged.add(saved)
        return ran


async def _walk(user: User, mode: str, think: float, barrier: asyncio.Barrier, rng: random.Random, tally: Tally) -> None:
    previous = None
    for n, path in enumerate(WALK):
        if mode == "burst":
            await barrier.wait()  # everyone clicks at once, failed users too (they only wait)
        else:
            await asyncio.sleep(rng.expovariate(1 / think))
        if n == 0:
            try:
                user.tab = await Tab.open(user.url, user.cookies)
            except (OSError, WebSocketException, TimeoutError) as error:
                tally.errors.append(f"connect: {error}")
        previous = await user.step(path, tally, previous)


async def _load(users: list[User], mode: str, think: float, seed: int, served: Served) -> tuple[Tally, float]:
    """Every user's walk; the processes' memory while all sessions are open, then every tab closed."""
    tally = Tally()
    barrier = asyncio.Barrier(len(users))
    await asyncio.gather(*(_walk(u, mode, think, barrier, random.Random(seed + u.number), tally) for u in users))
    open_mb = served.rss_mb()
    await asyncio.gather(*(u.tab.close() for u in users if u.tab))
    return tally, open_mb


async def _probe(url: str, cookies: dict[str, str], paths: Sequence[str]) -> None:
    tab = await Tab.open(url, cookies)
    for path in paths:
        await tab.click(path)
    await tab.close()


# ---------------------------------------------------------------- runs


@dataclass
class Result:
    topology: str
    app: str
    users: int
    mode: str
    tally: Tally
    found: int  # acknowledged saves found in the database
    before_mb: float
    open_mb: float
    closed_mb: float

    def quantile(self, q: float) -> float:
        ordered = sorted(self.tally.seconds)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")


@dataclass(frozen=True)
class Setting:
    db: str
    secret: str
    token: str
    think: float
    work_dir: Path
    tag: str  # names this bench run's saves


def _run(setting: Setting, topology: str, app: str, n: int, mode: str) -> Result:
    start = one_process if topology == "one" else behind_nginx
    env = {"DUNDIAN_SECRET": setting.secret, "STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(DISCONNECTED_TTL)}
    run_dir = setting.work_dir / f"{topology}-{Path(app).stem}-{n}-{mode}"
    cookies = {"dundian_session": setting.token}
    with start(setting.db, run_dir, env=env, app=app) as served:
        for port in served.app_ports:  # every process starts its engine and fills its caches first
            asyncio.run(_probe(f"http://127.0.0.1:{port}", cookies, WALK[:-1]))
        before = served.rss_mb()
        label = f"{setting.tag} {topology}-{mode}-{n}"
        users = [User(i, served.url, {**cookies, "dundian_node": f"{label}-{i}"}, f"负载测试 {label} 第{i + 1}位", app) for i in range(n)]
        tally, open_mb = asyncio.run(_load(users, mode, setting.think, seed=n, served=served))
        time.sleep(DISCONNECTED_TTL + 1)
        asyncio.run(_probe(served.url, cookies, ("",)))  # a session's end reaps the expired ones
        closed = served.rss_mb()
    return Result(topology, app, n, mode, tally, _found(setting.db, tally.acknowledged), before, open_mb, closed)


def _found(db: str, acknowledged: set[int]) -> int:
    if not acknowledged:
        return 0
    engine = make_engine(db)
    try:
        with read_session(engine) as session:
            return len(session.execute(select(DailyRecord.id).where(DailyRecord.id.in_(acknowledged))).all())
    finally:
        engine.dispose()


def _member_token(db: str) -> str:
    engine = make_engine(db)
    try:
        with read_session(engine) as session:
            member = session.execute(select(AppUser).where(AppUser.username == "member", AppUser.disabled.is_(False))).scalars().first()
    finally:
        engine.dispose()
    if member is None:
        raise SystemExit("the database has no demo member to sign in with (python manage.py generate writes one)")
    return issue_token(member)


# ---------------------------------------------------------------- report


def _row(result: Result, floor: Result | None) -> str:
    seconds, n = result.tally.seconds, result.users
    p50, p95 = result.quantile(0.5), result.quantile(0.95)
    ratio = f"{p50 / floor.quantile(0.5):.1f}" if floor and floor.tally.seconds else ""
    saves = f"{len(result.tally.acknowledged)} / {result.found}" if result.app == APP else ""
    lost = len(result.tally.acknowledged) - result.found
    return (
        f"| {TOPOLOGIES[result.topology]} | {'app' if result.app == APP else 'empty page'} | {n} | {result.mode} | {len(seconds)} "
        f"| {p50 * 1000:.0f} | {p95 * 1000:.0f} | {max(seconds, default=float('nan')) * 1000:.0f} | {ratio} "
        f"| {len(result.tally.errors)} | {saves} | {lost if result.app == APP else ''} "
        f"| {result.before_mb:.0f} | {(result.open_mb - result.before_mb) / n:.1f} | {result.closed_mb - result.before_mb:+.0f} |"
    )


def report(results: list[Result], command: str, think: float, load: float) -> str:
    lines = [
        "## Load",
        "",
        f"`{command}`",
        "",
        f"- when: {datetime.now():%Y-%m-%d %H:%M}; machine: {os.cpu_count()} cores, load average {load:.1f} at the start",
        f"- walk: overview, team progress, problems, ledger entry, save a daily record; think: exponential, mean {think:g} s "
        "before each click; burst: every user clicks at the same instant, step by step",
        "- p50 ÷ empty: the app's median click over the empty page's, same topology, users and mode, measured just before it",
        "- memory: the app processes' resident set together; per session = (all sessions open − before) ÷ users; "
        f"after close: once the servers let the closed sessions go ({DISCONNECTED_TTL} s here), against before",
        "",
        "| servers | page | users | mode | clicks | p50 (ms) | p95 (ms) | max (ms) | p50 ÷ empty | errors "
        "| saves acknowledged / in the database | lost writes | memory before (MB) | per session (MB) | after close (MB) |",
        "|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    floors = {(r.topology, r.users, r.mode): r for r in results if r.app == EMPTY_APP}
    lines += [_row(r, floors.get((r.topology, r.users, r.mode)) if r.app == APP else None) for r in results]
    errors = sorted({error for r in results for error in r.tally.errors})
    if errors:
        lines += ["", "Errors seen:", *(f"- {error}" for error in errors[:20])]
    return "\n".join(lines) + "\n"


def main(
    db: str | None,
    users: Sequence[int] = (1, 10, 25, 50),
    modes: Sequence[str] = MODES,
    topologies: Sequence[str] = tuple(TOPOLOGIES),
    think: float = 10.0,
) -> int:
    """Every users × mode × topology, the empty page then the app; prints the Markdown section."""
    db = db or config().database_url
    if not db or not db.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
        raise SystemExit("the load benchmark needs PostgreSQL (--db postgresql://...): several processes share one database")
    unknown = (set(modes) - set(MODES)) | (set(topologies) - set(TOPOLOGIES))
    if unknown:
        raise SystemExit(
            f"unknown mode or topology: {', '.join(sorted(unknown))} (modes: {', '.join(MODES)}; topologies: {', '.join(TOPOLOGIES)})"
        )
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the servers started so far, as Ctrl-C does
    secret = os.environ["DUNDIAN_SECRET"] = secrets.token_urlsafe(32)  # the servers sign with it too
    program = "-m bench.load" if Path(sys.argv[0]).name == "load.py" else Path(sys.argv[0]).name
    command = " ".join(["python", program, *sys.argv[1:]])
    load = os.getloadavg()[0]
    results = []
    with tempfile.TemporaryDirectory(prefix="dundian-load-") as work_dir:
        setting = Setting(db, secret, _member_token(db), think, Path(work_dir), secrets.token_hex(3))
        for topology in topologies:
            for n in users:
                for mode in modes:
                    for app in (EMPTY_APP, APP):
                        log(f"{TOPOLOGIES[topology]}, {n} users, {mode}, {app}")
                        results.append(_run(setting, topology, app, n, mode))
                        log(_row(results[-1], None))
    print(report(results, command, think, load))
    return 0


def _parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="PostgreSQL URL (default: DATABASE_URL)")
    parser.add_argument("--users", default="1,10,25,50", help="numbers of simulated users, comma-separated")
    parser.add_argument("--modes", default=",".join(MODES), help="think, burst or both")
    parser.add_argument("--topologies", default=",".join(TOPOLOGIES), help="one (process), two (behind nginx) or both")
    parser.add_argument("--think", type=float, default=10.0, help="mean think time before a click, seconds")
    return parser.parse_args(argv)


if __name__ == "__main__":
    args = _parse(sys.argv[1:])
    split = lambda text: [part.strip() for part in text.split(",") if part.strip()]  # noqa: E731
    sys.exit(main(args.db, [int(n) for n in split(args.users)], split(args.modes), split(args.topologies), args.think))
