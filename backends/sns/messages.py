"""What SNS checks on a published message: body, subject, structure and attributes."""

from __future__ import annotations

import decimal
import json
import re
from collections.abc import Mapping
from typing import Any

from hookmock.backends._core import Call
from hookmock.backends.sns import errors

MAX_SUBJECT = 99
"""Subjects must be "less than 100 characters long"."""
_ATTRIBUTE_NAME = re.compile(r"[A-Za-z0-9_.\-]{1,256}")
_TYPE = re.compile(r"(String|Number|Binary)(\..+)?")
_ID = re.compile(r"[A-Za-z0-9!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~]{1,128}")
_RESERVED_ALLOWED = ("aws.sns.", "aws.mm.sms.")
_NUMBER_LIMIT = decimal.Decimal("1e126")


def check_subject(call: Call, subject: str | None) -> None:
    if subject is None:
        return
    printable = all(" " <= c <= "~" for c in subject)
    if not subject or not printable or subject[0] == " " or len(subject) > MAX_SUBJECT:
        raise errors.invalid_parameter(call, "Subject")


def check_message(call: Call, message: str) -> None:
    if message == "":
        raise call.error("InvalidParameterException", "Empty message")


def per_protocol(call: Call, message: str) -> dict[str, str]:
    """MessageStructure=json: a JSON object with a string "default" entry; other
    string entries name the message for one protocol, the rest are ignored."""

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        found = dict(pairs)
        if len(found) != len(pairs):
            raise ValueError("duplicate key")
        return found

    try:
        document = json.loads(message, object_pairs_hook=no_duplicates)
    except ValueError:
        document = None
    if not isinstance(document, dict):
        raise errors.invalid_parameter(
            call, "Message Structure - JSON message body failed to parse"
        )
    if not isinstance(document.get("default"), str):
        raise errors.invalid_parameter(
            call, "Message Structure - No default entry in JSON message body"
        )
    return {key: value for key, value in document.items() if isinstance(value, str)}


def check_id(call: Call, name: str, value: str | None) -> None:
    if value is not None and not _ID.fullmatch(value):
        raise errors.invalid_parameter(call, name)


def _check_name(call: Call, name: str) -> None:
    lowered = name.lower()
    if (
        not _ATTRIBUTE_NAME.fullmatch(name)
        or name.startswith(".")
        or name.endswith(".")
        or ".." in name
    ):
        raise errors.invalid_parameter_value(
            call, f"The message attribute name '{name}' is invalid."
        )
    if lowered.startswith(("aws.", "amazon.")) and not lowered.startswith(_RESERVED_ALLOWED):
        raise errors.invalid_parameter_value(
            call,
            "Message attribute names starting with 'AWS.' or 'Amazon.' are reserved for use by "
            "Amazon.",
        )


def checked_attributes(
    call: Call, given: Mapping[str, Mapping[str, Any]] | None
) -> dict[str, dict[str, Any]]:
    """Message attributes as stored: DataType and StringValue or BinaryValue."""
    result: dict[str, dict[str, Any]] = {}
    for name, attribute in (given or {}).items():
        _check_name(call, name)
        data_type = attribute.get("DataType") or ""
        if not _TYPE.fullmatch(data_type):
            raise errors.invalid_parameter_value(
                call,
                f"The message attribute '{name}' has an invalid message attribute type, the set "
                "of supported type prefixes is Binary, Number, and String.",
            )
        if data_type.startswith("Binary"):
            value = attribute.get("BinaryValue")
            if value is None and attribute.get("StringValue") is not None:
                raise errors.invalid_parameter_value(
                    call,
                    f"The message attribute '{name}' with type 'Binary' must use field 'Binary'.",
                )
            if not value:
                raise _empty(call, name, data_type)
            result[name] = {"DataType": data_type, "BinaryValue": bytes(value)}
            continue
        text = attribute.get("StringValue")
        if text is None and attribute.get("BinaryValue") is not None:
            raise errors.invalid_parameter_value(
                call,
                f"The message attribute '{name}' with type '{data_type}' must use field 'String'.",
            )
        if not text:
            raise _empty(call, name, data_type)
        if data_type.startswith("Number"):
            _check_number(call, name, text)
        if data_type == "String.Array":
            _check_array(call, name, text)
        result[name] = {"DataType": data_type, "StringValue": text}
    return result


def _empty(call: Call, name: str, data_type: str) -> Exception:
    return errors.invalid_parameter_value(
        call,
        f"The message attribute '{name}' must contain non-empty message attribute value for "
        f"message attribute type '{data_type.split('.')[0]}'.",
    )


def _check_number(call: Call, name: str, text: str) -> None:
    try:
        number = decimal.Decimal(text)
        valid = number.is_finite() and abs(number) <= _NUMBER_LIMIT
    except decimal.InvalidOperation:
        valid = False
    if not valid:
        raise errors.invalid_parameter_value(
            call, f"Could not cast message attribute '{name}' value to number."
        )


def _check_array(call: Call, name: str, text: str) -> None:
    try:
        values = json.loads(text)
    except ValueError:
        values = None
    if not isinstance(values, list) or any(isinstance(v, (list, dict)) for v in values):
        raise errors.invalid_parameter_value(
            call,
            f"The message attribute '{name}' with type 'String.Array' must be a JSON array of "
            "strings, numbers, true, false or null.",
        )


def size(message: str, attributes: Mapping[str, Mapping[str, Any]]) -> int:
    """What counts against the topic's MaximumMessageSize: the message plus every
    attribute's name, type and value, in bytes."""
    total = len(message.encode())
    for name, attribute in attributes.items():
        total += len(name.encode()) + len(attribute["DataType"].encode())
        binary = attribute.get("BinaryValue")
        total += len(binary) if binary is not None else len(attribute["StringValue"].encode())
    return total


def raw_size(entry: Mapping[str, Any]) -> int:
    """A batch entry's size as sent, before its attributes are checked."""
    total = len(entry["Message"].encode())
    for name, attribute in (entry.get("MessageAttributes") or {}).items():
        total += len(name.encode()) + len((attribute.get("DataType") or "").encode())
        binary = attribute.get("BinaryValue")
        text = attribute.get("StringValue")
        total += len(binary) if binary is not None else len((text or "").encode())
    return total
