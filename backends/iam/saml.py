"""SAML 2.0 identity providers: the IdP metadata AssumeRoleWithSAML trusts, and their tags."""

from __future__ import annotations

import datetime as dt
import secrets
import string
import xml.etree.ElementTree as ET
from typing import Any

import attrs

from hookmock.backends._core import Call, Params, Result, operation
from hookmock.backends.iam import errors
from hookmock.backends.iam.base import IamBase
from hookmock.backends.iam.models import SamlProvider
from hookmock.backends.iam.tags import apply_tags, new_tags, tag_page

SAML_PROVIDERS_QUOTA = 100
PRIVATE_KEYS_QUOTA = 2
_METADATA_NS = "{urn:oasis:names:tc:SAML:2.0:metadata}"
_ID_ALPHABET = string.ascii_uppercase + string.digits


def _key_id() -> str:
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(26))


def valid_until(call: Call, metadata: str) -> dt.datetime | None:
    """The metadata's validUntil, after checking it is SAML 2.0 metadata for an identity
    provider: an EntityDescriptor with an IDPSSODescriptor."""
    try:
        root = ET.fromstring(metadata)
    except ET.ParseError:
        root = None
    if (
        root is None
        or root.tag != f"{_METADATA_NS}EntityDescriptor"
        or root.find(f"{_METADATA_NS}IDPSSODescriptor") is None
    ):
        raise errors.invalid_input(call, "Could not parse metadata")
    until = root.get("validUntil")
    if until is None:
        return None
    try:
        parsed = dt.datetime.fromisoformat(until.replace("Z", "+00:00"))
    except ValueError:
        raise errors.invalid_input(call, "Could not parse metadata") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.timezone.utc)
    return parsed.replace(microsecond=0)


def _check_private_key(call: Call, pem: str) -> None:
    text = pem.strip()
    if not (text.startswith("-----BEGIN") and "PRIVATE KEY-----" in text.splitlines()[0]):
        raise errors.invalid_input(call, "The private key is not a PEM-encoded private key.")


@attrs.define(eq=False)
class SamlOperations(IamBase):
    def _saml(self, call: Call, arn: str) -> SamlProvider:
        found = self.saml_provider(arn)
        if found is None:
            if not arn.startswith(f"arn:{self.partition}:iam::") or ":saml-provider/" not in arn:
                raise errors.invalid_input(call, f"ARN {arn} is not valid.")
            raise errors.no_such_entity(call, f"Manifest not found for arn {arn}")
        return found

    def _add_private_key(self, call: Call, provider: SamlProvider, pem: str) -> None:
        _check_private_key(call, pem)
        if len(provider.private_keys) >= PRIVATE_KEYS_QUOTA:
            raise errors.quota_exceeded(call, "PrivateKeysPerSAMLProvider", PRIVATE_KEYS_QUOTA)
        provider.private_keys[_key_id()] = (pem, self.now())

    def _set_mode(self, call: Call, provider: SamlProvider, mode: str | None) -> None:
        if mode == "Required" and not provider.private_keys:
            raise errors.invalid_input(
                call, "AssertionEncryptionMode Required needs at least one private key."
            )
        provider.assertion_encryption_mode = mode

    @operation("CreateSAMLProvider")
    def create_saml_provider(self, call: Call, params: Params) -> Result:
        name = params["Name"]
        arn = self.arn("saml-provider", "/", name)
        if arn in self.saml_providers:
            raise errors.already_exists(call, f"SAMLProvider {name} already exists.")
        if len(self.saml_providers) >= SAML_PROVIDERS_QUOTA:
            raise errors.quota_exceeded(call, "SAMLProvidersPerAccount", SAML_PROVIDERS_QUOTA)
        metadata = params["SAMLMetadataDocument"]
        until = valid_until(call, metadata)
        tags = new_tags(call, params, "TagsPerSAMLProvider", case_insensitive=False)
        provider = SamlProvider(arn, name, metadata, _key_id(), self.now(), until, tags)
        if "AddPrivateKey" in params:
            self._add_private_key(call, provider, params["AddPrivateKey"])
        self._set_mode(call, provider, params.get("AssertionEncryptionMode"))
        self.saml_providers[arn] = provider
        shown: dict[str, Any] = {"SAMLProviderArn": arn}
        if len(tags):
            shown["Tags"] = tags.listed()
        return shown

    @operation("GetSAMLProvider")
    def get_saml_provider(self, call: Call, params: Params) -> Result:
        provider = self._saml(call, params["SAMLProviderArn"])
        shown: dict[str, Any] = {
            "SAMLProviderUUID": provider.uuid,
            "SAMLMetadataDocument": provider.metadata,
            "CreateDate": provider.created,
        }
        if provider.valid_until is not None:
            shown["ValidUntil"] = provider.valid_until
        if len(provider.tags):
            shown["Tags"] = provider.tags.listed()
        if provider.assertion_encryption_mode is not None:
            shown["AssertionEncryptionMode"] = provider.assertion_encryption_mode
        if provider.private_keys:
            shown["PrivateKeyList"] = [
                {"KeyId": key_id, "Timestamp": added}
                for key_id, (_, added) in provider.private_keys.items()
            ]
        return shown

    @operation("UpdateSAMLProvider")
    def update_saml_provider(self, call: Call, params: Params) -> Result:
        provider = self._saml(call, params["SAMLProviderArn"])
        metadata = params.get("SAMLMetadataDocument")
        until = provider.valid_until if metadata is None else valid_until(call, metadata)
        removed = params.get("RemovePrivateKey")
        if removed is not None and removed not in provider.private_keys:
            raise errors.invalid_input(call, f"Private key {removed} does not exist.")
        keys_before = dict(provider.private_keys)
        if removed is not None:
            del provider.private_keys[removed]
        try:
            if "AddPrivateKey" in params:
                self._add_private_key(call, provider, params["AddPrivateKey"])
            mode = params.get("AssertionEncryptionMode", provider.assertion_encryption_mode)
            self._set_mode(call, provider, mode)
        except Exception:
            provider.private_keys = keys_before
            raise
        if metadata is not None:
            provider.metadata, provider.valid_until = metadata, until
        return {"SAMLProviderArn": provider.arn}

    @operation("DeleteSAMLProvider")
    def delete_saml_provider(self, call: Call, params: Params) -> Result:
        provider = self._saml(call, params["SAMLProviderArn"])
        self.saml_providers.discard(provider.arn)
        return {}

    @operation("ListSAMLProviders")
    def list_saml_providers(self, call: Call, params: Params) -> Result:
        listed = []
        for provider in self.saml_providers.values():
            shown: dict[str, Any] = {"Arn": provider.arn, "CreateDate": provider.created}
            if provider.valid_until is not None:
                shown["ValidUntil"] = provider.valid_until
            listed.append(shown)
        return {"SAMLProviderList": listed}

    @operation("TagSAMLProvider")
    def tag_saml_provider(self, call: Call, params: Params) -> Result:
        provider = self._saml(call, params["SAMLProviderArn"])
        apply_tags(call, provider.tags, params["Tags"], "TagsPerSAMLProvider")
        return {}

    @operation("UntagSAMLProvider")
    def untag_saml_provider(self, call: Call, params: Params) -> Result:
        provider = self._saml(call, params["SAMLProviderArn"])
        for key in params["TagKeys"]:
            provider.tags.remove(key)
        return {}

    @operation("ListSAMLProviderTags")
    def list_saml_provider_tags(self, call: Call, params: Params) -> Result:
        provider = self._saml(call, params["SAMLProviderArn"])
        return tag_page(self, call, params, provider.tags, provider.arn)
