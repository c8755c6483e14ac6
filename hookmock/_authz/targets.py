"""What a call asks to do, in IAM's terms: one or more (action, resource) pairs,
each with what the resource's service can say about it (owner account, resource
policy, tags) and the condition keys the call's params carry."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from hookmock._authz.action_table import ARN_TEMPLATES, OPERATIONS

Keys = Mapping[str, tuple[str, ...]]


@attrs.frozen
class Target:
    action: str
    resource: str
    """The resource ARN, or ``*`` for actions without a resource type."""
    account: str = ""
    """The resource's owner account; the caller's where empty."""
    policy: str | None = None
    """The resource-based policy document (bucket, queue or topic policy)."""
    tags: Mapping[str, str] | None = None
    """The resource's tags, where its service keeps them (for aws:ResourceTag/...)."""
    keys: Keys = attrs.field(factory=dict)
    """Service-specific condition keys, lower-cased name → values."""


def action_of(service: str, operation: str, prefix: str) -> tuple[str, str]:
    """(IAM action, resource type) of an operation, from the generated table;
    operations added since the table was generated are ``prefix:Operation`` on ``*``."""
    return OPERATIONS.get(service, {}).get(operation, (f"{prefix}:{operation}", ""))


def fill(prefix: str, kind: str, values: Mapping[str, str]) -> str:
    """The ARN template of ``prefix``'s resource type ``kind``, filled from ``values``."""
    text = ARN_TEMPLATES[(prefix, kind)]
    for name, value in values.items():
        text = text.replace("${" + name + "}", value)
    return text


def request_tags(params: Mapping[str, Any]) -> dict[str, str] | None:
    """Tags a call asks to set, in the shapes the implemented services take them:
    a list of Key/Value pairs (``Tags``), a map (SQS ``tags``/``Tags``), S3's
    ``Tagging`` (TagSet, or PutObject's query string)."""
    for name in ("Tags", "tags"):
        value = params.get(name)
        if isinstance(value, list):
            return {str(t.get("Key")): str(t.get("Value", "")) for t in value if "Key" in t}
        if isinstance(value, dict):
            return {str(k): str(v) for k, v in value.items()}
    tagging = params.get("Tagging")
    if isinstance(tagging, dict):
        return {str(t["Key"]): str(t.get("Value", "")) for t in tagging.get("TagSet", [])}
    if isinstance(tagging, str):
        from urllib.parse import parse_qsl

        return dict(parse_qsl(tagging, keep_blank_values=True))
    return None
