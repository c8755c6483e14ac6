"""Topic operations: create, attributes, list, delete, tags, data protection, permissions."""

from __future__ import annotations

import json
import re
from typing import Any

import attrs

from hookmock.backends._core import Call, Params, Result, operation
from hookmock.backends.sns import arns, errors, topic_attributes
from hookmock.backends.sns.base import SnsBase
from hookmock.backends.sns.models import FIREHOSE, LAMBDA, SQS, Topic
from hookmock.shapes import AWSError

_NAME = re.compile(r"[A-Za-z0-9_-]{1,256}")
_FIFO_NAME = re.compile(r"[A-Za-z0-9_-]{1,251}\.fifo")
MAX_TAGS = 50
LARGE_MESSAGE_SUBSCRIPTIONS = 100
PERMISSION_ACTIONS = frozenset(
    {
        "GetTopicAttributes",
        "SetTopicAttributes",
        "AddPermission",
        "RemovePermission",
        "DeleteTopic",
        "Subscribe",
        "ListSubscriptionsByTopic",
        "Publish",
        "Receive",
    }
)


def _check_name(call: Call, name: str, fifo: bool) -> None:
    if fifo and not _FIFO_NAME.fullmatch(name):
        raise errors.invalid_parameter(
            call,
            "Fifo Topic names must end with .fifo and must be made up of only uppercase and "
            "lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 "
            "and 256 characters long.",
        )
    if not fifo and not _NAME.fullmatch(name):
        raise errors.invalid_parameter(call, "Topic Name")


def _tag_map(call: Call, tags: list[dict[str, str]]) -> dict[str, str]:
    result: dict[str, str] = {}
    for tag in tags:
        key = tag["Key"]
        if key in result:
            raise errors.invalid_parameter(call, "Duplicated keys are not allowed.")
        if key.lower().startswith("aws:"):
            raise errors.invalid_parameter(call, "Tag keys must not start with 'aws:'")
        result[key] = tag["Value"]
    return result


def _check_tag_count(call: Call, tags: dict[str, str]) -> None:
    if len(tags) > MAX_TAGS:
        raise call.error(
            "TagLimitExceededException",
            "Could not complete request: tag quota of per resource exceeded",
        )


def _fifo_flag(call: Call, given: dict[str, str]) -> bool:
    flag = given.pop("FifoTopic", None)
    if flag is None:
        return False
    if flag.lower() not in ("true", "false"):
        raise errors.invalid_parameter(call, "FifoTopic")
    return flag.lower() == "true"


def _same(name: str, old: str | None, new: str) -> bool:
    if old == new:
        return True
    if name in ("Policy", "DeliveryPolicy") and old:
        return topic_attributes.json_object(old) == topic_attributes.json_object(new)
    return False


@attrs.define(eq=False)
class TopicOperations(SnsBase):
    @operation("CreateTopic")
    def create_topic(self, call: Call, params: Params) -> Result:
        name = params["Name"]
        given = dict(params.get("Attributes") or {})
        fifo = _fifo_flag(call, given)
        _check_name(call, name, fifo)
        settings = topic_attributes.checked(call, given, None, fifo=fifo)
        tags = _tag_map(call, params.get("Tags") or [])
        _check_tag_count(call, tags)
        protection = params.get("DataProtectionPolicy")
        if protection:
            _check_data_protection(call, protection)
        existing = self.topics.get(name)
        if existing is not None:
            self._check_recreate(call, existing, fifo, settings, tags)
            return {"TopicArn": existing.arn}
        arn = arns.topic_arn(call.partition, self.location, self.account_id, name)
        values = {"Policy": topic_attributes.default_policy(arn, self.account_id)}
        if fifo:
            values.update(topic_attributes.FIFO_DEFAULTS)
        values.update(settings)
        self.topics[name] = Topic(
            name=name,
            arn=arn,
            account_id=self.account_id,
            region=self.location,
            fifo=fifo,
            attributes=values,
            tags=tags,
            data_protection_policy=protection or "",
        )
        return {"TopicArn": arn}

    @staticmethod
    def _check_recreate(
        call: Call, topic: Topic, fifo: bool, settings: dict[str, str], tags: dict[str, str]
    ) -> None:
        current = {"DisplayName": "", **topic.attributes}
        differs = topic.fifo != fifo or any(
            not _same(key, current.get(key), value) for key, value in settings.items()
        )
        if differs:
            raise errors.invalid_attributes(call, "Topic already exists with different attributes")
        if tags and tags != topic.tags:
            raise errors.invalid_parameter(
                call, "Tags Reason: Topic already exists with different tags"
            )

    @operation("GetTopicAttributes")
    def get_topic_attributes(self, call: Call, params: Params) -> Result:
        topic = self.topic_of(call, params["TopicArn"], "GetTopicAttributes")
        return {"Attributes": topic_attributes.every_attribute(topic)}

    @operation("SetTopicAttributes")
    def set_topic_attributes(self, call: Call, params: Params) -> Result:
        topic = self.topic_of(call, params["TopicArn"], "SetTopicAttributes")
        name = params["AttributeName"]
        value = params.get("AttributeValue") or ""
        if name == "FifoTopic":
            raise errors.invalid_parameter(call, "AttributeName")
        value = topic_attributes.checked_one(call, name, value, topic, fifo=topic.fifo)
        if name == "MaximumMessageSize":
            self._check_large_messages(call, topic, int(value))
        topic.attributes[name] = value
        return {}

    @staticmethod
    def _check_large_messages(call: Call, topic: Topic, size: int) -> None:
        if size <= topic_attributes.DEFAULT_MAX_MESSAGE_SIZE:
            return
        subscriptions = list(topic.subscriptions.values())
        if len(subscriptions) > LARGE_MESSAGE_SUBSCRIPTIONS or any(
            s.protocol not in (SQS, FIREHOSE, LAMBDA) for s in subscriptions
        ):
            raise errors.invalid_parameter(
                call,
                "MaximumMessageSize: a topic with a MaximumMessageSize above 262144 must have "
                "100 or fewer subscriptions, each of them Amazon SQS, Amazon Data Firehose or "
                "Lambda",
            )

    @operation("ListTopics")
    def list_topics(self, call: Call, params: Params) -> Result:
        return call.paginate(
            params,
            self.topics,
            lambda topic: {"TopicArn": topic.arn},
            default_limit=100,
            invalid_token=lambda _model, _token: errors.invalid_parameter(call, "NextToken"),
        )

    @operation("DeleteTopic")
    def delete_topic(self, call: Call, params: Params) -> Result:
        try:
            topic = self.topic_of(call, params["TopicArn"], "DeleteTopic")
        except AWSError as error:
            if error.code == "NotFound":
                return {}
            raise
        owner = self.peer(call, topic.account_id)
        for subscription in list(topic.subscriptions.values()):
            self.peer(call, subscription.owner).subscriptions.discard(subscription.arn)
            if subscription.token is not None:
                owner.tokens.pop(subscription.token, None)
        owner.topics.discard(topic.name)
        return {}

    # -- tags ------------------------------------------------------------------------

    def _tagged_topic(self, call: Call, arn: str, action: str) -> Topic:
        try:
            return self.topic_of(call, arn, action, "ResourceArn")
        except AWSError as error:
            if error.code == "NotFound":
                raise errors.resource_not_found(call) from None
            raise

    @operation("TagResource")
    def tag_resource(self, call: Call, params: Params) -> Result:
        topic = self._tagged_topic(call, params["ResourceArn"], "TagResource")
        merged = {**topic.tags, **_tag_map(call, params["Tags"])}
        _check_tag_count(call, merged)
        topic.tags = merged
        return {}

    @operation("UntagResource")
    def untag_resource(self, call: Call, params: Params) -> Result:
        topic = self._tagged_topic(call, params["ResourceArn"], "UntagResource")
        for key in params["TagKeys"]:
            topic.tags.pop(key, None)
        return {}

    @operation("ListTagsForResource")
    def list_tags_for_resource(self, call: Call, params: Params) -> Result:
        topic = self._tagged_topic(call, params["ResourceArn"], "ListTagsForResource")
        return {"Tags": [{"Key": k, "Value": v} for k, v in topic.tags.items()]}

    # -- data protection -----------------------------------------------------------------

    @operation("GetDataProtectionPolicy")
    def get_data_protection_policy(self, call: Call, params: Params) -> Result:
        topic = self._tagged_topic(call, params["ResourceArn"], "GetDataProtectionPolicy")
        return {"DataProtectionPolicy": topic.data_protection_policy}

    @operation("PutDataProtectionPolicy")
    def put_data_protection_policy(self, call: Call, params: Params) -> Result:
        topic = self._tagged_topic(call, params["ResourceArn"], "PutDataProtectionPolicy")
        policy = params["DataProtectionPolicy"]
        _check_data_protection(call, policy)
        topic.data_protection_policy = policy
        return {}

    # -- permissions -----------------------------------------------------------------

    @operation("AddPermission")
    def add_permission(self, call: Call, params: Params) -> Result:
        topic = self.topic_of(call, params["TopicArn"], "AddPermission")
        label, accounts, actions = params["Label"], params["AWSAccountId"], params["ActionName"]
        if not accounts:
            raise errors.invalid_parameter(call, "AWSAccountId")
        if not actions:
            raise errors.invalid_parameter(call, "ActionName")
        if any(action not in PERMISSION_ACTIONS for action in actions):
            raise errors.invalid_parameter(call, "Policy statement action out of service scope!")
        policy = json.loads(topic.attributes["Policy"])
        statements = _statements(policy)
        if any(s.get("Sid") == label for s in statements if isinstance(s, dict)):
            raise errors.invalid_parameter(call, "Statement already exists")
        principals = [f"arn:{call.partition}:iam::{a}:root" for a in accounts]
        sns_actions = [f"SNS:{a}" for a in actions]
        statements.append(
            {
                "Sid": label,
                "Effect": "Allow",
                "Principal": {"AWS": principals[0] if len(principals) == 1 else principals},
                "Action": sns_actions[0] if len(sns_actions) == 1 else sns_actions,
                "Resource": topic.arn,
            }
        )
        topic.attributes["Policy"] = topic_attributes.compact(policy)
        return {}

    @operation("RemovePermission")
    def remove_permission(self, call: Call, params: Params) -> Result:
        topic = self.topic_of(call, params["TopicArn"], "RemovePermission")
        policy = json.loads(topic.attributes["Policy"])
        statements = _statements(policy)
        policy["Statement"] = [
            s for s in statements if not (isinstance(s, dict) and s.get("Sid") == params["Label"])
        ]
        topic.attributes["Policy"] = topic_attributes.compact(policy)
        return {}


def _statements(policy: dict[str, Any]) -> list[Any]:
    statements = policy.get("Statement", [])
    if not isinstance(statements, list):
        statements = [statements]
    policy["Statement"] = statements
    return statements


def _check_data_protection(call: Call, text: str) -> None:
    """A data protection policy: a JSON object naming its Version and Statement list."""
    document = topic_attributes.json_object(text)
    if (
        document is None
        or not isinstance(document.get("Statement"), list)
        or not isinstance(document.get("Version"), str)
    ):
        raise errors.invalid_parameter(call, "DataProtectionPolicy")
