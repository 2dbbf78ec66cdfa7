"""Helpers of ``python -m eval.faults``: processes, corpora, gradio clients (loopback only)."""

from __future__ import annotations

import json
import logging
import random
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "store" / "releases"
BIN = Path(sys.executable).parent
ASSISTANT, CHROMA = str(BIN / "assistant"), str(BIN / "chroma")
HOST = "127.0.0.1"
log = logging.getLogger("faults")

# per variant k (1..4): names swapped in a shipped text, so that every variant says something else
SWAPS = [
    (r"Caraïbes?", ["Andes", "Balkans", "Sahel", "Pacifique"]),
    (r"Ukraine", ["Moldavie", "Roumanie", "Géorgie", "Bulgarie"]),
    (r"[Uu]krainien(ne)?s", ["moldaves", "roumains", "géorgiens", "bulgares"]),
    (r"Nokia", ["Ericsson", "Siemens", "Alcatel", "Philips"]),
    (r"ASEAN", ["SADC", "CEDEAO", "MERCOSUR", "UEMOA"]),
    (r"Cambodge", ["Laos", "Myanmar", "Vietnam", "Malaisie"]),
    (r"Genève", ["Vienne", "Dakar", "Bangkok", "Lima"]),
    (r"Okkonen", ["Virtanen", "Lindqvist", "Moreau", "Santos"]),
    (r"Astelit", ["Orange", "Moldcell", "Vodafone", "Beeline"]),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def variant(text: str, k: int) -> str:
    """Shipped release text with names swapped, numbers shifted and the title marked (k >= 1)."""
    for pattern, alternatives in SWAPS:
        text = re.sub(pattern, alternatives[(k - 1) % len(alternatives)], text)
    text = re.sub(r"\d{2,}", lambda m: str(int(m.group()) + 7 * k), text)
    from assistant.ingest.parse import parse_text

    title = parse_text(text, "probe").title
    return text.replace(title, f"{title} (édition {k})", 1) if title in text else text


def build_corpus(folder: Path, n: int, seed: int) -> list[str]:
    """``n`` valid releases: the shipped ones under new names, then variants; names shuffled."""
    folder.mkdir(parents=True, exist_ok=True)
    shipped = sorted(SHIPPED.glob("*.txt"))
    texts = [(f"copie-{f.stem[:3]}", f.read_text(encoding="utf-8")) for f in shipped]
    k = 1
    while len(texts) < n:
        for f in shipped[: n - len(texts)]:
            texts.append((f"var{k}-{f.stem[:3]}", variant(f.read_text(encoding="utf-8"), k)))
        k += 1
    order = list(range(len(texts)))
    random.Random(seed).shuffle(order)
    ids = []
    for i, j in enumerate(order):
        rid = f"f{i:02d}-{texts[j][0]}"
        (folder / f"{rid}.txt").write_text(texts[j][1], encoding="utf-8")
        ids.append(rid)
    return ids


class Procs:
    """Every subprocess started by the suite; all killed (by pid) at the end."""

    def __init__(self) -> None:
        self.procs: list[subprocess.Popen] = []

    def start(self, args: list[str], log_path: Path) -> subprocess.Popen:
        out = open(log_path, "ab")  # noqa: SIM115 (closed with the process)
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=ROOT)
        proc.log_file = out  # type: ignore[attr-defined]
        self.procs.append(proc)
        return proc

    def kill(self, proc: subprocess.Popen) -> None:
        if proc.poll() is None:
            proc.kill()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            log.warning("pid %s did not die", proc.pid)
        proc.log_file.close()  # type: ignore[attr-defined]

    def kill_all(self) -> None:
        for proc in self.procs:
            self.kill(proc)
        self.procs.clear()


@dataclass
class Run:
    rc: int | None
    out: str
    err: str
    seconds: float


def run(args: list[str], timeout: float = 300) -> Run:
    started = time.monotonic()
    try:
        p = subprocess.run(args, capture_output=True, text=True, timeout=timeout, cwd=ROOT, stdin=subprocess.DEVNULL)
        return Run(p.returncode, p.stdout, p.stderr, time.monotonic() - started)
    except subprocess.TimeoutExpired as exc:
        def text(b):
            return b.decode(errors="replace") if isinstance(b, bytes) else (b or "")
        return Run(None, text(exc.stdout), text(exc.stderr) + f"\n[timed out after {timeout} s]", timeout)


def assistant(*args: str, timeout: float = 300) -> Run:
    return run([ASSISTANT, *map(str, args)], timeout=timeout)


def wait_http(url: str, timeout: float, proc: subprocess.Popen | None = None) -> bool:
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
    port = free_port()
    args = [sys.executable, str(ROOT / "ui.py"), "--host", HOST, "--port", str(port), "--store", str(store)]
    if chroma_url:
        args += ["--chroma-url", chroma_url]
    proc = procs.start(args, work / f"ui-{port}.log")
    url = f"http://{HOST}:{port}/"
    if not wait_http(url, 240, proc):
        raise RuntimeError(f"ui.py did not answer on {url} (log: {work}/ui-{port}.log)")
    return proc, url


def start_chroma(procs: Procs, path: Path, port: int, work: Path) -> subprocess.Popen:
    proc = procs.start([CHROMA, "run", "--path", str(path), "--host", HOST, "--port", str(port)], work / "chroma.log")
    if not wait_http(f"http://{HOST}:{port}/api/v2/heartbeat", 60, proc):
        raise RuntimeError("chroma run did not start")
    return proc


def client(url: str):
    from gradio_client import Client

    return Client(url, verbose=False)


@dataclass
class Call:
    question: object
    started: float
    seconds: float
    answer: dict | None = None
    error: str | None = None

    @property
    def failed(self) -> bool:
        return self.error is not None or "error" in str((self.answer or {}).get("text", "")).lower()

    def cites(self) -> list[str]:
        return [c.get("release_id") for c in (self.answer or {}).get("citations", [])]


def call(cl, question, history=None, timeout: float = 30) -> Call:
    started = time.monotonic()
    try:
        answer = cl.submit(question, history if history is not None else [], api_name="/ask").result(timeout=timeout)
        return Call(question, started, time.monotonic() - started, answer=answer)
    except BaseException as exc:  # AppError (gr.Error), timeouts, HTTP errors (with the body the server sent)
        if isinstance(exc, KeyboardInterrupt):
            raise
        body = getattr(getattr(exc, "response", None), "text", "")
        error = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''} {body}".strip()
        return Call(question, started, time.monotonic() - started, error=error[:400])


@dataclass
class Load:
    """``n`` client threads asking ``questions`` in turn until stopped (bounded in count)."""

    url: str
    questions: list[str]
    n: int = 5
    timeout: float = 30
    max_calls: int = 5000
    calls: list[Call] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._loop, args=(i,), daemon=True) for i in range(self.n)]

    def _loop(self, i: int) -> None:
        try:
            cl = client(self.url)
        except Exception as exc:
            with self._lock:
                self.calls.append(Call("<connect>", time.monotonic(), 0, error=f"connect: {exc}"))
            return
        j = i
        while not self._stop.is_set() and len(self.calls) < self.max_calls:
            result = call(cl, self.questions[j % len(self.questions)], timeout=self.timeout)
            j += 1
            with self._lock:
                self.calls.append(result)

    def start(self) -> Load:
        for t in self._threads:
            t.start()
        return self

    def __enter__(self) -> Load:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> list[Call]:
        self._stop.set()
        for t in self._threads:
            t.join(timeout=self.timeout + 5)
        with self._lock:
            return list(self.calls)


def p95(values: list[float]) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]


@dataclass
class Row:
    scenario: str
    tried: str
    requests: int = 0
    failed: int = 0
    lost: int = 0
    duplicated: int = 0
    ok: bool = False
    notes: str = ""


def table(rows: list[Row]) -> str:
    lines = ["| scenario | what was tried | requests | failed requests | releases lost | releases duplicated | result | notes |",
             "|" + " --- |" * 8]
    for r in rows:
        notes = r.notes.replace("|", "/").replace("\n", " ")
        lines.append(f"| {r.scenario} | {r.tried} | {r.requests} | {r.failed} | {r.lost} | {r.duplicated} | "
                     f"{'ok' if r.ok else 'FAIL'} | {notes} |")
    return "\n".join(lines)


def shipped_copy(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for f in SHIPPED.glob("*.txt"):
        shutil.copy(f, folder / f.name)
    return folder


def catalogue(store: Path) -> list[dict] | None:
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


def chunk_total(ingest_out: str) -> int | None:
    m = re.search(r"holds (\d+) releases, (\d+) chunks", ingest_out)
    return int(m.group(2)) if m else None


def raw_post(url: str, body: bytes) -> tuple[float, bool, str]:
    """POST a raw JSON body to the /ask API (then read its result); (seconds, refused, message)."""
    started = time.monotonic()
    try:
        r = httpx.post(url + "gradio_api/call/ask", content=body, headers={"content-type": "application/json"}, timeout=30)
        if r.status_code != 200:
            return time.monotonic() - started, True, f"HTTP {r.status_code}: {r.text[:200]}"
        with httpx.stream("GET", url + f"gradio_api/call/ask/{r.json()['event_id']}", timeout=30) as s:
            text = "".join(s.iter_text())
        return time.monotonic() - started, "event: error" in text, text[-200:]
    except Exception as exc:
        return time.monotonic() - started, True, f"{type(exc).__name__}: {exc}"
