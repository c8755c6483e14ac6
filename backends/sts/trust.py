"""The one place a role's trust policy is evaluated when a session is asked for it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hookmock.backends._core import Call
from hookmock.backends.iam.models import Role


def check_trust(
    call: Call, role: Role, actions: tuple[str, ...], context: Mapping[str, Any]
) -> None:
    """Raise AccessDenied unless ``role``'s trust policy lets the caller take ``actions``
    (``sts:AssumeRole`` or a federated variant, plus ``sts:TagSession`` when session
    tags are passed and ``sts:SetSourceIdentity`` when a source identity is set).

    ``context`` holds the request's condition keys (``sts:ExternalId``,
    ``sts:RoleSessionName``, ``sts:SourceIdentity``, ``aws:RequestTag/…``,
    ``sts:TransitiveTagKeys``, ``aws:TagKeys``, the identity provider's ``…:sub`` and
    ``…:aud`` …); the caller is ``call.principal`` (unsigned federated calls carry the
    provider's principal in ``context['principal']``).

    hookmock evaluates no policy while access control is off, which is always so
    today: AWS's evaluator is being built on branch ``authz``, and this function is
    where it plugs in.
    """
