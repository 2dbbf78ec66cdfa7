"""Shared fixtures: a store built once per test session from the shipped releases."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "store" / "releases"
CARIBBEAN = "002_cd64a4c7dfd5f85e"
UKRAINE = "003_36d60928ab47fd18"
ENV = {**os.environ, "PYTHONUNBUFFERED": "1"}  # for the subprocesses tests start


def open_service(store: Path):
    """A service on ``store`` of its own (not the shared one of :func:`assistant.get_service`)."""
    from assistant.config import Settings
    from assistant.service import AssistantService

    return AssistantService(Settings.from_env().replace(store_dir=store))


def run_cli(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """``assistant ARGS…`` as a user types it, in another process."""
    return subprocess.run([sys.executable, "-m", "assistant.cli", *args], capture_output=True, text=True,
                          env=ENV, timeout=timeout)


def free_port() -> int:
    """A localhost port nothing listens on (once the probe socket is closed)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def copy_releases(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for f in SHIPPED.glob("*.txt"):
        shutil.copy(f, target / f.name)
    return target


@pytest.fixture(scope="session")
def shipped_store(tmp_path_factory) -> Path:
    """A store directory whose releases/ holds the shipped releases (built on first use)."""
    store = tmp_path_factory.mktemp("store")
    copy_releases(store / "releases")
    return store


@pytest.fixture(scope="session")
def service(shipped_store):
    from assistant import get_service

    return get_service(shipped_store)
