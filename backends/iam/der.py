"""Just enough DER and PEM to check certificates and convert RSA public keys.

IAM checks that an uploaded certificate is one and reads its expiry; SSH keys
move between OpenSSH and PEM form. That needs a few ASN.1 shapes, not a
cryptography library.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re

_PEM = re.compile(r"-----BEGIN ([A-Z0-9 ]+)-----\s*(.*?)\s*-----END \1-----", re.DOTALL)
_RSA_OID = bytes.fromhex("2a864886f70d010101")  # 1.2.840.113549.1.1.1


class DerError(ValueError):
    """The bytes are not the DER structure expected."""


def pem_blocks(text: str) -> list[tuple[str, bytes]]:
    """Every PEM block in ``text``: (label, DER bytes)."""
    found = []
    for label, body in _PEM.findall(text):
        try:
            found.append((label, base64.b64decode("".join(body.split()), validate=True)))
        except binascii.Error:
            raise DerError("PEM body is not base64") from None
    return found


def read(data: bytes, at: int = 0) -> tuple[int, bytes, int]:
    """The element at ``at``: (tag, contents, offset after it)."""
    if at + 2 > len(data):
        raise DerError("truncated")
    tag, length = data[at], data[at + 1]
    at += 2
    if length & 0x80:
        count = length & 0x7F
        if count == 0 or count > 4 or at + count > len(data):
            raise DerError("bad length")
        length = int.from_bytes(data[at : at + count], "big")
        at += count
    if at + length > len(data):
        raise DerError("truncated")
    return tag, data[at : at + length], at + length


def children(contents: bytes) -> list[tuple[int, bytes]]:
    found, at = [], 0
    while at < len(contents):
        tag, value, at = read(contents, at)
        found.append((tag, value))
    return found


def _sequence(data: bytes) -> list[tuple[int, bytes]]:
    tag, contents, end = read(data)
    if tag != 0x30 or end != len(data):
        raise DerError("not a SEQUENCE")
    return children(contents)


def _time(tag: int, value: bytes) -> dt.datetime:
    text = value.decode("ascii")
    if tag == 0x17:  # UTCTime: YYMMDDHHMMSSZ
        parsed = dt.datetime.strptime(text, "%y%m%d%H%M%SZ")
    elif tag == 0x18:  # GeneralizedTime: YYYYMMDDHHMMSSZ
        parsed = dt.datetime.strptime(text, "%Y%m%d%H%M%SZ")
    else:
        raise DerError("not a time")
    return parsed.replace(tzinfo=dt.timezone.utc)


def certificate_expiry(der: bytes) -> dt.datetime:
    """notAfter of an X.509 certificate; DerError if ``der`` is not one."""
    try:
        certificate = _sequence(der)
        if len(certificate) != 3 or certificate[0][0] != 0x30:
            raise DerError("not a certificate")
        tbs = children(certificate[0][1])
        if tbs and tbs[0][0] == 0xA0:  # explicit [0] version
            tbs = tbs[1:]
        validity = children(tbs[3][1])
        return _time(*validity[1])
    except (IndexError, UnicodeDecodeError, ValueError) as error:
        raise DerError(str(error)) from None


def _integer(value: int) -> bytes:
    raw = value.to_bytes(value.bit_length() // 8 + 1, "big")
    return _element(0x02, raw)


def _element(tag: int, contents: bytes) -> bytes:
    length = len(contents)
    if length < 0x80:
        return bytes([tag, length]) + contents
    size = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(size)]) + size + contents


def rsa_public_key_info(modulus: int, exponent: int) -> bytes:
    """A SubjectPublicKeyInfo (PEM "PUBLIC KEY") for an RSA key."""
    algorithm = _element(0x30, _element(0x06, _RSA_OID) + b"\x05\x00")
    key = _element(0x30, _integer(modulus) + _integer(exponent))
    return _element(0x30, algorithm + _element(0x03, b"\x00" + key))


def rsa_from_public_key_info(der: bytes) -> tuple[int, int]:
    """(modulus, exponent) of an RSA SubjectPublicKeyInfo; DerError otherwise."""
    try:
        algorithm, key = _sequence(der)
        if children(algorithm[1])[0] != (0x06, _RSA_OID) or key[0] != 0x03:
            raise DerError("not an RSA key")
        numbers = _sequence(key[1][1:])
        return int.from_bytes(numbers[0][1], "big"), int.from_bytes(numbers[1][1], "big")
    except (IndexError, ValueError) as error:
        raise DerError(str(error)) from None


def pem(label: str, der: bytes) -> str:
    body = base64.b64encode(der).decode()
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    return "\n".join([f"-----BEGIN {label}-----", *lines, f"-----END {label}-----"]) + "\n"
