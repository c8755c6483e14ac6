"""S3 flexible checksums: known vectors, the pure-Python CRCs against C ones,
multipart combination against hashing the whole object, value validation."""

from __future__ import annotations

import base64
import hashlib
import random
import threading
import zlib
from types import ModuleType

import pytest

from hookmock.backends.s3 import checksums

CHECK = b"123456789"
# The base64 values S3 and botocore exchange for CHECK. CRC32C and CRC64NVME
# are the catalogued check values 0xE3069283 and 0xAE8B14860A799888.
EXPECTED = {
    "CRC32": "y/Q5Jg==",
    "CRC32C": "4waSgw==",
    "CRC64NVME": "rosUhgp5mIg=",
    "SHA1": "98O8HYCOBHMq32eZZczDTKeuNEE=",
    "SHA256": "FeKw08M4keuw8e9gnsQZQgwg4yDOlMZfvIwzEkSOsiU=",
    "SHA512": base64.b64encode(hashlib.sha512(CHECK).digest()).decode(),
    "MD5": "JfnnlDI7RTiF9RgfG2JNCw==",
}
# A one-part COMPOSITE upload of CHECK, as S3 reports it (openstack/swift's
# test/s3api/test_object_checksums.py, a suite also run against AWS).
COMPOSITE_OF_CHECK = {
    "CRC32": "7kxlUA==-1",
    "CRC32C": "pzJFoA==-1",
    "SHA1": "zGcEPHvP9e6lVmvZsfPHT9mlz10=-1",
    "SHA256": "KSsNAHVmgy25S/rmic1w0at3KBH9RLn0nYVQ7p6mpJQ=-1",
}
# CRC-32C vectors of RFC 3720 (iSCSI), B.4.
CRC32C_VECTORS = [
    (bytes(32), 0x8A9136AA),
    (b"\xff" * 32, 0x62A8AB43),
    (bytes(range(32)), 0x46DD794E),
    (bytes(range(31, -1, -1)), 0x113FDB5C),
]
# CRC-64/NVME vectors of the NVMe NVM Command Set specification (4 KiB blocks).
CRC64NVME_VECTORS = [
    (bytes(4096), 0x6482D367EB22B64E),
    (b"\xff" * 4096, 0xC0DDBA7302ECA3AC),
    (bytes(range(256)) * 16, 0x3E729F5F6750449C),
    (bytes(range(255, -1, -1)) * 16, 0x9A2DF64B8E9E517E),
]
# Sizes around the pure-Python CRC's thresholds and block widths.
SIZES = [0, 1, 7, 8, 9, 255, 511, 512, 513, 1000, 1024, 4095, 4096, 4097, 65536, 65537]
SIZES += [(1 << 20) - 1, (1 << 20) + 513, 3 * (1 << 20) + 5]


def data_of(size: int, seed: int = 0) -> bytes:
    return random.Random(f"{seed}:{size}").randbytes(size)


def awscrt_checksums() -> ModuleType:
    return pytest.importorskip("awscrt.checksums")


@pytest.mark.parametrize("algorithm", checksums.ALGORITHMS)
def test_known_values(algorithm: str) -> None:
    assert checksums.compute(algorithm, CHECK) == EXPECTED[algorithm]
    assert checksums.compute(algorithm.lower(), CHECK) == EXPECTED[algorithm]


def test_pure_python_known_values() -> None:
    assert checksums.PY_CRC32(CHECK) == 0xCBF43926
    assert checksums.PY_CRC32C(CHECK) == 0xE3069283
    assert checksums.PY_CRC64NVME(CHECK) == 0xAE8B14860A799888
    for data, crc in CRC32C_VECTORS:
        assert checksums.PY_CRC32C(data) == crc
    for data, crc in CRC64NVME_VECTORS:
        assert checksums.PY_CRC64NVME(data) == crc
        assert checksums.PY_CRC64NVME(data * 300) == checksums.PY_CRC64NVME(
            data * 299, checksums.PY_CRC64NVME(data)
        )


def test_selected_crcs_know_the_vectors() -> None:
    """Whichever implementation was picked (awscrt or pure Python)."""
    crc32c, crc64nvme = checksums.CRC_FUNCTIONS["CRC32C"], checksums.CRC_FUNCTIONS["CRC64NVME"]
    for data, crc in CRC32C_VECTORS:
        assert crc32c(data, 0) == crc
    for data, crc in CRC64NVME_VECTORS:
        assert crc64nvme(data, 0) == crc


@pytest.mark.parametrize("size", SIZES)
def test_pure_python_crc32_matches_zlib(size: int) -> None:
    """The block algorithm, checked against a C implementation of the same kind of CRC."""
    data = data_of(size)
    assert checksums.PY_CRC32(data) == zlib.crc32(data)
    assert checksums.PY_CRC32(memoryview(data)) == zlib.crc32(data)
    start = zlib.crc32(b"a prefix")
    assert checksums.PY_CRC32(data, start) == zlib.crc32(data, start)


@pytest.mark.parametrize("size", SIZES)
def test_pure_python_matches_awscrt(size: int) -> None:
    crt = awscrt_checksums()
    data = data_of(size, seed=1)
    assert checksums.PY_CRC32C(data) == crt.crc32c(data)
    assert checksums.PY_CRC64NVME(data) == crt.crc64nvme(data)
    assert checksums.PY_CRC64NVME(data, 12345) == crt.crc64nvme(data, 12345)


def test_awscrt_is_used_when_importable() -> None:
    awscrt_checksums()
    assert checksums.IMPLEMENTATIONS == {
        "CRC32": "zlib",
        "CRC32C": "awscrt",
        "CRC64NVME": "awscrt",
    }


def test_pure_python_is_thread_safe_while_tables_grow() -> None:
    crc = checksums.ReflectedCRC(0x9A6C9329AC4BC9B5, 64)
    data = data_of(1 << 20, seed=2)
    expected = checksums.PY_CRC64NVME(data)
    results: list[int] = []
    threads = [threading.Thread(target=lambda: results.append(crc(data))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 4


@pytest.mark.parametrize("algorithm", checksums.ALGORITHMS)
def test_incremental_matches_whole(algorithm: str) -> None:
    data = data_of(200_003, seed=3)
    rng = random.Random(algorithm)
    hasher = checksums.Hasher(algorithm)
    chunks, pos = [], 0
    while pos < len(data):
        step = rng.choice([0, 1, 3, 511, 4096, 70_000])
        chunks.append(data[pos : pos + step])
        hasher.update(data[pos : pos + step])
        pos += step
    whole = checksums.compute(algorithm, data)
    assert hasher.b64digest() == whole
    assert hasher.length == len(data)
    assert len(hasher.digest()) == checksums.DIGEST_SIZES[algorithm]
    assert checksums.compute(algorithm, iter(chunks)) == whole
    assert checksums.compute(algorithm, [bytearray(c) for c in chunks]) == whole


def test_empty_input() -> None:
    assert checksums.compute("CRC32", b"") == "AAAAAA=="
    assert checksums.compute("CRC64NVME", []) == "AAAAAAAAAAA="
    assert checksums.compute("SHA256", b"") == base64.b64encode(hashlib.sha256().digest()).decode()


def test_unsupported_algorithm() -> None:
    for call in (
        lambda: checksums.compute("CRC16", b""),
        lambda: checksums.Hasher("XXHASH64"),
        lambda: checksums.is_valid_b64_digest("nope", "AAAAAA=="),
    ):
        with pytest.raises(ValueError, match="unsupported checksum algorithm"):
            call()


@pytest.mark.parametrize("algorithm", sorted(checksums.COMPOSITE_ALGORITHMS))
def test_composite_of_one_part_as_s3_reports_it(algorithm: str) -> None:
    composite = checksums.combine_composite(algorithm, [EXPECTED[algorithm]])
    assert composite == COMPOSITE_OF_CHECK[algorithm]


def test_composite_is_the_checksum_of_the_part_digests() -> None:
    parts = [data_of(n, seed=4) for n in (5 << 20, 5 << 20, 12)]
    crcs = [zlib.crc32(p).to_bytes(4, "big") for p in parts]
    expected = base64.b64encode(zlib.crc32(b"".join(crcs)).to_bytes(4, "big")).decode()
    values = [checksums.compute("CRC32", p) for p in parts]
    assert checksums.combine_composite("CRC32", values) == f"{expected}-3"
    sha = hashlib.sha256(b"".join(hashlib.sha256(p).digest() for p in parts)).digest()
    values = [checksums.compute("SHA256", p) for p in parts]
    assert checksums.combine_composite("sha256", values) == f"{base64.b64encode(sha).decode()}-3"


def test_composite_refuses_what_s3_refuses() -> None:
    with pytest.raises(ValueError, match="COMPOSITE"):
        checksums.combine_composite("CRC64NVME", [EXPECTED["CRC64NVME"]])
    with pytest.raises(ValueError, match="at least one part"):
        checksums.combine_composite("CRC32", [])
    with pytest.raises(ValueError, match="not a valid CRC32 checksum"):
        checksums.combine_composite("CRC32", [EXPECTED["CRC32"], "y/Q5Jh=="])


@pytest.mark.parametrize("algorithm", sorted(checksums.CRC_ALGORITHMS))
def test_crc_combine_matches_whole(algorithm: str) -> None:
    crc = checksums.CRC_FUNCTIONS[algorithm]
    rng = random.Random(algorithm)
    for _ in range(30):
        a = data_of(rng.choice([0, 1, 9, 1000, 70_001]), seed=rng.randrange(1 << 30))
        b = data_of(rng.choice([0, 1, 8, 513, 70_000]), seed=rng.randrange(1 << 30))
        combined = checksums.crc_combine(algorithm, crc(a, 0), crc(b, 0), len(b))
        assert combined == crc(a + b, 0)


def test_crc_combine_for_long_parts() -> None:
    """Lengths far past the data we can afford to hash: combining in two ways agrees."""
    crc = checksums.CRC_FUNCTIONS["CRC64NVME"]
    x, y, z = crc(b"x", 0), crc(b"y", 0), crc(b"z", 0)
    # zero-extension is linear: combine((x, y), 5 GiB) then z equals x then (y, z)
    gib5 = 5 << 30
    left = checksums.crc_combine("CRC64NVME", checksums.crc_combine("CRC64NVME", x, y, gib5), z, 1)
    right = checksums.crc_combine(
        "CRC64NVME", x, checksums.crc_combine("CRC64NVME", y, z, 1), gib5 + 1
    )
    assert left == right


def test_crc_combine_matches_awscrt() -> None:
    crt = awscrt_checksums()
    if not hasattr(crt, "combine_crc64nvme"):
        pytest.skip("this awscrt has no combine functions")
    rng = random.Random(5)
    for _ in range(50):
        crc1, crc2, length = rng.getrandbits(64), rng.getrandbits(64), rng.getrandbits(40)
        ours = checksums.crc_combine("CRC64NVME", crc1, crc2, length)
        assert ours == crt.combine_crc64nvme(crc1, crc2, length)
        crc1, crc2 = crc1 & 0xFFFFFFFF, crc2 & 0xFFFFFFFF
        assert checksums.crc_combine("CRC32C", crc1, crc2, length) == crt.combine_crc32c(
            crc1, crc2, length
        )
        assert checksums.crc_combine("CRC32", crc1, crc2, length) == crt.combine_crc32(
            crc1, crc2, length
        )


@pytest.mark.parametrize("algorithm", sorted(checksums.FULL_OBJECT_ALGORITHMS))
def test_full_object_from_parts_matches_whole(algorithm: str) -> None:
    parts = [data_of(n, seed=6) for n in (5 << 20, 0, 1, 5 << 20, 777)]
    pairs = [(checksums.compute(algorithm, p), len(p)) for p in parts]
    assert checksums.combine_full_object(algorithm, pairs) == checksums.compute(
        algorithm, b"".join(parts)
    )
    assert checksums.combine_full_object(algorithm, pairs[:1]) == pairs[0][0]


def test_full_object_refuses_what_s3_refuses() -> None:
    for algorithm in ("SHA1", "SHA256"):
        with pytest.raises(ValueError, match="FULL_OBJECT"):
            checksums.combine_full_object(algorithm, [(EXPECTED[algorithm], 9)])
    with pytest.raises(ValueError, match="not a valid CRC32C checksum"):
        checksums.combine_full_object("CRC32C", [("AAAAAAAAAAA=", 9)])
    with pytest.raises(ValueError, match="negative"):
        checksums.crc_combine("CRC32", 0, 0, -1)
    with pytest.raises(ValueError, match="not a CRC"):
        checksums.crc_combine("SHA1", 0, 0, 1)


@pytest.mark.parametrize("algorithm", checksums.ALGORITHMS)
def test_valid_values(algorithm: str) -> None:
    assert checksums.is_valid_b64_digest(algorithm, EXPECTED[algorithm])
    raw = checksums.decode_b64_digest(algorithm, EXPECTED[algorithm])
    assert raw is not None
    assert len(raw) == checksums.DIGEST_SIZES[algorithm]
    for other, size in checksums.DIGEST_SIZES.items():
        if size != checksums.DIGEST_SIZES[algorithm]:
            assert not checksums.is_valid_b64_digest(other, EXPECTED[algorithm])


@pytest.mark.parametrize(
    ("algorithm", "value"),
    [
        # Values S3 answers "Value for x-amz-checksum-crc32 header is invalid." for
        # (openstack/swift test/s3api/test_object_checksums.py).
        ("CRC32", "short==="),
        ("CRC32", "shrt"),
        ("CRC32", "toolong="),
        ("CRC32", "^^^^^^=="),
        ("CRC32", "y^/^Q5^J^g=="),
        # Right length, but the unused bits are not zero: not canonical base64.
        ("CRC32", "y/Q5Jh=="),
        ("CRC32C", "4waSgx=="),
        ("CRC64NVME", "rosUhgp5mIh="),
        ("SHA1", "98O8HYCOBHMq32eZZczDTKeuNEF="),
        ("SHA256", "FeKw08M4keuw8e9gnsQZQgwg4yDOlMZfvIwzEkSOsiV="),
        ("CRC32", "y/Q5Jg"),
        ("CRC32", " y/Q5Jg=="),
        ("CRC32", "y/Q5Jg==\n"),
        ("CRC32", ""),
        ("CRC32", "y/Q5Jgé="),
        ("CRC32", "7kxlUA==-1"),
    ],
)
def test_invalid_values(algorithm: str, value: str) -> None:
    assert not checksums.is_valid_b64_digest(algorithm, value)
    assert checksums.decode_b64_digest(algorithm, value) is None


def test_algorithm_sets() -> None:
    assert set(checksums.ALGORITHMS) == set(checksums.DIGEST_SIZES)
    assert sorted(checksums.FULL_OBJECT_ALGORITHMS) == ["CRC32", "CRC32C", "CRC64NVME"]
    assert sorted(checksums.COMPOSITE_ALGORITHMS) == ["CRC32", "CRC32C", "SHA1", "SHA256"]
