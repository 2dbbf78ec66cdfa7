"""The ``assistant`` command: ingest, remove, list, ask, eval, feedback export."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import textwrap

from assistant.answering.replies import quoted
from assistant.config import Settings, add_arguments


def _service(args: argparse.Namespace, build: bool = True):
    """The service of the settings and flags; ``build``: an empty store is built from its releases/ first."""
    from assistant.service import AssistantService

    service = AssistantService(Settings.from_args(args))
    if build:
        report = service.ensure_built(progress=True)
        if report is not None:
            print(f"Built the store from {service.settings.releases_dir}: {report.summary()}", file=sys.stderr)
    return service


def cmd_ingest(args: argparse.Namespace) -> int:
    """``assistant ingest``: exit status 1 when files were skipped and none could be ingested."""
    service = _service(args, build=False)
    paths = args.paths or [str(service.settings.releases_dir)]
    report = service.ingest(paths, progress=True)
    for name, reason in report.skipped:
        print(f"skipped {name}: {reason}", file=sys.stderr)
    print(report.summary())
    print(f"The store holds {len(service.releases())} releases, {service.store.chunk_count()} chunks.")
    return 0 if report.ingested or not report.skipped else 1


def cmd_remove(args: argparse.Namespace) -> int:
    """``assistant remove RELEASE_ID``."""
    service = _service(args, build=False)
    if service.remove(args.release_id):
        print(f"removed {args.release_id}")
        return 0
    print(f"no release {args.release_id!r} in the store (see 'assistant list')", file=sys.stderr)
    return 1


def cmd_list(args: argparse.Namespace) -> int:
    """``assistant list``: the releases with their chunk counts."""
    service = _service(args)
    releases = service.releases()
    if args.json:
        print(json.dumps([r.__dict__ for r in releases], ensure_ascii=False, indent=2))
        return 0
    if not releases:
        print("The store is empty: add releases with 'assistant ingest DIR'.")
        return 0
    for r in releases:
        print(f"{r.id}  {r.n_chunks:3d} chunks  {r.title}")
    print(f"{len(releases)} releases, {sum(r.n_chunks for r in releases)} chunks")
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    """``assistant ask QUESTION``: the answer and its sources, or the Answer as JSON."""
    service = _service(args)
    answer = service.ask(args.question)
    if answer.notice:
        print(answer.notice, file=sys.stderr)
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
        return 0
    print(answer.text)
    if answer.citations:
        print("\nSources:" if answer.language == "fr" else "\nSources:")
        for n, c in enumerate(answer.citations, start=1):
            print(f"[{n}] {c.release_id} — {c.title}")
            print(textwrap.indent(textwrap.fill(quoted(c.quote), width=100), "    "))
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    """``assistant eval``: the citation-accuracy eval."""
    from assistant.evaluation.runner import run

    settings = Settings.from_args(args)
    modes = [args.retriever] if args.retriever else None
    splits = None if args.split == "all" else [args.split]
    if args.questions is None and args.store_dir:  # a store of one's own: its questions file is needed
        raise ValueError("--store needs --questions FILE (the splits are evaluated on stores of their own)")
    run(args.questions, settings, modes=modes, json_out=args.json, report_dir=args.report, splits=splits)
    return 0


def cmd_feedback_export(args: argparse.Namespace) -> int:
    """``assistant feedback export``: the answers users marked not useful, as eval-question stubs."""
    from pathlib import Path

    from assistant.feedback import FEEDBACK_FILE, export_stubs

    store_dir = Settings.from_args(args).store_dir
    stubs = export_stubs(store_dir)
    text = "".join(json.dumps(stub, ensure_ascii=False) + "\n" for stub in stubs)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    where = f" to {args.out}" if args.out else ""
    print(f"{len(stubs)} answers marked not useful in {store_dir / FEEDBACK_FILE}: {len(stubs)} question stubs "
          f"written{where}; fill in their sources and answer_contains (see their 'todo') before adding them "
          "to a questions file", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The command line; every command takes the setting flags of :func:`assistant.config.add_arguments`."""
    parser = argparse.ArgumentParser(prog="assistant", description="Cited answers over IOM press releases.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="add or update releases (unchanged ones cost nothing)")
    p.add_argument("paths", nargs="*", metavar="DIR", help="folders or files (default: the store's releases/)")
    add_arguments(p)
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("remove", help="delete one release and its chunks")
    p.add_argument("release_id")
    add_arguments(p)
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser("list", help="the releases in the store")
    p.add_argument("--json", action="store_true")
    add_arguments(p)
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("ask", help="answer a question, citing the releases")
    p.add_argument("question")
    p.add_argument("--json", action="store_true", help="print the Answer as JSON")
    add_arguments(p)
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("eval", help="run the citation-accuracy eval")
    p.add_argument("--questions", metavar="FILE", help="your own questions file, on --store (default: the splits)")
    p.add_argument("--split", choices=["dev", "test", "probe", "all"], default="all",
                   help="dev (tuned on), test (frozen, tuned on by nothing), probe (written blind to the code) or all side by side (default)")
    p.add_argument("--retriever", choices=["hybrid", "dense", "bm25"], help="one mode (default: hybrid)")
    p.add_argument("--json", metavar="OUT", help="write the JSON report here")
    p.add_argument("--report", metavar="DIR", help="write a Markdown report with a chart of all three modes")
    add_arguments(p)
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("feedback", help="what users said of the answers (the page's 👍/👎, POST /v1/feedback)")
    actions = p.add_subparsers(dest="action", required=True)
    p = actions.add_parser("export", help="the answers marked not useful, as eval-question stubs (JSON lines)")
    p.add_argument("--out", metavar="FILE", help="write them here (default: standard output)")
    add_arguments(p)
    p.set_defaults(func=cmd_feedback_export)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run a command; a user error is one line on stderr and exit status 2."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(message)s")
    from assistant.evaluation.questions import QuestionsError
    from assistant.index.chroma import StoreError

    try:
        return args.func(args)
    except (ValueError, QuestionsError, StoreError, KeyError, ImportError) as exc:
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
        print(f"assistant: {message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("assistant: interrupted; the store is usable and a re-run completes the ingest", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
