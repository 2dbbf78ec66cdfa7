"""``--chroma-server``: every part of the bench against a Chroma server instead of an embedded store.

The orchestrating process starts ``chroma run --path WORK/chroma-server`` on a free loopback port
(the venv's ``chroma`` command, started and awaited as :mod:`eval.faults` does), hands its URL and
pid to the workers (hidden flags), and stops it at the end, on an error or Ctrl-C (SIGTERM too)
included. Each worker's settings then carry ``chroma_url``; its store dir (``WORK/store``) keeps
only the process's own BM25 index. The server's data folder is what its disk usage counts.
"""

from __future__ import annotations

import contextlib
import signal
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from eval.faults.procs import HOST, Procs, free_port, start_chroma

DATA = "chroma-server"  # the server's data folder, under the work folder


def data_dir(work: Path) -> Path:
    """Where the bench's Chroma server keeps its data."""
    return work / DATA


@dataclass
class Server:
    """A running ``chroma run``: its URL, pid and data folder."""

    url: str
    pid: int
    path: Path


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


@contextlib.contextmanager
def chroma_server(work: Path) -> Iterator[Server]:
    """A Chroma server on ``data_dir(work)``, up (its heartbeat answers) for the block, then stopped.

    SIGTERM is turned into ``KeyboardInterrupt`` meanwhile, so that a terminated bench stops
    its server as Ctrl-C does. The server's log is ``WORK/chroma.log``.
    """
    procs = Procs()
    path, port = data_dir(work), free_port()
    path.mkdir(parents=True, exist_ok=True)
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _interrupted) if main_thread else None
    try:
        proc = start_chroma(procs, path, port, work)
        yield Server(f"http://{HOST}:{port}", proc.pid, path)
    finally:
        for proc in procs.procs:
            if proc.poll() is None:
                proc.terminate()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(timeout=15)
        procs.kill_all()  # SIGKILL what did not end, reap, close the log
        if main_thread:
            signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)
