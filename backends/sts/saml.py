"""SAML 2.0 authentication responses read as STS reads them, minus the signature
check: hookmock does not verify the IdP's signature against the provider's metadata."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Mapping

import attrs

from hookmock.backends._core import Call
from hookmock.backends.sts import errors

_ASSERTION = "{urn:oasis:names:tc:SAML:2.0:assertion}"
_ATTRIBUTES = "https://aws.amazon.com/SAML/Attributes/"
NAME_ID_FORMAT_PREFIX = "urn:oasis:names:tc:SAML:2.0:nameid-format:"
NOT_PARSABLE = "Invalid SAML response: it is not base64-encoded SAML 2.0 XML."


@attrs.frozen
class Assertion:
    issuer: str
    subject: str
    subject_type: str
    recipient: str
    not_on_or_after: dt.datetime | None
    """When the assertion stops being valid (its Conditions or SubjectConfirmationData)."""
    session_not_on_or_after: dt.datetime | None
    """When sessions from it must end (AuthnStatement's SessionNotOnOrAfter)."""
    attributes: Mapping[str, tuple[str, ...]]

    def attribute(self, name: str) -> tuple[str, ...]:
        """Values of the AWS attribute ``name`` (the part after .../Attributes/)."""
        return self.attributes.get(_ATTRIBUTES + name, ())

    def principal_tags(self) -> list[dict[str, str]]:
        prefix = _ATTRIBUTES + "PrincipalTag:"
        return [
            {"Key": name[len(prefix) :], "Value": values[0] if values else ""}
            for name, values in self.attributes.items()
            if name.startswith(prefix)
        ]


def _time(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def parse(call: Call, encoded: str) -> Assertion:
    try:
        root = ET.fromstring(base64.b64decode(encoded, validate=False))
    except (binascii.Error, ValueError, ET.ParseError):
        raise errors.invalid_identity_token(call, NOT_PARSABLE) from None
    assertion = (
        root if root.tag == f"{_ASSERTION}Assertion" else root.find(f"{_ASSERTION}Assertion")
    )
    if assertion is None:
        raise errors.invalid_identity_token(call, NOT_PARSABLE)
    issuer = assertion.findtext(f"{_ASSERTION}Issuer") or root.findtext(f"{_ASSERTION}Issuer") or ""
    name_id = assertion.find(f"{_ASSERTION}Subject/{_ASSERTION}NameID")
    confirmation = assertion.find(
        f"{_ASSERTION}Subject/{_ASSERTION}SubjectConfirmation/{_ASSERTION}SubjectConfirmationData"
    )
    conditions = assertion.find(f"{_ASSERTION}Conditions")
    ends = [
        _time(element.get("NotOnOrAfter"))
        for element in (confirmation, conditions)
        if element is not None
    ]
    attributes: dict[str, tuple[str, ...]] = {}
    for attribute in assertion.iter(f"{_ASSERTION}Attribute"):
        values = tuple(
            (value.text or "").strip() for value in attribute.iter(f"{_ASSERTION}AttributeValue")
        )
        attributes[attribute.get("Name", "")] = values
    authn = assertion.find(f"{_ASSERTION}AuthnStatement")
    fmt = name_id.get("Format", "") if name_id is not None else ""
    return Assertion(
        issuer=issuer.strip(),
        subject=(name_id.text or "").strip() if name_id is not None else "",
        subject_type=fmt.removeprefix(NAME_ID_FORMAT_PREFIX),
        recipient=confirmation.get("Recipient", "") if confirmation is not None else "",
        not_on_or_after=min((end for end in ends if end is not None), default=None),
        session_not_on_or_after=_time(authn.get("SessionNotOnOrAfter"))
        if authn is not None
        else None,
        attributes=attributes,
    )
