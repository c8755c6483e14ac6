"""What a wire protocol cannot carry, spelled out: the params a parser can give back.

Each rule names a loss botocore's serializer makes on purpose (or HTTP imposes);
the round-trip tests compare parse_request's result with ``expected(...)``.
"""

from __future__ import annotations

import datetime as dt
import re
import struct
from typing import Any

_ABSENT = object()
_XML_INVALID = re.compile("[^\x09\x0a\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|\r")


def _seconds(value: dt.datetime) -> dt.datetime:
    return value.replace(microsecond=0)


def _millis(value: dt.datetime) -> dt.datetime:
    return value.replace(microsecond=value.microsecond // 1000 * 1000)


def _timestamp(shape: Any, value: dt.datetime, location: str | None) -> dt.datetime:
    # Headers go through an integer epoch first, whatever the format.
    if location == "header":
        return _seconds(value)
    # RFC 822 has no fractions of a second.
    if shape.serialization.get("timestampFormat", "").lower() == "rfc822":
        return _seconds(value)
    return value


def xml_clean(value: Any) -> Any:
    """``value`` with what XML 1.0 cannot carry replaced by "?": control
    characters (not well-formed) and CR (parsers turn it into LF)."""
    if isinstance(value, str):
        return _XML_INVALID.sub("?", value)
    if isinstance(value, dict):
        return {xml_clean(k): xml_clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [xml_clean(v) for v in value]
    return value


def labels_routable(shape: Any, params: dict[str, Any]) -> bool:
    """An empty uri label leaves an empty path segment ("//key"): no request
    can say "the bucket named ''", so such params have no wire form."""
    if shape is None:
        return True
    return all(
        params.get(name) != ""
        for name, member in shape.members.items()
        if member.serialization.get("location") == "uri"
    )


class Expectation:
    def __init__(self, protocol: str) -> None:
        self.protocol = protocol

    def top(self, shape: Any, params: dict[str, Any]) -> dict[str, Any]:
        if self.protocol in ("rest-json", "rest-xml"):
            return self.rest(shape, params)
        result = self.structure(shape, params, None)
        return {} if result is _ABSENT else result

    def rest(self, shape: Any, params: dict[str, Any]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        payload = shape.serialization.get("payload")
        for name, value in params.items():
            member = shape.members[name]
            location = member.serialization.get("location")
            if name == payload and value in (b"", ""):
                continue  # an empty body is no body
            if name == payload and value == {} and self.protocol == "rest-json":
                continue  # "{}" is also what botocore sends for no payload
            if location == "header":
                converted = self.header(member, value)
            elif location == "headers":
                # Header names are case-insensitive (the server lower-cases
                # them) and values lose surrounding whitespace; no map, no headers.
                converted = {k.lower(): v.strip() for k, v in value.items()} or _ABSENT
            elif location == "querystring" and member.type_name in ("list", "map"):
                # An empty list or map adds nothing to the query string.
                converted = (
                    [self.value(member.member, v, location) for v in value]
                    if (member.type_name == "list")
                    else value
                )
                converted = converted or _ABSENT
            else:
                converted = self.value(member, value, location)
            if converted is not _ABSENT:
                result[name] = converted
        return result

    def header(self, member: Any, value: Any) -> Any:
        if member.type_name == "list":
            if not value:
                return _ABSENT  # botocore sends no header for an empty list
            if member.member.type_name == "string":
                # Quoted items keep their spaces; bare ones lose them (HTTP OWS).
                return [v if ("," in v or '"' in v) else v.strip() for v in value]
            return [self.value(member.member, v, "header") for v in value]
        if member.type_name == "string" and not member.serialization.get("jsonvalue"):
            return value.strip()
        return self.value(member, value, "header")

    def value(self, shape: Any, value: Any, location: str | None) -> Any:
        kind = shape.type_name
        if kind == "structure":
            return self.structure(shape, value, location)
        flattened = shape.serialization.get("flattened")
        if kind in ("list", "map") and not value and flattened and self.protocol == "rest-xml":
            return _ABSENT  # a flattened XML list or map with no items has no element
        if kind == "list":
            if not value:
                # query marks an empty list with "Name="; ec2 writes nothing.
                return _ABSENT if self.protocol == "ec2" else []
            items = [self.value(shape.member, v, location) for v in value]
            # query-style items that write no keys (empty structures) leave no trace.
            items = [v for v in items if v is not _ABSENT]
            return items or _ABSENT
        if kind == "map":
            if not value and self.protocol in ("query", "ec2"):
                return _ABSENT  # a query map with no entries writes no keys
            return {k: self.entry(shape.value, v, location) for k, v in value.items()}
        if kind == "timestamp":
            return _timestamp(shape, value, location)
        if kind == "float" and self.protocol == "smithy-rpc-v2-cbor":
            # botocore writes CBOR floats as single precision.
            return struct.unpack(">f", struct.pack(">f", value))[0]
        return value

    def entry(self, shape: Any, value: Any, location: str | None) -> Any:
        """A map value: its key is still written when the value writes nothing."""
        converted = self.value(shape, value, location)
        if converted is _ABSENT:
            return {} if shape.type_name == "structure" else []
        return converted

    def structure(self, shape: Any, value: dict[str, Any], location: str | None) -> Any:
        result = {}
        for name, item in value.items():
            converted = self.value(shape.members[name], item, location)
            if converted is not _ABSENT:
                result[name] = converted
        if not result and self.protocol in ("query", "ec2"):
            return _ABSENT  # an empty structure writes no keys
        return result


def expected(protocol: str, shape: Any, params: dict[str, Any]) -> dict[str, Any]:
    if shape is None:
        return {}
    return Expectation(protocol).top(shape, params)
