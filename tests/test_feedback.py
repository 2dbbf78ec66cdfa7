"""Answer feedback (assistant.feedback): answers kept by id, verdicts appended to the store's
feedback.jsonl, and the answers marked not useful exported as eval-question stubs."""

from __future__ import annotations

import dataclasses
import json
import threading

import pytest
from conftest import CARIBBEAN

from assistant.chat import Turn
from assistant.cli import main as cli_main
from assistant.evaluation.questions import QuestionsError, load_questions
from assistant.feedback import (
    FEEDBACK_FILE,
    Feedback,
    comment_answer,
    current_verdicts,
    export_stubs,
    question_stub,
    rate_answer,
    read_feedback,
)
from assistant.types import Citation

QUESTION = "Qui finance la campagne de sensibilisation dans les Caraïbes ?"
CITATION = {"release_id": CARIBBEAN, "title": "Cricket", "quote": "Financées par …", "start": 10, "end": 25,
            "score": 1.0}


def reply(question: str = QUESTION, text: str = "D'après les communiqués : « Financées par … » [1]") -> dict:
    return {"question": question, "text": text, "abstained": False, "language": "fr", "citations": [CITATION]}


def test_a_verdict_is_one_line_of_what_was_asked_and_answered(tmp_path):
    feedback = Feedback(tmp_path)
    answer_id = feedback.remember([("Et en Ukraine ?", "Le 527 [1]")], reply())
    line = feedback.record(answer_id, "not_useful", "  Il manque l'USAID.  ")
    stored = [json.loads(x) for x in (tmp_path / FEEDBACK_FILE).read_text(encoding="utf-8").splitlines()]
    assert stored == [line]
    assert set(line) == {"id", "question", "history", "answer", "citations", "abstained", "language", "verdict",
                         "comment", "time"}
    assert line["id"] == answer_id and answer_id.startswith("chatcmpl-")
    assert line["question"] == QUESTION and line["history"] == [["Et en Ukraine ?", "Le 527 [1]"]]
    assert line["citations"] == [CITATION] and line["comment"] == "Il manque l'USAID."
    assert line["verdict"] == "not_useful" and line["time"].endswith("+00:00")


def test_unknown_answers_bad_verdicts_and_long_comments_are_refused(tmp_path):
    feedback = Feedback(tmp_path, capacity=3)
    ids = [feedback.remember([], reply(f"Question {n} ?")) for n in range(5)]
    with pytest.raises(KeyError):
        feedback.record(ids[0], "useful")  # the map is bounded: the oldest answers are gone
    assert feedback.find(ids[1]) is None and feedback.find(ids[4]).question == "Question 4 ?"
    with pytest.raises(ValueError, match="verdict"):
        feedback.record(ids[4], "bof")
    with pytest.raises(ValueError, match="2001 characters"):
        feedback.record(ids[4], "useful", "x" * 2001)
    assert not (tmp_path / FEEDBACK_FILE).exists()


def test_verdicts_from_many_threads_never_mix_their_lines(tmp_path):
    feedback = Feedback(tmp_path)
    ids = [feedback.remember([], reply(text="é" * 5000)) for _ in range(8)]
    threads = [threading.Thread(target=lambda i=i: [feedback.record(i, "useful", "ok") for _ in range(25)])
               for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lines = (tmp_path / FEEDBACK_FILE).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 200 and all(json.loads(line)["answer"] == "é" * 5000 for line in lines)


def test_the_last_verdict_counts_and_comments_are_kept(tmp_path):
    feedback = Feedback(tmp_path)
    changed = feedback.remember([], reply("Qui a lancé le numéro ?"))
    kept = feedback.remember([("Qui a lancé un numéro gratuit en Ukraine ?", "…")], reply("Combien d'appels ?"))
    feedback.record(changed, "not_useful")
    feedback.record(kept, "useful")
    feedback.record(changed, "useful", "finalement oui")
    feedback.record(kept, "not_useful")
    feedback.record(kept, "not_useful", "le chiffre manque")
    with (tmp_path / FEEDBACK_FILE).open("a") as f:
        f.write("pas du JSON\n")  # a torn line is skipped
    rows = current_verdicts(read_feedback(tmp_path / FEEDBACK_FILE))
    assert [(r["id"], r["verdict"]) for r in rows] == [(changed, "useful"), (kept, "not_useful")]
    stubs = export_stubs(tmp_path)
    assert len(stubs) == 1
    stub = stubs[0]
    assert stub["question"] == "Combien d'appels ?" and stub["kind"] == "how_many"
    assert stub["history"] == [["Qui a lancé un numéro gratuit en Ukraine ?", "…"]]
    assert stub["feedback"]["comments"] == ["le chiffre manque"] and stub["feedback"]["cited"] == [CARIBBEAN]
    assert export_stubs(tmp_path / "nowhere") == []


def test_a_stub_is_refused_by_the_eval_until_it_is_filled_in(tmp_path):
    stub = question_stub({"id": "chatcmpl-1", "question": QUESTION, "answer": "…", "citations": [CITATION]})
    assert stub["sources"] == [] and stub["answer_contains"] == [] and stub["kind"] == "who"
    path = tmp_path / "questions.jsonl"
    path.write_text(json.dumps(stub, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(QuestionsError, match="unanswerable"):  # an unfinished stub cannot count as a test
        load_questions(path)
    filled = {key: value for key, value in stub.items() if key not in ("todo", "feedback")}
    filled.update(sources=[CARIBBEAN], answer_contains=["Bureau de la Population"])
    path.write_text(json.dumps(filled, ensure_ascii=False) + "\n", encoding="utf-8")
    texts = {CARIBBEAN: "Financées par le Bureau de la Population, des réfugiés et de la migration"}
    [question] = load_questions(path, texts)
    assert question.question == QUESTION and question.sources == (CARIBBEAN,)


def test_feedback_export_command(tmp_path, capsys):
    feedback = Feedback(tmp_path)
    feedback.record(feedback.remember([], reply()), "not_useful", "mauvaise source")
    out = tmp_path / "stubs.jsonl"
    assert cli_main(["feedback", "export", "--store", str(tmp_path), "--out", str(out)]) == 0
    assert "1 answers marked not useful" in capsys.readouterr().err
    [stub] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert stub["question"] == QUESTION and stub["feedback"]["comments"] == ["mauvaise source"]
    assert cli_main(["feedback", "export", "--store", str(tmp_path)]) == 0  # to standard output
    assert json.loads(capsys.readouterr().out)["id"] == stub["id"]


def test_the_page_rates_its_answers_then_comments_them(tmp_path):
    feedback = Feedback(tmp_path)
    answer = Turn(QUESTION, "D'après … [1]", citations=(Citation(CARIBBEAN, "Cricket", "Financées par …", 1.0),))
    turn = dataclasses.replace(answer, answer_id=feedback.remember([], answer.to_dict()))
    message, ok, rated = rate_answer(feedback, turn, [], False)
    assert ok and "pas utile" in message and rated == {"id": turn.answer_id, "verdict": "not_useful"}
    assert comment_answer(feedback, rated, "  ") == ("Le commentaire est vide.", False)
    assert comment_answer(feedback, None, "bof")[1] is False
    assert comment_answer(feedback, rated, "Il manque l'USAID.") == ("Merci : commentaire enregistré.", True)
    message, ok, rated = rate_answer(feedback, turn, [], "")  # clicked again: withdrawn
    assert ok and rated is None and message == "Avis retiré."
    assert rate_answer(feedback, Turn.failed(QUESTION, "magasin inaccessible"), [], False)[1] is False
    # an answer the server no longer keeps is rated from what the page holds
    forgotten = dataclasses.replace(answer, answer_id="chatcmpl-ancien")
    assert rate_answer(feedback, forgotten, [("Q0", "R0")], True)[1] is True
    lines = read_feedback(tmp_path / FEEDBACK_FILE)
    assert [line["verdict"] for line in lines] == ["not_useful", "not_useful", "withdrawn", "useful"]
    assert lines[1]["comment"] == "Il manque l'USAID." and lines[3]["history"] == [["Q0", "R0"]]
    assert export_stubs(tmp_path) == []  # withdrawn, then another answer found useful
