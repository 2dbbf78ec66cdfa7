"""The ``assistant`` command as a user types it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import CARIBBEAN, SHIPPED, run_cli


def run(*args: str, store) -> subprocess.CompletedProcess:
    return run_cli(*args, "--store", str(store), timeout=300)


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


# --------------------------------------------------------------------------- flags and settings


def _settings_of(argv: list[str], env: dict[str, str], page: bool = False):
    import argparse

    from assistant.config import Settings, add_arguments

    parser = argparse.ArgumentParser()
    add_arguments(parser, page=page)
    return Settings.from_args(parser.parse_args(argv), env=env)


def test_flags_win_over_the_environment_and_the_page_alone_has_host_and_port(tmp_path):
    env = {"ASSISTANT_STORE": str(tmp_path / "env"), "ASSISTANT_HOST": "0.0.0.0", "ASSISTANT_PORT": "8000",
           "ASSISTANT_LLM_TIMEOUT": "5"}
    page = _settings_of(["--store", str(tmp_path / "flag"), "--port", "9000"], env, page=True)
    assert (page.store_dir, page.host, page.port, page.llm_timeout) == (tmp_path / "flag", "0.0.0.0", 9000, 5.0)
    default = _settings_of([], {}, page=True)
    assert (default.host, default.port, default.auth) == ("127.0.0.1", 7860, None)
    with pytest.raises(SystemExit):  # the command line has no --port
        _settings_of(["--port", "9000"], env)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ASSISTANT_AUTH": "alice"}, "ASSISTANT_AUTH must look like user:password"),
        ({"ASSISTANT_AUTH": ":secret"}, "ASSISTANT_AUTH must look like user:password"),
        ({"ASSISTANT_PORT": "http"}, "ASSISTANT_PORT='http' is not an integer"),
        ({"ASSISTANT_PORT": "70000"}, "port 70000 is not a TCP port"),
    ],
)
def test_malformed_page_settings_are_clear_errors(env, message):
    with pytest.raises(ValueError, match=message):
        _settings_of([], env, page=True)


def test_auth_is_a_pair_kept_out_of_the_settings_repr():
    settings = _settings_of([], {"ASSISTANT_AUTH": "alice:s3:cret"}, page=True)
    assert settings.auth == ("alice", "s3:cret")
    assert "s3:cret" not in repr(settings)
