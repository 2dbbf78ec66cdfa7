"""The citation-accuracy eval set (``questions.jsonl``) and its runner (``python -m eval``)."""
