"""Users' SSH public keys (for CodeCommit): RSA keys in OpenSSH or PEM form."""

from __future__ import annotations

import base64
import binascii
import hashlib
import struct
from typing import Any

import attrs

from hookmock.backends._core import Call, Params, Result, operation
from hookmock.backends.iam import der, errors, ids
from hookmock.backends.iam.base import IamBase
from hookmock.backends.iam.models import SshPublicKey, User
from hookmock.shapes.paginate import ListSource

SSH_KEYS_PER_USER = 5
MINIMUM_BITS = 2048


class _Unrecognized(ValueError):
    pass


def _ssh_string(blob: bytes, at: int) -> tuple[bytes, int]:
    if at + 4 > len(blob):
        raise _Unrecognized
    (length,) = struct.unpack(">I", blob[at : at + 4])
    end = at + 4 + length
    if end > len(blob):
        raise _Unrecognized
    return blob[at + 4 : end], end


def _rsa_from_blob(blob: bytes) -> tuple[int, int]:
    kind, at = _ssh_string(blob, 0)
    exponent, at = _ssh_string(blob, at)
    modulus, at = _ssh_string(blob, at)
    if kind != b"ssh-rsa" or at != len(blob):
        raise _Unrecognized
    return int.from_bytes(modulus, "big"), int.from_bytes(exponent, "big")


def _mpint(value: int) -> bytes:
    raw = value.to_bytes(value.bit_length() // 8 + 1, "big")
    return struct.pack(">I", len(raw)) + raw


def _blob(modulus: int, exponent: int) -> bytes:
    return struct.pack(">I", 7) + b"ssh-rsa" + _mpint(exponent) + _mpint(modulus)


def parse_public_key(body: str) -> tuple[int, int]:
    """(modulus, exponent) of an RSA key in OpenSSH (``ssh-rsa AAAA...``) or PEM form."""
    text = body.strip()
    try:
        if text.startswith("-----BEGIN"):
            blocks = der.pem_blocks(text)
            if len(blocks) != 1 or blocks[0][0] != "PUBLIC KEY":
                raise _Unrecognized
            return der.rsa_from_public_key_info(blocks[0][1])
        fields = text.split()
        if len(fields) < 2 or fields[0] != "ssh-rsa":
            raise _Unrecognized
        return _rsa_from_blob(base64.b64decode(fields[1], validate=True))
    except (der.DerError, binascii.Error):
        raise _Unrecognized from None


def fingerprint(modulus: int, exponent: int) -> str:
    """The MD5 fingerprint of the key's OpenSSH blob, as ``ssh-keygen -E md5`` shows it."""
    digest = hashlib.md5(_blob(modulus, exponent), usedforsecurity=False).hexdigest()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def _view(key: SshPublicKey, *, body: str | None) -> dict[str, Any]:
    shown: dict[str, Any] = {
        "UserName": key.user.name,
        "SSHPublicKeyId": key.key_id,
        "Status": key.status,
        "UploadDate": key.uploaded,
    }
    if body is not None:
        shown.update({"Fingerprint": key.fingerprint, "SSHPublicKeyBody": body})
    return shown


@attrs.define(eq=False)
class SshKeyOperations(IamBase):
    def _ssh_key(self, call: Call, user: User, key_id: str) -> SshPublicKey:
        found = user.ssh_keys.get(key_id)
        if found is None:
            raise errors.no_such_entity(call, f"The Public Key with id {key_id} cannot be found.")
        return found

    @operation("UploadSSHPublicKey")
    def upload_ssh_public_key(self, call: Call, params: Params) -> Result:
        user = self.user(call, params["UserName"])
        try:
            modulus, exponent = parse_public_key(params["SSHPublicKeyBody"])
        except _Unrecognized:
            raise call.error(
                "UnrecognizedPublicKeyEncodingException",
                "The public key encoding format is unsupported or unrecognized.",
            ) from None
        if modulus.bit_length() < MINIMUM_BITS:
            raise call.error(
                "InvalidPublicKeyException",
                f"The public key is too short: it must be at least {MINIMUM_BITS} bits.",
            )
        printed = fingerprint(modulus, exponent)
        if any(key.fingerprint == printed for key in user.ssh_keys.values()):
            raise call.error(
                "DuplicateSSHPublicKeyException",
                "The public key is already associated with the user.",
            )
        if len(user.ssh_keys) >= SSH_KEYS_PER_USER:
            raise errors.quota_exceeded(call, "SSHPublicKeysPerUser", SSH_KEYS_PER_USER)
        openssh = "ssh-rsa " + base64.b64encode(_blob(modulus, exponent)).decode()
        pem = der.pem("PUBLIC KEY", der.rsa_public_key_info(modulus, exponent))
        key = SshPublicKey(ids.ssh_public_key_id(), user, openssh, pem, printed, self.now())
        user.ssh_keys[key.key_id] = key
        return {"SSHPublicKey": _view(key, body=openssh)}

    @operation("GetSSHPublicKey")
    def get_ssh_public_key(self, call: Call, params: Params) -> Result:
        user = self.user(call, params["UserName"])
        key = self._ssh_key(call, user, params["SSHPublicKeyId"])
        body = key.pem if params["Encoding"] == "PEM" else key.body
        return {"SSHPublicKey": _view(key, body=body)}

    @operation("UpdateSSHPublicKey")
    def update_ssh_public_key(self, call: Call, params: Params) -> Result:
        user = self.user(call, params["UserName"])
        key = self._ssh_key(call, user, params["SSHPublicKeyId"])
        key.status = errors.settable_status(call, params["Status"], "an SSH key")
        return {}

    @operation("DeleteSSHPublicKey")
    def delete_ssh_public_key(self, call: Call, params: Params) -> Result:
        user = self.user(call, params["UserName"])
        key = self._ssh_key(call, user, params["SSHPublicKeyId"])
        del user.ssh_keys[key.key_id]
        return {}

    @operation("ListSSHPublicKeys")
    def list_ssh_public_keys(self, call: Call, params: Params) -> Result:
        user = self.named_or_calling_user(call, params.get("UserName"), "ListSSHPublicKeys")
        keys = list(user.ssh_keys.values())
        return self.page(
            call, params, ListSource(keys), lambda key: _view(key, body=None), scope=user.unique_id
        )
