"""App servers for the load benchmark and the browser test of several processes.

``behind_nginx(...)`` runs scripts/serve.sh itself on free ports; ``one_process(...)`` runs one
``streamlit run`` as scripts/run.sh does. Each waits until the server answers /_stcore/health
and stops everything it started when the block ends. The ``Served`` value knows each app
process's port and pid (serve.sh writes pid files) and can stop one, as a crash or a restart would.
"""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
NGINX_PATH = "/usr/sbin/nginx"
START_TIMEOUT = 180.0  # migrate, N processes and nginx, on a loaded two-core machine
STOP_TIMEOUT = 30.0


@dataclass
class Served:
    url: str  # where users connect (nginx, or the one process), e.g. "http://127.0.0.1:41234"
    app_ports: list[int]
    dir: Path
    process: subprocess.Popen
    pids: dict[int, int] = field(default_factory=dict)  # port -> pid of the one process (serve.sh: pid files)

    def upstream(self, port: int) -> str:
        """How nginx names a process in its X-Dundian-Upstream header and access log."""
        return f"127.0.0.1:{port}"

    def pid(self, port: int) -> int:
        return self.pids.get(port) or int((self.dir / f"app-{port}.pid").read_text())

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

    def rss_mb(self) -> float:
        """The app processes' resident memory together (from /proc), in MB."""
        return sum(_rss_kb(self.pid(port)) for port in self.app_ports) / 1024

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


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


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


def _server_env(database_url: str, env: dict | None) -> dict:
    full = {**os.environ, "DATABASE_URL": database_url, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", **(env or {})}
    full.pop("TEST_DATABASE_URL", None)
    return full


@contextmanager
def behind_nginx(database_url: str, run_dir: Path, processes: int = 2, env: dict | None = None, app: str = "app.py") -> Iterator[Served]:
    """scripts/serve.sh with ``processes`` app processes on ``database_url``, until the block ends."""
    nginx_port, *app_ports = free_ports(processes + 1)
    command = ["bash", "scripts/serve.sh", "--processes", str(processes), "--port", str(nginx_port), "--listen", "127.0.0.1"]
    command += ["--app-port", str(app_ports[0]), "--dir", str(run_dir), "--app", app]
    with _running(command, run_dir, _server_env(database_url, env)) as process:
        yield _ready(Served(f"http://127.0.0.1:{nginx_port}", app_ports, run_dir, process))


@contextmanager
def one_process(database_url: str, run_dir: Path, env: dict | None = None, app: str = "app.py") -> Iterator[Served]:
    """One app process, started as scripts/run.sh starts it, on a free port."""
    (port,) = free_ports(1)
    command = [str(REPO_ROOT / ".venv/bin/streamlit"), "run", app, "--server.headless", "true", "--server.address", "127.0.0.1"]
    command += ["--server.port", str(port), "--server.fileWatcherType", "none"]
    with _running(command, run_dir, _server_env(database_url, env)) as process:
        yield _ready(Served(f"http://127.0.0.1:{port}", [port], run_dir, process, {port: process.pid}))


@contextmanager
def _running(command: list[str], run_dir: Path, env: dict) -> Iterator[subprocess.Popen]:
    run_dir.mkdir(parents=True, exist_ok=True)
    with open(run_dir / "serve.out", "wb") as out:
        process = subprocess.Popen(
            command, cwd=REPO_ROOT, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)  # serve.sh's trap stops nginx and the app processes
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)  # its own process group: what it started
                process.wait()


def _ready(served: Served) -> Served:
    deadline = time.monotonic() + START_TIMEOUT
    while not _answers(f"{served.url}/_stcore/health"):
        if served.process.poll() is not None:
            raise RuntimeError(f"the server exited with {served.process.returncode}\n{served.output()}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"the server did not answer within {START_TIMEOUT:.0f} s\n{served.output()}")
        time.sleep(0.2)
    return served
