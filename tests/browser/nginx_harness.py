"""scripts/serve.sh for tests: app processes on a fresh PostgreSQL database behind nginx.

``serve(processes)`` starts the script itself on free ports and a database of its own, waits
until nginx answers, and stops everything (and drops the database) when the block ends. The
``Served`` value knows each app process's port and pid (from the pid files the script writes) and
can stop one, as a crash or a restart would.
"""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from data_access.db import make_engine

REPO_ROOT = Path(__file__).resolve().parents[2]
NGINX_PATH = "/usr/sbin/nginx"
START_TIMEOUT = 180.0  # migrate, N processes and nginx, on a loaded two-core machine
STOP_TIMEOUT = 30.0


@dataclass
class Served:
    url: str  # nginx's address, e.g. "http://127.0.0.1:41234"
    app_ports: list[int]
    dir: Path
    database_url: str
    process: subprocess.Popen

    def upstream(self, port: int) -> str:
        """How nginx names a process in its X-Dundian-Upstream header and access log."""
        return f"127.0.0.1:{port}"

    def pid(self, port: int) -> int:
        return int((self.dir / f"app-{port}.pid").read_text())

    def stop_process(self, port: int) -> None:
        """SIGTERM one app process (as a restart would) and wait until it is gone."""
        pid = self.pid(port)
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT
        while _alive(pid):
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                break
            time.sleep(0.1)

    def output(self) -> str:
        logs = [self.dir / "serve.out", *sorted(self.dir.glob("app-*.log")), self.dir / "nginx-error.log"]
        return "\n".join(f"--- {path.name} ---\n{path.read_text(errors='replace')[-4000:]}" for path in logs if path.exists())


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()
    return status[0] != "Z"  # a zombie has exited; its parent (serve.sh) reaps it


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_ports(count: int) -> list[int]:
    """``count`` consecutive free ports (serve.sh numbers the app processes from one port up)."""
    for _ in range(200):
        first = random.randint(20_000, 60_000)
        ports = list(range(first, first + count))
        if all(_port_free(port) for port in ports):
            return ports
    raise RuntimeError("no block of free ports")


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as reply:
            return reply.status == 200 and reply.read().strip() == b"ok"
    except OSError:
        return False


@contextmanager
def fresh_database(admin_url: str) -> Iterator[str]:
    """A new, empty PostgreSQL database on the server of ``admin_url``; dropped afterwards."""
    admin = make_engine(admin_url).execution_options(isolation_level="AUTOCOMMIT")
    name = f"dundian_serve_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def serve(database_url: str, run_dir: Path, processes: int = 2, env: dict | None = None, app: str = "app.py") -> Iterator[Served]:
    """scripts/serve.sh with ``processes`` app processes on ``database_url``, until the block ends."""
    nginx_port, *app_ports = free_ports(processes + 1)
    run_dir.mkdir(parents=True, exist_ok=True)
    command = ["bash", "scripts/serve.sh", "--processes", str(processes), "--port", str(nginx_port), "--listen", "127.0.0.1"]
    command += ["--app-port", str(app_ports[0]), "--dir", str(run_dir), "--app", app]
    full_env = {**os.environ, "DATABASE_URL": database_url, **(env or {})}
    full_env.pop("TEST_DATABASE_URL", None)
    with open(run_dir / "serve.out", "wb") as out:
        process = subprocess.Popen(
            command, cwd=REPO_ROOT, env=full_env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    served = Served(f"http://127.0.0.1:{nginx_port}", app_ports, run_dir, database_url, process)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not _answers(f"{served.url}/_stcore/health"):
            if process.poll() is not None:
                raise RuntimeError(f"scripts/serve.sh exited with {process.returncode}\n{served.output()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"nginx did not answer within {START_TIMEOUT:.0f} s\n{served.output()}")
            time.sleep(0.2)
        yield served
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)  # its trap stops nginx and the app processes
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)  # the script's own process group: what it started
                process.wait()
