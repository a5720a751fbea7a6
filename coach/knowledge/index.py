"""The searchable knowledge: an in-memory mirror of the store's chunks, ranked by coach/knowledge/ranking.py, and the
gate that says when the knowledge does not cover a question.

`open_index` syncs this machine's documents into the store (coach/knowledge/store.py) only when their files change,
then checks the collection's revision on every call: when anyone has written to it (a playbook added from the app,
the CLI or a teammate's machine), the mirror is rebuilt from what the store holds. A query never reads the files.
"""

from __future__ import annotations

import hashlib
import socket
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from coach.config import KNOWLEDGE_DIR
from coach.errors import InputError
from coach.knowledge.documents import Chunk, chunk, load_bytes, load_documents, load_folder
from coach.knowledge.ranking import Ranker, expand_query, question_terms, tokenize
from coach.knowledge.scope import content_token, topics_in, uncovered_topic
from coach.knowledge.store import KnowledgeStore, StoredDocument

if TYPE_CHECKING:
    from coach.config import Settings

NOT_COVERED = "The framework does not cover this."


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


class Index:
    """Section chunks ranked for a question. Built from the store's chunks (or, in tests, from any chunks)."""

    def __init__(self, chunks: Sequence[Chunk], store: KnowledgeStore | None = None, rebuilt: bool = False) -> None:
        self.chunks = list(chunks)
        self.store = store
        self.rebuilt = rebuilt
        self._ranker = Ranker([c.text for c in self.chunks], [c.asked for c in self.chunks])
        self._position = {c.chunk_id: n for n, c in enumerate(self.chunks)}
        self._vocab = [set(t) for t in self._ranker.tokens]
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
    def open(cls, settings: Settings) -> Index:
        """Sync this machine's documents into the store, then build the mirror from everything the store holds."""
        store = KnowledgeStore.open(settings)
        written = _sync(store, settings)
        return cls(store.chunks(), store, rebuilt=written)

    def scores(self, question: str, method: Literal["plain", "bm25", "hashed", "fused"] = "fused") -> np.ndarray:
        """Relevance of every chunk to the question, by one ranking method (the eval compares them)."""
        if method == "plain":  # the baseline: BM25 over the section chunks, the question's own words only
            return self._ranker.word_scores(list(dict.fromkeys(tokenize(question))))
        if method == "bm25":  # word BM25 with the vocabulary only: the first round's shipped ranking
            return self._ranker.word_scores(expand_query(question))
        if method == "hashed":  # chroma's own nearest-neighbour search over the stored hashed vectors
            found = np.zeros(len(self.chunks), dtype=np.float32)
            if self.store is not None:
                for chunk_id, similarity in self.store.nearest(question, len(self.chunks)):
                    if chunk_id in self._position:
                        found[self._position[chunk_id]] = similarity
            return found
        return self._ranker.scores(question)

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


# Below this rarity-weighted share of the question's content words (or their synonyms) found anywhere in the
# knowledge, the framework does not cover the question. Measured on tuned, holdout, dev2, blind and dev3 (chat-style
# questions with slang, typos and numbers): 0.3 refused no in-scope question; 0.4 refused two of dev3's.
MIN_COVERAGE = 0.3


# Retrieval confidence: the share of the question's words the best passage itself holds. Calibrated on the seven used
# question sets (208 in scope, 49 out of scope; `python -m evals.retrieval_eval --calibrate` prints the sweep): every
# in-scope question's best passage holds at least 0.02 of its words, while six out-of-scope ones (laptops, cold email
# subject lines, headphones) hold none. Not-covered F1 is highest on the plateau between 0 and 0.02 (precision 1.0,
# recall 0.98 with the topics and MIN_COVERAGE); 0.02 refuses an in-scope question and 0.05 refuses three.
MIN_CONFIDENCE = 0.01


def relevant_passages(index: Index, question: str, k: int = 3) -> list[Passage]:
    """The top-k passages, or none when the knowledge does not cover the question: its topic is a partner-program
    area the framework leaves out, too few of its words are known, or its best passage holds too little of it."""
    if uncovered_topic(question, index.covered_topics) or index.coverage(question) < MIN_COVERAGE:
        return []
    found = index.search(question, k)
    return found if found and found[0].coverage >= MIN_CONFIDENCE else []


# A question the knowledge does not cover names its nearest section only when that section holds at least this share
# of the question's words: "what tiers should a partner program have?" is near partner scoring; the capital of France
# is near nothing.
NEAREST_COVERAGE = 0.25


def nearest_topic(index: Index, question: str) -> Passage | None:
    """The section closest to a question the knowledge does not cover, when it shares enough of the question's words."""
    found = index.search(question, 1)
    return found[0] if found and found[0].coverage >= NEAREST_COVERAGE else None


# --- opening: sync on file changes, mirror on revision changes ------------------------------------


def _folders(settings: Settings) -> tuple[Path, ...]:
    return (KNOWLEDGE_DIR, *(Path(d).expanduser() for d in settings.knowledge_dirs))


def _files_stamp(settings: Settings) -> str:
    """Names, sizes and times of every file the knowledge is loaded from: cheap to compute, changes with any edit."""
    stamp = []
    for folder in _folders(settings):
        if not folder.is_dir():
            stamp.append(f"{folder}:missing")
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                stat = path.stat()
                stamp.append(f"{path}:{stat.st_mtime_ns}:{stat.st_size}")
    return hashlib.sha256("\n".join(stamp).encode()).hexdigest()


def _sync(store: KnowledgeStore, settings: Settings) -> bool:
    documents = load_documents()
    framework = {d.doc for d in documents}
    taken, folders = set(framework), {}
    for folder in settings.knowledge_dirs:  # each folder's documents, keyed by this machine and the folder's path
        where = f"{socket.gethostname()}\x00{Path(folder).expanduser().resolve()}"
        key = hashlib.sha256(where.encode()).hexdigest()[:32]
        for document in load_folder(Path(folder), taken):
            folders[document.doc] = key
            documents.append(document)
    return store.sync(chunk(documents), framework, folders)


class _Mirror:
    """One process's open store and mirror for one set of settings."""

    def __init__(self, store: KnowledgeStore) -> None:
        self.store = store
        self.stamp = ""
        self.revision = ""
        self.index: Index | None = None


_MIRRORS: dict[Settings, _Mirror] = {}
_LOCK = threading.RLock()  # Streamlit serves sessions from threads; one sync and one rebuild at a time


def _mirror(settings: Settings) -> _Mirror:
    mirror = _MIRRORS.get(settings)
    if mirror is None:
        mirror = _MIRRORS[settings] = _Mirror(KnowledgeStore.open(settings))
    return mirror


def open_index(settings: Settings) -> Index:
    """The index for these settings: synced when the knowledge files change, rebuilt when the store's revision
    changes (anyone's write), otherwise the mirror already in memory."""
    with _LOCK:
        mirror = _mirror(settings)
        stamp = _files_stamp(settings)
        written = False
        if stamp != mirror.stamp:
            written = _sync(mirror.store, settings)
            mirror.stamp = stamp
        revision = mirror.store.revision()
        if mirror.index is None or revision != mirror.revision:
            mirror.index = Index(mirror.store.chunks(), mirror.store, rebuilt=written)
            mirror.revision = revision
        return mirror.index


# --- the playbook library: one service for the Knowledge page and `coach knowledge` ---------------


def add_playbook(settings: Settings, name: str, raw: bytes, added_by: str = "") -> StoredDocument:
    """Read a .md, .txt or .pdf playbook and store it (replacing one of the same name); searchable at once, by
    everyone on a shared Chroma server."""
    document = load_bytes(name, raw)
    if not document.sections:
        raise InputError(f"The playbook {name} has no text to search; nothing was added.", path=name)
    with _LOCK:
        mirror = _mirror(settings)
        if document.doc in {d.doc for d in load_documents()}:
            raise InputError(f"{document.doc} is the name of a framework document; rename the playbook.", path=name)
        mirror.store.add(document, added_by)
        return next(d for d in mirror.store.documents() if d.doc == document.doc)


def stored_documents(settings: Settings) -> list[StoredDocument]:
    """The framework documents and every playbook in the store, with their chunk counts."""
    with _LOCK:
        open_index(settings)  # the framework is synced before it is listed
        return _mirror(settings).store.documents()


def remove_playbook(settings: Settings, doc: str) -> int:
    """Delete a stored playbook by its name; returns how many chunks went."""
    with _LOCK:
        return _mirror(settings).store.remove(doc)
