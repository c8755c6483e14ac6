"""Dead-letter queue redrive: message move tasks, which complete at once."""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any

import attrs

from hookmock.backends._core import Call, Params, Result, operation
from hookmock.backends.sqs import errors
from hookmock.backends.sqs.base import SqsBase
from hookmock.backends.sqs.messages import VISIBLE
from hookmock.backends.sqs.queue import Queue


def _not_found(call: Call, what: str) -> Exception:
    return errors.modeled(
        call,
        "ResourceNotFoundException",
        f"The resource that you specified for the {what} parameter doesn't exist.",
    )


@attrs.define(eq=False)
class RedriveOperations(SqsBase):
    def _is_dead_letter_queue(self, queue: Queue) -> bool:
        for candidate in self.queues.values():
            policy = candidate.attributes.get("RedrivePolicy")
            if policy and json.loads(policy)["deadLetterTargetArn"] == queue.arn:
                return True
        return False

    @operation("StartMessageMoveTask")
    def start_message_move_task(self, call: Call, params: Params) -> Result:
        source_arn = params["SourceArn"]
        source = self.queue_by_arn(call, source_arn)
        if source is None or source.account_id != call.account_id:
            raise _not_found(call, "SourceArn")
        if not self._is_dead_letter_queue(source):
            raise errors.invalid_parameter(
                "Source queue must be configured as a Dead Letter Queue."
            )
        destination_arn = params.get("DestinationArn")
        destination = None
        if destination_arn is not None:
            destination = self.queue_by_arn(call, destination_arn)
            if destination is None:
                raise _not_found(call, "DestinationArn")
        rate = params.get("MaxNumberOfMessagesPerSecond")
        if rate is not None and not 1 <= rate <= 500:
            raise errors.invalid_value(
                "MaxNumberOfMessagesPerSecond", rate, "Must be between 1 and 500."
            )
        now = self.now()
        source.tick(now)
        candidates = [m for m in list(source.messages.values()) if m.state == VISIBLE]
        moved = 0
        for message in candidates:
            target = destination
            if target is None and message.dead_letter_source_arn is not None:
                target = self.queue_by_arn(call, message.dead_letter_source_arn)
            if target is None:
                continue
            source.remove(message)
            copy = attrs.evolve(
                message,
                dead_letter_source_arn=None,
                receive_count=0,
                first_received_at=None,
                received_at=None,
                receipt=None,
                generation=0,
            )
            if target.fifo:
                copy.sequence_number = target.next_sequence_number()
            target.tick(now)
            target.add(copy, now, 0)
            target.condition.notify_all()
            moved += 1
        handle = base64.b64encode(
            json.dumps({"taskId": str(uuid.uuid4()), "sourceArn": source_arn}).encode()
        ).decode()
        task: dict[str, Any] = {
            "TaskHandle": handle,
            "Status": "COMPLETED",
            "SourceArn": source_arn,
            "DestinationArn": destination_arn,
            "MaxNumberOfMessagesPerSecond": rate,
            "ApproximateNumberOfMessagesMoved": moved,
            "ApproximateNumberOfMessagesToMove": len(candidates),
            "StartedTimestamp": int(now * 1000),
        }
        self.move_tasks.append(task)
        return {"TaskHandle": handle}

    @operation("ListMessageMoveTasks")
    def list_message_move_tasks(self, call: Call, params: Params) -> Result:
        source_arn = params["SourceArn"]
        source = self.queue_by_arn(call, source_arn)
        if source is None or source.account_id != call.account_id:
            raise _not_found(call, "SourceArn")
        limit = params.get("MaxResults")
        if limit is not None and not 1 <= limit <= 10:
            raise errors.invalid_value("MaxResults", limit, "Must be between 1 and 10.")
        tasks = [t for t in reversed(self.move_tasks) if t["SourceArn"] == source_arn]
        results = [
            {key: value for key, value in task.items() if key != "TaskHandle"}
            for task in tasks[: limit or 1]
        ]
        return {"Results": results} if results else {}
