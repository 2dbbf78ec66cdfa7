"""Helpers for the browser tests of ui.py: the server process, the browser, the chat page."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import free_port

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("UI_TEST_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
STARTUP_TIMEOUT = float(os.environ.get("UI_TEST_STARTUP_TIMEOUT", "420"))  # first start embeds the releases
ANSWER_TIMEOUT_MS = 90_000
UPLOAD_TIMEOUT_MS = 120_000


def make_store(directory: Path) -> Path:
    """A store directory whose releases/ holds copies of the shipped releases (never the real store)."""
    releases = directory / "releases"
    releases.mkdir(parents=True, exist_ok=True)
    for f in sorted((ROOT / "store" / "releases").glob("*.txt")):
        shutil.copy2(f, releases / f.name)
    return directory


class UIServer:
    """``python ui.py --port P --store D`` as a subprocess, its output in a log file."""

    def __init__(self, store: Path, log_path: Path, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.store = store
        self.log_path = log_path
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
        full_env.update({"PYTHONUNBUFFERED": "1", "GRADIO_ANALYTICS_ENABLED": "False"})
        full_env.update(env or {})
        self._log = log_path.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "ui.py"), "--port", str(self.port), "--store", str(store)],
            cwd=ROOT,
            env=full_env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def wait_ready(self, timeout: float = STARTUP_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"ui.py exited with code {self.process.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url, timeout=5) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(1)
        raise TimeoutError(f"ui.py did not answer on {self.url} within {timeout:.0f} s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
        self._log.close()


# --------------------------------------------------------------------------- the page


def ask(page, question: str, timeout: int = ANSWER_TIMEOUT_MS, example: bool = False) -> None:
    """Type a question (or click the example that starts with it), send it, and wait until
    its answer (and its sources) are complete.

    The sources panel is written once, at the end of an answer, with the answer's number in
    its header: that number reaching the new count is the signal the answer is complete.
    """
    from playwright.sync_api import expect

    before = page.locator("#chat [data-testid='bot']").count()
    if example:
        page.locator("#examples button", has_text=question[:50]).first.click()
    else:
        page.locator("#question textarea").fill(question)
        page.locator("#send").click()
    expect(page.locator("#sources-panel .src-question")).to_contain_text(f"Réponse {before + 1} ·", timeout=timeout)
    expect(page.locator("#chat [data-testid='bot']")).to_have_count(before + 1, timeout=timeout)


def last_answer(page):
    return page.locator("#chat [data-testid='bot']").last


def source_cards(page):
    return page.locator("#sources-panel .src-card")


def rate_last_answer(page, useful: bool) -> None:
    """Click 👍 (useful) or 👎 (not useful) under the last answer (gradio's labels, in French or English)."""
    label = r"^(J'aime|Like)$" if useful else r"^(Je n'aime pas|Dislike)$"
    page.locator("#chat").get_by_role("button", name=re.compile(label)).last.click()
