"""What STS checks on a session request: duration, session policies and their packed
size, session tags (and the transitive tags a chained session inherits), source identity.
"""

from __future__ import annotations

import json
import math
import zlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from hookmock._world import Principal
from hookmock.backends._core import Call, Params
from hookmock.backends.iam.policy_documents import check_identity_policy
from hookmock.backends.sts import errors

DEFAULT_ROLE_SESSION = 3600
ROLE_CHAINING_LIMIT = 3600
ROOT_SESSION_LIMIT = 3600
DEFAULT_USER_SESSION = 43200
MAX_POLICY_ARNS = 10

PACKED_BUDGET = 2048
"""Bytes of compressed session policies and tags that make 100 percent.

AWS packs session policies, policy ARNs and tags into a compressed binary format
whose layout and limit it does not publish. hookmock approximates it with zlib
over the minified policy, the ARNs and the tags against this budget: a policy of
2,048 characters of ordinary JSON packs to well under 100 percent, as on AWS."""

ABOVE_ROLE_MAXIMUM = (
    "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."
)
ABOVE_CHAINING_LIMIT = (
    "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by "
    "role chaining."
)
DUPLICATE_TAGS = "Duplicate tag keys found. Please note that Tag keys are case insensitive."


def role_duration(call: Call, params: Params, maximum: int, *, chained: bool) -> int:
    """DurationSeconds of a role session: 900 (the model's floor) up to the role's
    MaxSessionDuration, and at most an hour when a role session assumes a role."""
    requested: int = params.get("DurationSeconds", DEFAULT_ROLE_SESSION)
    if chained and requested > ROLE_CHAINING_LIMIT:
        raise errors.validation(call, ABOVE_CHAINING_LIMIT)
    if requested > maximum:
        raise errors.validation(call, ABOVE_ROLE_MAXIMUM)
    return requested


def user_duration(params: Params, caller: Principal) -> int:
    """DurationSeconds of GetSessionToken and GetFederationToken: up to 36 hours
    (the model's ceiling) for IAM users; the root user's sessions last an hour at most,
    longer requests quietly cut to an hour, as AWS documents."""
    requested: int = params.get("DurationSeconds", DEFAULT_USER_SESSION)
    if caller.kind == "root":
        return min(requested, ROOT_SESSION_LIMIT)
    return requested


@attrs.frozen
class SessionPolicies:
    documents: tuple[str, ...]
    arns: tuple[str, ...]


def session_policies(call: Call, params: Params) -> SessionPolicies:
    """Policy and PolicyArns, checked: the document as IAM checks identity policies
    (MalformedPolicyDocument), at most ten ARNs."""
    document = params.get("Policy")
    if document is not None:
        check_identity_policy(call, document)
    arns = [entry["arn"] for entry in params.get("PolicyArns") or []]
    if len(arns) > MAX_POLICY_ARNS:
        raise errors.violation(
            call,
            "policyArns",
            params["PolicyArns"],
            f"Member must have length less than or equal to {MAX_POLICY_ARNS}",
        )
    return SessionPolicies(() if document is None else (document,), tuple(arns))


def _packed_percent(text: str) -> int:
    if not text:
        return 0
    return math.ceil(100 * len(zlib.compress(text.encode("utf-8"), 9)) / PACKED_BUDGET)


def _minified(document: str) -> str:
    return json.dumps(json.loads(document), separators=(",", ":"))


def packed_size(call: Call, policies: SessionPolicies, tags: Mapping[str, str]) -> int | None:
    """PackedPolicySize of a request that passes session policies or tags (None if it
    passes neither); PackedPolicyTooLarge above 100 percent."""
    if not policies.documents and not policies.arns and not tags:
        return None
    policy_text = "".join(map(_minified, policies.documents)) + "".join(policies.arns)
    tag_text = "".join(f"{key}\x00{value}\x00" for key, value in tags.items())
    tags_percent = _packed_percent(tag_text)
    if tags_percent > 100:
        raise errors.packed_policy_too_large(
            call, f"Packed size of session tags consumes {tags_percent}% of allotted space."
        )
    percent = _packed_percent(policy_text + tag_text)
    if percent > 100:
        raise errors.packed_policy_too_large(
            call, f"Packed policy consumes {percent}% of allotted space, please use smaller policy."
        )
    return percent


@attrs.frozen
class SessionTags:
    tags: dict[str, str]
    """Every tag of the new session: inherited transitive tags, then those passed."""
    transitive: frozenset[str]
    passed: dict[str, str]
    """The tags this request passes (what counts towards the packed size)."""


def _fold(keys: Iterable[str]) -> dict[str, str]:
    return {key.lower(): key for key in keys}


def session_tags(
    call: Call,
    given: Sequence[Mapping[str, str]],
    transitive_keys: Sequence[str],
    inherited_from: Principal | None = None,
) -> SessionTags:
    """The tags of a new session: ``given`` (keys unique regardless of case), marked
    transitive where ``transitive_keys`` says, plus the transitive tags of the calling
    session ``inherited_from``, which a passed tag may not override."""
    passed = {tag["Key"]: tag["Value"] for tag in given}
    if len(_fold(passed)) != len(given):
        raise errors.validation(call, DUPLICATE_TAGS)
    tags: dict[str, str] = {}
    transitive: set[str] = set()
    session = inherited_from.session if inherited_from is not None else None
    if session is not None:
        inherited_keys = _fold(session.transitive_tag_keys)
        for key, value in session.tags.items():
            if key.lower() in inherited_keys:
                tags[key] = value
                transitive.add(key)
        clashing = sorted(key for key in passed if key.lower() in inherited_keys)
        if clashing:
            raise errors.validation(
                call,
                f"Tag key {clashing[0]} is a transitive tag of the calling session and "
                "cannot be passed again.",
            )
    tags.update(passed)
    passed_folded = _fold(passed)
    for key in transitive_keys:
        transitive.add(passed_folded.get(key.lower(), key))
    return SessionTags(tags, frozenset(transitive), passed)


def source_identity(
    call: Call, requested: str | None, caller: Principal | None, role_arn: str
) -> str | None:
    """The new session's source identity: the calling session's, which cannot change
    once set, else the one requested."""
    inherited = caller.session.source_identity if caller and caller.session else None
    if inherited is None:
        return requested
    if requested is not None and requested != inherited:
        assert caller is not None
        raise errors.not_authorized(caller.arn, "sts:SetSourceIdentity", role_arn)
    return inherited


def tag_context(tags: SessionTags) -> dict[str, Any]:
    """The condition keys session tags put in the request context."""
    context: dict[str, Any] = {f"aws:RequestTag/{k}": v for k, v in tags.passed.items()}
    if tags.passed:
        context["aws:TagKeys"] = list(tags.passed)
    if tags.transitive:
        context["sts:TransitiveTagKeys"] = sorted(tags.transitive)
    return context
