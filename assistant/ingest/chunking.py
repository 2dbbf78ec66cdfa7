"""Split a release into chunks (for retrieval) and sentences (for quoting).

Chunks come from llama-index's ``SentenceSplitter`` sized in tiktoken tokens; each keeps the
release id, title and its character offsets in :attr:`Release.text`. Ids derive from the
release id and its content hash, so re-ingesting unchanged text yields the same ids.
"""

from __future__ import annotations

from functools import lru_cache

from llama_index.core import Document
from llama_index.core.node_parser import SentenceSplitter
from llama_index.core.utils import get_tokenizer

from assistant.text.sentences import sentence_spans
from assistant.types import Chunk, Release, Sentence, chunk_id, sentence_id


@lru_cache(maxsize=4)
def _splitter(chunk_tokens: int, overlap: int) -> SentenceSplitter:
    return SentenceSplitter(chunk_size=chunk_tokens, chunk_overlap=overlap, tokenizer=get_tokenizer())


def split_sentences(release: Release) -> list[Sentence]:
    text = release.text
    return [
        Sentence(
            id=sentence_id(release, i),
            release_id=release.id,
            index=i,
            start=s,
            end=e,
            text=text[s:e],
        )
        for i, (s, e) in enumerate(sentence_spans(text))
    ]


def split_release(release: Release, sentences: list[Sentence], chunk_tokens: int, overlap: int) -> list[Chunk]:
    """Token-sized chunks of the release, each mapped to the sentences it covers."""
    nodes = _splitter(chunk_tokens, overlap).get_nodes_from_documents([Document(text=release.text, id_=release.id)])
    chunks = []
    for i, node in enumerate(nodes):
        start, end = node.start_char_idx, node.end_char_idx
        covered = [s.index for s in sentences if s.end > start and s.start < end]
        chunks.append(
            Chunk(
                id=chunk_id(release.id, release.content_hash, i),
                release_id=release.id,
                title=release.title,
                index=i,
                start=start,
                end=end,
                text=node.text,
                first_sentence=min(covered, default=0),
                last_sentence=max(covered, default=-1),
            )
        )
    return chunks
