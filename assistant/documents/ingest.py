"""Ingest documents into the passage index: incremental, atomic, never at the index's expense.

The manifest (content hash, options and passages of every file) is the snapshot of the passage
collection, written by the same build that flips the index pointer; so readers always see
passages and vectors of one build. An unchanged file (same bytes, same options) is not even
parsed again; a changed file re-embeds only passages whose text changed; a file that fails keeps
its previous passages serving, and the report says why in one line.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

import numpy as np
from tqdm import tqdm

from assistant.base.language import detect_language
from assistant.base.settings import Settings
from assistant.documents import parsers
from assistant.documents.items import detect_release, referenced_items
from assistant.documents.model import DocumentError, FileReport, Passage
from assistant.documents.passages import chunk_blocks
from assistant.documents.sources import Target
from assistant.knowledge.kb.loader import KnowledgeBase
from assistant.knowledge.releases import ReleaseResolver
from assistant.knowledge.search.documents import Document, document_text
from assistant.knowledge.search.vector_index import BuildReport, VectorIndex

log = logging.getLogger(__name__)

MANIFEST_VERSION = 1
_EMBED_BATCH = 32


def passage_index(settings: Settings, client: Any | None = None) -> VectorIndex:
    """The knowledge feature's vector index code on the passages' own collection."""
    search = settings.search.model_copy(update={"collection": settings.documents.collection})
    return VectorIndex(settings.model_copy(update={"search": search}), client=client)


def embed_text(p: Passage) -> str:
    """What is embedded: the heading path gives a short passage its context."""
    return f"{p.section}: {p.text}" if p.section else p.text


@dataclass(frozen=True)
class PassageDocument(Document):
    """A passage as the vector index stores it: the passage and its file's manifest entry ride in
    the record's metadata, so replicas on a Chroma server can read them without the builder's disk."""

    payload: str = ""

    @property
    def metadata(self) -> dict[str, str]:
        return {**super().metadata, "passage": self.payload}


def to_documents(files: dict[str, Any]) -> list[Document]:
    docs = []
    for entry in files.values():
        file_info = {k: v for k, v in entry.items() if k != "passages"}
        for data in entry["passages"]:
            p = Passage.from_json(data)
            text = embed_text(p)
            # Metadata is part of the hash so a changed audience or link re-publishes the manifest.
            meta = f"{p.audience}|{p.kind}|{p.release}|{p.item}|{','.join(p.mentions)}|{','.join(p.related)}|{p.page}"
            digest = hashlib.sha256(f"{text}\n{meta}".encode()).hexdigest()[:16]
            payload = json.dumps({"passage": data, "file": file_info}, ensure_ascii=False)
            docs.append(PassageDocument(p.id, p.id, p.language, text, digest, payload))
    return docs


def read_state(index: VectorIndex) -> dict[str, Any] | None:
    """The manifest of the live build: its snapshot file, or (Chroma server, another machine
    built it) rebuilt from the records' metadata."""
    state = index.read_snapshot()
    if state is not None:
        return state
    files: dict[str, Any] = {}
    collection = index.live_collection()
    for md in (collection.get(include=["metadatas"])["metadatas"] or []) if collection is not None else []:
        if not md or "passage" not in md:
            continue
        data = json.loads(md["passage"])
        passage, info = data["passage"], data["file"]
        entry = files.setdefault(passage["path"], {**info, "passages": []})
        entry["passages"].append(passage)
    return {"version": MANIFEST_VERSION, "files": files} if files else None


@dataclass
class IngestResult:
    files: list[FileReport]
    build: BuildReport | None
    passages: int  # passages serving after the run
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)


class _CachedEmbedder:
    """Hands the index build the vectors already computed for the evidence map (no second pass)."""

    def __init__(self, real: Callable[[], Any], cache: dict[str, np.ndarray]):
        self._real = real
        self._cache = cache
        self.name = "cached"

    def encode_documents(self, texts: list[str]) -> np.ndarray:
        missing = [t for t in texts if t not in self._cache]
        if missing:
            for text, vec in zip(missing, self._real().encode_documents(missing)):
                self._cache[text] = vec
        return np.stack([self._cache[t] for t in texts])

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self._real().encode_queries(texts)


class Ingestor:
    def __init__(self, settings: Settings, kb: KnowledgeBase, embedder: Callable[[], Any], model_name: str,
                 default_release: str, index: VectorIndex | None = None):
        self.settings = settings
        self.kb = kb
        self.resolver = ReleaseResolver(kb.releases)
        self._embedder = embedder
        self.model_name = model_name
        self.default_release = default_release
        self.index = index or passage_index(settings)

    def manifest(self) -> dict[str, Any]:
        try:
            state = read_state(self.index)
        except Exception as exc:  # no index yet, or unreadable: start empty (nothing to lose)
            log.debug("no passage manifest: %s", exc)
            state = None
        if not state or state.get("version") != MANIFEST_VERSION:
            return {"version": MANIFEST_VERSION, "files": {}}
        return state

    def run(self, targets: list[Target], *, remove: list[Path] = (), progress: bool = False) -> IngestResult:
        started = time.perf_counter()
        state = self.manifest()
        files: dict[str, Any] = dict(state["files"])
        reports: list[FileReport] = []
        for path in remove:
            key = str(path.expanduser().resolve())
            if files.pop(key, None) is not None:
                reports.append(FileReport(key, "ok", "removed"))
            else:
                reports.append(FileReport(key, "error", "not an ingested document"))
        # A file that vanished from disk takes its passages with it.
        for key in [k for k in files if not Path(k).exists()]:
            files.pop(key)
            reports.append(FileReport(key, "ok", "removed: the file no longer exists"))

        fresh: list[Passage] = []
        bar = tqdm(targets, desc="Reading", unit="file", disable=not progress)
        for target in bar:
            report, entry = self._one(target, files.get(str(target.path)))
            reports.append(report)
            if entry is not None:
                files[str(target.path)] = entry
                if report.status == "ok":
                    fresh.extend(Passage.from_json(p) for p in entry["passages"])
        bar.close()

        vectors = self._link_related(fresh, files, progress) if fresh else {}
        passages = sum(len(entry["passages"]) for entry in files.values())
        build = None
        changed = any(r.status == "ok" for r in reports)
        if changed or not self.index_exists():
            cached = _CachedEmbedder(self._embedder, vectors)
            build = self.index.build(to_documents(files), lambda: cached, self.model_name,
                                     snapshot={"version": MANIFEST_VERSION, "files": files}, progress=progress)
        return IngestResult(reports, build, passages, time.perf_counter() - started)

    def index_exists(self) -> bool:
        try:
            return self.index.current()[0] is not None
        except Exception:
            return False

    # ---- one file --------------------------------------------------------------------------
    def _one(self, target: Target, old: dict[str, Any] | None) -> tuple[FileReport, dict[str, Any] | None]:
        path = target.path
        where = str(path)
        try:
            size = path.stat().st_size
            if size == 0:
                raise DocumentError("empty file (0 bytes)")
            limit = self.settings.documents.max_file_mb
            if size > limit * 1024 * 1024:
                raise DocumentError(f"too large ({size / 1048576:.1f} MB; documents.max_file_mb is {limit:g})")
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            options = {"kind": target.kind, "release": target.release, "language": target.language,
                       "audience": target.audience}
            if old and old.get("hash") == digest and old.get("options") == options:
                return FileReport(where, "skipped", "unchanged", old["pages"], len(old["passages"]),
                                  len(old.get("items", [])), old.get("empty_pages", [])), None
            parsed = parsers.parse(path)
            release = self._release(target, parsed)
            passages = self._passages(target, parsed, release)
        except DocumentError as exc:
            # The old passages (if any) keep serving: the entry is left as it was.
            return FileReport(where, "error", str(exc)), None
        except OSError as exc:
            return FileReport(where, "error", f"cannot read the file ({exc.strerror or exc})"), None
        except Exception as exc:  # a parser library failing on odd input: one line, the run goes on
            log.debug("parser failure on %s", path, exc_info=True)
            return FileReport(where, "error", f"could not be read ({type(exc).__name__}: {str(exc)[:120]})"), None
        items = sorted({p.item for p in passages if p.item} | {m for p in passages for m in p.mentions})
        entry = {"hash": digest, "options": options, "pages": parsed.pages, "empty_pages": parsed.empty_pages,
                 "release": release, "items": items, "passages": [p.to_json() for p in passages]}
        reason = "re-read (changed)" if old else "new"
        return FileReport(where, "ok", reason, parsed.pages, len(passages), len(items), parsed.empty_pages), entry

    def _release(self, target: Target, parsed) -> str | None:
        if target.kind != "standard":
            return self.resolver.resolve(target.release) if target.release else None
        if target.release:
            release = self.resolver.resolve(target.release)
            if release is None:
                raise DocumentError(f"unknown release '{target.release}' (known: {', '.join(self.kb.releases)})")
            return release
        first = " ".join(b.text for b in parsed.blocks if b.page == parsed.blocks[0].page)[:3000]
        release = detect_release(self.resolver, first)
        if release is None:
            raise DocumentError("a standard needs its release: none is named on its title page; "
                                "pass --release (e.g. --release \"CX 7.0 CC\") or set it in documents.yaml")
        return release

    def _passages(self, target: Target, parsed, release: str | None) -> list[Passage]:
        path = target.path
        key = hashlib.sha1(str(path).encode()).hexdigest()[:10]
        chunks = chunk_blocks(parsed.blocks, self.settings.documents.passage_chars)
        whole = " ".join(c.text for c in chunks)[:20000]
        document_language = target.language or detect_language(whole, self.settings.default_language)
        out: list[Passage] = []
        seen: dict[str, int] = {}
        for chunk in chunks:
            text_hash = hashlib.sha1(f"{chunk.page}|{chunk.text}".encode()).hexdigest()[:12]
            seen[text_hash] = seen.get(text_hash, 0) + 1
            pid = f"{key}:{text_hash}" + (f"-{seen[text_hash]}" if seen[text_hash] > 1 else "")
            item = chunk.item if target.kind == "standard" and release and self.kb.item(release, chunk.item or "") else None
            # Explicit references count in any document but the standard itself (whose own
            # cross-references are not evidence of anything the site does).
            mentions = () if target.kind == "standard" else tuple(referenced_items(f"{' '.join(chunk.section)} {chunk.text}"))
            out.append(Passage(
                id=pid, document=path.name, path=str(path), page=chunk.page, section=" > ".join(chunk.section),
                text=chunk.text, language=target.language or document_language, kind=target.kind,
                audience=target.audience, release=release, item=item, mentions=mentions,
            ))
        return out

    # ---- evidence map: similarity links --------------------------------------------------------
    def _link_related(self, fresh: list[Passage], files: dict[str, Any], progress: bool) -> dict[str, np.ndarray]:
        """Embed the new passages once; link procedure/training passages to items of the default
        release they resemble (cosine >= documents.related_min_similarity) but do not name."""
        embedder = self._embedder()
        texts = sorted({embed_text(p) for p in fresh}, key=len)
        vectors: dict[str, np.ndarray] = {}
        for start in tqdm(range(0, len(texts), _EMBED_BATCH), desc="Embedding", unit="batch", disable=not progress):
            chunk = texts[start:start + _EMBED_BATCH]
            for text, vec in zip(chunk, embedder.encode_documents(chunk)):
                vectors[text] = np.asarray(vec, dtype=np.float32)
        items = [e for e in self.kb.items() if e.release == self.default_release]
        if not items:
            return vectors
        item_texts = [(e.item, document_text(e, lang)) for e in items for lang in ("en", "es") if e.has_language(lang)]
        matrix = embedder.encode_documents([t for _, t in item_texts])
        numbers = [n for n, _ in item_texts]
        threshold = self.settings.documents.related_min_similarity
        linked: dict[str, tuple[str, ...]] = {}
        for p in fresh:
            if p.kind == "standard":
                continue
            sims = matrix @ vectors[embed_text(p)]
            best: dict[str, float] = {}
            for number, sim in zip(numbers, sims):
                best[number] = max(best.get(number, -1.0), float(sim))
            related = sorted((n for n, s in best.items() if s >= threshold and n not in p.mentions), key=lambda n: -best[n])
            if related:
                linked[p.id] = tuple(related[:3])
        if linked:
            for entry in files.values():
                entry["passages"] = [
                    {**p, "related": list(linked[p["id"]])} if p["id"] in linked else p for p in entry["passages"]
                ]
        return vectors
