"""The knowledge index: chromadb stores the chunks, coach/ranking.py ranks them; coach/answers.py answers from them.

The only module that imports chromadb. The index is rebuilt only when the chunked content
changes (a content hash kept in the collection's metadata). Embeddings come from `HashedLexicalEmbedding`,
a feature-hashing vector over stemmed words and word pairs: it needs no model download, so the index
builds and reopens offline. It is a lexical vector, not a semantic one; the retrieval eval
(evals/retrieval_eval.py) measures it against BM25 and decides the fusion.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlparse

import chromadb
import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function
from pydantic import BaseModel, ConfigDict, Field

from coach.config import KNOWLEDGE_DIR
from coach.errors import CoachError
from coach.knowledge import Chunk, chunk, load_documents
from coach.ranking import Ranker, expand_query, question_terms, tokenize
from coach.scope import content_token, topics_in, uncovered_topic

if TYPE_CHECKING:
    from coach.config import Settings

NOT_COVERED = "The framework does not cover this."
COLLECTION = "coach-knowledge"
INDEX_VERSION = "2"  # bump when tokenizing, chunking or embedding changes, so stored indexes rebuild

# --- the embedding --------------------------------------------------------------------------------

_DIMENSIONS = 1024


def _hashed_vector(tokens: Sequence[str]) -> np.ndarray:
    vector = np.zeros(_DIMENSIONS, dtype=np.float32)
    features = list(tokens) + [f"{a}_{b}" for a, b in itertools.pairwise(tokens)]
    for feature in features:
        digest = int.from_bytes(hashlib.blake2b(feature.encode(), digest_size=8).digest(), "little")
        vector[digest % _DIMENSIONS] += 1.0 if (digest >> 63) & 1 else -1.0
    vector = np.sign(vector) * np.log1p(np.abs(vector))
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


@register_embedding_function
class HashedLexicalEmbedding(EmbeddingFunction[Documents]):
    """Feature hashing of stemmed words and word pairs into 1024 signed dimensions. Lexical, not semantic."""

    def __init__(self) -> None:
        pass

    def __call__(self, input: Documents) -> Embeddings:
        return [_hashed_vector(tokenize(text)) for text in input]

    def embed_query(self, input: Documents) -> Embeddings:
        return [_hashed_vector(expand_query(text)) for text in input]

    @staticmethod
    def name() -> str:
        return "coach-hashed-lexical"

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> HashedLexicalEmbedding:
        return HashedLexicalEmbedding()

    def get_config(self) -> dict[str, Any]:
        return {}

    def default_space(self) -> Literal["cosine"]:
        return "cosine"


# --- the index ------------------------------------------------------------------------------------


class Passage(BaseModel):
    """One ranked chunk returned by a search."""

    model_config = ConfigDict(extra="forbid")

    chunk_id: str = Field(description="Stable chunk id, '<doc>#<section slug>'.")
    doc: str = Field(description="Document file name.")
    section: str = Field(description="Section slug.")
    heading: str = Field(description="Section heading.")
    text: str = Field(description="The section text.")
    score: float = Field(description="Fused relevance score; higher is better.")
    coverage: float = Field(description="Share (0-1, rarity-weighted) of the question's words this passage contains.")


class KnowledgeIndexError(CoachError):
    """The knowledge index could not be opened or built."""


def content_hash(chunks: Sequence[Chunk]) -> str:
    """Hash of everything that shapes the index: version, chunk ids and indexed text."""
    digest = hashlib.sha256(INDEX_VERSION.encode())
    for item in chunks:
        digest.update(f"\x00{item.chunk_id}\x00{item.text}".encode())
    return digest.hexdigest()[:32]


def _client(settings: Settings) -> Any:
    telemetry_off = chromadb.config.Settings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        return chromadb.HttpClient(
            host=url.hostname or "localhost",
            port=url.port or (443 if url.scheme == "https" else 8000),
            ssl=url.scheme == "https",
            settings=telemetry_off,
        )
    path = Path(settings.data_dir) / "index"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=telemetry_off)


def _sync_collection(client: Any, chunks: Sequence[Chunk], digest: str) -> tuple[Any, bool]:
    """Return the collection holding exactly these chunks, rebuilding it only when the hash differs."""
    embedding = HashedLexicalEmbedding()
    try:
        collection = client.get_collection(COLLECTION, embedding_function=embedding)
        if (collection.metadata or {}).get("content_hash") == digest:
            return collection, False
        client.delete_collection(COLLECTION)
    except chromadb.errors.NotFoundError:
        pass
    collection = client.create_collection(
        COLLECTION, embedding_function=embedding, metadata={"content_hash": digest, "hnsw:space": "cosine"}
    )
    if chunks:
        collection.add(
            ids=[c.chunk_id for c in chunks],
            documents=[c.text for c in chunks],
            metadatas=[{"doc": c.doc, "section": c.section, "heading": c.heading} for c in chunks],
        )
    return collection, True


def _sync_shared(client: Any, chunks: Sequence[Chunk]) -> tuple[Any, list[Chunk], bool]:
    """A Chroma server is shared by a team. Add or update this machine's chunks, drop framework chunks this
    version no longer has, keep every teammate's playbook chunks, and read back all the chunks the server holds,
    so a playbook added on one machine is searchable from every other. Returns (collection, chunks, changed)."""
    embedding = HashedLexicalEmbedding()
    metadata = {"index_version": INDEX_VERSION, "hnsw:space": "cosine"}
    collection = client.get_or_create_collection(COLLECTION, embedding_function=embedding, metadata=metadata)
    if (collection.metadata or {}).get("index_version") != INDEX_VERSION:  # stored by another index format
        client.delete_collection(COLLECTION)
        collection = client.create_collection(COLLECTION, embedding_function=embedding, metadata=metadata)
    stored = collection.get(include=["metadatas"])
    held = {i: m or {} for i, m in zip(stored["ids"], stored["metadatas"] or [], strict=False)}
    framework = {p.name for p in KNOWLEDGE_DIR.glob("*.md")}
    mine = {c.chunk_id: c for c in chunks}
    changed = [c for c in chunks if held.get(c.chunk_id, {}).get("chunk_sha256") != _chunk_hash(c)]
    if changed:
        collection.upsert(
            ids=[c.chunk_id for c in changed],
            documents=[c.text for c in changed],
            metadatas=[
                {"doc": c.doc, "section": c.section, "heading": c.heading, "chunk": c.model_dump_json(),
                 "chunk_sha256": _chunk_hash(c), "framework": c.doc in framework}
                for c in changed
            ],
        )  # fmt: skip
    stale = [i for i, m in held.items() if m.get("framework") and i not in mine]
    if stale:
        collection.delete(ids=stale)
    everything = collection.get(include=["metadatas"])
    found = [Chunk.model_validate_json(m["chunk"]) for m in everything["metadatas"] or [] if m and m.get("chunk")]
    found.sort(key=lambda c: (c.doc not in framework, c.doc, c.chunk_id))  # the framework first, then playbooks
    return collection, found, bool(changed or stale)


def _chunk_hash(item: Chunk) -> str:
    return hashlib.sha256(f"{INDEX_VERSION}\x00{item.model_dump_json()}".encode()).hexdigest()[:32]


class Index:
    """The searchable knowledge: section chunks ranked by coach/ranking.py, stored in chromadb."""

    def __init__(self, chunks: Sequence[Chunk], collection: Any = None, rebuilt: bool = False) -> None:
        self.chunks = list(chunks)
        self.collection = collection
        self.rebuilt = rebuilt
        self._ranker = Ranker([c.text for c in self.chunks], [c.asked for c in self.chunks])
        self._tokens = self._ranker.tokens
        self._vocab = [set(t) for t in self._tokens]
        self._vectors = np.stack([_hashed_vector(t) for t in self._tokens]) if self.chunks else np.zeros((0, 1))
        df: dict[str, int] = {}
        for vocab in self._vocab:
            for token in vocab:
                df[token] = df.get(token, 0) + 1
        n = max(len(self.chunks), 1)
        self._idf = {t: float(np.log(1 + n / d)) for t, d in df.items()}
        self._unknown_idf = float(np.log(1 + n))
        self.known_words = set(df)
        self.covered_topics = {topic for c in self.chunks for topic in topics_in(c.body)}

    @classmethod
    def open(cls, settings: Settings, extra_dirs: Sequence[Path] = ()) -> Index:
        """Load the knowledge (plus settings.knowledge_dirs and extra_dirs) and open or rebuild the store."""
        chunks = chunk(load_documents([*settings.knowledge_dirs, *extra_dirs]))
        try:
            if settings.chroma_url:  # a team's server: everyone's playbooks, read back from the server
                collection, chunks, rebuilt = _sync_shared(_client(settings), chunks)
            else:
                collection, rebuilt = _sync_collection(_client(settings), chunks, content_hash(chunks))
        except (ValueError, OSError, chromadb.errors.ChromaError) as exc:
            where = settings.chroma_url or str(Path(settings.data_dir) / "index")
            raise KnowledgeIndexError(f"The knowledge index at {where} could not be opened: {exc}") from exc
        return cls(chunks, collection, rebuilt)

    def scores(self, question: str, method: Literal["plain", "bm25", "hashed", "fused"] = "fused") -> np.ndarray:
        """Relevance of every chunk to the question, by one ranking method (the eval compares them)."""
        if method == "plain":  # the baseline: BM25 over the section chunks, the question's own words only
            return self._ranker.word_scores(list(dict.fromkeys(tokenize(question))))
        if method == "bm25":  # word BM25 with the vocabulary only: the first round's shipped ranking
            return self._ranker.word_scores(expand_query(question))
        if method == "hashed":
            return self._vectors @ _hashed_vector(expand_query(question))
        return self._ranker.scores(question)  # no vector math and no chromadb call per query (FUSION_WEIGHT 0)

    def coverage(self, question: str, position: int | None = None) -> float:
        """Rarity-weighted share of the question's words (or their synonyms) found in one chunk, or anywhere."""
        vocab = self._vocab[position] if position is not None else self.known_words
        total = found = 0.0
        for token, synonyms in question_terms(question).items():
            if not content_token(token):
                continue
            weight = self._idf.get(token, self._unknown_idf)
            total += weight
            found += weight if synonyms & vocab else 0.0
        return found / total if total else 0.0

    def search(self, query: str, k: int = 5) -> list[Passage]:
        """Return the k most relevant passages, best first."""
        if not self.chunks or not query.strip():
            return []
        fused = self.scores(query)
        order = np.argsort(-fused, kind="stable")[:k]
        return [
            Passage(
                chunk_id=self.chunks[i].chunk_id,
                doc=self.chunks[i].doc,
                section=self.chunks[i].section,
                heading=self.chunks[i].heading,
                text=self.chunks[i].body,
                score=round(float(fused[i]), 4),
                coverage=round(self.coverage(query, int(i)), 3),
            )
            for i in order
            if fused[i] > 0
        ]


# Weight of the hashed-vector cosine beside max-normalized BM25. The retrieval eval measured 0, 0.25, 0.5 and
# 1.0: the vector never lifted recall@3 above BM25 with query expansion, so the query path is BM25 only.
FUSION_WEIGHT = 0.0
# Below this rarity-weighted share of the question's content words (or their synonyms) found anywhere in the
# knowledge, the framework does not cover the question. Measured on tuned, holdout, dev2, blind and dev3 (chat-style
# questions with slang, typos and numbers): 0.3 refused no in-scope question; 0.4 refused two of dev3's.
MIN_COVERAGE = 0.3


@lru_cache(maxsize=8)
def _cached_index(settings: Settings, digest_key: str) -> Index:
    return Index.open(settings)


def open_index(settings: Settings) -> Index:
    """Open the index once per process and settings; reopen when the knowledge files change."""
    stamp = []
    for folder in (Path(__file__).resolve().parent.parent / "knowledge", *settings.knowledge_dirs):
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file():
                stat = path.stat()
                stamp.append(f"{path}:{stat.st_mtime_ns}:{stat.st_size}")
    return _cached_index(settings, hashlib.sha256("\n".join(stamp).encode()).hexdigest())


def relevant_passages(index: Index, question: str, k: int = 3) -> list[Passage]:
    """The top-k passages, or none when the knowledge does not cover the question's words or its topic."""
    if uncovered_topic(question, index.covered_topics) or index.coverage(question) < MIN_COVERAGE:
        return []
    return index.search(question, k)
