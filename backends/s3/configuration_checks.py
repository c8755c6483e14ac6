"""S3's checks of bucket configuration documents: each ``checked_*`` takes what
the request gave and returns what the bucket stores, or raises the error S3 sends.
"""

from __future__ import annotations

import base64
import datetime as dt
import fnmatch
import json
import uuid
from collections.abc import Iterable
from typing import Any

import regex

from hookmock.backends._core import Params
from hookmock.backends.s3 import errors
from hookmock.shapes import AWSError

KMS_ALGORITHMS = ("aws:kms", "aws:kms:dsse")

MAX_BUCKET_TAGS = 50
MAX_CORS_RULES = 100
MAX_LIFECYCLE_RULES = 1000
CORS_METHODS = frozenset({"GET", "PUT", "POST", "DELETE", "HEAD"})
LIFECYCLE_ACTIONS = (
    "Expiration",
    "Transitions",
    "NoncurrentVersionTransitions",
    "NoncurrentVersionExpiration",
    "AbortIncompleteMultipartUpload",
)
MIN_TRANSITION_DAYS = {"STANDARD_IA": 30, "ONEZONE_IA": 30}
NOTIFICATION_KINDS = (
    # (configurations member, destination member, its XML name, destination service)
    ("TopicConfigurations", "TopicArn", "Topic", "sns"),
    ("QueueConfigurations", "QueueArn", "Queue", "sqs"),
    ("LambdaFunctionConfigurations", "LambdaFunctionArn", "CloudFunction", "lambda"),
)

_TAG_TEXT = regex.compile(r"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$")


def invalid_tag(message: str, key: str, value: str | None = None) -> AWSError:
    fields = {"TagKey": key} if value is None else {"TagKey": key, "TagValue": value}
    return AWSError("InvalidTag", message, fields=fields)


def _malformed_policy(message: str) -> AWSError:
    return AWSError("MalformedPolicy", message)


def _generated_id() -> str:
    """An Id as S3 makes one for a configuration put without it."""
    return base64.b64encode(str(uuid.uuid4()).encode()).decode()


def checked_tags(tag_set: Iterable[Params]) -> dict[str, str]:
    """A bucket's TagSet as S3 accepts it: keys of 1-128 and values of at most 256
    letters, digits, spaces and ``_.:/=+-@``, no key twice, no ``aws:`` keys, at most 50."""
    tags: dict[str, str] = {}
    for tag in tag_set:
        key, value = tag["Key"], tag["Value"]
        if not 1 <= len(key) <= 128 or not _TAG_TEXT.match(key):
            raise invalid_tag("The TagKey you have provided is invalid", key)
        if len(value) > 256 or not _TAG_TEXT.match(value):
            raise invalid_tag("The TagValue you have provided is invalid", key, value)
        if key in tags:
            raise invalid_tag("Cannot provide multiple Tags with the same key", key)
        if key.lower().startswith("aws:"):
            raise invalid_tag("System tags cannot be added/updated by requester", key)
        tags[key] = value
    if len(tags) > MAX_BUCKET_TAGS:
        raise AWSError("BadRequest", f"Bucket tag count cannot be greater than {MAX_BUCKET_TAGS}")
    return tags


def checked_policy(text: str, bucket: str) -> dict[str, Any]:
    """A bucket policy document, checked for what S3 rejects as MalformedPolicy."""
    if not text.startswith("{"):
        raise _malformed_policy("Policies must be valid JSON and the first byte must be '{'")
    try:
        document = json.loads(text)
    except ValueError:
        raise _malformed_policy("This policy contains invalid Json") from None
    if not isinstance(document, dict):
        raise _malformed_policy("This policy contains invalid Json")
    statements = document.get("Statement")
    if statements is None:
        raise _malformed_policy("Missing required field Statement")
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list) or not statements:
        raise _malformed_policy("Could not parse the policy: Statement is empty!")
    for statement in statements:
        if not isinstance(statement, dict):
            raise _malformed_policy("This policy contains invalid Json")
        _check_statement(statement, bucket)
    return document


def _check_statement(statement: dict[str, Any], bucket: str) -> None:
    for required, alternative in (
        ("Effect", None),
        ("Principal", "NotPrincipal"),
        ("Action", "NotAction"),
        ("Resource", "NotResource"),
    ):
        if required not in statement and (alternative is None or alternative not in statement):
            raise _malformed_policy(f"Missing required field {required}")
    if statement["Effect"] not in ("Allow", "Deny"):
        raise _malformed_policy(f"Invalid effect: {statement['Effect']}")
    principal = statement.get("Principal", statement.get("NotPrincipal"))
    if not _valid_principal(principal):
        raise _malformed_policy("Invalid principal in policy")
    for action in _strings(statement.get("Action", statement.get("NotAction"))):
        if action != "*" and not action.lower().startswith("s3:"):
            raise _malformed_policy("Policy has invalid action")
    for resource in _strings(statement.get("Resource", statement.get("NotResource"))):
        if not _names_bucket(resource, bucket):
            raise _malformed_policy("Policy has invalid resource")


def _strings(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    if not items or not all(isinstance(item, str) for item in items):
        raise _malformed_policy("This policy contains invalid Json")
    return items


def _valid_principal(principal: Any) -> bool:
    if principal == "*":
        return True
    if not isinstance(principal, dict) or not principal:
        return False
    for kind, values in principal.items():
        if kind not in ("AWS", "Service", "Federated", "CanonicalUser"):
            return False
        for value in values if isinstance(values, list) else [values]:
            if not isinstance(value, str) or not value:
                return False
            if kind == "AWS" and not (
                value == "*" or value.startswith("arn:") or (value.isdigit() and len(value) == 12)
            ):
                return False
    return True


def _names_bucket(resource: str, bucket: str) -> bool:
    if resource == "*":
        return True
    parts = resource.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or parts[2] != "s3" or parts[3] or parts[4]:
        return False
    return fnmatch.fnmatchcase(bucket, parts[5].split("/", 1)[0])


def policy_is_public(document: dict[str, Any]) -> bool:
    """Whether a policy allows anyone: an Allow statement for principal ``*`` (or
    ``{"AWS": "*"}``) that no Condition narrows."""
    statements: Any = document.get("Statement")
    for statement in statements if isinstance(statements, list) else [statements]:
        if not isinstance(statement, dict):
            continue
        if statement.get("Effect") != "Allow" or statement.get("Condition"):
            continue
        principal = statement.get("Principal")
        if principal == "*":
            return True
        if isinstance(principal, dict):
            aws = principal.get("AWS")
            if aws == "*" or (isinstance(aws, list) and "*" in aws):
                return True
    return False


def checked_cors(rules: list[Params]) -> list[dict[str, Any]]:
    if not rules or len(rules) > MAX_CORS_RULES:
        raise errors.malformed_xml()
    for rule in rules:
        for method in rule["AllowedMethods"]:
            if method not in CORS_METHODS:
                raise errors.invalid_request(
                    f"Found unsupported HTTP method in CORS config. Unsupported method is {method}"
                )
        for name, values in (
            ("AllowedOrigin", rule["AllowedOrigins"]),
            ("AllowedHeader", rule.get("AllowedHeaders") or []),
        ):
            for value in values:
                if value.count("*") > 1:
                    raise errors.invalid_request(
                        f'{name} "{value}" can not have more than one wildcard.'
                    )
    return [dict(rule) for rule in rules]


def checked_lifecycle(rules: list[Params]) -> list[dict[str, Any]]:
    """Lifecycle rules as S3 keeps them: an ID (made when missing), checked actions."""
    if not rules:
        raise errors.invalid_request("At least one lifecycle rule must be specified.")
    if len(rules) > MAX_LIFECYCLE_RULES:
        raise errors.malformed_xml()
    kept: list[dict[str, Any]] = []
    ids: set[str] = set()
    for given in rules:
        rule = dict(given)
        rule_id = rule.get("ID") or _generated_id()
        if len(rule_id) > 255:
            raise errors.invalid_argument(
                "ID length should not exceed allowed limit of 255", "ID", rule_id
            )
        if rule_id in ids:
            raise errors.invalid_argument(
                "Rule ID must be unique. Found same ID for more than one rule", "ID", rule_id
            )
        ids.add(rule_id)
        rule["ID"] = rule_id
        _check_lifecycle_filter(rule)
        _check_lifecycle_actions(rule)
        kept.append(rule)
    return kept


def _check_lifecycle_filter(rule: Params) -> None:
    """A rule selects objects by Filter or by the legacy Prefix: one of them, not both."""
    rule_filter = rule.get("Filter")
    if (rule.get("Prefix") is None) == (rule_filter is None):
        raise errors.malformed_xml()
    if rule_filter is None:
        return
    conditions = [name for name, value in rule_filter.items() if value is not None]
    if len(conditions) > 1:
        raise errors.malformed_xml()
    keys = [tag["Key"] for tag in (rule_filter.get("And") or {}).get("Tags") or []]
    if len(keys) != len(set(keys)):
        raise errors.invalid_request("Duplicate Tag Keys are not allowed.")


def _check_lifecycle_actions(rule: Params) -> None:
    if not any(rule.get(action) for action in LIFECYCLE_ACTIONS):
        raise errors.invalid_request("At least one action needs to be specified in a rule")
    expiration = rule.get("Expiration")
    if expiration is not None:
        given = [k for k in ("Days", "Date", "ExpiredObjectDeleteMarker") if k in expiration]
        if len(given) != 1:
            raise errors.malformed_xml()
        _check_days(
            expiration.get("Days"), "'Days' for Expiration action must be a positive integer"
        )
        _check_date(expiration.get("Date"))
    for transition in rule.get("Transitions") or []:
        if ("Days" in transition) == ("Date" in transition):
            raise errors.malformed_xml()
        _check_date(transition.get("Date"))
        days = transition.get("Days")
        if days is not None and days < 0:
            raise errors.invalid_argument(
                "'Days' in Transition action must be nonnegative", "Days", days
            )
        storage_class = transition["StorageClass"]
        minimum = MIN_TRANSITION_DAYS.get(storage_class, 0)
        if days is not None and days < minimum:
            raise errors.invalid_argument(
                f"'Days' in Transition action must be greater than or equal to {minimum} for "
                f"storageClass '{storage_class}'",
                "Days",
                days,
            )
    noncurrent = rule.get("NoncurrentVersionExpiration")
    if noncurrent is not None:
        if noncurrent.get("NoncurrentDays") is None:
            raise errors.malformed_xml()
        _check_days(
            noncurrent["NoncurrentDays"],
            "'NoncurrentDays' for NoncurrentVersionExpiration action must be a positive integer",
            "NoncurrentDays",
        )
    abort = rule.get("AbortIncompleteMultipartUpload")
    if abort is not None:
        _check_days(
            abort.get("DaysAfterInitiation"),
            "'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be a "
            "positive integer",
            "DaysAfterInitiation",
        )


def _check_days(days: int | None, message: str, name: str = "Days") -> None:
    if days is not None and days <= 0:
        raise errors.invalid_argument(message, name, days)


def _check_date(date: dt.datetime | None) -> None:
    if date is not None and (date.hour, date.minute, date.second, date.microsecond) != (
        0,
        0,
        0,
        0,
    ):
        raise errors.invalid_argument(
            "'Date' must be at midnight GMT", "Date", date.strftime("%Y-%m-%dT%H:%M:%S.000Z")
        )


def checked_encryption(rules: list[Params]) -> dict[str, Any]:
    """The one rule of a ServerSideEncryptionConfiguration, as S3 keeps it."""
    if len(rules) != 1 or rules[0].get("ApplyServerSideEncryptionByDefault") is None:
        raise errors.malformed_xml()
    rule = rules[0]
    by_default = dict(rule["ApplyServerSideEncryptionByDefault"])
    if by_default.get("KMSMasterKeyID") is not None and (
        by_default["SSEAlgorithm"] not in KMS_ALGORITHMS
    ):
        raise AWSError(
            "InvalidArgument",
            "a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms "
            "or aws:kms:dsse",
            fields={"ArgumentName": "ApplyServerSideEncryptionByDefault"},
        )
    kept: dict[str, Any] = {
        "ApplyServerSideEncryptionByDefault": by_default,
        "BucketKeyEnabled": bool(rule.get("BucketKeyEnabled", False)),
    }
    if rule.get("BlockedEncryptionTypes") is not None:
        kept["BlockedEncryptionTypes"] = rule["BlockedEncryptionTypes"]
    return kept


def checked_website(configuration: Params) -> dict[str, Any]:
    if configuration.get("RedirectAllRequestsTo") is not None:
        if any(
            configuration.get(other) is not None
            for other in ("IndexDocument", "ErrorDocument", "RoutingRules")
        ):
            raise errors.invalid_argument(
                "RedirectAllRequestsTo cannot be provided in conjunction with other Routing Rules.",
                "RedirectAllRequestsTo",
                "not null",
            )
        return dict(configuration)
    index = configuration.get("IndexDocument")
    if index is None:
        raise errors.invalid_argument(
            "A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo is empty",
            "IndexDocument",
            "null",
        )
    suffix = index.get("Suffix") or ""
    if not suffix or "/" in suffix:
        raise errors.invalid_argument(
            "The IndexDocument Suffix is not well formed", "IndexDocument", suffix or None
        )
    routing_rules = configuration.get("RoutingRules")
    if routing_rules is not None:
        if not routing_rules:
            raise errors.malformed_xml()
        for routing_rule in routing_rules:
            redirect = routing_rule["Redirect"]
            if "ReplaceKeyPrefixWith" in redirect and "ReplaceKeyWith" in redirect:
                raise errors.invalid_request(
                    "You can only define ReplaceKeyPrefix or ReplaceKey but not both."
                )
            if "Condition" in routing_rule and not routing_rule["Condition"]:
                raise errors.invalid_request(
                    "Condition cannot be empty. To redirect all requests without a condition, "
                    "the condition element shouldn't be present."
                )
    return dict(configuration)


def checked_notification(configuration: Params, region: str) -> dict[str, Any]:
    """A NotificationConfiguration as S3 keeps it: every configuration with an Id,
    filter rule names as S3 writes them, no two configurations overlapping."""
    kept: dict[str, Any] = {}
    selections: list[tuple[list[str], str, str]] = []
    for member, destination, xml_name, service in NOTIFICATION_KINDS:
        configurations = []
        for given in configuration.get(member) or []:
            item = dict(given)
            _check_destination(item[destination], xml_name, service, region)
            prefix, suffix, key_filter = _key_filter(item.get("Filter"))
            if key_filter is not None:
                item["Filter"] = key_filter
            item["Id"] = item.get("Id") or _generated_id()
            selections.append((list(item["Events"]), prefix, suffix))
            configurations.append(item)
        if configurations:
            kept[member] = configurations
    if configuration.get("EventBridgeConfiguration") is not None:
        kept["EventBridgeConfiguration"] = {}
    for index, first in enumerate(selections):
        for second in selections[index + 1 :]:
            if _overlap(first, second):
                raise _overlap_error(first, second)
    return kept


def _overlap_error(
    first: tuple[list[str], str, str], second: tuple[list[str], str, str]
) -> AWSError:
    """S3 names the shared events when neither configuration filters keys, and
    calls the configuration ambiguous when a key filter is involved."""
    if any(first[1:] + second[1:]):
        return AWSError(
            "InvalidArgument",
            "Configuration is ambiguously defined. Cannot have overlapping suffixes in two "
            "rules if the prefixes are overlapping for the same event type.",
        )
    shared = next((a, b) for a in first[0] for b in second[0] if _same_event(a, b))
    return AWSError(
        "InvalidArgument",
        "Configurations overlap. Configurations on the same bucket cannot share a common "
        "event type.",
        fields={"ArgumentName": "Event", "ArgumentValue": ", ".join(shared)},
    )


def _check_destination(arn: str, xml_name: str, service: str, region: str) -> None:
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or parts[2] != service or not all(parts[3:]):
        raise errors.invalid_argument("The ARN is not well formed", xml_name, arn)
    if parts[3] != region:
        raise errors.invalid_argument(
            "The notification destination service region is not valid for the bucket location "
            "constraint",
            xml_name,
            arn,
        )


def _key_filter(given: Params | None) -> tuple[str, str, dict[str, Any] | None]:
    """(prefix, suffix, the filter as S3 returns it) of a notification's key filter."""
    if given is None:
        return "", "", None
    found: dict[str, str] = {}
    rules = []
    for rule in (given.get("Key") or {}).get("FilterRules") or []:
        name = rule["Name"].lower()
        if name in found:
            raise errors.invalid_argument(
                f"Cannot specify more than one {name} rule in a filter.", "FilterRule", name
            )
        found[name] = rule["Value"]
        rules.append({"Name": name.capitalize(), "Value": rule["Value"]})
    return found.get("prefix", ""), found.get("suffix", ""), {"Key": {"FilterRules": rules}}


def _overlap(first: tuple[list[str], str, str], second: tuple[list[str], str, str]) -> bool:
    events_a, prefix_a, suffix_a = first
    events_b, prefix_b, suffix_b = second
    return (
        any(_same_event(a, b) for a in events_a for b in events_b)
        and (prefix_a.startswith(prefix_b) or prefix_b.startswith(prefix_a))
        and (suffix_a.endswith(suffix_b) or suffix_b.endswith(suffix_a))
    )


def _same_event(first: str, second: str) -> bool:
    """Whether two event types share an event (``s3:ObjectCreated:*`` covers its kinds)."""
    if first == second:
        return True
    return any(
        wide.endswith(":*") and narrow.startswith(wide[:-1])
        for wide, narrow in ((first, second), (second, first))
    )
