"""A message and the checks SQS makes on what is sent."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from hookmock.backends.sqs import errors
from hookmock.backends.sqs.checksums import md5_of_attributes, md5_of_body
from hookmock.shapes import AWSError

MAX_ATTRIBUTES = 10
MAX_TYPE_LENGTH = 256
"""A DataType, custom label included."""
DELAYED, VISIBLE, IN_FLIGHT, GONE = "delayed", "visible", "in-flight", "gone"

_BODY_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ATTRIBUTE_NAME = re.compile(r"[A-Za-z0-9_.\-]{1,256}")
_TYPE = re.compile(r"(String|Number|Binary)(\..+)?")
_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?")
_SMALLEST, _LARGEST = Decimal("1E-128"), Decimal("1E+126")


@attrs.define(eq=False)
class Message:
    id: str
    body: str
    attributes: dict[str, dict[str, Any]]
    system_attributes: dict[str, dict[str, Any]]
    sent_at: float
    sender_id: str
    group_id: str | None = None
    deduplication_id: str | None = None
    sequence_number: str | None = None
    dead_letter_source_arn: str | None = None
    entered_at: float = 0.0
    """Where retention counts from: when the message was sent, or when it entered
    a FIFO dead-letter queue (a standard one keeps the original time)."""
    receive_count: int = 0
    first_received_at: float | None = None
    received_at: float | None = None
    receipt: str | None = None
    state: str = VISIBLE
    generation: int = 0
    """Grows with every change of state or due time: heap and deque entries
    carrying an older generation are stale and skipped."""

    @property
    def md5_of_body(self) -> str:
        return md5_of_body(self.body)

    @property
    def size(self) -> int:
        return message_size(self.body, self.attributes)


def attribute_size(attributes: Mapping[str, Mapping[str, Any]]) -> int:
    """Bytes of every attribute's name, type and value; also of attributes not
    checked yet (a batch's total is measured before its entries are checked)."""
    size = 0
    for name, attribute in attributes.items():
        if not isinstance(attribute, Mapping):
            continue
        size += len(name.encode()) + len((attribute.get("DataType") or "").encode())
        value = attribute.get("BinaryValue")
        text = attribute.get("StringValue")
        if value is not None:
            size += len(value)
        elif text is not None:
            size += len(text.encode())
    return size


def message_size(body: str, attributes: Mapping[str, Mapping[str, Any]]) -> int:
    """What counts against MaximumMessageSize: the body plus every attribute's
    name, type and value, in bytes."""
    return len(body.encode()) + attribute_size(attributes)


def _invalid_character(text: str) -> str | None:
    """SQS's complaint about the first character of ``text`` outside XML's set, if any."""
    if text.isascii() and text.replace("\n", "").replace("\r", "").replace("\t", "").isprintable():
        return None  # printable ASCII and the three allowed controls: the usual body
    bad = _BODY_FORBIDDEN.search(text)
    if bad is None:
        return None
    return (
        f"Invalid binary character '#x{ord(bad.group()):X}' was found in the message body, "
        "the set of allowed characters is #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] "
        "| [#x10000-#x10FFFF]."
    )


def check_body(body: str) -> None:
    if body == "":
        raise errors.missing_parameter("MessageBody")
    complaint = _invalid_character(body)
    if complaint is not None:
        raise AWSError("InvalidMessageContents", complaint, shape="InvalidMessageContents")


def _check_name(name: str, kind: str) -> None:
    lowered = name.lower()
    if (
        not _ATTRIBUTE_NAME.fullmatch(name)
        or name.startswith(".")
        or name.endswith(".")
        or ".." in name
        or lowered.startswith(("aws.", "amazon."))
    ):
        raise errors.invalid_parameter(f"Message ({kind}) attribute name '{name}' is invalid.")


def checked_attributes(
    given: Mapping[str, Mapping[str, Any]] | None, kind: str = "user"
) -> dict[str, dict[str, Any]]:
    """Message attributes as stored: DataType and StringValue or BinaryValue."""
    if not given:
        return {}
    if len(given) > MAX_ATTRIBUTES:
        raise errors.invalid_parameter(
            f"Number of message attributes [{len(given)}] exceeds the allowed maximum "
            f"[{MAX_ATTRIBUTES}]."
        )
    result: dict[str, dict[str, Any]] = {}
    for name, attribute in given.items():
        _check_name(name, kind)
        data_type = attribute.get("DataType") or ""
        if not data_type:
            raise errors.invalid_parameter(
                f"The message ({kind}) attribute '{name}' must contain a non-empty attribute type."
            )
        if len(data_type) > MAX_TYPE_LENGTH:
            raise errors.invalid_parameter(
                f"The type of message ({kind}) attribute '{name}' is invalid. The type must be "
                f"at most {MAX_TYPE_LENGTH} characters long."
            )
        if not _TYPE.fullmatch(data_type):
            raise errors.invalid_parameter(
                f"The type of message ({kind}) attribute '{name}' is invalid. You must use only "
                "the following supported type prefixes: Binary, Number, String."
            )
        if attribute.get("StringListValues") or attribute.get("BinaryListValues"):
            raise errors.invalid_parameter(
                f"Message ({kind}) attribute '{name}' uses list values, which SQS does not "
                "support yet."
            )
        base = data_type.split(".")[0]
        wrong_field = "StringValue" if base == "Binary" else "BinaryValue"
        if attribute.get(wrong_field) is not None:
            field = "Binary" if base == "Binary" else "String"
            raise errors.invalid_parameter(
                f"The message ({kind}) attribute '{name}' with type '{base}' must use field "
                f"'{field}'."
            )
        if base == "Binary":
            value = attribute.get("BinaryValue")
            if not value:
                raise _empty_value(kind, name, "Binary")
            result[name] = {"DataType": data_type, "BinaryValue": bytes(value)}
            continue
        text = attribute.get("StringValue")
        if not text:
            raise _empty_value(kind, name, base)
        if base == "Number":
            _check_number(kind, name, text)
        complaint = _invalid_character(text)
        if complaint is not None:
            raise errors.invalid_parameter(complaint)
        result[name] = {"DataType": data_type, "StringValue": text}
    return result


def _empty_value(kind: str, name: str, base: str) -> Exception:
    return errors.invalid_parameter(
        f"The message ({kind}) attribute '{name}' must contain a non-empty value of type '{base}'."
    )


def _check_number(kind: str, name: str, text: str) -> None:
    """A Number attribute: up to 38 significant digits, magnitude 10^-128 to 10^+126
    (or zero), as the developer guide documents."""
    valid = _NUMBER.fullmatch(text) is not None
    if valid:
        number = Decimal(text)  # exact: normalize() and abs() would round to 28 digits
        if number:
            digits = "".join(map(str, number.as_tuple().digits)).strip("0")
            valid = len(digits) <= 38 and _SMALLEST <= number.copy_abs() <= _LARGEST
    if not valid:
        raise errors.invalid_parameter(
            f"Could not cast message ({kind}) attribute '{name}' value to number."
        )


def checked_system_attributes(
    given: Mapping[str, Mapping[str, Any]] | None,
) -> dict[str, dict[str, Any]]:
    """Only AWSTraceHeader, a String, may be sent as a system attribute."""
    result = checked_attributes_loose(given)
    for name, attribute in result.items():
        if name != "AWSTraceHeader" or attribute["DataType"] != "String":
            raise errors.invalid_parameter(
                f"Message system attribute name '{name}' is invalid."
                if name != "AWSTraceHeader"
                else "The message system attribute 'AWSTraceHeader' must be of type String."
            )
    return result


def checked_attributes_loose(
    given: Mapping[str, Mapping[str, Any]] | None,
) -> dict[str, dict[str, Any]]:
    if not given:
        return {}
    result: dict[str, dict[str, Any]] = {}
    for name, attribute in given.items():
        value = attribute.get("StringValue")
        if not value:
            raise _empty_value("system", name, "String")
        result[name] = {"DataType": attribute.get("DataType") or "", "StringValue": value}
    return result


def digests(message: Message) -> dict[str, str]:
    """SendMessage's MD5 members for what was sent."""
    result = {"MD5OfMessageBody": message.md5_of_body}
    if message.attributes:
        result["MD5OfMessageAttributes"] = md5_of_attributes(message.attributes)
    if message.system_attributes:
        result["MD5OfMessageSystemAttributes"] = md5_of_attributes(message.system_attributes)
    return result
