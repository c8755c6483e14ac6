"""botocore's parser as the oracle for hookmock's wire responses.

``parse_back`` hands a WireResponse to botocore exactly as its endpoint would
(case-insensitive headers, a StreamingBody for streaming outputs) and, for
errors, merges the modeled error shape's fields as botocore's endpoint does
before the client raises. ``expected`` is what botocore can give back for a
parsed dict: each loss it applies is a property of the wire format, named there.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
from collections.abc import Mapping
from typing import Any

import botocore.session
from botocore.awsrequest import HeadersDict
from botocore.handlers import parse_get_bucket_location
from botocore.parsers import create_parser
from botocore.response import StreamingBody

from hookmock.shapes.protocols import protocol_of
from hookmock.shapes.wire import WireResponse

XML_PROTOCOLS = frozenset({"query", "ec2", "rest-xml"})
# Characters XML 1.0 cannot carry at all, even as references; AWS cannot send them either.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@functools.cache
def service_model(name: str) -> Any:
    return botocore.session.get_session().get_service_model(name)


def body_bytes(response: WireResponse) -> bytes:
    return response.body if isinstance(response.body, bytes) else b"".join(response.body)


def raw_response(response: WireResponse, streaming: bool = False) -> dict[str, Any]:
    body = body_bytes(response)
    return {
        "status_code": response.status,
        "headers": HeadersDict(response.headers),
        "body": StreamingBody(io.BytesIO(body), len(body)) if streaming else body,
    }


def parse_back(operation_model: Any, response: WireResponse) -> dict[str, Any]:
    protocol = protocol_of(operation_model.service_model)
    parser = create_parser(protocol)
    raw = raw_response(response, streaming=operation_model.has_streaming_output)
    parsed: dict[str, Any] = parser.parse(raw, operation_model.output_shape)
    if response.status >= 300:
        code = parsed.get("Error", {}).get("Code")
        error_shape = operation_model.service_model.shape_for_error_code(code)
        if error_shape is not None:
            parsed.update(parser.parse(raw_response(response), error_shape))
    parsed.pop("ResponseMetadata", None)
    if _is_get_bucket_location(operation_model) and response.status < 300:
        parse_get_bucket_location(parsed, _Raw(body_bytes(response)))
    return parsed


def _is_get_bucket_location(operation_model: Any) -> bool:
    return bool(
        operation_model.service_model.service_name == "s3"
        and operation_model.name == "GetBucketLocation"
    )


class _Raw:
    """What botocore's GetBucketLocation handler reads of an http response."""

    def __init__(self, content: bytes) -> None:
        self.raw = content
        self.content = content


def expected(shape: Any, value: Any, protocol: str, in_header: bool = False) -> Any:
    """``value`` as botocore can read it back from the wire."""
    kind = shape.type_name
    if kind == "structure":
        return {
            name: expected(member, value[name], protocol, _is_header(member))
            for name, member in shape.members.items()
            if name in value and not _vanishes(member, value[name], protocol)
        }
    if kind == "list":
        return [expected(shape.member, item, protocol, in_header) for item in value]
    if kind == "map":
        return {
            expected(shape.key, key, protocol): expected(shape.value, item, protocol, in_header)
            for key, item in value.items()
        }
    if kind == "timestamp":
        # Headers carry whole seconds (rfc822); bodies AWS's milliseconds.
        fmt = shape.serialization.get("timestampFormat")
        seconds = fmt == "rfc822" or (in_header and fmt is None)
        return value.replace(microsecond=0 if seconds else value.microsecond // 1000 * 1000)
    return value


def _vanishes(member: Any, value: Any, protocol: str) -> bool:
    """An empty collection with nothing on the wire to show for it: a flattened
    XML list or map has no wrapper element, an empty header list no header."""
    if member.type_name not in ("list", "map") or value:
        return False
    if member.serialization.get("location") == "header":
        return True
    return protocol in XML_PROTOCOLS and bool(member.serialization.get("flattened"))


def _is_header(shape: Any) -> bool:
    return shape.serialization.get("location") in ("header", "headers")


def xml_safe(shape: Any, value: Any) -> Any:
    """Drop characters XML cannot carry from the strings of a drawn value."""
    return _strip(shape, value, in_header=False)


def _strip(shape: Any, value: Any, in_header: bool) -> Any:
    kind = shape.type_name
    if kind == "structure" and isinstance(value, Mapping):
        return {
            name: _strip(shape.members[name], item, _is_header(shape.members[name]))
            for name, item in value.items()
        }
    if kind == "list":
        return [_strip(shape.member, item, in_header) for item in value]
    if kind == "map":
        return {
            _strip(shape.key, key, in_header): _strip(shape.value, item, in_header)
            for key, item in value.items()
        }
    if kind == "string" and isinstance(value, str) and not in_header:
        return _NOT_XML.sub("", value)
    return value


def utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.timezone.utc)
