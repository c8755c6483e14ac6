"""The SigV4 canonical form against botocore's signer (the oracle) and AWS's
documented chunked-upload example."""

from __future__ import annotations

import hashlib

import pytest
from botocore.auth import S3SigV4Auth, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials as BotoCredentials

from hookmock.server import _sigv4

SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


@pytest.mark.parametrize(
    ("service", "path", "query"),
    [
        ("sqs", "/", ""),
        ("sqs", "/a/./b/../c//d/", "b=2&a=1&a=0"),
        ("lambda", "/2015-03-31/functions/my%20fn/invocations", "Qualifier=%24LATEST"),
        ("s3", "/bucket/a%20b%2Bc/./x~y", "list-type=2&prefix=a%2Fb&uploads="),
        ("s3", "/bucket/%E2%82%AC", "versionId=abc%3D%3D"),
    ],
)
def test_canonical_request_matches_botocore(service: str, path: str, query: str) -> None:
    url = f"https://host.example.com{path}" + (f"?{query}" if query else "")
    request = AWSRequest("GET", url, data=b"body", headers={"X-Amz-Meta-A": "  two   spaces "})
    request.context["timestamp"] = "20250101T000000Z"
    signer_class = S3SigV4Auth if service == "s3" else SigV4Auth
    signer = signer_class(BotoCredentials("AKID", SECRET), service, "us-east-1")
    request.headers["X-Amz-Date"] = "20250101T000000Z"
    request.headers["X-Amz-Content-SHA256"] = hashlib.sha256(b"body").hexdigest()
    expected = signer.canonical_request(request)
    headers = {name.lower(): value for name, value in request.headers.items()}
    headers["host"] = "host.example.com"
    signed = signer.signed_headers(signer.headers_to_sign(request))
    ours = _sigv4.canonical_request(
        "GET",
        _sigv4.canonical_uri(path, s3=service == "s3"),
        _sigv4.canonical_query(query),
        headers,
        signed,
        headers["x-amz-content-sha256"],
    )
    assert ours == expected


def test_signing_key_and_signature_match_botocore() -> None:
    request = AWSRequest("POST", "https://sts.amazonaws.com/", data=b"Action=GetCallerIdentity")
    request.context["timestamp"] = "20250101T000000Z"
    signer = SigV4Auth(BotoCredentials("AKID", SECRET), "sts", "us-east-1")
    request.headers["X-Amz-Date"] = "20250101T000000Z"
    canonical = signer.canonical_request(request)
    text = signer.string_to_sign(request, canonical)
    key = _sigv4.signing_key(SECRET, "20250101", "us-east-1", "sts")
    assert text == _sigv4.string_to_sign(
        "20250101T000000Z", "20250101/us-east-1/sts/aws4_request", canonical
    )
    assert _sigv4.sign(key, text) == signer.signature(text, request)


def test_awss_documented_chunked_upload_example() -> None:
    """S3's "Example: PUT Object" for STREAMING-AWS4-HMAC-SHA256-PAYLOAD: 65536 + 1024
    bytes of ``a``, the seed and chunk signatures as the documentation gives them."""
    headers = {
        "host": "s3.amazonaws.com",
        "x-amz-date": "20130524T000000Z",
        "x-amz-storage-class": "REDUCED_REDUNDANCY",
        "x-amz-content-sha256": _sigv4.STREAMING_SIGNED,
        "content-encoding": "aws-chunked",
        "x-amz-decoded-content-length": "66560",
        "content-length": "66824",
    }
    canonical = _sigv4.canonical_request(
        "PUT",
        _sigv4.canonical_uri("/examplebucket/chunkObject.txt", s3=True),
        "",
        headers,
        ";".join(sorted(headers)),
        _sigv4.STREAMING_SIGNED,
    )
    scope = "20130524/us-east-1/s3/aws4_request"
    key = _sigv4.signing_key(SECRET, "20130524", "us-east-1", "s3")
    seed = _sigv4.sign(key, _sigv4.string_to_sign("20130524T000000Z", scope, canonical))
    assert seed == "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9"
    signatures = []
    previous = seed
    for data in (b"a" * 65536, b"a" * 1024, b""):
        previous = _sigv4.sign(
            key, _sigv4.chunk_string_to_sign("20130524T000000Z", scope, previous, data)
        )
        signatures.append(previous)
    assert signatures == [
        "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648",
        "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497",
        "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9",
    ]
