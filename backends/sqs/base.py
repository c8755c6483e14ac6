"""What every SQS operation needs: finding a queue by URL or ARN, access, time."""

from __future__ import annotations

import functools
import json
import re
import threading
from typing import Any
from urllib.parse import urlparse

import attrs
from sortedcontainers import SortedSet

from hookmock._policy import ACCESS_CHECKED
from hookmock.backends._core import SERVED_AT, Backend, Call
from hookmock.backends.sqs import errors
from hookmock.backends.sqs.moves import MoveTask
from hookmock.backends.sqs.queue import Queue
from hookmock.shapes import AWSError
from hookmock.shapes.paginate import SortedIndex

QUEUE_RECREATE_WAIT = 60
"""Seconds after DeleteQueue before a queue of the same name may be created."""


def queue_host(region: str, partition: str) -> str:
    suffix = "amazonaws.com.cn" if partition == "aws-cn" else "amazonaws.com"
    return f"sqs.{region}.{suffix}"


def queue_url(call: Call, queue: Queue) -> str:
    """The QueueUrl to hand a caller: AWS's, or over HTTP one on the server the caller
    reached (so SDKs that send to the queue URL come back to it)."""
    served_at = call.context.get(SERVED_AT)
    if served_at is None:
        return queue.url
    return f"{served_at}/{queue.account_id}/{queue.name}"


def _served_here(call: Call, netloc: str) -> bool:
    """Whether a QueueUrl's host is the client's SQS endpoint: the host the client
    resolved (FIPS, dual-stack or a custom endpoint_url included), the one queue URLs
    are issued with, or a legacy queue host of the same region."""
    if netloc.lower() == urlparse(call.endpoint).netloc.lower():
        return True
    host = netloc.lower()
    suffix = "amazonaws.com.cn" if call.partition == "aws-cn" else "amazonaws.com"
    legacy = {queue_host(call.region, call.partition), f"{call.region}.queue.{suffix}"}
    if call.region == "us-east-1":
        legacy.add("queue.amazonaws.com")
    return host in legacy


def parse_arn(arn: str) -> tuple[str, str, str] | None:
    """(region, account, name) of an SQS queue ARN."""
    parts = arn.split(":")
    if len(parts) != 6 or parts[0] != "arn" or parts[2] != "sqs":
        return None
    return parts[3], parts[4], parts[5]


@attrs.define(eq=False)
class SqsBase(Backend):
    queues: SortedIndex[str, Queue] = attrs.field(factory=SortedIndex)
    deleted: dict[str, float] = attrs.field(factory=dict)
    """Names of deleted queues → when they were deleted."""
    move_tasks: list[MoveTask] = attrs.field(factory=list)
    dead_letter_sources: dict[str, SortedSet] = attrs.field(factory=dict)
    """Dead-letter target ARN → names of this backend's queues whose RedrivePolicy
    names it, kept as RedrivePolicy changes so no listing parses every policy."""

    def __attrs_post_init__(self) -> None:
        self.lock = self.world.service_lock("sqs")
        self.world.clock.on_advance(self._wake_all)

    def _wake_all(self) -> None:
        with self.lock:
            for queue in self.queues.values():
                queue.condition.notify_all()

    def index_redrive(self, queue: Queue, before: str | None, after: str | None) -> None:
        """``queue``'s RedrivePolicy changed from ``before`` to ``after`` (None: none)."""
        if before is not None:
            target = json.loads(before)["deadLetterTargetArn"]
            sources = self.dead_letter_sources.get(target)
            if sources is not None:
                sources.discard(queue.name)
                if not sources:
                    del self.dead_letter_sources[target]
        if after is not None:
            target = json.loads(after)["deadLetterTargetArn"]
            self.dead_letter_sources.setdefault(target, SortedSet()).add(queue.name)

    def now(self) -> float:
        return self.world.clock.time()

    def new_condition(self) -> threading.Condition:
        return threading.Condition(self.lock)

    def peer(self, call: Call, account_id: str, region: str | None = None) -> SqsBase:
        """The SQS backend of another account (or region) in the same world."""
        if account_id == self.account_id and region in (None, self.location):
            return self
        from hookmock.backends.sqs.backend import SERVICE

        found: SqsBase = call.world.backend(SERVICE, account_id, region or self.location)
        return found

    def queue_of(self, call: Call, url: str, action: str) -> Queue:
        """The queue a QueueUrl names (in any account), if the caller may use it."""
        parsed = urlparse(url)
        path = parsed.path.strip("/").split("/") if parsed.scheme else []
        if len(path) != 2:
            raise errors.modeled(
                call, "InvalidAddress", f"The address {url} is not valid for this endpoint."
            )
        if not _served_here(call, parsed.netloc):
            raise errors.modeled(
                call,
                "InvalidAddress",
                f"The address {parsed.scheme}://{parsed.netloc}/ is not valid for this endpoint.",
            )
        account_id, name = path
        queue = self.peer(call, account_id).queues.get(name)
        if queue is None:
            raise errors.no_queue(call)
        check_access(call, queue, action)
        if queue.moves:
            now = self.now()
            for task in list(queue.moves):
                task.settle(now)
        return queue

    def queue_by_arn(self, call: Call, arn: str) -> Queue | None:
        parsed = parse_arn(arn)
        if parsed is None:
            return None
        region, account_id, name = parsed
        backend = self.peer(call, account_id, region)
        return backend.queues.get(name)


OWNER_ONLY = frozenset(
    {
        "AddPermission",
        "DeleteQueue",
        "ListQueueTags",
        "RemovePermission",
        "SetQueueAttributes",
        "TagQueue",
        "UntagQueue",
    }
)
"""Actions cross-account permissions don't apply to, whatever a queue's policy says."""


def check_access(call: Call, queue: Queue, action: str) -> None:
    """Another account's queue is usable only where its policy allows the caller."""
    if call.account_id == queue.account_id:
        return
    if call.context.get(ACCESS_CHECKED) and action not in OWNER_ONLY:
        return  # access control evaluated the queue policy in full
    policy = queue.attributes.get("Policy")
    if action not in OWNER_ONLY and policy and _allows(json.loads(policy), call, action):
        return
    raise AWSError(
        "AccessDenied",
        f"Access to the resource https://{queue_host(call.region, call.partition)}/ is denied.",
        403,
    )


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _allows(policy: dict[str, Any], call: Call, action: str) -> bool:
    """Whether the policy's statements allow ``action`` to the caller: an explicit
    Deny wins over any Allow. Conditions are not evaluated, so a statement with
    one never matches."""
    allowed = False
    for statement in _listed(policy.get("Statement", [])):
        if not isinstance(statement, dict) or "Condition" in statement:
            continue
        effect = statement.get("Effect")
        if effect not in ("Allow", "Deny") or not _matches(statement, call, action):
            continue
        if effect == "Deny":
            return False
        allowed = True
    return allowed


def _matches(statement: dict[str, Any], call: Call, action: str) -> bool:
    account = call.account_id
    principal = statement.get("Principal")
    principals = _listed(principal.get("AWS", [])) if isinstance(principal, dict) else [principal]
    who = any(
        p in ("*", account, call.principal.arn, f"arn:{call.partition}:iam::{account}:root")
        for p in principals
        if isinstance(p, str)
    )
    wanted = f"sqs:{action}"
    what = any(
        _action_pattern(pattern).fullmatch(wanted)
        for pattern in _listed(statement.get("Action", []))
        if isinstance(pattern, str)
    )
    return who and what


@functools.lru_cache(maxsize=256)
def _action_pattern(pattern: str) -> re.Pattern[str]:
    """An IAM action pattern: ``*`` and ``?`` wildcards, compared case-insensitively."""
    parts = (".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)
