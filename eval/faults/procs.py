"""The processes the suite starts: ``assistant`` commands, ``ui.py`` servers and a Chroma
server, on free loopback ports; every one is killed (by pid) at the end of its scenario."""

from __future__ import annotations

import json
import logging
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx

from assistant.config import PROJECT_ROOT

BIN = Path(sys.executable).parent
ASSISTANT, CHROMA = str(BIN / "assistant"), str(BIN / "chroma")
HOST = "127.0.0.1"
log = logging.getLogger("faults")


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Procs:
    """Every subprocess started by the suite; all killed (by pid) at the end."""

    def __init__(self) -> None:
        self.procs: list[subprocess.Popen] = []

    def start(self, args: list[str], log_path: Path) -> subprocess.Popen:
        """Start ``args`` in the project folder, its output appended to ``log_path``."""
        out = open(log_path, "ab")  # noqa: SIM115 (closed with the process)
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=PROJECT_ROOT)
        proc.log_file = out  # type: ignore[attr-defined]
        self.procs.append(proc)
        return proc

    def kill(self, proc: subprocess.Popen) -> None:
        """SIGKILL ``proc`` if it still runs, reap it and close its log."""
        if proc.poll() is None:
            proc.kill()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            log.warning("pid %s did not die", proc.pid)
        proc.log_file.close()  # type: ignore[attr-defined]

    def kill_all(self) -> None:
        """Kill every process started so far."""
        for proc in self.procs:
            self.kill(proc)
        self.procs.clear()


@dataclass
class Run:
    """A finished command: exit status (None when it timed out), output, duration."""

    rc: int | None
    out: str
    err: str
    seconds: float


def run(args: list[str], timeout: float = 300) -> Run:
    """Run a command to its end (or ``timeout``), its output captured."""
    started = time.monotonic()
    try:
        p = subprocess.run(args, capture_output=True, text=True, timeout=timeout, cwd=PROJECT_ROOT,
                           stdin=subprocess.DEVNULL)
        return Run(p.returncode, p.stdout, p.stderr, time.monotonic() - started)
    except subprocess.TimeoutExpired as exc:
        def text(b):
            return b.decode(errors="replace") if isinstance(b, bytes) else (b or "")
        return Run(None, text(exc.stdout), text(exc.stderr) + f"\n[timed out after {timeout} s]", timeout)


def assistant(*args: str | Path, timeout: float = 300) -> Run:
    """``assistant ARGS…``, the venv's command line, to its end."""
    return run([ASSISTANT, *map(str, args)], timeout=timeout)


def catalogue(store: Path) -> list[dict] | None:
    """``assistant list --json`` of a store; None when it fails."""
    r = assistant("list", "--json", "--store", store, timeout=120)
    return json.loads(r.out) if r.rc == 0 else None


def primary(store: Path, questions: list[str]) -> list[tuple | str]:
    """(release id, quote) of each question's primary citation, asked in parallel; an error string otherwise."""
    def one(q):
        r = assistant("ask", q, "--store", store, "--json", timeout=120)
        if r.rc != 0:
            return f"exit {r.rc}: {r.err.strip()[-200:]}"
        cites = json.loads(r.out).get("citations") or [{}]
        return (cites[0].get("release_id"), cites[0].get("quote"))
    with ThreadPoolExecutor(len(questions)) as pool:
        return list(pool.map(one, questions))


def stray_rows(store: Path, chroma_url: str | None = None) -> int:
    """Chunk rows a store holds beyond what its committed releases own (copies
    or leftovers of an interrupted write): 0 in a sound store. Catalogue ids cannot repeat,
    Chroma's rows can outlive their release."""
    from assistant.config import Settings
    from assistant.store import ReleaseStore

    settings = Settings.from_env().embedded_at(store)
    if chroma_url:
        settings = settings.replace(chroma_url=chroma_url)
    db = ReleaseStore(settings)
    catalogue = db.catalogue().values()
    return db.chroma.chunks.count() - sum(r.n_chunks for r in catalogue)


def wait_http(url: str, timeout: float, proc: subprocess.Popen | None = None) -> bool:
    """Whether ``url`` answers 200 within ``timeout`` (False at once if ``proc`` dies)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            return False
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    return False


def start_ui(procs: Procs, store: Path, work: Path, chroma_url: str | None = None) -> tuple[subprocess.Popen, str]:
    """``python ui.py`` on a free port, once it answers; (process, its URL)."""
    port = free_port()
    args = [sys.executable, str(PROJECT_ROOT / "ui.py"), "--host", HOST, "--port", str(port), "--store", str(store)]
    if chroma_url:
        args += ["--chroma-url", chroma_url]
    proc = procs.start(args, work / f"ui-{port}.log")
    url = f"http://{HOST}:{port}/"
    if not wait_http(url, 240, proc):
        raise RuntimeError(f"ui.py did not answer on {url} (log: {work}/ui-{port}.log)")
    return proc, url


def start_chroma(procs: Procs, path: Path, port: int, work: Path) -> subprocess.Popen:
    """``chroma run`` on ``path`` and ``port``, once its heartbeat answers."""
    proc = procs.start([CHROMA, "run", "--path", str(path), "--host", HOST, "--port", str(port)], work / "chroma.log")
    if not wait_http(f"http://{HOST}:{port}/api/v2/heartbeat", 60, proc):
        raise RuntimeError("chroma run did not start")
    return proc
