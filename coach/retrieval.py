"""The knowledge index: chromadb stores the chunks, BM25 ranks them; coach/answers.py answers from them.

The only module that imports chromadb and bm25s. The index is rebuilt only when the chunked content
changes (a content hash kept in the collection's metadata). Embeddings come from `HashedLexicalEmbedding`,
a feature-hashing vector over stemmed words and word pairs: it needs no model download, so the index
builds and reopens offline. It is a lexical vector, not a semantic one; the retrieval eval
(evals/retrieval_eval.py) measures it against BM25 and decides the fusion.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlparse

import bm25s
import chromadb
import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function
from pydantic import BaseModel, ConfigDict, Field

from coach.errors import CoachError
from coach.knowledge import Chunk, chunk, load_documents

if TYPE_CHECKING:
    from coach.config import Settings

NOT_COVERED = "The framework does not cover this."
COLLECTION = "coach-knowledge"
INDEX_VERSION = "1"  # bump when tokenizing, chunking or embedding changes, so stored indexes rebuild

# --- text to tokens -------------------------------------------------------------------------------

_STOPWORD_TEXT = (
    "a about again all also am an and any are as at be because been being between both but by can "
    "could did do does doing done during each few for from further had has have having he her here hers him his "
    "how i if in into is it its itself just me more most my no nor not of off on once only or other our ours out "
    "over own same she should so some such than that the their theirs them then there these they this those "
    "through to too under until up very was we were what when where which while who whom why will with would "
    "you your yours get got make makes one ones thing things need needs us let lets whether actually really still tell"
)
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())
# "before" and "after" stay: deal timing (before trust, after legal review) is framework content.


def _stem(word: str) -> str:
    """A light suffix stripper: enough to join 'partners'/'partner' and 'scoring'/'score'."""
    for suffix, replacement, minimum in (
        ("bility", "ble", 8),
        ("ies", "y", 5),
        ("sses", "ss", 5),
        ("ing", "", 6),
        ("ed", "", 5),
        ("es", "e", 5),
        ("s", "", 4),
    ):
        if len(word) >= minimum and word.endswith(suffix) and not word.endswith(("ss", "us", "is")):
            return word[: -len(suffix)] + replacement
    return word


def tokenize(text: str) -> list[str]:
    """Lower-case, split into words, drop stop words, stem."""
    return [_stem(w) for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOPWORDS and len(w) > 1]


# The framework's own vocabulary for words people use instead (issue 3: ally, reseller -> partner, ...).
# Phrases are matched on the lower-cased question; each adds the framework's words to the query.
VOCABULARY: dict[str, str] = {
    r"\b(ally|allies|alliances?|resellers?|si|sis|systems? integrators?|integrators?|vars?|msps?|agenc(y|ies)|"
    r"consultanc(y|ies)|channel|isvs?|outside (firm|company|team)s?|third[- ]part(y|ies)|external (firm|team)s?)\b": (
        "partner"
    ),
    r"\bwho signs\b|\bsigner\b|\beconomic buyer\b|\bbudget (holder|owner)\b|\bfinal say\b|\bcuts? the check\b|"
    r"\bpurse strings\b|\bthe money\b": "decision maker signs budget",
    r"\bcustomer side\b|\bclient side\b|\btheir side\b": "buyer",
    r"\bwhy now\b|\burgen\w*\b|\bcatalyst\b|\bcompelling event\b|\bforc\w+ (event|action|decision)\b|"
    r"\bact now\b|\bmoves? now\b|\bdecides? to buy\b|\bhave to buy\b|"
    r"\bmakes? (a |the )?(customer|buyer|client|account)s? (decide|buy|act|move)\b": "buying trigger forcing function",
    r"\bgatekeepers?\b|\bveto\w*\b|\bkill\w* (the |a )?deals?\b|\bstall\w*\b": "blocker procurement legal",
    r"\bchampions?\b|\bevaluators?\b|\bshortlist\w*\b": "influencer evaluation",
    r"\btoo late\b|\blate stage\b|\bpast legal\b|\bcontract terms\b|\balready (signed|approved)\b|"
    r"\bsigned off\b": "stage too late legal review",
    r"\btoo early\b": "too early trust",
    r"\bstanding\b|\bcredib\w*\b|\bbelieves?\b|\btrusts?\b|\brapport\b|\bgood enough\b": "trust",
    r"\bideal customer\b|\btarget (customer|market|account)s?\b|\bsegments?\b|\bwho we sell to\b|"
    r"\bkinds? of (customer|account)s?\b": "icp",
    r"\bsame (kind of )?(customer|account|target)s?\b|\bsame page\b|\bshared (icp|customer|target)s?\b": (
        "icp alignment"
    ),
    r"\bvalue[- ]add\w*\b|\bacceler\w*\b|\bspeed up\b|\bhelps? (close|win)\b|\bbring to (a|the) deal\b|"
    r"\bcontribut\w*\b": "leverage speed signal confidence",
    r"\bfriction\b|\bdistract\w*\b|\bget in the way\b|\bslows? (everything|us|deals?)( down)?\b|"
    r"\bconfus\w*\b": "noise",
    r"\bkpis?\b|\bmeasure success\b|\bjudge success\b|\bsuccess look\w*\b|\bcares? about\b": "success metric",
    r"\bban\w*\b|\bforbid\w*\b|\boff[- ]limits\b|\bnot allowed\b|\bkeep (partners )?out\b|\bexclud\w*\b|"
    r"\bnever (bring|involve|use)\b|\bstay out\b": "exclusion exclude",
    r"\bsmall\b|\bsimple\b|\btiny\b|\blow[- ]value\b|\btransactional\b|\brenewals?\b|\bon (its|their) own\b": (
        "deal size threshold transactional repeatable direct"
    ),
    r"\bone sentence\b|\belevator pitch\b|\bpositioning statement\b|\bone[- ]liner\b|\bfill[- ]in\b|"
    r"\bblanks\b|\bsums? up\b": "operator sentence",
    r"\bready to scale\b|\breadiness\b|\bhealth check\b|\bdiagnostic\b|\bhir(e|ing)\b|\bheadcount\b|"
    r"\b(spend|invest) more\b|\bmore budget\b": "operator confidence check headcount budget scale",
    r"\bin what order\b|\bwhat order\b|\bwhat (comes|to build) first\b|\bbuild first\b|\bbefore writing\b": (
        "build order"
    ),
    r"\bjoint sell\w*\b|\bselling together\b|\bco-?sell\w*\b": "co-sell motion",
    r"\boverlap\w*\b|\bcrossbeam\b|\baccount mapping\b": "account overlap",
    r"\bsign up\b|\bpick which\b|\bwhich ones to sign\b|\bjoin our program\b": ("recruit score"),
    r"\bdormant\b|\binactive\b|\bnever produc\w*\b|\bdead weight\b|\bnever did anything\b|\bdid nothing\b": (
        "dormancy producing onboarding capacity"
    ),
    r"\btiers?\b|\bportal\b|\bprm\b": "administrative layer portal",
    r"\bcredit\b|\bsourced\b|\binfluenced\b": "attribution sourced influenced co-sell",
    r"\broi\b|\breturn on investment\b": "roi return investment",
    r"\bwalk away\b|\bsay no\b|\bturn down\b|\breject\w*\b|\bdecline\b": "pass threshold",
    r"\bkeep warm\b|\bnot yet\b": "nurture",
}
_VOCABULARY = [(re.compile(pattern), tokenize(words)) for pattern, words in VOCABULARY.items()]


def question_terms(question: str) -> dict[str, set[str]]:
    """Each word of the question with the framework words that can stand in for it."""
    lowered = question.lower()
    terms = {token: {token} for token in tokenize(lowered)}
    for pattern, words in _VOCABULARY:
        for match in pattern.finditer(lowered):
            for token in tokenize(match.group(0)):
                if token in terms:
                    terms[token].update(words)
    return terms


def expand_query(question: str) -> list[str]:
    """Tokens of the question plus the framework words its everyday phrases stand for."""
    lowered = question.lower()
    tokens = tokenize(lowered)
    for pattern, words in _VOCABULARY:
        if pattern.search(lowered):
            tokens.extend(w for w in words if w not in tokens)
    return tokens


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


class Index:
    """The searchable knowledge: BM25 over section chunks, fused with the stored hashed vectors."""

    def __init__(self, chunks: Sequence[Chunk], collection: Any = None, rebuilt: bool = False) -> None:
        self.chunks = list(chunks)
        self.collection = collection
        self.rebuilt = rebuilt
        # The heading path (the text's first line) counts twice: a section's name is its best summary.
        self._tokens = [tokenize(c.text) + tokenize(c.text.split("\n", 1)[0]) for c in self.chunks]
        self._vocab = [set(t) for t in self._tokens]
        self._bm25 = bm25s.BM25(k1=1.2, b=0.75)
        if self.chunks:
            self._bm25.index(self._tokens, show_progress=False)
        self._vectors = np.stack([_hashed_vector(t) for t in self._tokens]) if self.chunks else np.zeros((0, 1))
        df: dict[str, int] = {}
        for vocab in self._vocab:
            for token in vocab:
                df[token] = df.get(token, 0) + 1
        n = max(len(self.chunks), 1)
        self._idf = {t: float(np.log(1 + n / d)) for t, d in df.items()}
        self._unknown_idf = float(np.log(1 + n))
        self._all_words = set(df)

    @classmethod
    def open(cls, settings: Settings, extra_dirs: Sequence[Path] = ()) -> Index:
        """Load the knowledge (plus settings.knowledge_dirs and extra_dirs) and open or rebuild the store."""
        chunks = chunk(load_documents([*settings.knowledge_dirs, *extra_dirs]))
        digest = content_hash(chunks)
        try:
            collection, rebuilt = _sync_collection(_client(settings), chunks, digest)
        except (ValueError, OSError, chromadb.errors.ChromaError) as exc:
            where = settings.chroma_url or str(Path(settings.data_dir) / "index")
            raise KnowledgeIndexError(f"The knowledge index at {where} could not be opened: {exc}") from exc
        return cls(chunks, collection, rebuilt)

    def scores(self, question: str, method: Literal["bm25", "hashed", "fused"] = "fused") -> np.ndarray:
        """Relevance of every chunk to the question, by one ranking method (the eval compares them)."""
        tokens = expand_query(question)
        bm25 = self._bm25_scores(tokens)
        if method == "bm25" or (method == "fused" and FUSION_WEIGHT == 0):
            return bm25  # the shipped path: no vector math and no chromadb call per query
        cosine = self._vectors @ _hashed_vector(tokens)
        if method == "hashed":
            return cosine
        top = float(bm25.max()) if len(bm25) else 0.0
        return (bm25 / top if top > 0 else bm25) + FUSION_WEIGHT * cosine

    def _bm25_scores(self, tokens: list[str]) -> np.ndarray:
        if not tokens:
            return np.zeros(len(self.chunks), dtype=np.float32)
        return np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)

    def coverage(self, question: str, position: int | None = None) -> float:
        """Rarity-weighted share of the question's words (or their synonyms) found in one chunk, or anywhere."""
        vocab = self._vocab[position] if position is not None else self._all_words
        total = found = 0.0
        for token, synonyms in question_terms(question).items():
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
# Below this rarity-weighted share of the question's words found anywhere in the knowledge, the framework
# does not cover the question. Set by the retrieval eval: out-of-scope questions score 0.00-0.23, in-scope 0.45+.
MIN_COVERAGE = 0.35


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
    """The top-k passages, or none when the best one does not cover enough of the question."""
    if index.coverage(question) < MIN_COVERAGE:
        return []
    return index.search(question, k)


# The answer code lives in coach/answers.py; these names stay importable from here for existing callers
# (coach ask, the app's knowledge page). Resolved lazily: coach.answers imports this module.
_ANSWER_NAMES = frozenset({"Answer", "Citation", "answer_question", "extractive_answer", "model_answer"})


def __getattr__(name: str) -> Any:
    if name in _ANSWER_NAMES:
        from coach import answers

        return getattr(answers, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
