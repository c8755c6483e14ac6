"""Signatures over HTTP with access control on: SigV4 (header, presigned, signed
aws-chunked bodies) and S3's SigV2, checked with the world's secrets."""

from __future__ import annotations

import datetime as dt
import hashlib
import http.client
import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import boto3
import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials as BotoCredentials
from botocore.exceptions import ClientError

from hookmock import World
from hookmock._world import DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY
from hookmock.server import Server, _sigv4

READ_ONLY = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "sqs:*"], "Resource": "*"}],
}


@pytest.fixture(scope="module")
def iam_server() -> Iterator[Server]:
    with Server(World(), iam=True) as server:
        yield server


@pytest.fixture
def server(iam_server: Server) -> Server:
    iam_server.world.reset()
    return iam_server


def _client(
    server: Server,
    service: str,
    key: str = DEFAULT_ACCESS_KEY_ID,
    secret: str = DEFAULT_SECRET_ACCESS_KEY,
    *,
    token: str | None = None,
    region: str = "us-east-1",
    config: Config | None = None,
) -> Any:
    base = Config(retries={"max_attempts": 1, "mode": "standard"})
    return boto3.client(
        service,
        endpoint_url=server.url,
        region_name=region,
        aws_access_key_id=key,
        aws_secret_access_key=secret,
        aws_session_token=token,
        config=base.merge(config) if config is not None else base,
    )


def _user_key(server: Server, name: str = "alice", policy: Any = READ_ONLY) -> dict[str, str]:
    iam = _client(server, "iam")
    iam.create_user(UserName=name)
    iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=json.dumps(policy))
    key: dict[str, str] = iam.create_access_key(UserName=name)["AccessKey"]
    return key


def _error(raised: pytest.ExceptionInfo[ClientError]) -> tuple[str, str, int]:
    response = raised.value.response
    return (
        response["Error"]["Code"],
        response["Error"].get("Message", ""),
        response["ResponseMetadata"]["HTTPStatusCode"],
    )


def test_the_default_key_pair_signs_as_root(server: Server) -> None:
    s3 = _client(server, "s3")
    s3.create_bucket(Bucket="bkt")
    s3.put_object(Bucket="bkt", Key="k", Body=b"data")
    assert s3.get_object(Bucket="bkt", Key="k")["Body"].read() == b"data"
    sts = _client(server, "sts", region="eu-west-1")
    assert sts.get_caller_identity()["Arn"] == "arn:aws:iam::123456789012:root"


def test_an_issued_key_with_its_secret_is_authorized_by_its_policies(server: Server) -> None:
    _client(server, "s3").create_bucket(Bucket="bkt")
    _client(server, "s3").put_object(Bucket="bkt", Key="k", Body=b"x")
    key = _user_key(server)
    alice = _client(server, "s3", key["AccessKeyId"], key["SecretAccessKey"])
    assert alice.get_object(Bucket="bkt", Key="k")["Body"].read() == b"x"
    with pytest.raises(ClientError) as raised:
        alice.put_object(Bucket="bkt", Key="k2", Body=b"")
    code, message, status = _error(raised)
    assert (code, status) == ("AccessDenied", 403)
    assert message == (
        "User: arn:aws:iam::123456789012:user/alice is not authorized to perform: "
        's3:PutObject on resource: "arn:aws:s3:::bkt/k2" because no identity-based policy '
        "allows the s3:PutObject action"
    )


def test_the_http_denial_equals_the_in_process_one(server: Server) -> None:
    import hookmock

    _client(server, "s3").create_bucket(Bucket="bkt")
    key = _user_key(server)
    with pytest.raises(ClientError) as over_http:
        _client(server, "s3", key["AccessKeyId"], key["SecretAccessKey"]).put_object(
            Bucket="bkt", Key="k", Body=b""
        )
    with hookmock.aws(iam=True):
        iam = boto3.client("iam", region_name="us-east-1")
        iam.create_user(UserName="alice")
        iam.put_user_policy(UserName="alice", PolicyName="p", PolicyDocument=json.dumps(READ_ONLY))
        local = iam.create_access_key(UserName="alice")["AccessKey"]
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="bkt")
        s3 = boto3.client(
            "s3",
            region_name="us-east-1",
            aws_access_key_id=local["AccessKeyId"],
            aws_secret_access_key=local["SecretAccessKey"],
        )
        with pytest.raises(ClientError) as in_process:
            s3.put_object(Bucket="bkt", Key="k", Body=b"")
    assert _error(over_http) == _error(in_process)


@pytest.mark.parametrize(
    ("service", "call", "code", "status"),
    [
        ("s3", lambda c: c.list_buckets(), "SignatureDoesNotMatch", 403),
        ("sqs", lambda c: c.list_queues(), "SignatureDoesNotMatch", 403),
        ("sns", lambda c: c.list_topics(), "SignatureDoesNotMatch", 403),
        ("iam", lambda c: c.list_users(), "SignatureDoesNotMatch", 403),
        ("sts", lambda c: c.get_caller_identity(), "SignatureDoesNotMatch", 403),
        ("dynamodb", lambda c: c.list_tables(), "InvalidSignatureException", 400),
    ],
)
def test_another_secret_is_refused_per_service(
    server: Server, service: str, call: Any, code: str, status: int
) -> None:
    key = _user_key(server)
    client = _client(server, service, key["AccessKeyId"], "not-the-secret")
    with pytest.raises(ClientError) as raised:
        call(client)
    found_code, message, found_status = _error(raised)
    assert (found_code, found_status) == (code, status)
    if service == "s3":
        assert message == (
            "The request signature we calculated does not match the signature you provided. "
            "Check your key and signing method."
        )


def test_the_default_key_with_another_secret_is_refused(server: Server) -> None:
    with pytest.raises(ClientError) as raised:
        _client(server, "sts", secret="wrong").get_caller_identity()
    assert _error(raised)[0] == "SignatureDoesNotMatch"


@pytest.mark.parametrize(
    ("service", "call", "code"),
    [
        ("s3", lambda c: c.list_buckets(), "InvalidAccessKeyId"),
        ("sqs", lambda c: c.list_queues(), "InvalidClientTokenId"),
        ("dynamodb", lambda c: c.list_tables(), "UnrecognizedClientException"),
    ],
)
def test_unknown_keys_are_refused(server: Server, service: str, call: Any, code: str) -> None:
    with pytest.raises(ClientError) as raised:
        call(_client(server, service, "AKIANEVERISSUED00001", "x"))
    assert _error(raised)[0] == code


def test_an_inactive_key_is_refused(server: Server) -> None:
    key = _user_key(server)
    _client(server, "iam").update_access_key(
        UserName="alice", AccessKeyId=key["AccessKeyId"], Status="Inactive"
    )
    with pytest.raises(ClientError) as raised:
        _client(server, "sqs", key["AccessKeyId"], key["SecretAccessKey"]).list_queues()
    assert _error(raised)[0] == "InvalidClientTokenId"


def test_role_session_credentials_need_their_token(server: Server) -> None:
    iam = _client(server, "iam")
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    role = iam.create_role(RoleName="r", AssumeRolePolicyDocument=json.dumps(trust))["Role"]
    iam.put_role_policy(RoleName="r", PolicyName="p", PolicyDocument=json.dumps(READ_ONLY))
    bob = _user_key(
        server,
        "bob",
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}],
        },
    )
    sts = _client(server, "sts", bob["AccessKeyId"], bob["SecretAccessKey"])
    creds = sts.assume_role(RoleArn=role["Arn"], RoleSessionName="session")["Credentials"]
    ok = _client(
        server, "sqs", creds["AccessKeyId"], creds["SecretAccessKey"], token=creds["SessionToken"]
    )
    assert ok.list_queues().get("QueueUrls") is None
    no_token = _client(server, "sqs", creds["AccessKeyId"], creds["SecretAccessKey"])
    with pytest.raises(ClientError) as raised:
        no_token.list_queues()
    assert _error(raised)[0] == "InvalidClientTokenId"
    s3 = _client(server, "s3", creds["AccessKeyId"], creds["SecretAccessKey"], token="other")
    with pytest.raises(ClientError) as raised:
        s3.list_buckets()
    assert _error(raised)[0] == "InvalidToken"


def test_skewed_requests_are_refused(server: Server) -> None:
    server.world.clock.advance(16 * 60)  # the world is 16 minutes ahead of the signer
    with pytest.raises(ClientError) as raised:
        _client(server, "s3").list_buckets()
    code, message, status = _error(raised)
    assert (code, status) == ("RequestTimeTooSkewed", 403)
    assert message == "The difference between the request time and the current time is too large."
    with pytest.raises(ClientError) as raised:
        _client(server, "dynamodb").list_tables()
    code, message, status = _error(raised)
    assert (code, status) == ("InvalidSignatureException", 400)
    assert message.startswith("Signature expired: ")
    assert message.endswith(" - 15 min.)")
    with pytest.raises(ClientError) as raised:
        _client(server, "sqs").list_queues()
    assert _error(raised)[:2][0] == "SignatureDoesNotMatch"
    assert "Signature expired" in _error(raised)[1]


def test_without_access_control_nothing_is_verified(hookmock_server: str) -> None:
    s3 = boto3.client(
        "s3",
        endpoint_url=hookmock_server,
        region_name="us-east-1",
        aws_access_key_id="AKIANEVERISSUED00001",
        aws_secret_access_key="anything",
    )
    s3.create_bucket(Bucket="open")
    assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["open"]


def test_unsigned_requests_are_refused(server: Server) -> None:
    _client(server, "s3").create_bucket(Bucket="bkt")
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(f"{server.url}/bkt?list-type=2")
    assert raised.value.code == 403
    assert b"<Code>AccessDenied</Code>" in raised.value.read()


# -- presigned URLs ------------------------------------------------------------------


def _v4_s3(server: Server, key: str, secret: str) -> Any:
    return _client(server, "s3", key, secret, config=Config(signature_version="s3v4"))


def test_presigned_sigv4_get_and_put(server: Server) -> None:
    _client(server, "s3").create_bucket(Bucket="bkt")
    key = _user_key(
        server,
        policy={
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "s3:*Object", "Resource": "*"}],
        },
    )
    s3 = _v4_s3(server, key["AccessKeyId"], key["SecretAccessKey"])
    put = s3.generate_presigned_url("put_object", Params={"Bucket": "bkt", "Key": "a b+c"})
    request = urllib.request.Request(put, data=b"presigned", method="PUT")
    with urllib.request.urlopen(request) as response:
        assert response.status == 200
    get = s3.generate_presigned_url("get_object", Params={"Bucket": "bkt", "Key": "a b+c"})
    assert "X-Amz-Signature=" in get
    with urllib.request.urlopen(get) as response:
        assert response.read() == b"presigned"


def test_presigned_sigv4_with_another_secret(server: Server) -> None:
    _client(server, "s3").create_bucket(Bucket="bkt")
    key = _user_key(server)
    url = _v4_s3(server, key["AccessKeyId"], "wrong").generate_presigned_url(
        "get_object", Params={"Bucket": "bkt", "Key": "k"}
    )
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(url)
    assert raised.value.code == 403
    assert b"<Code>SignatureDoesNotMatch</Code>" in raised.value.read()


def test_presigned_sigv4_tampered_query_is_refused(server: Server) -> None:
    s3 = _v4_s3(server, DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY)
    s3.create_bucket(Bucket="bkt")
    s3.put_object(Bucket="bkt", Key="k", Body=b"x")
    url = s3.generate_presigned_url("get_object", Params={"Bucket": "bkt", "Key": "k"})
    with urllib.request.urlopen(url) as response:
        assert response.read() == b"x"
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(url.replace("X-Amz-Expires=3600", "X-Amz-Expires=3601"))
    assert b"<Code>SignatureDoesNotMatch</Code>" in raised.value.read()


def test_presigned_sigv4_expires_by_the_world_clock(server: Server) -> None:
    s3 = _v4_s3(server, DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY)
    s3.create_bucket(Bucket="bkt")
    s3.put_object(Bucket="bkt", Key="k", Body=b"x")
    url = s3.generate_presigned_url(
        "get_object", Params={"Bucket": "bkt", "Key": "k"}, ExpiresIn=60
    )
    server.world.clock.advance(61)
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(url)
    assert raised.value.code == 403
    body = raised.value.read()
    assert b"<Code>AccessDenied</Code>" in body
    assert b"<Message>Request has expired</Message>" in body


def test_presigned_sigv4_longer_than_a_week_is_refused(server: Server) -> None:
    s3 = _v4_s3(server, DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY)
    s3.create_bucket(Bucket="bkt")
    url = s3.generate_presigned_url("get_object", Params={"Bucket": "bkt", "Key": "k"})
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(url.replace("X-Amz-Expires=3600", "X-Amz-Expires=604801"))
    assert raised.value.code == 400
    assert b"<Code>AuthorizationQueryParametersError</Code>" in raised.value.read()


def test_presigned_sigv2_get(server: Server) -> None:
    _client(server, "s3").create_bucket(Bucket="bkt")
    _client(server, "s3").put_object(Bucket="bkt", Key="dir/k", Body=b"v2")
    key = _user_key(server)
    s3 = _client(server, "s3", key["AccessKeyId"], key["SecretAccessKey"])
    url = s3.generate_presigned_url(
        "get_object",
        Params={"Bucket": "bkt", "Key": "dir/k", "ResponseContentType": "text/plain"},
    )
    assert "AWSAccessKeyId=" in url
    with urllib.request.urlopen(url) as response:
        assert response.read() == b"v2"
        assert response.headers["Content-Type"] == "text/plain"
    wrong = _client(server, "s3", key["AccessKeyId"], "wrong").generate_presigned_url(
        "get_object", Params={"Bucket": "bkt", "Key": "dir/k"}
    )
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(wrong)
    assert b"<Code>SignatureDoesNotMatch</Code>" in raised.value.read()
    expiring = s3.generate_presigned_url(
        "get_object", Params={"Bucket": "bkt", "Key": "dir/k"}, ExpiresIn=10
    )
    server.world.clock.advance(11)
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(expiring)
    assert b"<Message>Request has expired</Message>" in raised.value.read()


def test_sigv2_header_signed_client(server: Server) -> None:
    key = _user_key(
        server,
        policy={
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}],
        },
    )
    s3 = _client(
        server,
        "s3",
        key["AccessKeyId"],
        key["SecretAccessKey"],
        config=Config(signature_version="s3"),
    )
    s3.create_bucket(Bucket="v2-bucket")
    s3.put_object(Bucket="v2-bucket", Key="k", Body=b"v2", ACL="private")
    assert s3.get_object(Bucket="v2-bucket", Key="k")["Body"].read() == b"v2"
    bad = _client(server, "s3", key["AccessKeyId"], "wrong", config=Config(signature_version="s3"))
    with pytest.raises(ClientError) as raised:
        bad.list_buckets()
    assert _error(raised)[0] == "SignatureDoesNotMatch"


# -- payloads ------------------------------------------------------------------------


def test_unsigned_payload_and_trailing_checksums(server: Server) -> None:
    s3 = _client(server, "s3")
    s3.create_bucket(Bucket="bkt")
    s3.put_object(Bucket="bkt", Key="k", Body=b"x" * 100, ChecksumAlgorithm="CRC32")
    assert s3.get_object(Bucket="bkt", Key="k")["Body"].read() == b"x" * 100
    unsigned = _client(server, "s3", config=Config(s3={"payload_signing_enabled": False}))
    unsigned.put_object(Bucket="bkt", Key="u", Body=b"y")


def _signed_streaming_put(
    server: Server, path: str, chunks: list[bytes], secret: str, *, tamper: bool = False
) -> tuple[int, bytes]:
    """A PutObject as the Java SDK sends it: STREAMING-AWS4-HMAC-SHA256-PAYLOAD, each
    chunk signed in a chain from the header's seed signature."""
    now = dt.datetime.now(dt.timezone.utc)
    amz_date = now.strftime("%Y%m%dT%H%M%SZ")
    scope = f"{amz_date[:8]}/us-east-1/s3/aws4_request"
    data = b"".join(chunks)
    sizes = [len(c) for c in chunks] + [0]
    encoded_length = sum(len(f"{n:x};chunk-signature=".encode()) + 64 + 4 + n for n in sizes)
    host = urlsplit(server.url).netloc
    headers = {
        "host": host,
        "x-amz-date": amz_date,
        "x-amz-content-sha256": _sigv4.STREAMING_SIGNED,
        "content-encoding": "aws-chunked",
        "x-amz-decoded-content-length": str(len(data)),
        "content-length": str(encoded_length),
    }
    signed = ";".join(sorted(headers))
    request = AWSRequest("PUT", server.url + path, headers=headers)
    request.context["timestamp"] = amz_date
    # botocore computes the seed signature: the oracle for the header's canonical form.
    oracle = SigV4Auth(BotoCredentials(DEFAULT_ACCESS_KEY_ID, secret), "s3", "us-east-1")
    seed = oracle.signature(
        oracle.string_to_sign(request, oracle.canonical_request(request)), request
    )
    key = _sigv4.signing_key(secret, amz_date[:8], "us-east-1", "s3")
    body = b""
    previous = seed
    for chunk in [*chunks, b""]:
        signature = _sigv4.sign(key, _sigv4.chunk_string_to_sign(amz_date, scope, previous, chunk))
        previous = signature
        if tamper and chunk:
            chunk = chunk[:-1] + b"!"
        body += f"{len(chunk):x};chunk-signature={signature}\r\n".encode() + chunk + b"\r\n"
    headers["authorization"] = (
        f"AWS4-HMAC-SHA256 Credential={DEFAULT_ACCESS_KEY_ID}/{scope}, "
        f"SignedHeaders={signed}, Signature={seed}"
    )
    connection = http.client.HTTPConnection(host, timeout=30)
    try:
        connection.request("PUT", path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_signed_streaming_upload_checks_every_chunk(server: Server) -> None:
    _client(server, "s3").create_bucket(Bucket="bkt")
    chunks = [b"a" * 65536, b"b" * 1024]
    status, _ = _signed_streaming_put(server, "/bkt/streamed", chunks, DEFAULT_SECRET_ACCESS_KEY)
    assert status == 200
    got = _client(server, "s3").get_object(Bucket="bkt", Key="streamed")["Body"].read()
    assert got == b"".join(chunks)
    status, body = _signed_streaming_put(
        server, "/bkt/tampered", chunks, DEFAULT_SECRET_ACCESS_KEY, tamper=True
    )
    assert status == 403
    assert b"<Code>SignatureDoesNotMatch</Code>" in body
    with pytest.raises(ClientError):
        _client(server, "s3").head_object(Bucket="bkt", Key="tampered")


def test_payload_hash_must_match_the_body(server: Server) -> None:
    _client(server, "s3").create_bucket(Bucket="bkt")
    host = urlsplit(server.url).netloc
    request = AWSRequest("PUT", f"{server.url}/b/k", data=b"real body", headers={})
    request.headers["x-amz-content-sha256"] = hashlib.sha256(b"other").hexdigest()
    SigV4Auth(
        BotoCredentials(DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY), "s3", "us-east-1"
    ).add_auth(request)
    connection = http.client.HTTPConnection(host, timeout=30)
    try:
        connection.request("PUT", "/bkt/k", body=b"real body", headers=dict(request.headers))
        response = connection.getresponse()
        assert response.status == 400
        assert b"<Code>XAmzContentSHA256Mismatch</Code>" in response.read()
    finally:
        connection.close()


def test_incomplete_authorization_header(server: Server) -> None:
    host = urlsplit(server.url).netloc
    connection = http.client.HTTPConnection(host, timeout=30)
    try:
        connection.request(
            "POST",
            "/",
            body=b"Action=GetCallerIdentity&Version=2011-06-15",
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Authorization": f"AWS4-HMAC-SHA256 Credential={DEFAULT_ACCESS_KEY_ID}/"
                "20250101/us-east-1/sts/aws4_request",
                "X-Amz-Date": "20250101T000000Z",
            },
        )
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    assert response.status == 400
    assert b"<Code>IncompleteSignature</Code>" in body
    assert b"requires &apos;SignedHeaders&apos; parameter" in body or b"SignedHeaders" in body
