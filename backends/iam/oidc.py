"""OpenID Connect identity providers: issuer URL, audiences (client ids), thumbprints, tags."""

from __future__ import annotations

import string
from typing import Any
from urllib.parse import urlsplit

import attrs

from hookmock.backends._core import Call, Params, Result, operation
from hookmock.backends.iam import errors
from hookmock.backends.iam.base import IamBase
from hookmock.backends.iam.models import OidcProvider
from hookmock.backends.iam.tags import apply_tags, new_tags, tag_page

OIDC_PROVIDERS_QUOTA = 100
CLIENT_IDS_QUOTA = 100
THUMBPRINTS_QUOTA = 5
_HEX = frozenset(string.hexdigits)


def _issuer(call: Call, url: str) -> str:
    """The provider's URL as IAM keeps it: host and path, without https:// or a trailing /."""
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname or parts.query or parts.fragment:
        raise errors.invalid_input(call, "Invalid URL: the URL must begin with https://")
    return url[len("https://") :].rstrip("/")


def _thumbprints(call: Call, given: list[str]) -> list[str]:
    if len(given) > THUMBPRINTS_QUOTA:
        raise errors.quota_exceeded(call, "ThumbprintsPerOpenIdConnectProvider", THUMBPRINTS_QUOTA)
    for thumbprint in given:
        if not set(thumbprint) <= _HEX:
            raise errors.invalid_input(
                call, f"Thumbprint {thumbprint} is not a 40-character hexadecimal string."
            )
    return list(dict.fromkeys(given))


def _client_ids(call: Call, given: list[str]) -> list[str]:
    unique = list(dict.fromkeys(given))
    if len(unique) > CLIENT_IDS_QUOTA:
        raise errors.quota_exceeded(call, "ClientIdsPerOpenIdConnectProvider", CLIENT_IDS_QUOTA)
    return unique


@attrs.define(eq=False)
class OidcOperations(IamBase):
    def _oidc(self, call: Call, arn: str) -> OidcProvider:
        found = self.oidc_providers.get(arn)
        if found is None:
            if not arn.startswith(f"arn:{self.partition}:iam::") or ":oidc-provider/" not in arn:
                raise errors.invalid_input(call, f"ARN {arn} is not valid.")
            raise errors.no_such_entity(call, f"OpenIDConnect Provider not found for arn {arn}")
        return found

    @operation("CreateOpenIDConnectProvider")
    def create_open_id_connect_provider(self, call: Call, params: Params) -> Result:
        issuer = _issuer(call, params["Url"])
        arn = self.arn("oidc-provider", "/", issuer)
        if arn in self.oidc_providers:
            raise errors.already_exists(call, f"Provider with url {params['Url']} already exists.")
        if len(self.oidc_providers) >= OIDC_PROVIDERS_QUOTA:
            raise errors.quota_exceeded(
                call, "OpenIdConnectProvidersPerAccount", OIDC_PROVIDERS_QUOTA
            )
        client_ids = _client_ids(call, params.get("ClientIDList", []))
        thumbprints = _thumbprints(call, params.get("ThumbprintList", []))
        tags = new_tags(call, params, "TagsPerOpenIdConnectProvider", case_insensitive=False)
        provider = OidcProvider(arn, issuer, self.now(), client_ids, thumbprints, tags)
        self.oidc_providers[arn] = provider
        shown: dict[str, Any] = {"OpenIDConnectProviderArn": arn}
        if len(tags):
            shown["Tags"] = tags.listed()
        return shown

    @operation("GetOpenIDConnectProvider")
    def get_open_id_connect_provider(self, call: Call, params: Params) -> Result:
        provider = self._oidc(call, params["OpenIDConnectProviderArn"])
        shown: dict[str, Any] = {
            "Url": provider.url,
            "ClientIDList": list(provider.client_ids),
            "ThumbprintList": list(provider.thumbprints),
            "CreateDate": provider.created,
        }
        if len(provider.tags):
            shown["Tags"] = provider.tags.listed()
        return shown

    @operation("DeleteOpenIDConnectProvider")
    def delete_open_id_connect_provider(self, call: Call, params: Params) -> Result:
        # Deleting a provider that does not exist is not an error in IAM.
        self.oidc_providers.discard(params["OpenIDConnectProviderArn"])
        return {}

    @operation("ListOpenIDConnectProviders")
    def list_open_id_connect_providers(self, call: Call, params: Params) -> Result:
        return {
            "OpenIDConnectProviderList": [
                {"Arn": provider.arn} for provider in self.oidc_providers.values()
            ]
        }

    @operation("AddClientIDToOpenIDConnectProvider")
    def add_client_id_to_open_id_connect_provider(self, call: Call, params: Params) -> Result:
        provider = self._oidc(call, params["OpenIDConnectProviderArn"])
        provider.client_ids = _client_ids(call, [*provider.client_ids, params["ClientID"]])
        return {}

    @operation("RemoveClientIDFromOpenIDConnectProvider")
    def remove_client_id_from_open_id_connect_provider(self, call: Call, params: Params) -> Result:
        provider = self._oidc(call, params["OpenIDConnectProviderArn"])
        if params["ClientID"] in provider.client_ids:
            provider.client_ids.remove(params["ClientID"])
        return {}

    @operation("UpdateOpenIDConnectProviderThumbprint")
    def update_open_id_connect_provider_thumbprint(self, call: Call, params: Params) -> Result:
        provider = self._oidc(call, params["OpenIDConnectProviderArn"])
        provider.thumbprints = _thumbprints(call, params["ThumbprintList"])
        return {}

    @operation("TagOpenIDConnectProvider")
    def tag_open_id_connect_provider(self, call: Call, params: Params) -> Result:
        provider = self._oidc(call, params["OpenIDConnectProviderArn"])
        apply_tags(call, provider.tags, params["Tags"], "TagsPerOpenIdConnectProvider")
        return {}

    @operation("UntagOpenIDConnectProvider")
    def untag_open_id_connect_provider(self, call: Call, params: Params) -> Result:
        provider = self._oidc(call, params["OpenIDConnectProviderArn"])
        for key in params["TagKeys"]:
            provider.tags.remove(key)
        return {}

    @operation("ListOpenIDConnectProviderTags")
    def list_open_id_connect_provider_tags(self, call: Call, params: Params) -> Result:
        provider = self._oidc(call, params["OpenIDConnectProviderArn"])
        return tag_page(self, call, params, provider.tags, provider.arn)
