"""The Markdown of one bench run, and its place in docs/benchmarks.md.

Each scale × database pair owns one section between two HTML comments; writing a run replaces
that section and leaves everything else in the file (other sections, notes written by hand) alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from bench.apptest import PageTiming
from bench.excel import Measured

DOC = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
WARM_TARGET = 3.0  # × the empty-page floor
COLD_TARGET = 1.5  # seconds
IMPORT_TARGET, IMPORT_MEMORY_TARGET, EXPORT_TARGET = 10.0, 300.0, 30.0  # seconds, MB, seconds
SCALE_ORDER = ("city", "province", "national")
DATABASE_ORDER = ("sqlite", "postgresql")
HEAD = """# Benchmarks

Written by `python manage.py bench`; each section is replaced when its scale and database are benchmarked again.
"""


@dataclass
class Run:
    scale: str
    database: str  # sqlite | postgresql
    command: str
    machine: str
    when: str
    data: str  # what the database holds
    shell: float
    shell_floor: float  # the floor measured alternately with the shell
    pages: list[PageTiming]
    queries: dict[str, float]
    imported: Measured | None = None
    exported: Measured | None = None
    notes: list[str] = field(default_factory=list)


def _mark(ok: bool) -> str:
    return "✓" if ok else "✗"


def _shell_ratio(run: Run) -> float:
    return run.shell / run.shell_floor


def _pages_table(run: Run) -> list[str]:
    lines = [
        "| page | cold (s) | warm (ms) | floor beside (ms) | warm ÷ floor | ÷ the shell's ratio |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for p in run.pages:
        cold = f"{p.cold:.2f} {_mark(p.cold < COLD_TARGET)}"
        if p.error:
            lines.append(f"| `{p.path}` | {cold} | error: {p.error} | | | |")
            continue
        ratio = p.warm / p.floor
        lines.append(
            f"| `{p.path}` | {cold} | {p.warm * 1000:.0f} | {p.floor * 1000:.1f} | "
            f"{ratio:.1f} {_mark(ratio <= WARM_TARGET)} | {ratio / _shell_ratio(run):.1f} |"
        )
    return lines


def _pages_summary(run: Run) -> str:
    timed = [p for p in run.pages if not p.error]
    warm_ok = sum(p.warm / p.floor <= WARM_TARGET for p in timed)
    cold_ok = sum(p.cold < COLD_TARGET for p in run.pages)
    return (
        f"pages within target: warm {warm_ok} of {len(run.pages)}, cold {cold_ok} of {len(run.pages)}; "
        f"the shell alone is {_shell_ratio(run):.1f}× the floor"
    )


def _excel_lines(run: Run) -> list[str]:
    lines = ["| task | time (s) | peak memory (MB) | result | target |", "|---|---:|---:|---|:---:|"]
    if run.imported:
        m = run.imported
        ok = m.seconds < IMPORT_TARGET and m.peak_mb < IMPORT_MEMORY_TARGET
        lines.append(f"| import 10,000 daily records (.xlsx) | {m.seconds:.1f} | {m.peak_mb:.0f} | {m.detail} | {_mark(ok)} |")
    if run.exported:
        m = run.exported
        lines.append(
            f"| export the newest round (.xlsx) | {m.seconds:.1f} | {m.peak_mb:.0f} | {m.detail} | {_mark(m.seconds < EXPORT_TARGET)} |"
        )
    return lines


def section(run: Run) -> str:
    lines = [
        f"## {run.scale} · {'PostgreSQL' if run.database == 'postgresql' else 'SQLite'}",
        "",
        f"`{run.command}`",
        "",
        f"- when: {run.when}; machine: {run.machine}",
        f"- data: {run.data}",
        f"- floor: the median rerun of an empty Streamlit script, measured alternately with each page's "
        f"warm reruns; shell: app.py signed in on an empty page, {run.shell * 1000:.1f} ms "
        f"(floor beside it {run.shell_floor * 1000:.1f} ms)",
        f"- targets: warm ≤ {WARM_TARGET:g}× floor, cold < {COLD_TARGET:g} s; import < {IMPORT_TARGET:g} s and "
        f"< {IMPORT_MEMORY_TARGET:g} MB; export < {EXPORT_TARGET:g} s",
        *(f"- {note}" for note in run.notes),
        f"- {_pages_summary(run)}",
        "",
        *_pages_table(run),
        "",
        "| figure query (newest round, whole scope) | ms |",
        "|---|---:|",
        *(f"| {name} | {seconds * 1000:.0f} |" for name, seconds in run.queries.items()),
        "",
        *_excel_lines(run),
    ]
    return "\n".join(lines).rstrip() + "\n"


def _marker(scale: str, database: str, end: bool = False) -> str:
    return f"<!-- {'/' if end else ''}bench:{scale}:{database} -->"


def _order(scale: str, database: str) -> tuple[int, int]:
    rank = lambda values, v: values.index(v) if v in values else len(values)  # noqa: E731
    return rank(SCALE_ORDER, scale), rank(DATABASE_ORDER, database)


def write(run: Run, path: Path = DOC) -> None:
    """Put ``run``'s section into the document, in scale then database order."""
    text = path.read_text(encoding="utf-8") if path.exists() else HEAD
    block = f"{_marker(run.scale, run.database)}\n{section(run)}{_marker(run.scale, run.database, end=True)}\n"
    pattern = re.compile(
        re.escape(_marker(run.scale, run.database)) + r".*?" + re.escape(_marker(run.scale, run.database, True)) + r"\n?", re.S
    )
    if pattern.search(text):
        text = pattern.sub(lambda _m: block, text)
    else:
        text = _insert_in_order(text, run, block)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _insert_in_order(text: str, run: Run, block: str) -> str:
    """Before the first section that sorts after this one, else at the end."""
    for found in re.finditer(r"<!-- bench:(\w+):(\w+) -->", text):
        if _order(found.group(1), found.group(2)) > _order(run.scale, run.database):
            return text[: found.start()] + block + "\n" + text[found.start() :]
    return text.rstrip("\n") + "\n\n" + block
