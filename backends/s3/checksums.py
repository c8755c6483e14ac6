"""S3 flexible checksums ("Checking object integrity"): compute, validate, combine.

Values travel as S3 sends them: base64 of the big-endian digest. Algorithm
names are spelled as botocore's model enum spells them ("CRC32", "CRC32C",
"CRC64NVME", "SHA1", "SHA256", also "SHA512" and "MD5"); lower case is
accepted too, as botocore's checksum context records them.

CRC32 comes from zlib. CRC32C and CRC64NVME come from ``awscrt.checksums``
when it can be imported (botocore uses it for them too, via botocore[crt]);
otherwise from `ReflectedCRC`, a pure-Python CRC that does most of its work
in C through ``bytes.translate`` and big-integer XOR.

Multipart: a COMPOSITE checksum is the checksum of the parts' concatenated
raw digests, written "<base64>-<number of parts>"; a FULL_OBJECT checksum
(CRC algorithms only) is the CRC of the whole object, which `crc_combine`
derives from the parts' CRCs and lengths without reading the object again.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import importlib
import struct
import threading
import zlib
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType, ModuleType
from typing import TypeAlias

BytesLike: TypeAlias = bytes | bytearray | memoryview
CrcFunction: TypeAlias = Callable[[BytesLike, int], int]
"""Called as ``zlib.crc32`` is: ``(data, previous_crc) -> crc``."""

DIGEST_SIZES: Mapping[str, int] = MappingProxyType(
    {
        "CRC32": 4,
        "CRC32C": 4,
        "CRC64NVME": 8,
        "SHA1": 20,
        "SHA256": 32,
        "SHA512": 64,
        "MD5": 16,
    }
)
ALGORITHMS = tuple(DIGEST_SIZES)
CRC_ALGORITHMS = frozenset({"CRC32", "CRC32C", "CRC64NVME"})
FULL_OBJECT_ALGORITHMS = CRC_ALGORITHMS
"""Algorithms a multipart upload may use with ChecksumType FULL_OBJECT."""
COMPOSITE_ALGORITHMS = frozenset({"CRC32", "CRC32C", "SHA1", "SHA256"})
"""Algorithms a multipart upload may use with ChecksumType COMPOSITE."""

_HASHLIB_NAMES = {"SHA1": "sha1", "SHA256": "sha256", "SHA512": "sha512", "MD5": "md5"}

_WIDTHS = (16, 32, 64, 128, 256, 512)
"""Block widths (bytes) the pure-Python CRC may use; see `ReflectedCRC`."""
_MIN_VECTOR = 512
"""Below this many bytes the pure-Python CRC goes byte by byte."""
_SEGMENT = 1 << 20
"""The pure-Python CRC works through long inputs this many bytes at a time."""


class ReflectedCRC:
    """A reflected CRC whose init and final XOR are all ones (CRC-32, CRC-32C,
    CRC-64/NVME), in pure Python. Call it as ``zlib.crc32``: ``crc(data, previous)``.

    Input of at least `_MIN_VECTOR` bytes is cut into K blocks of W bytes.
    Byte j of every block is gathered with one strided slice; ``translate``
    maps those bytes to one byte of their CRC contribution, and big-integer
    XOR adds the W lanes up, so each block's own CRC is built in C. A Python
    loop then chains the K block CRCs, W bytes per step.
    """

    def __init__(self, poly: int, width: int) -> None:
        if width not in (32, 64):
            raise ValueError("width must be 32 or 64")
        self.poly = poly
        self.width = width
        self._mask = (1 << width) - 1
        self._nbytes = width // 8
        self._code = "I" if width == 32 else "Q"
        table = []
        for byte in range(256):
            crc = byte
            for _ in range(8):
                crc = (crc >> 1) ^ poly if crc & 1 else crc >> 1
            table.append(crc)
        self._table = table
        self._contribution = table  # for the next lane to be built
        self._lanes: list[tuple[bytes, ...]] = []
        """_lanes[d][q]: byte q of the CRC contribution of a byte followed by d bytes."""
        self._steps: dict[int, tuple[list[int], ...]] = {}
        self._powers: list[int] = [1 << (width - 2)]  # x^(2^k) mod P; x^1 first
        self._lock = threading.Lock()  # tables grow lazily; parts hash in threads

    def __call__(self, data: BytesLike, crc: int = 0) -> int:
        if not isinstance(data, bytes):
            data = bytes(data)
        mask = self._mask
        state = (crc & mask) ^ mask
        pos, size = 0, len(data)
        while size - pos >= _MIN_VECTOR:
            left = size - pos
            width = max(w for w in _WIDTHS if w == _WIDTHS[0] or 4 * w * w <= left)
            blocks = min(left, _SEGMENT) // width
            state = self._blocks(data, pos, width, blocks, state)
            pos += blocks * width
        table = self._table
        for byte in data[pos:]:
            state = table[(state ^ byte) & 0xFF] ^ (state >> 8)
        return state ^ mask

    def _blocks(self, data: bytes, pos: int, width: int, blocks: int, state: int) -> int:
        nbytes = self._nbytes
        lanes = self._lanes_for(width)
        end = pos + width * blocks
        planes = [0] * nbytes
        for j in range(width):
            lane = data[pos + j : end : width]
            for q, table in enumerate(lanes[width - 1 - j]):
                planes[q] ^= int.from_bytes(lane.translate(table), "little")
        packed = bytearray(blocks * nbytes)
        for q in range(nbytes):
            packed[q::nbytes] = planes[q].to_bytes(blocks, "little")
        sums = struct.unpack(f"<{blocks}{self._code}", packed)
        # Feeding W >= nbytes bytes to a state is feeding them XORed with the
        # state's bytes, so the state's contribution is a lookup per state byte.
        step = self._step(width)
        if nbytes == 4:
            t0, t1, t2, t3 = step
            for block_crc in sums:
                state = (
                    t0[state & 0xFF]
                    ^ t1[(state >> 8) & 0xFF]
                    ^ t2[(state >> 16) & 0xFF]
                    ^ t3[state >> 24]
                    ^ block_crc
                )
        else:
            t0, t1, t2, t3, t4, t5, t6, t7 = step
            for block_crc in sums:
                state = (
                    t0[state & 0xFF]
                    ^ t1[(state >> 8) & 0xFF]
                    ^ t2[(state >> 16) & 0xFF]
                    ^ t3[(state >> 24) & 0xFF]
                    ^ t4[(state >> 32) & 0xFF]
                    ^ t5[(state >> 40) & 0xFF]
                    ^ t6[(state >> 48) & 0xFF]
                    ^ t7[state >> 56]
                    ^ block_crc
                )
        return state

    def _lanes_for(self, width: int) -> list[tuple[bytes, ...]]:
        lanes, table, nbytes = self._lanes, self._table, self._nbytes
        if len(lanes) < width:
            with self._lock:
                while len(lanes) < width:
                    values = self._contribution
                    packed = struct.pack(f"<256{self._code}", *values)
                    self._contribution = [(v >> 8) ^ table[v & 0xFF] for v in values]
                    lanes.append(tuple(packed[q::nbytes] for q in range(nbytes)))
        return lanes

    def _step(self, width: int) -> tuple[list[int], ...]:
        step = self._steps.get(width)
        if step is None:
            nbytes, lanes = self._nbytes, self._lanes_for(width)
            step = tuple(
                list(struct.unpack(f"<256{self._code}", bytes(_interleave(lanes[width - 1 - q]))))
                for q in range(nbytes)
            )
            self._steps[width] = step
        return step

    def combine(self, crc1: int, crc2: int, len2: int) -> int:
        """The CRC of A+B from crc1 = CRC(A), crc2 = CRC(B) and len2 = len(B), as
        zlib's crc32_combine: crc1 times x^(8*len2) modulo the polynomial, XOR crc2."""
        if len2 < 0:
            raise ValueError("len2 must not be negative")
        power, k = 1 << (self.width - 1), 3  # x^0; 8 * len2 = len2 * 2^3
        while len2:
            if len2 & 1:
                power = self._multiply(self._power(k), power)
            len2 >>= 1
            k += 1
        return self._multiply(power, crc1 & self._mask) ^ (crc2 & self._mask)

    def _power(self, k: int) -> int:
        powers = self._powers
        if len(powers) <= k:
            with self._lock:
                while len(powers) <= k:
                    powers.append(self._multiply(powers[-1], powers[-1]))
        return powers[k]

    def _multiply(self, a: int, b: int) -> int:
        """Product modulo the polynomial, in the reflected bit order."""
        product, bit, poly = 0, 1 << (self.width - 1), self.poly
        while bit:
            if a & bit:
                product ^= b
            b = (b >> 1) ^ poly if b & 1 else b >> 1
            bit >>= 1
        return product


def _interleave(planes: tuple[bytes, ...]) -> bytearray:
    out = bytearray(len(planes[0]) * len(planes))
    for q, plane in enumerate(planes):
        out[q :: len(planes)] = plane
    return out


PY_CRC32 = ReflectedCRC(0xEDB88320, 32)
PY_CRC32C = ReflectedCRC(0x82F63B78, 32)
PY_CRC64NVME = ReflectedCRC(0x9A6C9329AC4BC9B5, 64)
PURE_PYTHON: Mapping[str, ReflectedCRC] = MappingProxyType(
    {"CRC32": PY_CRC32, "CRC32C": PY_CRC32C, "CRC64NVME": PY_CRC64NVME}
)


def _awscrt() -> ModuleType | None:
    try:
        return importlib.import_module("awscrt.checksums")
    except ImportError:
        return None


_crt = _awscrt()
_crc32c: CrcFunction = getattr(_crt, "crc32c", None) or PY_CRC32C
_crc64nvme: CrcFunction = getattr(_crt, "crc64nvme", None) or PY_CRC64NVME
CRC_FUNCTIONS: Mapping[str, CrcFunction] = MappingProxyType(
    {"CRC32": zlib.crc32, "CRC32C": _crc32c, "CRC64NVME": _crc64nvme}
)
"""The CRC each algorithm is computed with: awscrt's where it can be imported."""
IMPLEMENTATIONS: Mapping[str, str] = MappingProxyType(
    {
        "CRC32": "zlib",
        "CRC32C": "python" if _crc32c is PY_CRC32C else "awscrt",
        "CRC64NVME": "python" if _crc64nvme is PY_CRC64NVME else "awscrt",
    }
)


def canonical(algorithm: str) -> str:
    """The model's spelling of ``algorithm``; ValueError if it is not supported."""
    name = algorithm.upper()
    if name not in DIGEST_SIZES:
        raise ValueError(f"unsupported checksum algorithm: {algorithm!r}")
    return name


class Hasher:
    """An incremental checksum: ``update()`` chunks as they are read, then
    ``digest()`` / ``b64digest()``. ``length`` counts the bytes fed."""

    __slots__ = ("_crc", "_crc_function", "_hash", "algorithm", "length")

    def __init__(self, algorithm: str) -> None:
        self.algorithm = canonical(algorithm)
        self.length = 0
        self._crc = 0
        self._crc_function = CRC_FUNCTIONS.get(self.algorithm)
        self._hash = (
            None
            if self._crc_function
            else hashlib.new(_HASHLIB_NAMES[self.algorithm], usedforsecurity=False)
        )

    def update(self, data: BytesLike) -> None:
        if self._hash is not None:
            self._hash.update(data)
        elif self._crc_function is not None:
            self._crc = self._crc_function(data, self._crc)
        self.length += len(data)

    def digest(self) -> bytes:
        if self._hash is not None:
            return self._hash.digest()
        return self._crc.to_bytes(DIGEST_SIZES[self.algorithm], "big")

    def b64digest(self) -> str:
        return base64.b64encode(self.digest()).decode("ascii")


def compute(algorithm: str, data: BytesLike | Iterable[BytesLike]) -> str:
    """The base64 checksum of ``data``: bytes, or an iterable of chunks."""
    hasher = Hasher(algorithm)
    if isinstance(data, (bytes, bytearray, memoryview)):
        hasher.update(data)
    else:
        for chunk in data:
            hasher.update(chunk)
    return hasher.b64digest()


def decode_b64_digest(algorithm: str, value: str) -> bytes | None:
    """The raw digest ``value`` encodes, or None unless it is the canonical
    base64 of exactly the algorithm's digest size (S3 rejects anything else)."""
    size = DIGEST_SIZES[canonical(algorithm)]
    if not isinstance(value, str):
        return None
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return None
    if len(raw) != size or base64.b64encode(raw).decode("ascii") != value:
        return None
    return raw


def is_valid_b64_digest(algorithm: str, value: str) -> bool:
    """Whether ``value`` is a well-formed checksum for ``algorithm``."""
    return decode_b64_digest(algorithm, value) is not None


def _decode(algorithm: str, value: str) -> bytes:
    raw = decode_b64_digest(algorithm, value)
    if raw is None:
        raise ValueError(f"not a valid {algorithm} checksum: {value!r}")
    return raw


def combine_composite(algorithm: str, part_checksums_b64: Iterable[str]) -> str:
    """The COMPOSITE checksum of a multipart object: "<base64>-<N>"."""
    name = canonical(algorithm)
    if name not in COMPOSITE_ALGORITHMS:
        raise ValueError(f"{name} does not support the COMPOSITE checksum type")
    raws = [_decode(name, value) for value in part_checksums_b64]
    if not raws:
        raise ValueError("a composite checksum needs at least one part")
    return f"{compute(name, b''.join(raws))}-{len(raws)}"


def crc_combine(algorithm: str, crc1: int, crc2: int, len2: int) -> int:
    """CRC(A+B) from CRC(A), CRC(B) and len(B), as zlib's crc32_combine."""
    name = canonical(algorithm)
    if name not in CRC_ALGORITHMS:
        raise ValueError(f"{name} is not a CRC")
    return PURE_PYTHON[name].combine(crc1, crc2, len2)


def combine_full_object(algorithm: str, parts: Iterable[tuple[str, int]]) -> str:
    """The FULL_OBJECT checksum of a multipart object from its parts'
    (base64 checksum, length) pairs, in part order."""
    name = canonical(algorithm)
    if name not in FULL_OBJECT_ALGORITHMS:
        raise ValueError(f"{name} does not support the FULL_OBJECT checksum type")
    crc = 0
    for value, length in parts:
        crc = crc_combine(name, crc, int.from_bytes(_decode(name, value), "big"), length)
    return base64.b64encode(crc.to_bytes(DIGEST_SIZES[name], "big")).decode("ascii")
