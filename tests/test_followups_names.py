"""A follow-up's names carried from the question before ("… au Timor-Leste ?" then "Et comment
s'appelle ce projet ?") say what it is about: the release holds them, the answer need not stand
near them. Only the follow-up's own names are pinned near its answer."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, copy_releases, open_service

TIMOR = "pI3_11fb1976fae6ee53"  # an invented release (eval/probe), long enough for names to be far


@pytest.fixture(scope="module")
def timor(tmp_path_factory):
    store = tmp_path_factory.mktemp("timor")
    copy_releases(store / "releases")  # the shipped ones, and:
    shutil.copy(ROOT / "eval" / "probe" / "releases" / f"{TIMOR}.txt", store / "releases")
    service = open_service(Path(store))
    service.ensure_built()
    return service


@pytest.mark.parametrize("history, question", [
    ([("Who funds IOM's justice-sector work on trafficking in Timor-Leste?", "Camões, 420,000 euros.")],
     "What's the name of the project?"),
    # (in French, the release's own words "projet" and "justice" already carried it there)
    ([("Qui finance le travail de l'OIM contre la traite dans le secteur judiciaire au Timor-Leste ?",
       "Camões, 420 000 euros.")], "Et comment s'appelle ce projet ?"),
])
def test_a_follow_ups_carried_names_need_not_stand_near_its_answer(timor, history, question):
    a = timor.ask(question, history=history)
    assert not a.abstained and a.citations[0].release_id == TIMOR
    assert "Justisa ba Vítima" in a.citations[0].quote
