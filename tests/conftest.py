"""Shared fixtures: a store built once per test session from the shipped releases."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "store" / "releases"
CARIBBEAN = "002_cd64a4c7dfd5f85e"
UKRAINE = "003_36d60928ab47fd18"


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
