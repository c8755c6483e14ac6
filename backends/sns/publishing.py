"""Publish and PublishBatch: check a message, deduplicate on FIFO topics, fan it out."""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Mapping
from typing import Any

import attrs

from hookmock._errors import FeatureNotImplemented
from hookmock._policy import ACCESS_CHECKED
from hookmock.backends._core import Call, Params, Result, operation
from hookmock.backends.sns import arns, delivery, errors, messages, topic_attributes
from hookmock.backends.sns.base import SnsBase
from hookmock.backends.sns.models import Topic
from hookmock.shapes import AWSError

MAX_BATCH = 10
DEDUPLICATION_WINDOW = 300
_BATCH_ID = re.compile(r"[A-Za-z0-9_-]{1,80}")


def _max_size(topic: Topic) -> int:
    return int(
        topic.attributes.get("MaximumMessageSize", topic_attributes.DEFAULT_MAX_MESSAGE_SIZE)
    )


@attrs.define(eq=False)
class PublishOperations(SnsBase):
    @operation("Publish")
    def publish(self, call: Call, params: Params) -> Result:
        given = [name for name in ("TopicArn", "TargetArn", "PhoneNumber") if params.get(name)]
        if not given:
            raise errors.invalid_parameter(
                call, "TopicArn or TargetArn Reason: no value for required parameter"
            )
        if len(given) > 1:
            raise errors.invalid_parameter(
                call,
                "TopicArn Reason: Only one of TopicArn, TargetArn or PhoneNumber may be specified",
            )
        (target,) = given
        if target == "PhoneNumber":
            return self.publish_sms(call, params)
        arn = params[target]
        parsed = arns.parse(arn)
        if target == "TargetArn" and parsed is not None and parsed.resource.startswith("endpoint/"):
            return self.publish_to_endpoint(call, params)
        topic = self.topic_of(call, arn, "Publish", target)
        return self._publish(call, topic, params)

    def publish_sms(self, call: Call, params: Params) -> Result:
        raise FeatureNotImplemented("sns", "Publish", "PhoneNumber (SMS)")

    def publish_to_endpoint(self, call: Call, params: Params) -> Result:
        raise FeatureNotImplemented("sns", "Publish", "platform endpoints as TargetArn")

    def _publish(self, call: Call, topic: Topic, entry: Mapping[str, Any]) -> dict[str, Any]:
        """One message to ``topic``: Publish's answer members."""
        message = entry["Message"]
        messages.check_message(call, message)
        subject = entry.get("Subject")
        messages.check_subject(call, subject)
        structure = entry.get("MessageStructure")
        if structure is not None and structure != "json":
            raise errors.invalid_parameter(call, "MessageStructure")
        per_protocol = messages.per_protocol(call, message) if structure == "json" else None
        attributes = messages.checked_attributes(call, entry.get("MessageAttributes"))
        if messages.size(message, attributes) > _max_size(topic):
            raise errors.invalid_parameter(call, "Message too long")
        group_id = entry.get("MessageGroupId")
        dedup_id = entry.get("MessageDeduplicationId")
        messages.check_id(call, "MessageGroupId", group_id)
        messages.check_id(call, "MessageDeduplicationId", dedup_id)
        now = self.now()
        sequence_number = None
        scope = ""
        if topic.fifo:
            if group_id is None:
                raise errors.invalid_parameter(
                    call, "The MessageGroupId parameter is required for FIFO topics"
                )
            if dedup_id is None:
                if topic.attributes.get("ContentBasedDeduplication") != "true":
                    raise errors.invalid_parameter(
                        call,
                        "The topic should either have ContentBasedDeduplication enabled or "
                        "MessageDeduplicationId provided explicitly",
                    )
                dedup_id = hashlib.sha256(message.encode()).hexdigest()
            scope = (
                group_id if topic.attributes.get("FifoThroughputScope") == "MessageGroup" else ""
            )
            original = topic.duplicate_of((scope, dedup_id), now)
            if original is not None:
                return {"MessageId": original[0], "SequenceNumber": original[1]}
            sequence_number = topic.next_sequence_number()
        elif dedup_id is not None:
            raise errors.invalid_parameter(
                call,
                "MessageDeduplicationId Reason: The request includes MessageDeduplicationId "
                "parameter that is not valid for this topic type",
            )
        published = delivery.Published(
            message_id=str(uuid.uuid4()),
            message=message,
            per_protocol=per_protocol,
            subject=subject,
            attributes=attributes,
            sent_at=now,
            region=topic.region,
            partition=call.partition,
            group_id=group_id,
            deduplication_id=dedup_id,
            sequence_number=sequence_number,
            checked=bool(call.context.get(ACCESS_CHECKED)),
        )
        if dedup_id is not None and sequence_number is not None:
            topic.remember(
                (scope, dedup_id), now + DEDUPLICATION_WINDOW, published.message_id, sequence_number
            )
        delivery.fan_out(call.world, topic, published)
        answer = {"MessageId": published.message_id}
        if sequence_number is not None:
            answer["SequenceNumber"] = sequence_number
        return answer

    @operation("PublishBatch")
    def publish_batch(self, call: Call, params: Params) -> Result:
        topic = self.topic_of(call, params["TopicArn"], "Publish")
        entries = params["PublishBatchRequestEntries"]
        if not entries:
            raise call.error(
                "EmptyBatchRequestException", "The batch request doesn't contain any entries."
            )
        if len(entries) > MAX_BATCH:
            raise call.error(
                "TooManyEntriesInBatchRequestException",
                "The batch request contains more entries than permissible.",
            )
        seen: set[str] = set()
        for entry in entries:
            if not _BATCH_ID.fullmatch(entry["Id"]):
                raise call.error(
                    "InvalidBatchEntryIdException",
                    "The Id of a batch entry in a batch request doesn't abide by the "
                    "specification.",
                )
            if entry["Id"] in seen:
                raise call.error(
                    "BatchEntryIdsNotDistinctException",
                    "Two or more batch entries in the request have the same Id.",
                )
            seen.add(entry["Id"])
        total = sum(messages.raw_size(e) for e in entries)
        if total > _max_size(topic):
            raise call.error(
                "BatchRequestTooLongException",
                "The length of all the messages put together is more than the limit.",
            )
        successful, failed = [], []
        for entry in entries:
            try:
                successful.append({"Id": entry["Id"], **self._publish(call, topic, entry)})
            except AWSError as error:
                failed.append(
                    {
                        "Id": entry["Id"],
                        "Code": error.code,
                        "Message": error.message,
                        "SenderFault": error.sender_fault,
                    }
                )
        return {"Successful": successful, "Failed": failed}
