"""The ``assistant`` command as a user types it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import CARIBBEAN, SHIPPED


def run(*args: str, store) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli", *args, "--store", str(store)],
        capture_output=True, text=True, timeout=300, env={**os.environ},
    )


def test_ask_prints_answer_marker_and_source(service, shipped_store):
    result = run("ask", "Qui finance la campagne de sensibilisation dans les Caraïbes ?", store=shipped_store)
    assert result.returncode == 0, result.stderr
    assert "[1]" in result.stdout
    assert f"[1] {CARIBBEAN}" in result.stdout
    assert "ministère néerlandais de la Justice" in result.stdout
    assert "Traceback" not in result.stderr


def test_ask_json_has_the_contract_fields(service, shipped_store):
    result = run("ask", "Qui finance la campagne de sensibilisation dans les Caraïbes ?", "--json", store=shipped_store)
    data = json.loads(result.stdout)
    assert data["abstained"] is False
    assert data["citations"][0]["release_id"] == CARIBBEAN
    assert {"release_id", "title", "quote", "score"} <= set(data["citations"][0])


def test_unanswerable_question_says_so(service, shipped_store):
    result = run("ask", "Quelle est la recette de la ratatouille ?", "--json", store=shipped_store)
    data = json.loads(result.stdout)
    assert data["abstained"] is True and data["citations"] == []


def test_empty_question_exits_2_without_traceback(service, shipped_store):
    result = run("ask", "   ", store=shipped_store)
    assert result.returncode == 2
    assert "the question is empty" in result.stderr
    assert "Traceback" not in result.stderr


def test_list_shows_releases_and_chunks(service, shipped_store):
    result = run("list", store=shipped_store)
    assert result.returncode == 0
    assert CARIBBEAN in result.stdout
    assert "5 releases" in result.stdout


def test_remove_unknown_release_fails_clearly(service, tmp_path):
    result = run("remove", "nope", store=tmp_path)
    assert result.returncode == 1
    assert "no release 'nope'" in result.stderr


def test_verbose_log_holds_the_assistant_s_lines_not_the_index_library_s(tmp_path):
    releases = tmp_path / "releases"
    releases.mkdir()
    (releases / f"{CARIBBEAN}.txt").write_bytes((SHIPPED / f"{CARIBBEAN}.txt").read_bytes())
    result = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "-v", "ask", "Qui finance la campagne ?", "--store", str(tmp_path)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "building the store" in result.stderr  # the assistant's own INFO lines are there
    assert "mmap" not in result.stderr and "it/s" not in result.stderr, result.stderr
