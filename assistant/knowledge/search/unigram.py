"""A compact Unigram (sentencepiece-style) tokenizer: the same ids as ``tokenizers``, ~8x less memory.

Why: the ``tokenizers`` library holds a 250k-piece Unigram vocabulary (multilingual-e5-small,
XLM-R) as a character trie of hash maps: measured 290 MB resident and 0.9 s to load, more than
the int8 encoder itself, and the whole query path has a 400 MB budget. Here the pieces live in
one Python dict (~40 MB) and each word is segmented by the same Viterbi search over piece scores
that ``tokenizers`` runs. Normalisation and pre-tokenisation are still done by ``tokenizers``
itself (its normaliser and pre-tokeniser objects, built from the model's tokenizer.json with the
vocabulary left out), so only the segmentation and the special-token template are ours.

``from_tokenizer_json`` returns None for anything it does not reproduce exactly (byte fallback,
other models, other post-processors); the export also checks ids against ``tokenizers`` on sample
texts before choosing it (see onnx_encoder), and the tests compare every knowledge document.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np

PIECES_FILE = "unigram-pieces.bin"  # pieces joined by NUL, UTF-8
SCORES_FILE = "unigram-scores.npy"
CONFIG_FILE = "unigram-tokenizer.json"  # tokenizer.json without the vocabulary
_UNK_PENALTY = 10.0  # tokenizers' K_UNK_PENALTY: unknown characters cost min score - 10
_CACHE_LIMIT = 50_000  # words; knowledge passages repeat most of their words


def split_tokenizer_json(source: Path, dest: Path) -> bool:
    """Write the compact form of ``source`` (a tokenizer.json) into ``dest``; False when the
    tokenizer is not a Unigram this module reproduces."""
    data = json.loads(source.read_text(encoding="utf-8"))
    if not _supported(data):
        return False
    vocab = data["model"]["vocab"]
    pieces = [p for p, _s in vocab]
    if any("\0" in p for p in pieces):
        return False
    (dest / PIECES_FILE).write_bytes("\0".join(pieces).encode("utf-8"))
    np.save(dest / SCORES_FILE, np.asarray([s for _p, s in vocab], dtype=np.float64))
    data["model"]["vocab"] = []
    (dest / CONFIG_FILE).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return True


def _supported(data: dict[str, Any]) -> bool:
    model = data.get("model") or {}
    if model.get("type") != "Unigram" or model.get("byte_fallback") or model.get("unk_id") is None:
        return False
    post = data.get("post_processor")
    return post is None or post.get("type") in ("TemplateProcessing", "RobertaProcessing", "BertProcessing")


class CompactUnigram:
    """``encode_ids(text)`` -> token ids with special tokens, truncated to ``max_length``."""

    def __init__(self, folder: Path, max_length: int) -> None:
        from tokenizers import Tokenizer

        raw = (folder / CONFIG_FILE).read_text(encoding="utf-8")
        data = json.loads(raw)
        pieces = (folder / PIECES_FILE).read_bytes().decode("utf-8").split("\0")
        scores = np.load(folder / SCORES_FILE)
        model = data["model"]
        self._unk_id = int(model["unk_id"])
        # Last duplicate wins, as in tokenizers' token_to_ids map.
        self._ids = {p: i for i, p in enumerate(pieces)}
        self._scores = scores.tolist()
        self._unk_score = float(scores.min()) - _UNK_PENALTY
        self._max_piece = max(len(p) for p in pieces)
        self._prefix, self._suffix = _template(data.get("post_processor"))
        self._max_content = max(0, max_length - len(self._prefix) - len(self._suffix))
        # Added tokens typed literally in the text ("<s>") are matched before normalisation,
        # as tokenizers does; the text between them is tokenized normally.
        self._added = {t["content"]: int(t["id"]) for t in data.get("added_tokens") or [] if t.get("content")}
        self._added_re = (
            re.compile("(" + "|".join(re.escape(c) for c in sorted(self._added, key=len, reverse=True)) + ")")
            if self._added else None
        )
        # The normaliser and pre-tokeniser of the real tokenizer (tiny vocabulary: we never use
        # its model), so text is prepared exactly as tokenizers prepares it.
        shell = json.loads(raw)
        shell["model"]["vocab"] = [[pieces[self._unk_id], 0.0]]
        shell["model"]["unk_id"] = 0
        shell["added_tokens"] = []
        shell["post_processor"] = None
        shell = Tokenizer.from_str(json.dumps(shell))
        self._normalizer = shell.normalizer
        self._pre_tokenizer = shell.pre_tokenizer
        self._cache: dict[str, list[int]] = {}

    def encode_ids(self, text: str) -> list[int]:
        ids: list[int] = []
        parts = self._added_re.split(text) if self._added_re else [text]
        for n, part in enumerate(parts):
            if n % 2 == 1:
                ids.append(self._added[part])
            elif part:
                ids.extend(self._encode_plain(part))
        return self._prefix + ids[: self._max_content] + self._suffix

    def _encode_plain(self, text: str) -> list[int]:
        normalized = self._normalizer.normalize_str(text) if self._normalizer else text
        words = self._pre_tokenizer.pre_tokenize_str(normalized) if self._pre_tokenizer else [(normalized, None)]
        out: list[int] = []
        for word, _offsets in words:
            cached = self._cache.get(word)
            if cached is None:
                cached = self._viterbi(word)
                if len(self._cache) < _CACHE_LIMIT:
                    self._cache[word] = cached
            out.extend(cached)
        return out

    def _viterbi(self, word: str) -> list[int]:
        """Best-scoring segmentation of one word into pieces (ties: the first found, shortest
        piece first, as tokenizers' lattice does); runs of unknown characters fuse into one unk."""
        n = len(word)
        ids, scores, unk = self._ids, self._scores, self._unk_id
        best = [0.0] + [float("-inf")] * n
        back: list[tuple[int, int] | None] = [None] * (n + 1)
        for start in range(n):
            if start and back[start] is None:
                continue
            base = best[start]
            single = False
            for end in range(start + 1, min(n, start + self._max_piece) + 1):
                tid = ids.get(word[start:end])
                if tid is None:
                    continue
                if end == start + 1:
                    single = True
                score = base + scores[tid]
                if back[end] is None or score > best[end]:
                    best[end], back[end] = score, (start, tid)
            if not single:
                score = base + self._unk_score
                if back[start + 1] is None or score > best[start + 1]:
                    best[start + 1], back[start + 1] = score, (start, unk)
        path: list[int] = []
        pos = n
        while pos > 0:
            start, tid = back[pos]  # type: ignore[misc]
            if not (tid == unk and path and path[-1] == unk):
                path.append(tid)
            pos = start
        path.reverse()
        return path


def _template(post: dict[str, Any] | None) -> tuple[list[int], list[int]]:
    """Special-token ids before and after a single sequence."""
    if post is None:
        return [], []
    if post["type"] in ("RobertaProcessing", "BertProcessing"):
        return [int(post["cls"][1])], [int(post["sep"][1])]
    specials = post.get("special_tokens") or {}
    before: list[int] = []
    after: list[int] = []
    seen_sequence = False
    for item in post["single"]:
        if "Sequence" in item:
            seen_sequence = True
            continue
        token = item["SpecialToken"]["id"]
        (after if seen_sequence else before).extend(int(i) for i in specials[token]["ids"])
    return before, after
