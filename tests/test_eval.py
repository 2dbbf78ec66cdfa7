"""The eval set's validator, the runner, and the quality gate on the shipped store."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import ROOT, SHIPPED

from assistant.evaluation.questions import QuestionsError, load_questions
from assistant.evaluation.runner import DEFAULT_QUESTIONS, SPLITS, evaluate, split_service
from assistant.ingest.parse import parse_file
from assistant.text.terms import detect_language

# The gate: raise these as the figures improve (README, "Eval").
# The gates, per split (README, "Eval"): just under the figures measured, so that a change that
# makes either worse fails. The test split's are far from the targets (0.97, 0.85, 0.90,
# 0.05): they say where the answerer stands on questions nobody tuned it for, not where it should.
# Moved again for the funder grammar and the place names (README, "Eval"): neutral on dev
# cross-validated (sum 2.008 -> 1.995 by question, 2.020 -> 2.042 by release), and the refit
# raised the threshold (0.12 -> 0.14): fewer false abstentions on dev, more on test. Then the
# funding sentence leading a funder's answer (answers up on both splits, precision down: a
# funder's answer no longer adds its release's other sentences). Raised for the checks of what a
# sentence must hold (a person in the role asked, a winner, a share, the payer of a sum; README).
# Dev raised for a release about something else, people's words, the funding passage, a count's
# people, a period's start year, the sentence that goes on with the quote, a sum's own payer and
# the pronoun "en", "en effet" and elliptical follow-ups; then for broad questions' 10 chunks,
# the release model, a count's place and the year's release, with test (README). Precision and
# test answers raised for numbers to call in the plural, time expressions and languages; dev false
# abstention measured 0.047 once a sentence naming no language no longer answers for one. Dev
# raised for press contacts answered by the release's whole contact block, and for a hotline
# asked, which no line of a contact block answers. Test raised (read after, dev unchanged) for
# contacts asked in other words and questions opening on "Et"/"And" read as follow-ups.
# Dev raised, and probe answers, for an English question's words counted in French sentences by
# their cognates ("victims": "victimes"); test unchanged (read after). All three raised for a count
# asked with another word than the release's ("professeurs": "96 enseignants"; test read after).
# Then for the first retrieved release read whole (probe answers, test citations and answers, read
# after) and a count dated by its release when nothing near it dates it (dev citations); probe's
# false abstention and test's precision moved the other way (README, journal). Dev answers and
# probe citations and answers raised for places asked in the plural or of any kind, "who are …",
# a list of languages that names no country, and short figures that are no number to dial; then
# with test's answers (read after) for a speaker's words quoted from where they open. Dev and
# probe answers raised for a follow-up's sentences compared with its own words too; on test (read
# after) one wrong answer to a follow-up became a refusal: its citation and false abstention gates
# moved the other way (README, journal). Probe abstention raised for a part of a whole counted
# ("combien étaient mineures": what it was is what the figure must count); dev and probe answers
# for a why answer quoting the reason told in the sentence beside its own (test unchanged), and
# probe answers for a helpline reached after a question on it ("peut-on la joindre ?"). Probe
# answers raised for a question naming its two sides ("d'une part … d'autre part …") and a funder
# answered by another release's funding sentence; probe abstention and precision for an English
# question's counted thing looked up in French by e5 ("prosecutors": not "juges") and contractions
# read spelled out ("What's the name of …"); test unchanged. Probe abstention and precision, and
# test abstention (read after), raised for a count for one country not answered by another's, a
# role's holder in another body, a country asked, a currency's name counting nobody, a question
# about the future answered by a sentence about it, a result not by its plan (dev abstention), a
# province or border post asked needing a figure that names it; on test one wrong answer (its
# citation right) became a refusal, and on dev one: their citation gates (and test's false
# abstention) moved the other way (README, journal). Probe citations and answers raised for a
# compared figure's year read a clause on, and a role's holder (or a person in a role of the
# house, for "Which IOM officials …") named as a slot filled, and a sum given by someone read as
# funding; "aujourd’hui" read as today turned one wrong probe answer (its citation right) into a
# refusal, and its false abstention gate moved the other way (README, journal); probe answers
# and abstention raised for an average or a rate asked needing a sentence that gives one.
# Myanmar found by its CLDR name, "Myanmar (Birmanie)": one unanswerable probe question whose
# region holds it got answered (README, journal); probe answers raised for a country's own figure
# leading a count asked for it, and abstention for things asked the names of that a sentence
# only counts. Then: probe, dev and test answers raised by a follow-up's carried names no longer
# counted far from its answer, a recommendation or a court's sentence asked needing a sentence that
# gives one, and a speaker's quotation answering why they think so. Then probe citations, answers
# and abstention raised by acronyms written in full and full names written as acronyms, and a
# French count whose thing its release never names needing another word of the question nearby
# (test precision, read after, 0.910 -> 0.908), an unplaced figure counted for the country its
# release's title names, and BM25's best match kept among the chunks read (dev citations too).
# Then probe and test abstention and precision raised by an English count's thing translated as a
# count ("the number of calls": "le nombre d'appels") and looked for among the plural nouns of
# the candidate sentences, not only among the words their figures count (dev abstention too);
# then test and probe abstention and precision, and probe citations and answers, by a count for a
# country not answered by another country's figure whatever it counts ("Et aux Philippines ?");
# then dev answers by the release read whole being the first not about something else (q055);
# then probe answers by a question asking for several places quoting the sentence listing them.
# Then the probe grew by two blind rounds (120 questions over 12 more releases, which are also
# distractors for the first 378: its gates fell to the new measure); test citations and false
# abstentions raised, its precision and abstention lowered, by names searched whole in BM25
# (README, journal), and its answers by titles asked. Then the probe grew by three more blind
# rounds (180 questions over 18 more releases: its gates fell to the new measure); test answers
# raised by an end asked ("Jusqu'à quand …") needing a sentence that gives one. Then the probe
# grew by two blind rounds (120 questions over 12 more releases: its gates fell to the new measure,
# which the session's fixes raised from 0.865 / 0.826 / 0.693 / 0.720 / 0.074). Then the same
# commit measured otherwise on another machine (dev answers 0.847 there, 0.837 here; test precision
# 0.933 there, 0.940 here; the journal says what was ruled out): each gate sits just under the
# lower of the two machines' figures. The probe grew by a blind round of 120 questions over 12 more
# releases (its gates fell to the new measure).
GATES = {
    "dev": {  # 282 questions: the 93 first ones and 189 written for the learned models (eval/dev/)
        "citation_accuracy": 0.96,  # measured 0.963
        "citation_precision": 0.945,  # measured 0.951
        "answer_accuracy": 0.83,  # measured 0.837 (0.847 on the machine before)
        "abstention_recall": 0.92,  # measured 0.925
        "false_abstention": 0.025,  # measured 0.019
    },
    "test": {
        "citation_accuracy": 0.97,  # measured 0.974
        "citation_precision": 0.93,  # measured 0.939 (0.933 on the machine before)
        "answer_accuracy": 0.82,  # measured 0.826
        "abstention_recall": 0.825,  # measured 0.829 (29 of 35 refused)
        "false_abstention": 0.025,  # measured 0.017
    },
    "probe": {  # 918 questions over 90 releases written by people who never saw the code (eval/probe/)
        "citation_accuracy": 0.87,  # measured 0.876
        "citation_precision": 0.84,  # measured 0.850
        "answer_accuracy": 0.715,  # measured 0.722
        "abstention_recall": 0.76,  # measured 0.768 (189 of 246 refused)
        "false_abstention": 0.07,  # measured 0.065
    },
}


@pytest.fixture(scope="module")
def release_texts():
    return {f.stem: parse_file(f).text for f in SHIPPED.glob("*.txt")}


def test_shipped_questions_are_valid_and_cover_the_corpus(release_texts):
    questions = load_questions(DEFAULT_QUESTIONS, release_texts)
    assert len(questions) >= 60
    assert len({q.id for q in questions}) == len(questions)
    assert sum(detect_language(q.question) == "en" for q in questions) >= 10
    assert sum(not q.sources for q in questions) >= 12
    assert sum(len(q.sources) >= 2 for q in questions) >= 5
    per_release = {rid: sum(rid in q.sources for q in questions) for rid in release_texts}
    assert min(per_release.values()) >= 5, per_release
    titles = {parse_file(f).title for f in SHIPPED.glob("*.txt")}
    assert not any(q.question.strip(" ?") in titles for q in questions)


def _write(tmp_path, rows):
    f = tmp_path / "q.jsonl"
    f.write_text("\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    return f


def test_validator_reports_every_problem(tmp_path, release_texts):
    good = {"id": "a", "question": "Qui ?", "sources": ["002_cd64a4c7dfd5f85e"], "answer_contains": ["Bureau de la Population"], "kind": "who"}
    rows = [
        good,
        dict(good),  # duplicate id
        {**good, "id": "b", "answer_contains": ["Moldavie"]},
        {**good, "id": "c", "kind": "poem"},
        {**good, "id": "d", "sources": ["nope"]},
        {**good, "id": "e", "sources": [], "kind": "who"},
        "{not json",
        {"id": "f", "question": "x"},
    ]
    with pytest.raises(QuestionsError) as err:
        load_questions(_write(tmp_path, rows), release_texts)
    message = str(err.value)
    for expected in ["duplicate id 'a'", "'Moldavie' occurs in none of its sources", "unknown kind 'poem'",
                     "unknown source release 'nope'", "kind 'unanswerable' goes with empty sources", "not JSON",
                     "missing answer_contains, kind, sources"]:
        assert expected in message


@pytest.mark.parametrize("split", ["dev", "test", "probe"])
def test_gate_on_each_split(split):
    """Every split, each on its own store (built on first use under eval/.stores/)."""
    service = split_service(SPLITS[split], progress=False)
    report = evaluate(service, SPLITS[split].questions(service))
    gate = GATES[split]
    figures = {k: getattr(report, k) for k in gate}
    assert report.citation_accuracy >= gate["citation_accuracy"], figures
    assert report.citation_precision >= gate["citation_precision"], figures
    assert report.answer_accuracy >= gate["answer_accuracy"], figures
    assert report.abstention_recall >= gate["abstention_recall"], figures
    assert report.false_abstention <= gate["false_abstention"], figures
    assert report.recall_at_5 >= report.recall_at_1 > 0.8


def test_the_test_split_is_valid_and_covers_what_users_ask():
    """The frozen split: 80+ questions, 25+ unanswerable, English, follow-ups, multi-release,
    half over releases invented for testing, every answer string in its sources."""
    texts = {f.stem: parse_file(f).text for folder in SPLITS["test"].releases for f in folder.glob("*.txt")}
    questions = load_questions(*SPLITS["test"].files, texts)
    invented = {f.stem for f in (ROOT / "eval" / "test" / "releases").glob("*.txt")}
    assert len(questions) >= 80 and len(invented) >= 15
    assert sum(not q.sources for q in questions) >= 25
    assert sum(detect_language(q.question) == "en" for q in questions) >= 10
    assert sum(bool(q.history) for q in questions) >= 5 and sum(len(q.sources) >= 2 for q in questions) >= 5
    assert sum(bool(set(q.sources) & invented) for q in questions) >= 40


def test_eval_command_works_on_any_corpus(tmp_path):
    """A user's own folder and questions: table, wrong questions, JSON and Markdown reports."""
    store = tmp_path / "own"
    (store / "releases").mkdir(parents=True)
    src = (SHIPPED / "003_36d60928ab47fd18.txt").read_text(encoding="utf-8")
    (store / "releases" / "ukraine.txt").write_text(src, encoding="utf-8")
    questions = _write(tmp_path, [
        {"id": "1", "question": "Quel numéro gratuit les opérateurs ont-ils lancé ?", "sources": ["ukraine"], "answer_contains": ["527"], "kind": "what"},
        {"id": "2", "question": "Quelle est la recette de la ratatouille ?", "sources": [], "answer_contains": [], "kind": "unanswerable"},
    ])
    out = tmp_path / "report.json"
    result = subprocess.run(
        [sys.executable, "-m", "eval", "--questions", str(questions), "--store", str(store),
         "--json", str(out), "--report", str(tmp_path / "md")],
        capture_output=True, text=True, timeout=600, cwd=ROOT, env={**os.environ},
    )
    assert result.returncode == 0, result.stderr
    for label in ["citation accuracy", "citation precision", "retrieval recall@1", "retrieval recall@5",
                  "answer accuracy", "abstention recall", "false abstention", "latency p50", "latency p95"]:
        assert label in result.stdout
    data = json.loads(out.read_text())
    assert [r["mode"] for r in data] == ["hybrid", "dense", "bm25"]
    assert data[0]["citation_accuracy"] == 1.0 and data[0]["abstention_recall"] == 1.0
    assert (tmp_path / "md" / "eval.md").read_text().count("![") == 1
    assert (tmp_path / "md" / "eval.png").read_bytes()[:4] == b"\x89PNG"



def test_the_reliability_table_bins_each_answer_by_its_confidence():
    """``python -m eval.reliability`` (the shipped models on test): each question's confidence
    binned, with the share of its bin's answers that are right; an empty bin shows a dash."""
    from eval.cases import reliability_table

    rows = [line.split(" | ") for line in reliability_table([(0.05, False), (0.1, True), (0.95, True), (1.0, True),
                                                            (0.45, False)])[2:]]
    assert [(r[0].strip("| "), int(r[1]), r[2].strip(" |")) for r in rows] == [
        ("0.0–0.2", 2, "0.50"), ("0.2–0.4", 0, "–"), ("0.4–0.6", 1, "0.00"), ("0.6–0.8", 0, "–"), ("0.8–1.0", 2, "1.00")]
