"""Subscription operations: subscribe, confirm, unsubscribe, list, attributes."""

from __future__ import annotations

import re
import secrets
import uuid

import attrs

from hookmock._policy import ACCESS_CHECKED
from hookmock.backends._core import Call, Params, Result, operation
from hookmock.backends.sns import arns, delivery, errors, subscription_attributes
from hookmock.backends.sns.base import SnsBase
from hookmock.backends.sns.filter_policy import (
    MESSAGE_ATTRIBUTES,
    FilterPolicyError,
    parse_filter_policy,
)
from hookmock.backends.sns.models import (
    APPLICATION,
    EMAIL,
    EMAIL_JSON,
    FIREHOSE,
    HTTP,
    HTTPS,
    LAMBDA,
    PROTOCOLS,
    SMS,
    SQS,
    Subscription,
    Topic,
)
from hookmock.shapes import AWSError

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE = re.compile(r"\+?[0-9]{7,15}")
NEEDS_CONFIRMATION = frozenset({HTTP, HTTPS, EMAIL, EMAIL_JSON})
PENDING_ARN = "PendingConfirmation"


def _arn_of(endpoint: str, service: str, prefix: str = "") -> arns.Arn | None:
    parsed = arns.parse(endpoint)
    if (
        parsed is None
        or parsed.service != service
        or not parsed.account.isdigit()
        or not parsed.resource.startswith(prefix)
    ):
        return None
    return parsed


def _check_endpoint(call: Call, topic: Topic, protocol: str, endpoint: str | None) -> str:
    text = endpoint or ""
    if protocol == SQS:
        queue = _arn_of(text, "sqs")
        if queue is None or ":" in queue.resource:
            raise errors.invalid_parameter(call, "SQS endpoint ARN")
        if queue.resource.endswith(".fifo") and not topic.fifo:
            raise errors.invalid_parameter(
                call,
                "Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to "
                "standard SNS topics",
            )
        return text
    if topic.fifo:
        raise errors.invalid_parameter(
            call, f"Invalid protocol type: {protocol} Reason: FIFO topics only support SQS"
        )
    valid = {
        HTTP: text.startswith("http://") and len(text) > len("http://"),
        HTTPS: text.startswith("https://") and len(text) > len("https://"),
        EMAIL: _EMAIL.fullmatch(text) is not None,
        EMAIL_JSON: _EMAIL.fullmatch(text) is not None,
        SMS: _PHONE.fullmatch(text.replace("-", "")) is not None,
        LAMBDA: _arn_of(text, "lambda", "function:") is not None,
        APPLICATION: _arn_of(text, "sns", "endpoint/") is not None,
        FIREHOSE: _arn_of(text, "firehose", "deliverystream/") is not None,
    }[protocol]
    if not valid:
        if protocol in (HTTP, HTTPS):
            raise errors.invalid_parameter(call, "Endpoint must match the specified protocol")
        if protocol in (EMAIL, EMAIL_JSON):
            raise errors.invalid_parameter(call, "Email address")
        raise errors.invalid_parameter(call, "Endpoint")
    return text


def _confirmation_needed(call: Call, protocol: str, endpoint: str) -> bool:
    if protocol in NEEDS_CONFIRMATION:
        return True
    if protocol == SQS:
        parsed = arns.parse(endpoint)
        return parsed is not None and parsed.account != call.account_id
    return False


def _listed(subscription: Subscription) -> dict[str, str]:
    return {
        "SubscriptionArn": PENDING_ARN if subscription.pending else subscription.arn,
        "Owner": subscription.owner,
        "Protocol": subscription.protocol,
        "Endpoint": subscription.endpoint,
        "TopicArn": subscription.topic_arn,
    }


@attrs.define(eq=False)
class SubscriptionOperations(SnsBase):
    @operation("Subscribe")
    def subscribe(self, call: Call, params: Params) -> Result:
        topic = self.topic_of(call, params["TopicArn"], "Subscribe")
        protocol = params["Protocol"]
        if protocol not in PROTOCOLS:
            raise errors.invalid_parameter(
                call, f"Amazon SNS does not support this protocol string: {protocol}"
            )
        endpoint = _check_endpoint(call, topic, protocol, params.get("Endpoint"))
        settings = subscription_attributes.checked(
            call, topic, protocol, dict(params.get("Attributes") or {})
        )
        if protocol == FIREHOSE and not settings.get("SubscriptionRoleArn"):
            raise errors.invalid_attributes(call, "SubscriptionRoleArn is missing")
        existing = topic.by_endpoint.get((protocol, endpoint))
        if existing is not None:
            if any(existing.attributes.get(k, "") != v for k, v in settings.items()):
                raise errors.invalid_attributes(
                    call, "Subscription already exists with different attributes"
                )
            return self._subscribed(existing, params)
        pending = _confirmation_needed(call, protocol, endpoint)
        subscription = Subscription(
            arn=f"{topic.arn}:{uuid.uuid4()}",
            topic_arn=topic.arn,
            protocol=protocol,
            endpoint=endpoint,
            owner=call.account_id,
            principal_arn=call.principal.arn,
            attributes=settings,
            pending=pending,
            authenticated=not pending,
        )
        self._apply_filter(call, subscription, subscribing=True)
        owner = self.peer(call, topic.account_id)
        topic.subscriptions[subscription.arn] = subscription
        topic.by_endpoint[(protocol, endpoint)] = subscription
        self.subscriptions[subscription.arn] = subscription
        if pending:
            topic.pending_subscriptions += 1
            subscription.token = secrets.token_hex(128)
            owner.tokens[subscription.token] = subscription.arn
            delivery.send_confirmation(
                call.world,
                topic,
                subscription,
                "SubscriptionConfirmation",
                self.now(),
                call.partition,
                checked=bool(call.context.get(ACCESS_CHECKED)),
            )
        return self._subscribed(subscription, params)

    @staticmethod
    def _apply_filter(call: Call, subscription: Subscription, *, subscribing: bool) -> None:
        """Parse the subscription's FilterPolicy, in its scope, into its matcher."""
        text = subscription.attributes.get("FilterPolicy") or ""
        if not text:
            subscription.filter = None
            return
        scope = subscription.attributes.get("FilterPolicyScope") or MESSAGE_ATTRIBUTES
        try:
            subscription.filter = parse_filter_policy(text, scope)
        except FilterPolicyError as error:
            message = error.subscribe_message if subscribing else error.message
            raise call.error("InvalidParameterException", message) from None

    @staticmethod
    def _subscribed(subscription: Subscription, params: Params) -> Result:
        if subscription.pending and not params.get("ReturnSubscriptionArn"):
            return {"SubscriptionArn": "pending confirmation"}
        return {"SubscriptionArn": subscription.arn}

    @operation("ConfirmSubscription")
    def confirm_subscription(self, call: Call, params: Params) -> Result:
        topic_arn = params["TopicArn"]
        parsed = arns.parse(topic_arn)
        if parsed is None or parsed.service != "sns" or parsed.region != call.region:
            raise errors.invalid_parameter(call, "TopicArn")
        owner = self.peer(call, parsed.account)
        topic = owner.topics.get(parsed.resource)
        if topic is None or topic.arn != topic_arn:
            raise errors.topic_not_found(call)
        subscription_arn = owner.tokens.get(params["Token"])
        subscription = topic.subscriptions.get(subscription_arn) if subscription_arn else None
        if subscription is None:
            raise errors.invalid_parameter(call, "Token")
        if subscription.pending:
            subscription.pending = False
            topic.pending_subscriptions -= 1
            subscription.authenticated = (
                params.get("AuthenticateOnUnsubscribe") or ""
            ).lower() == "true"
        return {"SubscriptionArn": subscription.arn}

    @operation("Unsubscribe")
    def unsubscribe(self, call: Call, params: Params) -> Result:
        subscription = self.subscription_of(call, params["SubscriptionArn"])
        topic = self._topic_of_subscription(call, subscription)
        if call.account_id not in (subscription.owner, topic.account_id):
            raise errors.not_authorized(call, "Unsubscribe", subscription.arn)
        topic.subscriptions.discard(subscription.arn)
        topic.by_endpoint.pop((subscription.protocol, subscription.endpoint), None)
        topic.deleted_subscriptions += 1
        if subscription.pending:
            topic.pending_subscriptions -= 1
        self.peer(call, subscription.owner, topic.region).subscriptions.discard(subscription.arn)
        owner = self.peer(call, topic.account_id)
        if subscription.token is not None:
            owner.tokens.pop(subscription.token, None)
        if subscription.protocol != SQS and not subscription.pending:
            delivery.send_confirmation(
                call.world,
                topic,
                subscription,
                "UnsubscribeConfirmation",
                self.now(),
                call.partition,
                checked=bool(call.context.get(ACCESS_CHECKED)),
            )
        return {}

    def _topic_of_subscription(self, call: Call, subscription: Subscription) -> Topic:
        parsed = arns.parse(subscription.topic_arn)
        assert parsed is not None
        topic = self.peer(call, parsed.account).topics.get(parsed.resource)
        if topic is None:
            raise errors.subscription_not_found(call)
        return topic

    @operation("ListSubscriptions")
    def list_subscriptions(self, call: Call, params: Params) -> Result:
        return call.paginate(
            params,
            self.subscriptions,
            _listed,
            default_limit=100,
            invalid_token=lambda _model, _token: errors.invalid_parameter(call, "NextToken"),
        )

    @operation("ListSubscriptionsByTopic")
    def list_subscriptions_by_topic(self, call: Call, params: Params) -> Result:
        topic = self.topic_of(call, params["TopicArn"], "ListSubscriptionsByTopic")
        return call.paginate(
            params,
            topic.subscriptions,
            _listed,
            default_limit=100,
            scope=topic.arn,
            invalid_token=lambda _model, _token: errors.invalid_parameter(call, "NextToken"),
        )

    @operation("GetSubscriptionAttributes")
    def get_subscription_attributes(self, call: Call, params: Params) -> Result:
        subscription = self.subscription_of(call, params["SubscriptionArn"])
        topic = self._topic_of_subscription(call, subscription)
        return {"Attributes": subscription_attributes.every_attribute(subscription, topic)}

    @operation("SetSubscriptionAttributes")
    def set_subscription_attributes(self, call: Call, params: Params) -> Result:
        subscription = self.subscription_of(call, params["SubscriptionArn"])
        topic = self._topic_of_subscription(call, subscription)
        if call.account_id not in (subscription.owner, topic.account_id):
            raise errors.not_authorized(call, "SetSubscriptionAttributes", subscription.arn)
        name = params["AttributeName"]
        value = params.get("AttributeValue") or ""
        checked = subscription_attributes.checked(call, topic, subscription.protocol, {name: value})
        previous = dict(subscription.attributes)
        subscription.attributes.update(checked)
        try:
            self._apply_filter(call, subscription, subscribing=False)
        except AWSError:
            subscription.attributes = previous
            raise
        return {}
