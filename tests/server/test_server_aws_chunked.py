"""aws-chunked request bodies: decoded as SigV4 streaming uploads encode them."""

from __future__ import annotations

import io

import pytest
from botocore.httpchecksum import AwsChunkedWrapper, Crc32Checksum

from hookmock.server._aws_chunked import (
    MalformedChunks,
    decode,
    is_aws_chunked,
    without_aws_chunked,
)

SIG = "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648"


def test_decodes_what_botocore_encodes_with_a_trailing_checksum() -> None:
    data = bytes(range(256)) * 1000
    encoded = AwsChunkedWrapper(
        io.BytesIO(data),
        checksum_cls=Crc32Checksum,
        checksum_name="x-amz-checksum-crc32",
        chunk_size=64 * 1024,
    ).read()
    checksum = Crc32Checksum()
    checksum.update(data)
    decoded = decode(encoded)
    assert decoded.body == data
    assert decoded.trailers == {"x-amz-checksum-crc32": checksum.b64digest()}


def test_decodes_signed_chunks_and_drops_the_trailer_signature() -> None:
    encoded = (
        f"5;chunk-signature={SIG}\r\nhello\r\n"
        f"6;chunk-signature={SIG}\r\n world\r\n"
        f"0;chunk-signature={SIG}\r\n"
        "x-amz-checksum-crc32c:sOO8/Q==\r\n"
        f"x-amz-trailer-signature:{SIG}\r\n\r\n"
    ).encode()
    decoded = decode(encoded)
    assert decoded.body == b"hello world"
    assert decoded.trailers == {"x-amz-checksum-crc32c": "sOO8/Q=="}


def test_a_body_without_trailers() -> None:
    decoded = decode(f"3;chunk-signature={SIG}\r\nabc\r\n0;chunk-signature={SIG}\r\n\r\n".encode())
    assert decoded.body == b"abc"
    assert decoded.trailers == {}
    assert decode(b"0\r\n\r\n").body == b""


@pytest.mark.parametrize(
    "encoded",
    [
        b"5\r\nhel",  # shorter than its size
        b"5\r\nhelloX\r\n0\r\n\r\n",  # no CRLF after the data
        b"zz\r\nhello\r\n",  # not a hex size
        b"5",  # header never ends
        b"0\r\nno-colon-here\r\n\r\n",  # a trailer that is no header
    ],
)
def test_malformed_bodies_are_refused(encoded: bytes) -> None:
    with pytest.raises(MalformedChunks):
        decode(encoded)


def test_what_counts_as_aws_chunked() -> None:
    assert is_aws_chunked({"content-encoding": "gzip, aws-chunked"})
    assert is_aws_chunked({"x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER"})
    assert not is_aws_chunked({"content-encoding": "gzip"})
    assert not is_aws_chunked({"x-amz-content-sha256": "UNSIGNED-PAYLOAD"})
    assert without_aws_chunked("gzip,aws-chunked") == "gzip"
    assert without_aws_chunked("aws-chunked") == ""
