"""Each implemented service's calls as targets: the action (refined where the
params say more, e.g. a VersionId), the resource ARN filled from params, and what
the owning backend holds about the resource."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import unquote, urlparse

from hookmock._authz.targets import Target, action_of, fill
from hookmock.backends import service
from hookmock.backends._core import Call
from hookmock.shapes.errors import AWSError

Params = Mapping[str, Any]
Resolver = Callable[[Call, str, Params], list[Target]]


def _backend(call: Call, name: str, account: str, location: str) -> Any:
    spec = service(name)
    assert spec is not None
    return call.world.backend(spec, account, location)


def _keys(**values: Any) -> dict[str, tuple[str, ...]]:
    """Condition keys from params, leaving out those the call does not carry."""
    found: dict[str, tuple[str, ...]] = {}
    for name, value in values.items():
        if value is None:
            continue
        key = name.replace("__", ":").replace("_", "-").lower()
        found[key] = tuple(str(v) for v in value) if isinstance(value, list) else (str(value),)
    return found


# --- S3 ---------------------------------------------------------------------------

_S3_VERSIONED = {
    "s3:GetObject": "s3:GetObjectVersion",
    "s3:DeleteObject": "s3:DeleteObjectVersion",
    "s3:GetObjectAcl": "s3:GetObjectVersionAcl",
    "s3:PutObjectAcl": "s3:PutObjectVersionAcl",
    "s3:GetObjectTagging": "s3:GetObjectVersionTagging",
    "s3:PutObjectTagging": "s3:PutObjectVersionTagging",
    "s3:DeleteObjectTagging": "s3:DeleteObjectVersionTagging",
    "s3:GetObjectAttributes": "s3:GetObjectVersionAttributes",
}
"""Actions AWS names differently when the call names an object version."""


def _s3_target(call: Call, action: str, bucket: str, key: str | None, keys: Any) -> Target:
    backend = _backend(call, "s3", "", call.partition)
    with backend.lock:
        found = backend.buckets.get(bucket)
        owner = found.owner if found is not None else ""
        policy = found.policy if found is not None else None
    values = {"Partition": call.partition, "BucketName": bucket, "ObjectName": key or ""}
    arn = fill("s3", "object" if key is not None else "bucket", values)
    return Target(action, arn, owner, policy, None, keys)


def _s3(call: Call, operation: str, params: Params) -> list[Target]:
    action, kind = action_of("s3", operation, "s3")
    if "VersionId" in params:
        action = _S3_VERSIONED.get(action, action)
    bucket = params.get("Bucket")
    if not kind or bucket is None:
        return [Target(action, "*")]
    keys = _keys(
        s3__prefix=params.get("Prefix"),
        s3__delimiter=params.get("Delimiter"),
        s3__max_keys=params.get("MaxKeys"),
        s3__x_amz_acl=params.get("ACL"),
        s3__VersionId=params.get("VersionId"),
        s3__x_amz_server_side_encryption=params.get("ServerSideEncryption"),
        s3__x_amz_storage_class=params.get("StorageClass"),
        s3__x_amz_copy_source=params.get("CopySource")
        if isinstance(params.get("CopySource"), str)
        else None,
        s3__x_amz_metadata_directive=params.get("MetadataDirective"),
        s3__locationconstraint=(params.get("CreateBucketConfiguration") or {}).get(
            "LocationConstraint"
        ),
    )
    if operation == "DeleteObjects":
        objects = (params.get("Delete") or {}).get("Objects", [])
        return [
            _s3_target(
                call,
                "s3:DeleteObjectVersion" if "VersionId" in item else "s3:DeleteObject",
                bucket,
                item.get("Key", ""),
                keys,
            )
            for item in objects
        ] or [_s3_target(call, action, bucket, None, keys)]
    key = params.get("Key") if kind == "object" else None
    found = [_s3_target(call, action, bucket, key, keys)]
    if operation in ("CopyObject", "UploadPartCopy"):
        source = _copy_source(params.get("CopySource"))
        if source is not None:
            src_bucket, src_key, versioned = source
            read = "s3:GetObjectVersion" if versioned else "s3:GetObject"
            found.append(_s3_target(call, read, src_bucket, src_key, {}))
    return found


def _copy_source(value: Any) -> tuple[str, str, bool] | None:
    if isinstance(value, dict):
        return value.get("Bucket", ""), value.get("Key", ""), "VersionId" in value
    if not isinstance(value, str):
        return None
    path, _, query = value.lstrip("/").partition("?")
    bucket, _, key = path.partition("/")
    return bucket, unquote(key), "versionId=" in query


# --- DynamoDB ------------------------------------------------------------------------

_PARTIQL = re.compile(
    r"^\s*(SELECT|INSERT|UPDATE|DELETE|EXISTS)\b.*?(?:\bFROM|\bINTO|^\s*UPDATE)\s+\"?([\w.-]+)\"?",
    re.IGNORECASE | re.DOTALL,
)
_PARTIQL_ACTIONS = {
    "select": "PartiQLSelect",
    "insert": "PartiQLInsert",
    "update": "PartiQLUpdate",
    "delete": "PartiQLDelete",
}
_TRANSACT_WRITE = {
    "Put": "dynamodb:PutItem",
    "Update": "dynamodb:UpdateItem",
    "Delete": "dynamodb:DeleteItem",
    "ConditionCheck": "dynamodb:ConditionCheckItem",
}


def _table_target(
    call: Call, action: str, table: str, keys: Any, index: str | None = None
) -> Target:
    values = {
        "Partition": call.partition,
        "Region": call.region,
        "Account": call.account_id,
        "TableName": table,
    }
    arn = fill("dynamodb", "table", values)
    backend = _backend(call, "dynamodb", call.account_id, call.region)
    with backend.lock:
        found = backend.tables.get(table)
        tags = dict(found.tags) if found is not None else None
    if index:
        arn = f"{arn}/index/{index}"
    return Target(action, arn, "", None, tags, keys)


def _statement_target(call: Call, statement: str, keys: Any) -> Target:
    match = _PARTIQL.match(statement)
    if match is None:
        return Target("dynamodb:PartiQLSelect", "*", keys=keys)
    verb = _PARTIQL_ACTIONS.get(match.group(1).lower(), "PartiQLSelect")
    table = match.group(2).split(".", 1)[0]
    return _table_target(call, f"dynamodb:{verb}", table, keys)


def _dynamodb(call: Call, operation: str, params: Params) -> list[Target]:
    action, kind = action_of("dynamodb", operation, "dynamodb")
    keys = _keys(
        dynamodb__Select=params.get("Select"),
        dynamodb__ReturnValues=params.get("ReturnValues"),
        dynamodb__ReturnConsumedCapacity=params.get("ReturnConsumedCapacity"),
    )
    if operation in ("BatchGetItem", "BatchWriteItem"):
        tables = list(params.get("RequestItems") or {})
        return [_table_target(call, action, t, keys) for t in tables]
    if operation == "TransactGetItems":
        items = params.get("TransactItems") or []
        return [
            _table_target(call, "dynamodb:GetItem", i["Get"]["TableName"], keys)
            for i in items
            if "Get" in i
        ]
    if operation == "TransactWriteItems":
        found = []
        for item in params.get("TransactItems") or []:
            for member, item_action in _TRANSACT_WRITE.items():
                if member in item:
                    found.append(_table_target(call, item_action, item[member]["TableName"], keys))
        return found
    if operation == "ExecuteStatement":
        return [_statement_target(call, params.get("Statement", ""), keys)]
    if operation == "BatchExecuteStatement":
        return [
            _statement_target(call, s.get("Statement", ""), keys)
            for s in params.get("Statements") or []
        ]
    if operation == "ExecuteTransaction":
        return [
            _statement_target(call, s.get("Statement", ""), keys)
            for s in params.get("TransactStatements") or []
        ]
    arn = params.get("ResourceArn")
    if isinstance(arn, str) and arn.startswith("arn:"):
        table = arn.rsplit("table/", 1)[-1].split("/", 1)[0] if ":table/" in arn else ""
        if table:
            return [_table_target(call, action, table, keys)]
        return [Target(action, arn, keys=keys)]
    name = params.get("TableName")
    if kind == "table" and isinstance(name, str) and name:
        return [_table_target(call, action, name, keys, params.get("IndexName"))]
    return [Target(action, "*", keys=keys)]


def _dynamodbstreams(call: Call, operation: str, params: Params) -> list[Target]:
    action, _ = action_of("dynamodbstreams", operation, "dynamodb")
    arn = params.get("StreamArn")
    if arn is None and "ShardIterator" in params:
        from hookmock.backends.dynamodbstreams.backend import _read_iterator

        try:
            arn = _read_iterator(params["ShardIterator"])[0]
        except AWSError:
            arn = None
    return [Target(action, arn if isinstance(arn, str) and arn else "*")]


# --- SQS ------------------------------------------------------------------------------


def _queue_target(call: Call, action: str, account: str, region: str, name: str) -> Target:
    values = {"Partition": call.partition, "Region": region, "Account": account, "QueueName": name}
    backend = _backend(call, "sqs", account, region)
    with backend.lock:
        queue = backend.queues.get(name)
        policy = queue.attributes.get("Policy") if queue is not None else None
        tags = dict(queue.tags) if queue is not None else None
    return Target(action, fill("sqs", "queue", values), account, policy, tags)


def _sqs(call: Call, operation: str, params: Params) -> list[Target]:
    action, kind = action_of("sqs", operation, "sqs")
    if not kind:
        return [Target(action, "*")]
    url = params.get("QueueUrl")
    if isinstance(url, str):
        path = urlparse(url).path.strip("/").split("/")
        if len(path) == 2:
            return [_queue_target(call, action, path[0], call.region, path[1])]
    name = params.get("QueueName")
    if isinstance(name, str):
        owner = params.get("QueueOwnerAWSAccountId") or call.account_id
        return [_queue_target(call, action, owner, call.region, name)]
    arn = params.get("SourceArn")
    if isinstance(arn, str) and arn.count(":") == 5:
        _, _, _, region, account, name = arn.split(":")
        return [_queue_target(call, action, account, region, name)]
    return [Target(action, "*")]


# --- SNS ------------------------------------------------------------------------------


def topic_target(call: Call, action: str, arn: str) -> Target:
    parts = arn.split(":")
    if len(parts) < 6 or parts[2] != "sns":
        return Target(action, arn)
    topic_arn = ":".join(parts[:6])
    backend = _backend(call, "sns", parts[4], parts[3])
    with backend.lock:
        topic = backend.topics.get(parts[5])
        found = topic is not None and topic.arn == topic_arn
        policy = topic.attributes.get("Policy") if found else None
        tags = dict(topic.tags) if found else None
    return Target(action, topic_arn, parts[4], policy, tags)


def _sns(call: Call, operation: str, params: Params) -> list[Target]:
    action, kind = action_of("sns", operation, "sns")
    keys = _keys(sns__Protocol=params.get("Protocol"), sns__Endpoint=params.get("Endpoint"))
    if operation == "CreateTopic":
        values = {
            "Partition": call.partition,
            "Region": call.region,
            "Account": call.account_id,
            "TopicName": params.get("Name", ""),
        }
        return [Target(action, fill("sns", "topic", values), keys=keys)]
    for name in ("TopicArn", "TargetArn", "ResourceArn"):
        arn = params.get(name)
        if isinstance(arn, str) and arn:
            if kind:
                target = topic_target(call, action, arn)
                return [
                    Target(
                        target.action,
                        target.resource,
                        target.account,
                        target.policy,
                        target.tags,
                        keys,
                    )
                ]
            return [Target(action, arn, keys=keys)]
    return [Target(action, "*", keys=keys)]


# --- IAM --------------------------------------------------------------------------------

_IAM_ENTITIES = {
    "user": ("UserName", "users", "UserNameWithPath"),
    "group": ("GroupName", "groups", "GroupNameWithPath"),
    "role": ("RoleName", "roles", "RoleNameWithPath"),
    "instance-profile": ("InstanceProfileName", "instance_profiles", "InstanceProfileNameWithPath"),
}


def _iam(call: Call, operation: str, params: Params) -> list[Target]:
    action, kind = action_of("iam", operation, "iam")
    keys = _keys(
        iam__PolicyARN=params.get("PolicyArn"),
        iam__PermissionsBoundary=params.get("PermissionsBoundary"),
    )
    if kind == "policy":
        arn = params.get("PolicyArn")
        return [Target(action, arn if isinstance(arn, str) else "*", keys=keys)]
    if kind not in _IAM_ENTITIES:
        return [Target(action, "*", keys=keys)]
    param, index, variable = _IAM_ENTITIES[kind]
    name = params.get(param)
    if name is None:
        if kind == "user" and call.principal.kind == "user":
            return [Target(action, call.principal.arn, keys=keys)]
        name = ""
    backend = _backend(call, "iam", call.account_id, call.partition)
    with backend.lock:
        entity = getattr(backend, index).get(name.lower()) if name else None
        tags = None
        if entity is not None and hasattr(entity, "tags"):
            tags = {t["Key"]: t["Value"] for t in entity.tags.listed()}
        arn = entity.arn if entity is not None else None
    if arn is None:
        values = {"Partition": call.partition, "Account": call.account_id, variable: name}
        arn = fill("iam", kind, values)
    return [Target(action, arn, "", None, tags, keys)]


def _sts(call: Call, operation: str, params: Params) -> list[Target]:
    action, _ = action_of("sts", operation, "sts")
    arn = params.get("RoleArn")
    return [Target(action, arn if isinstance(arn, str) else "*")]


RESOLVERS: dict[str, Resolver] = {
    "s3": _s3,
    "dynamodb": _dynamodb,
    "dynamodbstreams": _dynamodbstreams,
    "sqs": _sqs,
    "sns": _sns,
    "iam": _iam,
    "sts": _sts,
}
"""botocore service → how its calls become targets; a service added later gets
its operation's ``prefix:Operation`` on ``*`` until it has a resolver here."""


def targets_of(call: Call, params: Params) -> list[Target]:
    model = call.operation_model
    name = model.service_model.service_name
    resolver = RESOLVERS.get(name)
    if resolver is not None:
        return resolver(call, model.name, params)
    prefix = model.service_model.signing_name or model.service_model.endpoint_prefix
    return [Target(action_of(name, model.name, prefix)[0], "*")]
