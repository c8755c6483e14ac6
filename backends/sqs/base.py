"""What every SQS operation needs: finding a queue by URL or ARN, access, time."""

from __future__ import annotations

import json
import threading
import weakref
from typing import Any
from urllib.parse import urlparse

import attrs

from hookmock.backends._core import Backend, Call
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


def parse_arn(arn: str) -> tuple[str, str, str] | None:
    """(region, account, name) of an SQS queue ARN."""
    parts = arn.split(":")
    if len(parts) != 6 or parts[0] != "arn" or parts[2] != "sqs":
        return None
    return parts[3], parts[4], parts[5]


_world_locks: weakref.WeakKeyDictionary[Any, threading.RLock] = weakref.WeakKeyDictionary()
_world_locks_guard = threading.Lock()


def _shared_lock(world: Any) -> threading.RLock:
    """One lock for all SQS state of a world: a call may use another account's
    queue (and a dead-letter move touches two queues), and one lock cannot deadlock."""
    with _world_locks_guard:
        found = _world_locks.get(world)
        if found is None:
            found = _world_locks[world] = threading.RLock()
        return found


@attrs.define(eq=False)
class SqsBase(Backend):
    queues: SortedIndex[str, Queue] = attrs.field(factory=SortedIndex)
    deleted: dict[str, float] = attrs.field(factory=dict)
    """Names of deleted queues → when they were deleted."""
    move_tasks: list[MoveTask] = attrs.field(factory=list)

    def __attrs_post_init__(self) -> None:
        self.lock = _shared_lock(self.world)
        self.world.clock.on_advance(self._wake_all)

    def _wake_all(self) -> None:
        with self.lock:
            for queue in self.queues.values():
                queue.condition.notify_all()

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


def check_access(call: Call, queue: Queue, action: str) -> None:
    """Another account's queue is usable only where its policy allows the caller."""
    if call.account_id == queue.account_id:
        return
    policy = queue.attributes.get("Policy")
    if policy and _allows(json.loads(policy), call, action):
        return
    raise AWSError(
        "AccessDenied",
        f"Access to the resource {queue.url} is denied.",
        403,
    )


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _allows(policy: dict[str, Any], call: Call, action: str) -> bool:
    account = call.account_id
    for statement in _listed(policy.get("Statement", [])):
        if not isinstance(statement, dict) or statement.get("Effect") != "Allow":
            continue
        principal = statement.get("Principal")
        principals = (
            _listed(principal.get("AWS", [])) if isinstance(principal, dict) else [principal]
        )
        who = any(
            p in ("*", account, call.principal.arn, f"arn:{call.partition}:iam::{account}:root")
            for p in principals
        )
        actions = [str(a).lower() for a in _listed(statement.get("Action", []))]
        what = any(a in ("*", "sqs:*", f"sqs:{action.lower()}") for a in actions)
        if who and what:
            return True
    return False
