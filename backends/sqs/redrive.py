"""Dead-letter queue redrive: message move tasks."""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from collections import deque
from typing import Any

import attrs

from hookmock.backends._core import Call, Params, Result, operation
from hookmock.backends.sqs import errors
from hookmock.backends.sqs.base import SqsBase
from hookmock.backends.sqs.messages import VISIBLE
from hookmock.backends.sqs.moves import CANCELLED, RUNNING, MoveTask
from hookmock.backends.sqs.queue import Queue


def _not_found(call: Call, what: str) -> Exception:
    return errors.modeled(
        call,
        "ResourceNotFoundException",
        f"The resource that you specified for the {what} parameter doesn't exist.",
    )


def _no_task(call: Call) -> Exception:
    return errors.modeled(call, "ResourceNotFoundException", "Task does not exist.")


def _source_arn_of(handle: str) -> str | None:
    """The source queue ARN a task handle carries (AWS's handles are base64 JSON)."""
    try:
        decoded = json.loads(base64.b64decode(handle.encode(), validate=True))
    except (binascii.Error, UnicodeError, ValueError):
        return None
    source = decoded.get("sourceArn") if isinstance(decoded, dict) else None
    return source if isinstance(source, str) else None


def _listed(task: MoveTask) -> dict[str, Any]:
    listed: dict[str, Any] = {
        "Status": task.status,
        "SourceArn": task.source.arn,
        "DestinationArn": task.destination_arn,
        "MaxNumberOfMessagesPerSecond": task.rate,
        "ApproximateNumberOfMessagesMoved": task.moved,
        "ApproximateNumberOfMessagesToMove": task.to_move,
        "StartedTimestamp": int(task.started_at * 1000),
    }
    if task.status == RUNNING:
        listed["TaskHandle"] = task.handle
    if task.failure_reason is not None:
        listed["FailureReason"] = task.failure_reason
    return listed


@attrs.define(eq=False)
class RedriveOperations(SqsBase):
    def _is_dead_letter_queue(self, call: Call, queue: Queue) -> bool:
        return bool(self._owner(call, queue).dead_letter_sources.get(queue.arn))

    def _settled_source(self, call: Call, source_arn: str) -> Queue:
        """The caller's queue ``source_arn`` names, its move tasks brought up to now."""
        source = self.queue_by_arn(call, source_arn)
        if source is None or source.account_id != call.account_id:
            raise _not_found(call, "SourceArn")
        now = self.now()
        for task in list(source.moves):
            task.settle(now)
        return source

    @operation("StartMessageMoveTask")
    def start_message_move_task(self, call: Call, params: Params) -> Result:
        source_arn = params["SourceArn"]
        source = self._settled_source(call, source_arn)
        if not self._is_dead_letter_queue(call, source):
            raise errors.invalid_parameter(
                "Source queue must be configured as a Dead Letter Queue."
            )
        destination_arn = params.get("DestinationArn")
        destination = None
        if destination_arn is not None:
            destination = self.queue_by_arn(call, destination_arn)
            if destination is None:
                raise _not_found(call, "DestinationArn")
            if destination is source:
                raise errors.invalid_value(
                    "DestinationArn",
                    destination_arn,
                    "The destination queue must be different from the source queue.",
                )
            if destination.fifo != source.fifo:
                raise errors.invalid_value(
                    "DestinationArn",
                    destination_arn,
                    "The destination queue must be the same type of queue as the source.",
                )
        rate = params.get("MaxNumberOfMessagesPerSecond")
        if rate is not None and not 1 <= rate <= 500:
            raise errors.invalid_value(
                "MaxNumberOfMessagesPerSecond", rate, "Must be between 1 and 500."
            )
        if any(task.source is source for task in source.moves):
            raise errors.modeled(
                call,
                "UnsupportedOperation",
                "Only one active message move task is supported per source queue.",
            )
        now = self.now()
        source.tick(now)
        pending = deque(m for m in list(source.messages.values()) if m.state == VISIBLE)
        handle = base64.b64encode(
            json.dumps({"taskId": str(uuid.uuid4()), "sourceArn": source_arn}).encode()
        ).decode()
        task = MoveTask(
            handle,
            source,
            destination_arn,
            rate,
            now,
            pending,
            resolve=lambda arn: self.queue_by_arn(call, arn),
        )
        targets = [destination] if destination is not None else self._sources_of(call, task)
        task.queues = [source, *(t for t in targets if t is not source)]
        for queue in task.queues:
            queue.moves.append(task)
        self._owner(call, source).move_tasks.append(task)
        task.settle(now)
        return {"TaskHandle": handle}

    def _owner(self, call: Call, source: Queue) -> SqsBase:
        """The backend that keeps the move tasks of ``source``."""
        return self.peer(call, source.account_id, source.region)

    def _sources_of(self, call: Call, task: MoveTask) -> list[Queue]:
        arns = {m.dead_letter_source_arn for m in task.pending if m.dead_letter_source_arn}
        found = (self.queue_by_arn(call, arn) for arn in sorted(arns))
        return [queue for queue in found if queue is not None]

    @operation("CancelMessageMoveTask")
    def cancel_message_move_task(self, call: Call, params: Params) -> Result:
        handle = params["TaskHandle"]
        source_arn = _source_arn_of(handle)
        source = self.queue_by_arn(call, source_arn) if source_arn else None
        if source is None or source.account_id != call.account_id:
            raise _no_task(call)
        self._settled_source(call, source.arn)
        task = next((t for t in self._owner(call, source).move_tasks if t.handle == handle), None)
        if task is None:
            raise _no_task(call)
        if task.status != RUNNING:
            raise errors.modeled(
                call,
                "ResourceNotFoundException",
                f"Only a RUNNING task can be cancelled; this task is {task.status}.",
            )
        task.finish(CANCELLED)
        return {"ApproximateNumberOfMessagesMoved": task.moved}

    @operation("ListMessageMoveTasks")
    def list_message_move_tasks(self, call: Call, params: Params) -> Result:
        source_arn = params["SourceArn"]
        source = self._settled_source(call, source_arn)
        limit = params.get("MaxResults")
        if limit is not None and not 1 <= limit <= 10:
            raise errors.invalid_value("MaxResults", limit, "Must be between 1 and 10.")
        owner = self._owner(call, source)
        tasks = [t for t in reversed(owner.move_tasks) if t.source is source]
        results = [_listed(task) for task in tasks[: limit or 1]]
        return {"Results": results} if results else {}
