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


def bench_settings(store_dir: Path, chroma_url: str | None = None) -> Settings:
    """The user's settings (chunk size, retriever …) on an embedded store at ``store_dir``, or,
    with ``chroma_url`` (the bench's own server, see :mod:`.server`), on that server, the
    process's BM25 index in ``store_dir``. A server named by the user's environment is never used."""
    from assistant.config import Settings

    settings = Settings.from_env().embedded_at(store_dir)
    return settings.replace(chroma_url=chroma_url) if chroma_url else settings


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


def status_mb(field: str, pid: int | str = "self") -> float | None:
    """A memory figure (``VmHWM``, ``VmRSS`` …) of ``/proc/PID/status`` in MB; None if unreadable."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):  # not on Linux, or the process is gone
        pass
    return None


def peak_memory_mb() -> float:
    """The resident-set high-water mark of this process (``VmHWM``).

    Not ``ru_maxrss``: on Linux that one survives ``exec`` and so also holds the
    parent's resident size at the fork; ``VmHWM`` belongs to this address space only.
    """
    peak = status_mb("VmHWM")
    return peak if peak is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak(pid: int) -> bool:
    """Reset another process's ``VmHWM`` to its current RSS (``clear_refs`` 5): whether it could."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def server_memory(pid: int | None, since: str | None = None) -> dict[str, object] | None:
    """The Chroma server's resident size now and its high-water mark (MB); ``since`` says from
    when that mark counts (``"server start"`` unless it was reset). None without a server."""
    if not pid:
        return None
    rss, peak = status_mb("VmRSS", pid), status_mb("VmHWM", pid)
    return {"rss_mb": None if rss is None else round(rss, 1), "peak_mb": None if peak is None else round(peak, 1),
            "peak_since": since or "server start"}


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
