"""Fault-injection suite: kill -9 during ingest, ingest under load, Chroma restart, hostile
requests, bad files. Prints a Markdown table; exit status 0 when every row is ok.

    python -m eval.faults [--quick] [--only NAME] [--json OUT] [--seed N] [--keep]

On two cores: about 10 minutes with --quick (4 kill points over a 10-release corpus), about
an hour without (20 kill points over 20 releases, each followed by a complete re-ingest).

Everything runs on 127.0.0.1 in a temporary directory, with the venv's ``assistant`` and
``chroma`` commands and ``python ui.py``; every process it starts is killed at the end.
"""
