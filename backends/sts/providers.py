"""Where STS meets the identity providers registered in IAM (OIDC and SAML)."""

from __future__ import annotations

from hookmock.backends.iam.base import IamBase


def oidc_client_ids(iam: IamBase, host: str) -> tuple[str, ...] | None:
    """The client ids (audiences) of ``iam``'s OIDC provider for ``host`` (an issuer
    without its scheme), or None where the account has no such provider."""
    with iam.lock:
        provider = iam.oidc_provider(host)
        return None if provider is None else tuple(provider.client_ids)


def saml_provider_known(iam: IamBase, arn: str) -> bool:
    """Whether ``iam`` has the SAML provider ``arn``."""
    with iam.lock:
        return iam.saml_provider(arn) is not None
