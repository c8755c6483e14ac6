"""Message operations: send, receive (with long polling), delete, change visibility."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import uuid
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from hookmock._authz.service_principals import ServiceSource, service_allowed
from hookmock.backends._core import Call, Params, Result, operation
from hookmock.backends.sqs import errors
from hookmock.backends.sqs.attributes import MAX_MESSAGE_SIZE
from hookmock.backends.sqs.base import SqsBase
from hookmock.backends.sqs.checksums import md5_of_attributes
from hookmock.backends.sqs.messages import (
    IN_FLIGHT,
    Message,
    check_body,
    checked_attributes,
    checked_system_attributes,
    digests,
    message_size,
)
from hookmock.backends.sqs.moves import transfer
from hookmock.backends.sqs.queue import Queue
from hookmock.shapes import AWSError

MAX_BATCH = 10
MAX_VISIBILITY = 43200
DEDUPLICATION_WINDOW = 300
_BATCH_ID = re.compile(r"[A-Za-z0-9_-]{1,80}")
_ATTEMPT_ID = _FIFO_ID = re.compile(r"[!-~]{1,128}")
"""Alphanumerics and ASCII punctuation: the printable characters but space."""
SYSTEM_ATTRIBUTE_NAMES = frozenset(
    {
        "All",
        "SenderId",
        "SentTimestamp",
        "ApproximateReceiveCount",
        "ApproximateFirstReceiveTimestamp",
        "SequenceNumber",
        "MessageDeduplicationId",
        "MessageGroupId",
        "AWSTraceHeader",
        "DeadLetterQueueSourceArn",
    }
)


def _millis(seconds: float) -> str:
    return str(int(seconds * 1000))


def _receipt(queue: Queue, message: Message) -> str:
    raw = f"{queue.arn} {message.id} {uuid.uuid4().hex}"
    return base64.urlsafe_b64encode(raw.encode()).decode()


def _message_id_of(call: Call, queue: Queue, handle: str) -> str:
    """The message a receipt handle of ``queue`` was issued for."""
    try:
        arn, message_id, _ = base64.urlsafe_b64decode(handle.encode()).decode().split(" ")
    except (binascii.Error, UnicodeError, ValueError):
        raise errors.invalid_receipt_handle(call, handle) from None
    if arn != queue.arn:
        raise errors.invalid_receipt_handle(call, handle)
    return message_id


def _expired(handle: str) -> AWSError:
    return errors.invalid_value("ReceiptHandle", handle, "The receipt handle has expired.")


def _checked_attempt_id(attempt: str | None) -> str | None:
    if attempt is not None and not _ATTEMPT_ID.fullmatch(attempt):
        raise errors.invalid_value(
            "ReceiveRequestAttemptId",
            attempt,
            "It can contain only alphanumeric characters and punctuation, up to 128 characters.",
        )
    return attempt


def _check_fifo_id(name: str, value: str) -> None:
    if not _FIFO_ID.fullmatch(value):
        raise errors.invalid_value(
            name,
            value,
            f"{name} can only include alphanumeric and punctuation characters. 1 to 128 in length.",
        )


def _bounded(name: str, value: int | None, low: int, high: int) -> None:
    if value is not None and not low <= value <= high:
        raise errors.invalid_value(name, value, f"Must be >= {low} and <= {high}, if provided.")


def _selected_attributes(
    attributes: Mapping[str, Mapping[str, Any]], names: list[str]
) -> dict[str, Any]:
    if not names or not attributes:
        return {}
    if "All" in names or ".*" in names:
        return dict(attributes)
    prefixes = tuple(name[:-1] for name in names if name.endswith(".*"))
    return {
        name: value
        for name, value in attributes.items()
        if name in names or (prefixes and name.startswith(prefixes))
    }


@attrs.define(eq=False)
class MessageOperations(SqsBase):
    # -- sending -----------------------------------------------------------------------

    def _send(self, call: Call, queue: Queue, entry: Mapping[str, Any]) -> dict[str, Any]:
        """One message into ``queue``: SendMessage's answer members."""
        return self._enqueue(queue, entry, call.principal.user_id)

    def deliver(
        self,
        queue_name: str,
        entry: Mapping[str, Any],
        sender_id: str,
        source: ServiceSource | None = None,
    ) -> bool:
        """A message another service (SNS) delivers to queue ``queue_name`` of this
        backend, as SendMessage's ``entry``: False where the queue does not exist or
        refuses the message (the sender then counts the delivery as failed).

        With ``source`` (access control checks the delivery), the queue's policy
        must allow the service ``sqs:SendMessage``, as AWS requires."""
        with self.lock:
            queue = self.queues.get(queue_name)
            if queue is None:
                return False
            if source is not None and not service_allowed(
                self.world,
                source,
                "sqs:SendMessage",
                queue.arn,
                queue.account_id,
                queue.attributes.get("Policy"),
            ):
                return False
            try:
                self._enqueue(queue, entry, sender_id)
            except AWSError:
                return False
            return True

    def _enqueue(self, queue: Queue, entry: Mapping[str, Any], sender_id: str) -> dict[str, Any]:
        body = entry["MessageBody"]
        check_body(body)
        user = checked_attributes(entry.get("MessageAttributes"))
        system = checked_system_attributes(entry.get("MessageSystemAttributes"))
        limit = queue.number("MaximumMessageSize")
        if message_size(body, user) > limit:
            raise errors.invalid_parameter(
                f"One or more parameters are invalid. Reason: Message must be shorter than "
                f"{limit} bytes."
            )
        delay = entry.get("DelaySeconds")
        _bounded("DelaySeconds", delay, 0, 900)
        group_id = entry.get("MessageGroupId")
        dedup_id = entry.get("MessageDeduplicationId")
        now = self.now()
        queue.tick(now)
        message = Message(
            id=str(uuid.uuid4()),
            body=body,
            attributes=user,
            system_attributes=system,
            sent_at=now,
            sender_id=sender_id,
            group_id=group_id,
        )
        if not queue.fifo:
            if dedup_id is not None:
                raise errors.invalid_value(
                    "MessageDeduplicationId",
                    dedup_id,
                    "The request include parameter that is not valid for this queue type.",
                )
            queue.add(message, now, queue.number("DelaySeconds") if delay is None else delay)
            queue.condition.notify_all()
            return {"MessageId": message.id, **digests(message)}
        if delay is not None:
            raise errors.invalid_value(
                "DelaySeconds",
                delay,
                "The request include parameter that is not valid for this queue type.",
            )
        if group_id is None:
            raise errors.missing_parameter("MessageGroupId")
        _check_fifo_id("MessageGroupId", group_id)
        if dedup_id is not None:
            _check_fifo_id("MessageDeduplicationId", dedup_id)
        else:
            if queue.attributes.get("ContentBasedDeduplication") != "true":
                raise errors.invalid_parameter(
                    "The queue should either have ContentBasedDeduplication enabled or "
                    "MessageDeduplicationId provided explicitly"
                )
            dedup_id = hashlib.sha256(body.encode()).hexdigest()
        scope = group_id if queue.attributes.get("DeduplicationScope") == "messageGroup" else ""
        key = (scope, dedup_id)
        original = queue.duplicate_of(key, now)
        if original is not None:
            return {
                "MessageId": original.id,
                "SequenceNumber": original.sequence_number,
                **digests(message),
            }
        message.deduplication_id = dedup_id
        message.sequence_number = queue.next_sequence_number()
        queue.remember(key, message, now + DEDUPLICATION_WINDOW)
        queue.add(message, now, queue.number("DelaySeconds"))
        queue.condition.notify_all()
        return {
            "MessageId": message.id,
            "SequenceNumber": message.sequence_number,
            **digests(message),
        }

    @operation("SendMessage")
    def send_message(self, call: Call, params: Params) -> Result:
        queue = self.queue_of(call, params["QueueUrl"], "SendMessage")
        return self._send(call, queue, params)

    def _batch(
        self,
        call: Call,
        entries: list[dict[str, Any]],
        entry_shape: str,
        run: Callable[[dict[str, Any]], dict[str, Any]],
    ) -> dict[str, Any]:
        """Checks every SQS batch makes, then ``run`` on each entry: failures are
        reported per entry, never for the whole batch."""
        if not entries:
            raise errors.modeled(
                call,
                "EmptyBatchRequest",
                f"There should be at least one {entry_shape} in the request.",
            )
        if len(entries) > MAX_BATCH:
            raise errors.modeled(
                call,
                "TooManyEntriesInBatchRequest",
                f"Maximum number of entries per request are {MAX_BATCH}. You have sent "
                f"{len(entries)}.",
            )
        seen: set[str] = set()
        for entry in entries:
            entry_id = entry["Id"]
            if not _BATCH_ID.fullmatch(entry_id):
                raise errors.modeled(
                    call,
                    "InvalidBatchEntryId",
                    "A batch entry id can only contain alphanumeric characters, hyphens and "
                    "underscores. It can be at most 80 letters long.",
                )
            if entry_id in seen:
                raise errors.modeled(call, "BatchEntryIdsNotDistinct", f"Id {entry_id} repeated.")
            seen.add(entry_id)
        successful, failed = [], []
        for entry in entries:
            try:
                successful.append({"Id": entry["Id"], **run(entry)})
            except AWSError as error:
                failed.append(
                    {
                        "Id": entry["Id"],
                        "SenderFault": error.sender_fault,
                        "Code": error.code,
                        "Message": error.message,
                    }
                )
        return {"Successful": successful, "Failed": failed}

    @operation("SendMessageBatch")
    def send_message_batch(self, call: Call, params: Params) -> Result:
        queue = self.queue_of(call, params["QueueUrl"], "SendMessage")
        entries = params["Entries"]
        if 0 < len(entries) <= MAX_BATCH:
            total = sum(
                message_size(e["MessageBody"], e.get("MessageAttributes") or {}) for e in entries
            )
            if total > MAX_MESSAGE_SIZE:
                raise errors.modeled(
                    call,
                    "BatchRequestTooLong",
                    f"Batch requests cannot be longer than {MAX_MESSAGE_SIZE} bytes. You have "
                    f"sent {total} bytes.",
                )
        return self._batch(
            call,
            entries,
            "SendMessageBatchRequestEntry",
            lambda entry: self._send(call, queue, entry),
        )

    # -- receiving ---------------------------------------------------------------------

    # AttributeNames takes message attribute names, though modeled as queue ones.
    @operation("ReceiveMessage", locked=False, unchecked=frozenset({"AttributeNames"}))
    def receive_message(self, call: Call, params: Params) -> Result:
        with self.lock:
            queue = self.queue_of(call, params["QueueUrl"], "ReceiveMessage")
            limit = params.get("MaxNumberOfMessages")
            if limit is not None and not 1 <= limit <= MAX_BATCH:
                raise errors.invalid_value(
                    "MaxNumberOfMessages", limit, "Must be between 1 and 10, if provided."
                )
            visibility = params.get("VisibilityTimeout")
            _bounded("VisibilityTimeout", visibility, 0, MAX_VISIBILITY)
            wait = params.get("WaitTimeSeconds")
            _bounded("WaitTimeSeconds", wait, 0, 20)
            system_names = self._system_names(call, params)
            message_names = list(params.get("MessageAttributeNames") or [])
            if wait is None:
                wait = queue.number("ReceiveMessageWaitTimeSeconds")
            attempt = _checked_attempt_id(params.get("ReceiveRequestAttemptId"))
            if attempt is not None and queue.fifo:
                now = self.now()
                queue.tick(now)
                repeated = queue.repeated_receive(attempt, now)
                if repeated is not None:
                    timeout = (
                        queue.number("VisibilityTimeout") if visibility is None else visibility
                    )
                    queue.retry_receive(attempt, now, timeout)
                    rendered = [self._render(m, system_names, message_names) for m in repeated]
                    return {"Messages": rendered} if rendered else {}
            # The wait ends once the world clock passes the deadline (so advancing
            # the clock ends it too), or once timed-out waits add up to it (so it
            # ends under a frozen clock). Wake-ups never extend it.
            deadline = self.now() + wait
            slept = 0.0
            while True:
                now = self.now()
                queue.tick(now)
                taken = self._take(call, queue, limit or 1, visibility, now)
                deleted = self.peer(call, queue.account_id).queues.get(queue.name) is not queue
                if taken or deleted or now >= deadline or slept >= wait:
                    break
                timeout = min(deadline - now, wait - slept)
                due = queue.next_due()
                if due is not None:
                    timeout = min(timeout, due - now)
                timeout = max(timeout, 0.001)
                if not queue.condition.wait(timeout):
                    slept += timeout
            if attempt is not None and queue.fifo:
                queue.remember_receive(attempt, taken, self.now())
            rendered = [self._render(m, system_names, message_names) for m in taken]
            return {"Messages": rendered} if rendered else {}

    def _system_names(self, call: Call, params: Params) -> list[str]:
        names = list(params.get("AttributeNames") or []) + list(
            params.get("MessageSystemAttributeNames") or []
        )
        for name in names:
            if not isinstance(name, str):
                raise errors.unknown_attribute(call, repr(name))
            if name not in SYSTEM_ATTRIBUTE_NAMES:
                raise errors.unknown_attribute(call, name)
        return names

    def _take(
        self, call: Call, queue: Queue, limit: int, visibility: int | None, now: float
    ) -> list[tuple[Message, str]]:
        """Receive up to ``limit`` messages: each leaves as in flight, or moves to the
        dead-letter queue once it has been received maxReceiveCount times."""
        timeout = queue.number("VisibilityTimeout") if visibility is None else visibility
        redrive = queue.attributes.get("RedrivePolicy")
        policy = json.loads(redrive) if redrive else None
        target = self.queue_by_arn(call, policy["deadLetterTargetArn"]) if policy else None
        taken: list[tuple[Message, str]] = []
        for message in queue.visible(limit):
            if (
                policy is not None
                and target is not None
                and (message.receive_count >= policy["maxReceiveCount"])
            ):
                transfer(message, queue, target, now, dead_letter_source=queue.arn)
                continue
            message.receive_count += 1
            if message.first_received_at is None:
                message.first_received_at = now
            message.received_at = now
            queue.hide(message, now, timeout)
            message.receipt = _receipt(queue, message)
            taken.append((message, message.receipt))
        return taken

    def _render(
        self, taken: tuple[Message, str], system_names: list[str], message_names: list[str]
    ) -> dict[str, Any]:
        message, receipt = taken
        result: dict[str, Any] = {
            "MessageId": message.id,
            "ReceiptHandle": receipt,
            "MD5OfBody": message.md5_of_body,
            "Body": message.body,
        }
        if system_names:
            every = {
                "SenderId": message.sender_id,
                "SentTimestamp": _millis(message.sent_at),
                "ApproximateReceiveCount": str(message.receive_count),
                "ApproximateFirstReceiveTimestamp": _millis(message.first_received_at or 0),
                "SequenceNumber": message.sequence_number,
                "MessageDeduplicationId": message.deduplication_id,
                "MessageGroupId": message.group_id,
                "AWSTraceHeader": (message.system_attributes.get("AWSTraceHeader") or {}).get(
                    "StringValue"
                ),
                "DeadLetterQueueSourceArn": message.dead_letter_source_arn,
            }
            wanted = every if "All" in system_names else {n: every[n] for n in system_names}
            shown = {name: value for name, value in wanted.items() if value is not None}
            if shown:
                result["Attributes"] = shown
        selected = _selected_attributes(message.attributes, message_names)
        if selected:
            result["MessageAttributes"] = selected
            result["MD5OfMessageAttributes"] = md5_of_attributes(selected)
        return result

    # -- deleting and visibility ----------------------------------------------------------

    def _delete(self, call: Call, queue: Queue, handle: str) -> dict[str, Any]:
        message_id = _message_id_of(call, queue, handle)
        message = queue.messages.get(message_id)
        if message is None:
            return {}
        if queue.fifo and (message.receipt != handle or message.state != IN_FLIGHT):
            raise _expired(handle)
        queue.remove(message)
        return {}

    @operation("DeleteMessage")
    def delete_message(self, call: Call, params: Params) -> Result:
        queue = self.queue_of(call, params["QueueUrl"], "DeleteMessage")
        queue.tick(self.now())
        return self._delete(call, queue, params["ReceiptHandle"])

    @operation("DeleteMessageBatch")
    def delete_message_batch(self, call: Call, params: Params) -> Result:
        queue = self.queue_of(call, params["QueueUrl"], "DeleteMessage")
        queue.tick(self.now())
        return self._batch(
            call,
            params["Entries"],
            "DeleteMessageBatchRequestEntry",
            lambda entry: self._delete(call, queue, entry["ReceiptHandle"]),
        )

    def _change_visibility(
        self, call: Call, queue: Queue, handle: str, timeout: int
    ) -> dict[str, Any]:
        message_id = _message_id_of(call, queue, handle)
        _bounded("VisibilityTimeout", timeout, 0, MAX_VISIBILITY)
        message = queue.messages.get(message_id)
        if message is None or message.state != IN_FLIGHT or message.receipt != handle:
            raise errors.invalid_value(
                "ReceiptHandle",
                handle,
                "Message does not exist or is not available for visibility timeout change.",
            )
        now = self.now()
        if now - (message.received_at or now) + timeout > MAX_VISIBILITY:
            raise errors.invalid_value(
                "VisibilityTimeout",
                timeout,
                f"Total VisibilityTimeout for the message is beyond the limit "
                f"[{MAX_VISIBILITY} seconds]",
            )
        queue.change_visibility(message, now, timeout)
        if timeout == 0:
            queue.condition.notify_all()
        return {}

    @operation("ChangeMessageVisibility")
    def change_message_visibility(self, call: Call, params: Params) -> Result:
        queue = self.queue_of(call, params["QueueUrl"], "ChangeMessageVisibility")
        queue.tick(self.now())
        return self._change_visibility(
            call, queue, params["ReceiptHandle"], params["VisibilityTimeout"]
        )

    @operation("ChangeMessageVisibilityBatch")
    def change_message_visibility_batch(self, call: Call, params: Params) -> Result:
        queue = self.queue_of(call, params["QueueUrl"], "ChangeMessageVisibility")
        queue.tick(self.now())
        return self._batch(
            call,
            params["Entries"],
            "ChangeMessageVisibilityBatchRequestEntry",
            lambda entry: self._change_visibility(
                call, queue, entry["ReceiptHandle"], entry.get("VisibilityTimeout") or 0
            ),
        )
