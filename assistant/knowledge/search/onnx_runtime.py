"""The ONNX encoder at run time: onnxruntime plus the exported tokenizer, no torch.

The export and its cache live in ``onnx_encoder``; this module only loads a finished export
(``load_encoder``) and encodes with it (``OnnxEncoder``), which is all the question path needs.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from pathlib import Path
from typing import Any

import numpy as np

from assistant.knowledge.search.onnx_encoder import (
    MARKER_FILE, MODEL_FILE, TOKEN_BUDGET, TOKENIZER_FILE, OnnxEncoderError, _dimension, _one_line, ensure_exported,
)

log = logging.getLogger(__name__)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


class OnnxEncoder:
    """onnxruntime + tokenizers; ``encode`` mirrors the subset of SentenceTransformer.encode that
    :class:`assistant.knowledge.search.embedder.Embedder` uses, so the Embedder wraps either."""

    def __init__(self, folder: Path, settings: dict[str, Any] | None = None) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.folder = Path(folder)
        self.settings = settings or json.loads((self.folder / MARKER_FILE).read_text())
        self._lower = bool(self.settings.get("do_lower_case"))
        max_length = int(self.settings["max_length"])
        self._compact = None
        self._tokenizer = None
        if self.settings.get("tokenizer") == "compact-unigram":
            from assistant.knowledge.search.unigram import CompactUnigram

            self._compact = CompactUnigram(self.folder, max_length)
        else:
            self._tokenizer = Tokenizer.from_file(str(self.folder / TOKENIZER_FILE))
            self._tokenizer.enable_truncation(max_length=max_length)
        self._pad_id = int(self.settings["pad_id"])  # padding is done here, per length-bounded batch
        self._dimension = int(self.settings.get("dimension") or 0)
        options = ort.SessionOptions()
        options.intra_op_num_threads = _cores()
        options.inter_op_num_threads = 1
        # No memory arena: it keeps the largest batch's buffers for the life of the process (an
        # index build or one long question would pin hundreds of MB in a bot replica). Measured
        # query latency is the same without it.
        options.enable_cpu_mem_arena = False
        # Waiting threads sleep instead of spinning: on a shared 2-core machine a spinning thread
        # steals the core its partner needs (the same reason the torch path sets
        # OMP_WAIT_POLICY=PASSIVE; see embedder._prefer_passive_openmp_waits).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3
        self._session = ort.InferenceSession(str(self.folder / MODEL_FILE), options, providers=["CPUExecutionProvider"])
        self._lock = threading.Lock()
        if not self._dimension:
            self._dimension = int(self.encode(["x"]).shape[1])

    def token_ids(self, texts: list[str]) -> list[list[int]]:
        """Token ids with special tokens, truncated to the model's window (prompt already added)."""
        if self._compact is not None:
            with self._lock:  # its word cache is a plain dict
                return [self._compact.encode_ids(t) for t in texts]
        return [e.ids for e in self._tokenizer.encode_batch(texts, add_special_tokens=True)]

    def get_sentence_embedding_dimension(self) -> int:
        return self._dimension

    def encode(
        self,
        texts: list[str],
        prompt: str | None = None,
        batch_size: int = 32,
        normalize_embeddings: bool = True,
        **_ignored: Any,
    ) -> np.ndarray:
        texts = [(prompt or "") + t for t in texts]
        if self._lower:
            texts = [t.lower() for t in texts]
        if not texts:
            return np.zeros((0, self._dimension), dtype=np.float32)
        token_ids = self.token_ids(texts)
        # Shortest first, and batches bounded by padded tokens rather than by texts: attention
        # memory grows with rows x length^2, so 32 texts of 512 tokens took 1.5 GB and 7 s in one
        # pass, while a few long texts per pass keep the peak low and the speed the same.
        order = sorted(range(len(texts)), key=lambda i: len(token_ids[i]))
        vectors = np.zeros((len(texts), self._dimension or 1), dtype=np.float32)
        start = 0
        while start < len(order):
            end = start + 1
            while (
                end < len(order)
                and end - start < batch_size
                and (end - start + 1) * len(token_ids[order[end]]) <= TOKEN_BUDGET
            ):
                end += 1
            rows = order[start:end]
            width = len(token_ids[rows[-1]])
            ids = np.full((len(rows), width), self._pad_id, dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for r, i in enumerate(rows):
                ids[r, : len(token_ids[i])] = token_ids[i]
                mask[r, : len(token_ids[i])] = 1
            out = self._session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
            if vectors.shape[1] != out.shape[1]:  # dimension not known yet (first call)
                vectors = np.zeros((len(texts), out.shape[1]), dtype=np.float32)
            vectors[rows] = out
            start = end
        if normalize_embeddings:
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            vectors = vectors / np.maximum(norms, 1e-12)
        return vectors


def load_encoder(model_dir: Path, cache_dir: Path, precision: str) -> OnnxEncoder:
    """Export if needed, then load. A cached file that onnxruntime cannot read (truncated,
    corrupted) is exported again once; if that fails too, OnnxEncoderError says so in one line."""
    folder = ensure_exported(model_dir, cache_dir, precision)
    try:
        return OnnxEncoder(folder)
    except Exception as exc:
        log.warning("cached ONNX model %s is unreadable (%s); exporting it again", folder, _one_line(exc))
    folder = ensure_exported(model_dir, cache_dir, precision, force=True)
    try:
        return OnnxEncoder(folder)
    except Exception as exc:
        raise OnnxEncoderError(f"the ONNX model in {folder} cannot be loaded even after a fresh export: {_one_line(exc)}") from exc
