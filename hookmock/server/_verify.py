"""Checking an HTTP request's signature: SigV4 (Authorization header, presigned query,
signed aws-chunked bodies) and S3's SigV2 (header and presigned query).

An ``HttpSignature`` is made for every request but computes nothing until access
control (on for the world) asks it to, through ``hookmock._authz``'s
``SignedRequest`` interface.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import functools
import hashlib
from urllib.parse import parse_qsl

from hookmock._authz import errors
from hookmock._authz.signed import SignedRequest
from hookmock.server import _aws_chunked, _sigv2, _sigv4
from hookmock.shapes.errors import AWSError
from hookmock.shapes.wire import WireRequest
from hookmock.shapes.wire._s3_hosts import virtual_host_bucket

MAX_SKEW = dt.timedelta(minutes=15)
MAX_PRESIGNED_EXPIRY = 604800
"""A week: the longest ``X-Amz-Expires`` S3 accepts."""
_BASIC = "%Y%m%dT%H%M%SZ"
_SIGNED_STREAMING = (_sigv4.STREAMING_SIGNED, _sigv4.STREAMING_SIGNED_TRAILER)


def _parse_basic(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(text, _BASIC).replace(tzinfo=dt.timezone.utc)
    except ValueError:
        return None


def _basic(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime(_BASIC)


class HttpSignature(SignedRequest):
    """The signature of one HTTP request, as received (before aws-chunked decoding)."""

    def __init__(self, request: WireRequest) -> None:
        self._request = request

    @functools.cached_property
    def _query(self) -> dict[str, str]:
        return dict(parse_qsl(self._request.query, keep_blank_values=True))

    @functools.cached_property
    def _form(self) -> str:
        """``v4``, ``v4-query``, ``v2``, ``v2-query``, ``other`` (SigV4a …) or ``""``."""
        authorization = self._request.headers.get("authorization", "")
        if authorization.startswith(_sigv4.ALGORITHM + " "):
            return "v4"
        if authorization.startswith("AWS "):
            return "v2"
        if authorization:
            return "other"
        if "X-Amz-Credential" in self._query or "X-Amz-Signature" in self._query:
            return "v4-query"
        if "AWSAccessKeyId" in self._query:
            return "v2-query"
        return ""

    @functools.cached_property
    def _v4_fields(self) -> dict[str, str]:
        if self._form == "v4-query":
            return {
                "Credential": self._query.get("X-Amz-Credential", ""),
                "SignedHeaders": self._query.get("X-Amz-SignedHeaders", ""),
                "Signature": self._query.get("X-Amz-Signature", ""),
            }
        fields: dict[str, str] = {}
        value = self._request.headers.get("authorization", "")
        for part in value[len(_sigv4.ALGORITHM) :].split(","):
            name, _, found = part.strip().partition("=")
            if name:
                fields[name] = found.strip()
        return fields

    @property
    def access_key_id(self) -> str | None:
        form = self._form
        if form in ("v4", "v4-query", "other"):
            credential = self._v4_fields.get("Credential", "") if form != "other" else ""
            if form == "other":
                value = self._request.headers.get("authorization", "")
                credential = value.partition("Credential=")[2]
            return credential.split("/", 1)[0] or ""
        if form == "v2":
            return self._request.headers["authorization"][4:].rpartition(":")[0]
        if form == "v2-query":
            return self._query.get("AWSAccessKeyId", "")
        return None

    @property
    def session_token(self) -> str | None:
        return self._request.headers.get("x-amz-security-token") or self._query.get(
            "X-Amz-Security-Token", self._query.get("x-amz-security-token")
        )

    def _s3(self, service: str) -> bool:
        return service == "s3"

    # -- form and time -------------------------------------------------------------

    def check_form(self, service: str, now: dt.datetime) -> None:
        form = self._form
        if form in ("v4", "v4-query"):
            self._check_v4(service, now)
        elif form == "v2":
            self._check_v2_date(service, now)
        elif form == "v2-query":
            self._check_v2_expiry(service, now)
        if form in ("v4", "v2"):
            self._check_payload_hash(service)

    def _check_v4(self, service: str, now: dt.datetime) -> None:
        fields = self._v4_fields
        missing = [
            name for name in ("Credential", "SignedHeaders", "Signature") if not fields.get(name)
        ]
        if missing:
            raise errors.incomplete_signature(service, self._missing_message(missing))
        if len(fields["Credential"].split("/")) != 5:
            raise errors.incomplete_signature(
                service,
                f"Credential should be scoped to a valid region, not a malformed scope "
                f"'{fields['Credential']}'.",
            )
        signed_at = self._v4_time()
        if signed_at is None:
            raise errors.incomplete_signature(
                service,
                "Authorization header requires existence of either a 'X-Amz-Date' or a "
                "'Date' header.",
            )
        if self._form == "v4-query":
            self._check_v4_expiry(service, signed_at, now)
        else:
            _check_skew(service, signed_at, now)

    def _missing_message(self, missing: list[str]) -> str:
        if self._form == "v4-query":
            names = ", ".join(f"X-Amz-{name}" for name in missing)
            return f"Query-string authentication requires the {names} parameters"
        required = " ".join(
            f"Authorization header requires '{name}' parameter." for name in missing
        )
        return f"{required} Authorization={self._request.headers.get('authorization', '')}"

    def _v4_time(self) -> dt.datetime | None:
        if self._form == "v4-query":
            return _parse_basic(self._query.get("X-Amz-Date", ""))
        amz = self._request.headers.get("x-amz-date")
        if amz:
            return _parse_basic(amz)
        date = self._request.headers.get("date")
        if not date:
            return None
        try:
            return email.utils.parsedate_to_datetime(date).astimezone(dt.timezone.utc)
        except (TypeError, ValueError):
            return None

    def _check_v4_expiry(self, service: str, signed_at: dt.datetime, now: dt.datetime) -> None:
        raw = self._query.get("X-Amz-Expires", "")
        if not raw.isdigit():
            raise errors.bad_presigned_expiry(
                service, "X-Amz-Expires should be a number" if raw else "X-Amz-Expires is missing"
            )
        if int(raw) > MAX_PRESIGNED_EXPIRY:
            raise errors.bad_presigned_expiry(
                service,
                "X-Amz-Expires must be less than a week (in seconds) that is "
                f"{MAX_PRESIGNED_EXPIRY}",
            )
        if signed_at - now > MAX_SKEW:
            raise errors.skewed(
                service, _basic(signed_at), _basic(now), _basic(now + MAX_SKEW), later=True
            )
        ends = signed_at + dt.timedelta(seconds=int(raw))
        if now > ends:
            raise errors.presigned_expired(service, _basic(signed_at), _basic(now), _basic(ends))

    def _check_v2_date(self, service: str, now: dt.datetime) -> None:
        headers = self._request.headers
        raw = headers.get("x-amz-date") or headers.get("date")
        signed_at = None
        if raw:
            try:
                signed_at = email.utils.parsedate_to_datetime(raw).astimezone(dt.timezone.utc)
            except (TypeError, ValueError):
                signed_at = None
        if signed_at is None:
            raise AWSError(
                "AccessDenied", "AWS authentication requires a valid Date or x-amz-date header", 403
            )
        _check_skew(service, signed_at, now)

    def _check_v2_expiry(self, service: str, now: dt.datetime) -> None:
        raw = self._query.get("Expires", "")
        if not raw.isdigit():
            raise AWSError(
                "AccessDenied",
                "Query-string authentication requires the Signature, Expires and "
                "AWSAccessKeyId parameters",
                403,
            )
        if now.timestamp() > int(raw):
            raise AWSError("AccessDenied", "Request has expired", 403)

    def _check_payload_hash(self, service: str) -> None:
        declared = self._request.headers.get("x-amz-content-sha256", "")
        if (
            len(declared) == 64
            and not declared.startswith("STREAMING")
            and hashlib.sha256(self._request.body).hexdigest() != declared.lower()
        ):
            raise errors.payload_hash_mismatch(service)

    # -- the signature -------------------------------------------------------------

    def signed_with(self, secret: str) -> bool:
        form = self._form
        if form in ("v4", "v4-query"):
            return self._v4_signed_with(secret)
        if form in ("v2", "v2-query"):
            return self._v2_signed_with(secret)
        return False  # SigV4a and unknown schemes: nothing here can check them

    def _v4_signed_with(self, secret: str) -> bool:
        request = self._request
        fields = self._v4_fields
        _, date, region, service, terminal = fields["Credential"].split("/")
        scope = f"{date}/{region}/{service}/{terminal}"
        presigned = self._form == "v4-query"
        amz_date = (
            self._query.get("X-Amz-Date", "")
            if presigned
            else request.headers.get("x-amz-date") or _basic(self._v4_time() or dt.datetime.min)
        )
        payload = self._payload_hash(service, presigned)
        canonical = _sigv4.canonical_request(
            request.method,
            _sigv4.canonical_uri(request.path, s3=service == "s3"),
            _sigv4.canonical_query(
                request.query, leave_out="X-Amz-Signature" if presigned else None
            ),
            request.headers,
            fields["SignedHeaders"],
            payload,
        )
        key = _sigv4.signing_key(secret, date, region, service)
        expected = _sigv4.sign(key, _sigv4.string_to_sign(amz_date, scope, canonical))
        if not _sigv4.same(expected, fields["Signature"]):
            return False
        if payload in _SIGNED_STREAMING:
            return self._chunks_signed(key, amz_date, scope, expected)
        return True

    def _payload_hash(self, service: str, presigned: bool) -> str:
        declared = self._request.headers.get("x-amz-content-sha256")
        if presigned:
            if service == "s3":
                return declared or _sigv4.UNSIGNED_PAYLOAD
            return hashlib.sha256(self._request.body).hexdigest()
        if declared:
            return declared
        return hashlib.sha256(self._request.body).hexdigest()

    def _chunks_signed(self, key: bytes, amz_date: str, scope: str, seed: str) -> bool:
        try:
            body = _aws_chunked.signed_chunks(self._request.body)
        except _aws_chunked.MalformedChunks:
            return False
        previous = seed
        for data, signature in body.chunks:
            expected = _sigv4.sign(
                key, _sigv4.chunk_string_to_sign(amz_date, scope, previous, data)
            )
            if signature is None or not _sigv4.same(expected, signature):
                return False
            previous = expected
        if self._request.headers.get("x-amz-content-sha256") == _sigv4.STREAMING_SIGNED_TRAILER:
            trailers = "".join(line + "\n" for line in body.trailer_lines).encode()
            expected = _sigv4.sign(
                key, _sigv4.trailer_string_to_sign(amz_date, scope, previous, trailers)
            )
            return body.trailer_signature is not None and _sigv4.same(
                expected, body.trailer_signature
            )
        return True

    def _v2_signed_with(self, secret: str) -> bool:
        request = self._request
        bucket = virtual_host_bucket(request.host, request.s3_hosts)
        resource = _sigv2.canonical_resource(request.path, request.query, bucket)
        if self._form == "v2":
            headers = request.headers
            date = "" if "x-amz-date" in headers else headers.get("date", "")
            given = headers["authorization"][4:].rpartition(":")[2]
        else:
            # A presigned URL carries the x-amz-* headers it signed in its query.
            headers = dict(request.headers)
            for name, value in self._query.items():
                if name.lower().startswith("x-amz-"):
                    headers[name.lower()] = value
            date = self._query.get("Expires", "")
            given = self._query.get("Signature", "")
        text = _sigv2.string_to_sign(request.method, headers, date, resource)
        return _sigv4.same(_sigv2.sign(secret, text), given)


def _check_skew(service: str, signed_at: dt.datetime, now: dt.datetime) -> None:
    if abs(signed_at - now) > MAX_SKEW:
        later = signed_at > now
        bound = now + MAX_SKEW if later else now - MAX_SKEW
        raise errors.skewed(service, _basic(signed_at), _basic(now), _basic(bound), later)
