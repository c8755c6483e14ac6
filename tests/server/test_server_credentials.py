"""The caller and region a request names in its signature."""

from __future__ import annotations

import boto3
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials as BotoCredentials

from hookmock.server._credentials import Credentials, read_credentials

KEY = "AKIAEXAMPLEEXAMPLE01"


def _signed_headers(region: str, service: str) -> dict[str, str]:
    request = AWSRequest("GET", "http://localhost:5000/", headers={})
    SigV4Auth(BotoCredentials(KEY, "secret"), service, region).add_auth(request)
    return {k.lower(): v for k, v in request.headers.items()}


def test_sigv4_header_scope() -> None:
    found = read_credentials(_signed_headers("eu-west-1", "sqs"), "")
    assert found == Credentials(KEY, "eu-west-1", "sqs")
    assert found.signed


def test_presigned_url_scope() -> None:
    s3 = boto3.client(
        "s3",
        region_name="ap-southeast-2",
        endpoint_url="http://127.0.0.1:5000",
        aws_access_key_id=KEY,
        aws_secret_access_key="secret",
        config=Config(signature_version="s3v4"),
    )
    url = s3.generate_presigned_url("get_object", Params={"Bucket": "b", "Key": "k"})
    query = url.split("?", 1)[1]
    assert read_credentials({}, query) == Credentials(KEY, "ap-southeast-2", "s3")


def test_sigv2_names_only_the_key() -> None:
    assert read_credentials({"authorization": f"AWS {KEY}:c2lnbmF0dXJl"}, "") == Credentials(KEY)
    assert read_credentials({}, f"AWSAccessKeyId={KEY}&Signature=x&Expires=1") == Credentials(KEY)


def test_sigv4a_region_set() -> None:
    headers = {
        "authorization": f"AWS4-ECDSA-P256-SHA256 Credential={KEY}/20250101/s3/aws4_request, "
        "SignedHeaders=host, Signature=abc",
        "x-amz-region-set": "us-west-2",
    }
    assert read_credentials(headers, "") == Credentials(KEY, "us-west-2", "s3")


def test_unsigned_requests_name_nobody() -> None:
    found = read_credentials({"host": "localhost"}, "list-type=2")
    assert found == Credentials()
    assert not found.signed
