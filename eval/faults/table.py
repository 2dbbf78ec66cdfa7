"""What a scenario is given and what it returns, and the table of results."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from eval.faults.procs import Procs


@dataclass
class Ctx:
    """A scenario's working folder, the processes it starts, and the run's options."""

    work: Path
    procs: Procs
    quick: bool
    seed: int


@dataclass
class Row:
    """One scenario's outcome: a row of the table."""

    scenario: str
    tried: str
    requests: int = 0
    failed: int = 0
    lost: int = 0
    duplicated: int = 0
    ok: bool = False
    notes: str = ""


def table(rows: list[Row]) -> str:
    """The rows as a Markdown table."""
    lines = ["| scenario | what was tried | requests | failed requests | releases lost | releases duplicated | result | notes |",
             "|" + " --- |" * 8]
    for r in rows:
        notes = r.notes.replace("|", "/").replace("\n", " ")
        lines.append(f"| {r.scenario} | {r.tried} | {r.requests} | {r.failed} | {r.lost} | {r.duplicated} | "
                     f"{'ok' if r.ok else 'FAIL'} | {notes} |")
    return "\n".join(lines)
