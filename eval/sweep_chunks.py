"""Measure chunk sizes: ``python -m eval.sweep_chunks [--sizes 96,160,256]``.

Builds a throw-away store per chunk size from ``store/releases/`` and runs the eval on each,
printing retrieval recall, citation and answer accuracy, chunk count and ingest time.
The chosen size is ``Settings.chunk_tokens`` (README, "Chunk size").
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from assistant.config import Settings
from assistant.evaluation.questions import questions_for
from assistant.evaluation.runner import DEFAULT_QUESTIONS, evaluate
from assistant.service import AssistantService


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="64,96,128,160,256,512,1024")
    parser.add_argument("--questions", default=str(DEFAULT_QUESTIONS))
    args = parser.parse_args()
    base = Settings.from_env()
    print("tokens  overlap  chunks  ingest_s  recall@1  recall@5  citation_acc  answer_acc  abstention  false_abst")
    for size in map(int, args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copytree(base.releases_dir, Path(tmp) / "releases")
            settings = base.embedded_at(tmp).replace(chunk_tokens=size)  # overlap: a fifth of the size
            service = AssistantService(settings)
            report = service.ensure_built()
            ev = evaluate(service, questions_for(service, args.questions))
            print(
                f"{size:6d}  {settings.chunk_overlap:7d}  {service.store.chunk_count():6d}  {report.seconds:8.1f}  "
                f"{ev.recall_at_1:8.3f}  {ev.recall_at_5:8.3f}  {ev.citation_accuracy:12.3f}  "
                f"{ev.answer_accuracy:10.3f}  {ev.abstention_recall:10.3f}  {ev.false_abstention:10.3f}"
            )


if __name__ == "__main__":
    main()
