"""Citation-accuracy evaluation: ask every question through the service, score, report.

The runner asks through the same service as ``answer()`` (questions.py reads the questions,
metrics.py scores them, report.py prints and writes the figures).

Three splits ship (README, "Eval"): **dev**, the questions the answerer was written and
calibrated against, over the shipped releases; **test**, frozen questions written afterwards
and tuned on by nothing, over the shipped releases and releases invented for testing
(``eval/test/``); **probe**, releases and questions written by people who never saw the code,
read to find work but not calibrated on (``eval/probe/``). Each split is evaluated on a store of its own, built on first use under
``eval/.stores/``: the user's store is never touched.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

from assistant.config import PROJECT_ROOT, Settings
from assistant.evaluation.metrics import Report, score, summarize
from assistant.evaluation.questions import Question, questions_for
from assistant.evaluation.report import format_table, format_wrong, write_markdown

DEFAULT_QUESTIONS = PROJECT_ROOT / "eval" / "questions.jsonl"
DEV_QUESTIONS = PROJECT_ROOT / "eval" / "dev" / "questions.jsonl"
TEST_QUESTIONS = PROJECT_ROOT / "eval" / "test" / "questions.jsonl"
PROBE = PROJECT_ROOT / "eval" / "probe"
SHIPPED_RELEASES = PROJECT_ROOT / "store" / "releases"
SPLIT_STORES = PROJECT_ROOT / "eval" / ".stores"
MODES = ("hybrid", "dense", "bm25")


@dataclass(frozen=True)
class Split:
    """Its questions files and the release folders its store is built from."""

    name: str
    files: tuple[Path, ...]
    releases: tuple[Path, ...]

    def questions(self, service) -> list[Question]:
        """All its questions, each file checked against the releases of the split's store."""
        return [q for path in self.files for q in questions_for(service, path)]

    @property
    def store(self) -> Path:
        return SPLIT_STORES / self.name


SPLITS = {
    "dev": Split("dev", (DEFAULT_QUESTIONS, DEV_QUESTIONS), (SHIPPED_RELEASES, PROJECT_ROOT / "eval" / "dev" / "releases")),
    "test": Split("test", (TEST_QUESTIONS,), (SHIPPED_RELEASES, PROJECT_ROOT / "eval" / "test" / "releases")),
    # written by people who never saw the code, read to find work as dev is; not calibrated on
    "probe": Split("probe", (PROBE / "questions.jsonl",),
                   (SHIPPED_RELEASES, PROJECT_ROOT / "eval" / "dev" / "releases", PROBE / "releases")),
}


def evaluate(service, questions: list[Question], mode: str = "hybrid") -> Report:
    """Ask every question through ``service`` and score citations, answers and abstentions."""
    outcomes = []
    for q in questions:
        started = time.perf_counter()
        history = list(q.history) or None
        answer = service.ask(q.question, history=history, mode=mode)
        latency = 1000 * (time.perf_counter() - started)
        # recall@k: the chunks for the same question, retrieved again outside the timing
        _, chunks = service.retrieve(q.question, history=history, mode=mode)
        cited = [c.release_id for c in answer.citations]
        outcomes.append(score(q, cited, answer.abstained, answer.text, [c.release_id for c in chunks], latency))
    return summarize(outcomes, mode)


def split_service(split: Split, settings: Settings | None = None, progress: bool = True):
    """The service over a split's own store, built (or brought up to date) from its releases."""
    from assistant.service import AssistantService

    settings = (settings or Settings.from_env()).embedded_at(split.store)
    service = AssistantService(settings)
    service.ingest([str(p) for p in split.releases], progress=progress)
    return service


def run(
    questions_path: str | Path | None = None,
    settings: Settings | None = None,
    modes: list[str] | None = None,
    json_out: str | Path | None = None,
    report_dir: str | Path | None = None,
    echo=print,
    splits: list[str] | None = None,
) -> list[Report]:
    """Evaluate, print the table and the wrong questions, write the JSON (and Markdown) report.

    With ``questions_path``, that file on the store of ``settings``; otherwise the named
    ``splits`` (default: dev and test), each on its own store, side by side.
    """
    from assistant.service import AssistantService

    modes = modes or (list(MODES) if report_dir else ["hybrid"])
    runs: list[tuple[str, object, list[Question]]] = []
    if questions_path:
        service = AssistantService.open(settings or Settings.from_env(), progress=True)
        runs.append(("", service, questions_for(service, questions_path)))
    else:
        for name in splits or list(SPLITS):
            service = split_service(SPLITS[name], settings)
            runs.append((name, service, SPLITS[name].questions(service)))
    reports = []
    for mode in modes:
        for name, service, questions in runs:
            report = evaluate(service, questions, mode)
            if name:
                report.mode = f"{mode} · {name}"
            reports.append(report)
    echo(format_table(reports))
    echo("")
    for report in reports:
        echo(format_wrong(report))
    if json_out:
        Path(json_out).parent.mkdir(parents=True, exist_ok=True)
        Path(json_out).write_text(json.dumps([r.to_dict() for r in reports], ensure_ascii=False, indent=2), encoding="utf-8")
        echo(f"\nJSON report: {json_out}")
    if report_dir:
        echo(f"Markdown report: {write_markdown(reports, Path(report_dir))}")
    return reports
