"""Where STS meets the identity providers registered in IAM (OIDC and SAML).

IAM's OpenID Connect and SAML providers are being added on branch ``iamrest``;
until they land, the IAM backend has none, and these two functions say so
(None). Wire them to IAM's providers here and nowhere else.
"""

from __future__ import annotations

from hookmock.backends.iam.base import IamBase


def oidc_client_ids(iam: IamBase, host: str) -> tuple[str, ...] | None:
    """The client ids (audiences) of ``iam``'s OIDC provider for ``host`` (an issuer
    without its scheme), or None where the account has no such provider."""
    return None


def saml_provider_known(iam: IamBase, arn: str) -> bool | None:
    """Whether ``iam`` has the SAML provider ``arn``; None while IAM keeps no SAML
    providers at all, so that the provider cannot be checked."""
    return None
