"""Queue operations: create, find, list, delete, purge, attributes, tags, permissions."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from typing import Any

import attrs
from sortedcontainers import SortedSet

from hookmock.backends._core import Call, Params, Result, operation
from hookmock.backends.sqs import attributes, errors
from hookmock.backends.sqs.base import (
    OWNER_ONLY,
    QUEUE_RECREATE_WAIT,
    SqsBase,
    check_access,
    parse_arn,
    queue_host,
    queue_url,
)
from hookmock.backends.sqs.messages import DELAYED, IN_FLIGHT, VISIBLE
from hookmock.backends.sqs.queue import Queue
from hookmock.shapes import AWSError
from hookmock.shapes.paginate import SortedIndex

_NAME = re.compile(r"[A-Za-z0-9_-]{1,80}")
_FIFO_NAME = re.compile(r"[A-Za-z0-9_-]{1,75}\.fifo")
_TAG_TEXT = re.compile(r"[\w .:/=+\-@]*")
"""Letters and digits of any script (``\\w``, with its underscore), space, ``.:/=+-@``."""
MAX_TAGS = 50
PURGE_INTERVAL = 60
PERMISSION_ACTIONS = frozenset(
    {
        "*",
        "SendMessage",
        "ReceiveMessage",
        "DeleteMessage",
        "ChangeMessageVisibility",
        "GetQueueAttributes",
        "GetQueueUrl",
        "ListDeadLetterSourceQueues",
        "PurgeQueue",
    }
)
"""The actions AddPermission can grant: those cross-account permissions apply to."""
NOT_SHAREABLE = OWNER_ONLY | {
    "CreateQueue",
    "ListQueues",
    "StartMessageMoveTask",
    "CancelMessageMoveTask",
    "ListMessageMoveTasks",
}
"""SQS actions cross-account permissions don't apply to (developer guide,
"Limitations of Amazon SQS custom policies")."""
MAX_PERMISSION_ACTIONS = 7
_LABEL = re.compile(r"[A-Za-z0-9_-]{1,80}")
_ACCOUNT_ID = re.compile(r"[0-9]{12}")


class Prefixed:
    """Queues whose name starts with ``prefix``, found by one seek."""

    def __init__(self, queues: SortedIndex[str, Queue], prefix: str) -> None:
        self._queues = queues
        self._prefix = prefix

    def after(self, position: Any) -> Iterator[tuple[str, Queue]]:
        start, inclusive = (self._prefix, True) if position is None else (position, False)
        for name, queue in self._queues.after(start, inclusive=inclusive):
            if not name.startswith(self._prefix):
                return
            yield name, queue


class Named:
    """The queues a sorted set of names lists, in name order, found by one seek."""

    def __init__(self, queues: SortedIndex[str, Queue], names: SortedSet) -> None:
        self._queues = queues
        self._names = names

    def after(self, position: Any) -> Iterator[tuple[str, Queue]]:
        names = (
            self._names
            if position is None
            else self._names.irange(position, inclusive=(False, True))
        )
        for name in names:
            queue = self._queues.get(name)
            if queue is not None:
                yield name, queue


def _check_max_results(max_results: int | None) -> None:
    if max_results is not None and not 1 <= max_results <= 1000:
        raise errors.invalid_value(
            "MaxResults", max_results, "MaxResults must be an integer between 1 and 1000."
        )


def _invalid_token(_model: Any, _token: str) -> AWSError:
    return errors.invalid_parameter("Invalid NextToken value.")


def _check_name(name: str, fifo: bool) -> None:
    if fifo and not _FIFO_NAME.fullmatch(name):
        raise errors.invalid_parameter(
            "The name of a FIFO queue can only include alphanumeric characters, hyphens, or "
            "underscores, must end with .fifo suffix and be 1 to 80 in length."
        )
    if not fifo and not _NAME.fullmatch(name):
        raise errors.invalid_parameter(
            "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length"
        )


def _check_tags(tags: dict[str, str], queue_name: str) -> None:
    """SQS's tag rules (its quotas page): at most 50, keys of 1 to 128 and values of up
    to 256 letters, digits, spaces and ``_ . : / = + - @``, no ``aws:`` keys."""
    for key, value in tags.items():
        if not _TAG_TEXT.fullmatch(key) or not 1 <= len(key) <= 128:
            raise errors.invalid_value(
                "TagKey",
                key,
                "Tag keys must be 1 to 128 characters long and can only include letters, "
                "numbers, spaces and _ . : / = + - @",
            )
        if key.lower().startswith("aws:"):
            raise errors.invalid_value(
                "TagKey", key, "Tag keys starting with 'aws:' are reserved for internal use."
            )
        if not _TAG_TEXT.fullmatch(value) or len(value) > 256:
            raise errors.invalid_value(
                "TagValue",
                value,
                "Tag values can be up to 256 characters long and can only include letters, "
                "numbers, spaces and _ . : / = + - @",
            )
    if len(tags) > MAX_TAGS:
        raise errors.invalid_parameter(f"Too many tags added for queue {queue_name}.")


@attrs.define(eq=False)
class QueueOperations(SqsBase):
    @operation("CreateQueue")
    def create_queue(self, call: Call, params: Params) -> Result:
        name = params["QueueName"]
        given = dict(params.get("Attributes") or {})
        fifo_flag = given.pop("FifoQueue", None)
        if fifo_flag is not None and fifo_flag.lower() != "true":
            # A standard queue has no FifoQueue attribute, so even "false" is unknown.
            raise errors.unknown_attribute(call, "FifoQueue")
        fifo = fifo_flag is not None
        if name.endswith(".fifo") and not fifo:
            raise errors.invalid_parameter(
                "Can only include alphanumeric characters, hyphens, or underscores. "
                "1 to 80 in length"
            )
        _check_name(name, fifo)
        settings = attributes.checked(call, given, fifo=fifo)
        tags = dict(params.get("tags") or {})
        _check_tags(tags, name)
        now = self.now()
        existing = self.queues.get(name)
        if existing is not None:
            for key, value in settings.items():
                if existing.attributes.get(key, "") != value:
                    raise errors.modeled(
                        call,
                        "QueueNameExists",
                        "A queue already exists with the same name and a different value for "
                        f"attribute {key}",
                    )
            if existing.fifo != fifo:
                raise errors.modeled(
                    call,
                    "QueueNameExists",
                    "A queue already exists with the same name and a different value for "
                    "attribute FifoQueue",
                )
            return {"QueueUrl": queue_url(call, existing)}
        deleted_at = self.deleted.get(name)
        if deleted_at is not None and now - deleted_at < QUEUE_RECREATE_WAIT:
            raise errors.modeled(
                call,
                "QueueDeletedRecently",
                f"You must wait {QUEUE_RECREATE_WAIT} seconds after deleting a queue before "
                "you can create another with the same name.",
            )
        self.deleted.pop(name, None)
        values = dict(attributes.DEFAULTS)
        if fifo:
            values.update(attributes.FIFO_DEFAULTS)
        if settings.get("KmsMasterKeyId"):
            values["SqsManagedSseEnabled"] = "false"
            values.setdefault("KmsDataKeyReusePeriodSeconds", "300")
        values.update(settings)
        self._drop_empty(values)
        attributes.check_combination(values)
        url = f"https://{queue_host(call.region, call.partition)}/{self.account_id}/{name}"
        queue = Queue(
            name=name,
            account_id=self.account_id,
            region=self.location,
            url=url,
            arn=f"arn:{call.partition}:sqs:{self.location}:{self.account_id}:{name}",
            attributes=values,
            created=int(now),
            modified=int(now),
            condition=self.new_condition(),
            tags=tags,
        )
        if "RedrivePolicy" in values:
            self._check_dead_letter_target(call, queue, values["RedrivePolicy"])
        self.queues[name] = queue
        self.index_redrive(queue, None, values.get("RedrivePolicy"))
        return {"QueueUrl": queue_url(call, queue)}

    @staticmethod
    def _drop_empty(values: dict[str, str]) -> None:
        for name in ("Policy", "RedrivePolicy", "KmsMasterKeyId"):
            if values.get(name) == "":
                del values[name]

    def _check_dead_letter_target(self, call: Call, queue: Queue, policy: str) -> None:
        target_arn = json.loads(policy)["deadLetterTargetArn"]
        if target_arn == queue.arn:
            raise errors.invalid_value(
                "RedrivePolicy", policy, "A queue cannot be its own dead-letter queue."
            )
        target = self.queue_by_arn(call, target_arn)
        if target is None:
            raise errors.invalid_value(
                "RedrivePolicy", policy, "Dead letter target does not exist."
            )
        if target.fifo != queue.fifo:
            raise errors.invalid_value(
                "RedrivePolicy",
                policy,
                "Dead-letter queue must be same type of queue as the source.",
            )
        allow = target.attributes.get("RedriveAllowPolicy")
        if allow:
            rule = json.loads(allow)
            permission = rule["redrivePermission"]
            if permission == "denyAll" or (
                permission == "byQueue" and queue.arn not in rule.get("sourceQueueArns", [])
            ):
                raise errors.invalid_value(
                    "RedrivePolicy",
                    policy,
                    "Dead letter target's RedriveAllowPolicy does not allow this queue as a "
                    "source.",
                )

    @operation("GetQueueUrl")
    def get_queue_url(self, call: Call, params: Params) -> Result:
        owner = params.get("QueueOwnerAWSAccountId") or self.account_id
        backend = self.peer(call, owner)
        queue = backend.queues.get(params["QueueName"])
        if queue is None:
            raise errors.no_queue(call)
        check_access(call, queue, "GetQueueUrl")
        return {"QueueUrl": queue_url(call, queue)}

    @operation("ListQueues")
    def list_queues(self, call: Call, params: Params) -> Result:
        prefix = params.get("QueueNamePrefix") or ""
        source = Prefixed(self.queues, prefix)
        if "MaxResults" not in params and "NextToken" not in params:
            urls = [
                queue_url(call, queue) for _, queue in itertools.islice(source.after(None), 1000)
            ]
            return {"QueueUrls": urls} if urls else {}
        _check_max_results(params.get("MaxResults"))
        page = call.paginate(
            params,
            source,
            lambda queue: queue_url(call, queue),
            default_limit=1000,
            scope=prefix,
            invalid_token=_invalid_token,
            position_type=str,
        )
        if not page.get("QueueUrls"):
            page.pop("QueueUrls", None)
        return page

    @operation("DeleteQueue")
    def delete_queue(self, call: Call, params: Params) -> Result:
        queue = self.queue_of(call, params["QueueUrl"], "DeleteQueue")
        owner = self.peer(call, queue.account_id)
        with owner.lock:
            owner.index_redrive(queue, queue.attributes.get("RedrivePolicy"), None)
            owner.queues.discard(queue.name)
            owner.deleted[queue.name] = self.now()
            queue.purge()
            queue.condition.notify_all()
        return {}

    @operation("PurgeQueue")
    def purge_queue(self, call: Call, params: Params) -> Result:
        queue = self.queue_of(call, params["QueueUrl"], "PurgeQueue")
        now = self.now()
        if queue.purged_at is not None and now - queue.purged_at < PURGE_INTERVAL:
            raise errors.modeled(
                call,
                "PurgeQueueInProgress",
                f"Only one PurgeQueue operation on {queue.name} is allowed every "
                f"{PURGE_INTERVAL} seconds.",
            )
        queue.purged_at = now
        queue.purge()
        return {}

    @operation("GetQueueAttributes")
    def get_queue_attributes(self, call: Call, params: Params) -> Result:
        queue = self.queue_of(call, params["QueueUrl"], "GetQueueAttributes")
        names = params.get("AttributeNames") or []
        if not names:
            return {}
        queue.tick(self.now())
        every = queue_attributes(queue)
        wanted = every if "All" in names else {n: every[n] for n in names if n in every}
        return {"Attributes": wanted} if wanted else {}

    @operation("SetQueueAttributes")
    def set_queue_attributes(self, call: Call, params: Params) -> Result:
        queue = self.queue_of(call, params["QueueUrl"], "SetQueueAttributes")
        given = dict(params["Attributes"])
        if "FifoQueue" in given:
            raise errors.modeled(call, "InvalidAttributeName", "Unknown Attribute FifoQueue.")
        settings = attributes.checked(call, given, fifo=queue.fifo)
        merged = {**queue.attributes, **settings}
        if settings.get("KmsMasterKeyId"):
            merged["SqsManagedSseEnabled"] = "false"
            merged.setdefault("KmsDataKeyReusePeriodSeconds", "300")
        if settings.get("SqsManagedSseEnabled") == "true":
            merged.pop("KmsMasterKeyId", None)
            merged.pop("KmsDataKeyReusePeriodSeconds", None)
        self._drop_empty(merged)
        attributes.check_combination(merged)
        if settings.get("RedrivePolicy"):
            self._check_dead_letter_target(call, queue, settings["RedrivePolicy"])
        self.index_redrive(
            queue, queue.attributes.get("RedrivePolicy"), merged.get("RedrivePolicy")
        )
        queue.attributes = merged
        queue.modified = int(self.now())
        queue.condition.notify_all()
        return {}

    @operation("TagQueue")
    def tag_queue(self, call: Call, params: Params) -> Result:
        queue = self.queue_of(call, params["QueueUrl"], "TagQueue")
        merged = {**queue.tags, **params["Tags"]}
        _check_tags(merged, queue.name)
        queue.tags = merged
        return {}

    @operation("UntagQueue")
    def untag_queue(self, call: Call, params: Params) -> Result:
        queue = self.queue_of(call, params["QueueUrl"], "UntagQueue")
        for key in params["TagKeys"]:
            queue.tags.pop(key, None)
        return {}

    @operation("ListQueueTags")
    def list_queue_tags(self, call: Call, params: Params) -> Result:
        queue = self.queue_of(call, params["QueueUrl"], "ListQueueTags")
        return {"Tags": dict(queue.tags)} if queue.tags else {}

    @operation("ListDeadLetterSourceQueues")
    def list_dead_letter_source_queues(self, call: Call, params: Params) -> Result:
        target = self.queue_of(call, params["QueueUrl"], "ListDeadLetterSourceQueues")
        _check_max_results(params.get("MaxResults"))
        names = self.dead_letter_sources.get(target.arn) or SortedSet()
        source = Named(self.queues, names)
        if "MaxResults" not in params and "NextToken" not in params:
            urls = [
                queue_url(call, queue) for _, queue in itertools.islice(source.after(None), 1000)
            ]
            return {"queueUrls": urls}
        return call.paginate(
            params,
            source,
            lambda queue: queue_url(call, queue),
            default_limit=1000,
            scope=target.arn,
            invalid_token=_invalid_token,
            position_type=str,
        )

    @operation("AddPermission")
    def add_permission(self, call: Call, params: Params) -> Result:
        queue = self.queue_of(call, params["QueueUrl"], "AddPermission")
        label, accounts, actions = params["Label"], params["AWSAccountIds"], params["Actions"]
        if not _LABEL.fullmatch(label):
            raise errors.invalid_value(
                "Label",
                label,
                "Can only include alphanumeric characters, hyphens, or underscores. "
                "1 to 80 in length",
            )
        if not accounts:
            raise errors.missing_parameter("AWSAccountIds")
        for account in accounts:
            if not _ACCOUNT_ID.fullmatch(account):
                raise errors.invalid_value(
                    "PrincipalId", f"[{account}]", "Unable to verify principal."
                )
        if not actions:
            raise errors.missing_parameter("Actions")
        if len(actions) > MAX_PERMISSION_ACTIONS:
            raise errors.modeled(
                call,
                "OverLimit",
                f"{len(actions)} Actions were found, maximum allowed is {MAX_PERMISSION_ACTIONS}.",
            )
        for action in actions:
            if action in PERMISSION_ACTIONS:
                continue
            raise errors.invalid_value(
                "ActionName",
                f"SQS:{action}",
                "Only the queue owner is allowed to invoke this action."
                if action in NOT_SHAREABLE
                else "Please refer to the appropriate WSDL for a list of valid actions.",
            )
        policy = json.loads(queue.attributes.get("Policy") or "null") or {
            "Version": "2012-10-17",
            "Id": f"{queue.arn}/SQSDefaultPolicy",
            "Statement": [],
        }
        statements = policy.setdefault("Statement", [])
        if not isinstance(statements, list):
            statements = policy["Statement"] = [statements]
        if any(s.get("Sid") == label for s in statements if isinstance(s, dict)):
            raise errors.invalid_value("Label", label, "Already exists.")
        principals = [f"arn:{call.partition}:iam::{a}:root" for a in accounts]
        sqs_actions = [f"SQS:{a}" for a in actions]
        statements.append(
            {
                "Sid": label,
                "Effect": "Allow",
                "Principal": {"AWS": principals[0] if len(principals) == 1 else principals},
                "Action": sqs_actions[0] if len(sqs_actions) == 1 else sqs_actions,
                "Resource": queue.arn,
            }
        )
        queue.attributes["Policy"] = attributes.compact(policy)
        queue.modified = int(self.now())
        return {}

    @operation("RemovePermission")
    def remove_permission(self, call: Call, params: Params) -> Result:
        queue = self.queue_of(call, params["QueueUrl"], "RemovePermission")
        label = params["Label"]
        policy = json.loads(queue.attributes.get("Policy") or "null") or {}
        statements = policy.get("Statement", [])
        if not isinstance(statements, list):
            statements = [statements]
        kept = [s for s in statements if not (isinstance(s, dict) and s.get("Sid") == label)]
        if len(kept) == len(statements):
            raise errors.invalid_value("Label", label, "can't find label on existing policy.")
        if kept:
            policy["Statement"] = kept
            queue.attributes["Policy"] = attributes.compact(policy)
        else:
            queue.attributes.pop("Policy", None)
        queue.modified = int(self.now())
        return {}


def queue_attributes(queue: Queue) -> dict[str, str]:
    """Every attribute GetQueueAttributes can report for ``queue``, as strings."""
    values = dict(queue.attributes)
    values.update(
        QueueArn=queue.arn,
        ApproximateNumberOfMessages=str(queue.counts[VISIBLE]),
        ApproximateNumberOfMessagesNotVisible=str(queue.counts[IN_FLIGHT]),
        ApproximateNumberOfMessagesDelayed=str(queue.counts[DELAYED]),
        CreatedTimestamp=str(queue.created),
        LastModifiedTimestamp=str(queue.modified),
    )
    return values


def arn_parts(arn: str) -> tuple[str, str, str]:
    parsed = parse_arn(arn)
    if parsed is None:
        raise AWSError("InvalidParameterValue", f"Invalid ARN: {arn}")
    return parsed
