"""The knowledge store: one chromadb collection holds every chunk the coach can search. The only module that imports
chromadb.

Each record is one chunk: its id (`<doc>#<slug>`), its indexed text, a hashed lexical vector and metadata (document,
title, section, heading path, origin: framework or playbook, a content hash, who added it, and the whole chunk as
JSON, document expansions included). Queries never read the files: `coach/knowledge/index.py` ranks an in-memory mirror
of what this store returns and rebuilds it whenever the collection's revision changes.

Locally the collection lives in the data folder; with `COACH_CHROMA_URL` it lives on a team's Chroma server, so a
playbook one person adds is searched by everyone at once. Writes never drop another person's playbook: the framework's
chunks are upserted when their content changes and deleted only when this version no longer has them, and a change of
index format re-embeds what is stored instead of deleting it.
"""

from __future__ import annotations

import hashlib
import itertools
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlparse

import chromadb
import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function
from pydantic import BaseModel, ConfigDict, Field

from coach.errors import CoachError, InputError
from coach.knowledge.documents import Chunk, Document, chunk
from coach.knowledge.ranking import expand_query, tokenize

if TYPE_CHECKING:
    from coach.config import Settings

COLLECTION = "coach-knowledge"
INDEX_VERSION = "3"  # bump when tokenizing, chunking or embedding changes: stored chunks are then re-embedded

# --- the embedding --------------------------------------------------------------------------------

_DIMENSIONS = 1024


def hashed_vector(tokens: Sequence[str]) -> np.ndarray:
    """Feature hashing of tokens and token pairs into 1024 signed, log-damped, unit-length dimensions."""
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
    """Feature hashing of stemmed words and word pairs into 1024 signed dimensions. Lexical, not semantic: it needs no
    model download, so the store builds and reopens offline. The retrieval eval measures it against the ranker."""

    def __init__(self) -> None:
        pass

    def __call__(self, input: Documents) -> Embeddings:
        return [hashed_vector(tokenize(text)) for text in input]

    def embed_query(self, input: Documents) -> Embeddings:
        return [hashed_vector(expand_query(text)) for text in input]

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


# --- the store ------------------------------------------------------------------------------------


class KnowledgeIndexError(CoachError):
    """The knowledge store could not be opened, read or written."""


class StoredDocument(BaseModel):
    """A document in the store, as `coach knowledge list` shows it."""

    model_config = ConfigDict(extra="forbid")

    doc: str = Field(description="The document's id: its file name.")
    title: str
    origin: Literal["framework", "playbook"]
    chunks: int = Field(description="How many chunks it has in the store.")
    added_by: str = Field(default="", description="Who added it (unverified), when a person uploaded it.")
    added_at: str = Field(default="", description="When it was added or last replaced (UTC, ISO 8601).")


def chunk_hash(item: Chunk) -> str:
    """The content hash of one chunk (index format included), kept in its metadata."""
    return hashlib.sha256(f"{INDEX_VERSION}\x00{item.model_dump_json()}".encode()).hexdigest()[:32]


def _metadata(item: Chunk, origin: str, added_by: str = "", added_at: str = "") -> dict[str, Any]:
    return {
        "doc": item.doc,
        "title": item.title,
        "section": item.section,
        "heading": item.heading,
        "heading_path": item.text.partition("\n")[0],
        "origin": origin,
        "chunk_sha256": chunk_hash(item),
        "chunk": item.model_dump_json(),
        "expansions": len(item.asked),
        "added_by": added_by,
        "added_at": added_at,
    }


class KnowledgeStore:
    """The chromadb collection of knowledge chunks, local (the data folder) or on a team's server."""

    def __init__(self, client: Any, where: str) -> None:
        self._client = client
        self.where = where
        self._collection: Any = None

    @classmethod
    def open(cls, settings: Settings) -> KnowledgeStore:
        """Connect to the store the settings name; no collection is touched yet."""
        telemetry_off = chromadb.config.Settings(anonymized_telemetry=False)
        try:
            if settings.chroma_url:
                url = urlparse(settings.chroma_url)
                client = chromadb.HttpClient(
                    host=url.hostname or "localhost",
                    port=url.port or (443 if url.scheme == "https" else 8000),
                    ssl=url.scheme == "https",
                    settings=telemetry_off,
                )
                return cls(client, settings.chroma_url)
            path = Path(settings.data_dir) / "index"
            path.mkdir(parents=True, exist_ok=True)
            return cls(chromadb.PersistentClient(path=str(path), settings=telemetry_off), str(path))
        except (ValueError, OSError, chromadb.errors.ChromaError) as exc:
            where = settings.chroma_url or str(Path(settings.data_dir) / "index")
            raise KnowledgeIndexError(f"The knowledge store at {where} could not be opened: {exc}") from exc

    def _fail(self, exc: Exception) -> KnowledgeIndexError:
        return KnowledgeIndexError(f"The knowledge store at {self.where} could not be used: {exc}")

    def collection(self) -> Any:
        """The collection, created on first use; stored chunks of an older index format are re-embedded."""
        if self._collection is not None:
            return self._collection
        embedding = HashedLexicalEmbedding()
        metadata = {"index_version": INDEX_VERSION, "revision": uuid.uuid4().hex, "hnsw:space": "cosine"}
        try:
            found = self._client.get_or_create_collection(COLLECTION, embedding_function=embedding, metadata=metadata)
            if (found.metadata or {}).get("index_version") != INDEX_VERSION:
                kept = _stored_chunks(found)
                self._client.delete_collection(COLLECTION)
                found = self._client.create_collection(COLLECTION, embedding_function=embedding, metadata=metadata)
                for origin, items in itertools.groupby(sorted(kept, key=lambda k: k[1]), key=lambda k: k[1]):
                    batch = [k for k in items]
                    _upsert(found, [c for c, _, _ in batch], origin, metas=[m for _, _, m in batch])
        except (ValueError, OSError, chromadb.errors.ChromaError) as exc:
            raise self._fail(exc) from exc
        self._collection = found
        return found

    def revision(self) -> str:
        """A token that changes whenever anyone writes to the collection (read fresh from the store)."""
        held = self.collection()
        try:
            fresh = self._client.get_collection(COLLECTION, embedding_function=HashedLexicalEmbedding())
        except (ValueError, OSError, chromadb.errors.ChromaError) as exc:
            self._collection = None  # deleted by someone else: recreated on next use
            raise self._fail(exc) from exc
        if fresh.id != held.id:  # replaced by another process (a new index format): use the new one
            self._collection = fresh
        return str((fresh.metadata or {}).get("revision", ""))

    def _touch(self) -> None:
        collection = self.collection()
        metadata = {k: v for k, v in (collection.metadata or {}).items() if not k.startswith("hnsw:")}
        collection.modify(metadata={**metadata, "index_version": INDEX_VERSION, "revision": uuid.uuid4().hex})

    def chunks(self) -> list[Chunk]:
        """Every chunk in the store: the framework first, then playbooks, each in document order."""
        try:
            stored = _stored_chunks(self.collection())
        except (ValueError, OSError, chromadb.errors.ChromaError) as exc:
            raise self._fail(exc) from exc
        order = {c.chunk_id: i for i, (c, _, _) in enumerate(stored)}
        stored.sort(key=lambda k: (k[1] != "framework", k[0].doc, k[2].get("position", order[k[0].chunk_id])))
        return [c for c, _, _ in stored]

    def sync(self, chunks: Sequence[Chunk], framework: set[str], folders: dict[str, str] | None = None) -> bool:
        """Upsert this machine's framework and folder chunks whose content changed; delete framework chunks this
        version no longer has, and chunks of this machine's folders that the folders no longer hold (a renamed
        section, a deleted file). `folders` maps a folder document to its folder's key. Playbooks anyone uploaded,
        and other machines' folders, are kept. Returns whether anything was written."""
        folders = folders or {}
        try:
            collection = self.collection()
            held = {i: m or {} for i, m in _ids_and_metadata(collection)}
            changed = [c for c in chunks if held.get(c.chunk_id, {}).get("chunk_sha256") != chunk_hash(c)]
            positions = {c.chunk_id: n for n, c in enumerate(chunks)}
            _upsert(collection, [c for c in changed if c.doc in framework], "framework", positions=positions)
            for key in set(folders.values()):
                batch = [c for c in changed if folders.get(c.doc) == key]
                _upsert(collection, batch, "playbook", positions=positions, folder=key)
            mine = {c.chunk_id for c in chunks}
            keys = set(folders.values())
            stale = [
                i
                for i, m in held.items()
                if i not in mine and (m.get("origin") == "framework" or (m.get("folder") and m["folder"] in keys))
            ]
            if stale:
                collection.delete(ids=stale)
            if changed or stale:
                self._touch()
        except (ValueError, OSError, chromadb.errors.ChromaError) as exc:
            raise self._fail(exc) from exc
        return bool(changed or stale)

    def add(self, document: Document, added_by: str = "") -> int:
        """Store a person's playbook, replacing an earlier one of the same name. Returns its chunk count."""
        if document.origin != "playbook":
            raise InputError(f"{document.doc} is part of the framework; only playbooks can be added.")
        items = chunk([document])
        if not items:
            raise InputError(f"The playbook {document.doc} has no text to search; nothing was added.")
        stamp = datetime.now(UTC).replace(microsecond=0).isoformat()
        try:
            collection = self.collection()
            existing = collection.get(where={"doc": document.doc}, include=["metadatas"])
            if any((m or {}).get("origin") == "framework" for m in existing["metadatas"] or []):
                raise InputError(f"{document.doc} is the name of a framework document; rename the playbook.")
            positions = {c.chunk_id: n for n, c in enumerate(items)}
            _upsert(collection, items, "playbook", positions=positions, added_by=added_by, added_at=stamp)
            leftover = [i for i in existing["ids"] if i not in positions]  # only once the new version is stored
            if leftover:
                collection.delete(ids=leftover)
            self._touch()
        except (ValueError, OSError, chromadb.errors.ChromaError) as exc:
            raise self._fail(exc) from exc
        return len(items)

    def remove(self, doc: str) -> int:
        """Delete a playbook by its id (file name). Returns how many chunks went; the framework cannot be removed."""
        try:
            collection = self.collection()
            existing = collection.get(where={"doc": doc}, include=["metadatas"])
        except (ValueError, OSError, chromadb.errors.ChromaError) as exc:
            raise self._fail(exc) from exc
        if not existing["ids"]:
            raise InputError(f"No playbook called {doc} is stored; `coach knowledge list` shows what is.")
        if any((m or {}).get("origin") == "framework" for m in existing["metadatas"] or []):
            raise InputError(f"{doc} is part of the framework and cannot be removed.")
        try:
            collection.delete(ids=list(existing["ids"]))
            self._touch()
        except (ValueError, OSError, chromadb.errors.ChromaError) as exc:
            raise self._fail(exc) from exc
        return len(existing["ids"])

    def documents(self) -> list[StoredDocument]:
        """Every document in the store with its chunk count: the framework first, then playbooks by name."""
        try:
            rows = _ids_and_metadata(self.collection())
        except (ValueError, OSError, chromadb.errors.ChromaError) as exc:
            raise self._fail(exc) from exc
        found: dict[str, StoredDocument] = {}
        for _, meta in rows:
            if not meta or "doc" not in meta:
                continue
            doc = str(meta["doc"])
            if doc in found:
                found[doc].chunks += 1
                continue
            found[doc] = StoredDocument(
                doc=doc,
                title=str(meta.get("title") or doc),
                origin="framework" if meta.get("origin") == "framework" else "playbook",
                chunks=1,
                added_by=str(meta.get("added_by") or ""),
                added_at=str(meta.get("added_at") or ""),
            )
        return sorted(found.values(), key=lambda d: (d.origin != "framework", d.doc))

    def nearest(self, question: str, k: int) -> list[tuple[str, float]]:
        """The k chunk ids nearest the question by the hashed vector (chroma's own search), with cosine similarity."""
        try:
            collection = self.collection()
            n = min(k, collection.count())
            if n == 0:
                return []
            found = collection.query(query_texts=[question], n_results=n, include=["distances"])
        except (ValueError, OSError, chromadb.errors.ChromaError) as exc:
            raise self._fail(exc) from exc
        return [(i, 1.0 - float(d)) for i, d in zip(found["ids"][0], found["distances"][0], strict=True)]


def _ids_and_metadata(collection: Any) -> list[tuple[str, dict[str, Any]]]:
    stored = collection.get(include=["metadatas"])
    return list(zip(stored["ids"], [m or {} for m in stored["metadatas"] or []], strict=False))


def _stored_chunks(collection: Any) -> list[tuple[Chunk, str, dict[str, Any]]]:
    """(chunk, origin, metadata) for every record that carries its chunk."""
    found = []
    for _, meta in _ids_and_metadata(collection):
        if meta.get("chunk"):
            origin = "framework" if meta.get("origin") == "framework" or meta.get("framework") else "playbook"
            found.append((Chunk.model_validate_json(meta["chunk"]), origin, meta))
    return found


UPSERT_BATCH = 1000  # well under chroma's own limit (5461 locally), so a large playbook is stored in several writes


def _upsert(
    collection: Any,
    items: Sequence[Chunk],
    origin: str,
    *,
    positions: dict[str, int] | None = None,
    metas: Sequence[dict[str, Any]] | None = None,
    added_by: str = "",
    added_at: str = "",
    folder: str = "",
) -> None:
    metadatas = []
    for n, item in enumerate(items):
        old = metas[n] if metas else {}
        meta = _metadata(item, origin, str(old.get("added_by", added_by)), str(old.get("added_at", added_at)))
        meta["position"] = int((positions or {}).get(item.chunk_id, old.get("position", n)))
        meta["folder"] = str(old.get("folder", folder))
        metadatas.append(meta)
    for at in range(0, len(items), UPSERT_BATCH):
        part = slice(at, at + UPSERT_BATCH)
        collection.upsert(
            ids=[c.chunk_id for c in items[part]], documents=[c.text for c in items[part]], metadatas=metadatas[part]
        )
