"""What every process of the benchmark shares: its settings, its log line, its clock, its peak
memory, the store's size on disk and the machine's load."""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # heavy imports happen in the workers only: the orchestrating process stays small
    from assistant.config import Settings

T = TypeVar("T")


def bench_settings(store_dir: Path) -> Settings:
    """The user's settings (chunk size, retriever …) on an embedded store at ``store_dir``."""
    from assistant.config import Settings

    return Settings.from_env().embedded_at(store_dir)


def log(message: str) -> None:
    """A progress line on the terminal (workers' output goes there too, unbuffered)."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def timed(fn: Callable[[], T]) -> tuple[float, T]:
    """``fn()``'s wall-clock seconds and its result."""
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def load_average() -> list[float]:
    """The 1, 5 and 15 minute load averages (timings are only as quiet as the machine)."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:  # pragma: no cover - not on Linux
        return []


def peak_memory_mb() -> float:
    """The resident-set high-water mark of this process (``VmHWM``).

    Not ``ru_maxrss``: on Linux that one survives ``exec`` and so also holds the
    parent's resident size at the fork; ``VmHWM`` belongs to this address space only.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:  # pragma: no cover - not on Linux
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def disk_usage_mb(path: Path) -> float:
    """What ``du`` says of a directory, in MB (allocated blocks, not apparent sizes)."""
    total = 0
    for folder, _, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(folder, name)).st_blocks * 512
            except OSError:
                pass
    return total / 1e6
