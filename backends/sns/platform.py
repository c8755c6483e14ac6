"""Mobile push: platform applications, their endpoints, and publishing to an endpoint.

Nothing is pushed to a device: what SNS would have sent an endpoint is
recorded on it (read it with ``hookmock.backends.sns.notifications``).
"""

from __future__ import annotations

import re
import uuid

import attrs

from hookmock.backends._core import Call, Params, Result, operation
from hookmock.backends.sns import arns, errors, messages
from hookmock.backends.sns.base import SnsBase
from hookmock.backends.sns.models import Notification, PlatformApplication, PlatformEndpoint

PLATFORMS = frozenset(
    {"ADM", "APNS", "APNS_SANDBOX", "APNS_VOIP", "APNS_VOIP_SANDBOX", "BAIDU", "GCM", "MPNS", "WNS"}
)
NEEDS_PRINCIPAL = frozenset(
    {"ADM", "APNS", "APNS_SANDBOX", "APNS_VOIP", "APNS_VOIP_SANDBOX", "BAIDU"}
)
SECRET = frozenset({"PlatformCredential", "PlatformPrincipal"})
APPLICATION_ATTRIBUTES = frozenset(
    {
        *SECRET,
        "EventEndpointCreated",
        "EventEndpointDeleted",
        "EventEndpointUpdated",
        "EventDeliveryFailure",
        "SuccessFeedbackRoleArn",
        "FailureFeedbackRoleArn",
        "SuccessFeedbackSampleRate",
        "ApplePlatformTeamID",
        "ApplePlatformBundleID",
    }
)
ENDPOINT_ATTRIBUTES = frozenset({"CustomUserData", "Enabled", "Token"})
MAX_USER_DATA = 2048
MAX_PUSH_SIZE = 262144
_NAME = re.compile(r"[A-Za-z0-9_.\-]{1,256}")


def _checked_application(call: Call, given: dict[str, str]) -> dict[str, str]:
    for name, value in given.items():
        if name not in APPLICATION_ATTRIBUTES:
            raise errors.invalid_parameter(
                call, f"Attributes Reason: Invalid attribute name: {name}"
            )
        if name == "SuccessFeedbackSampleRate" and not (value.isdigit() and int(value) <= 100):
            raise errors.invalid_parameter(
                call, f"Attributes Reason: {name}: Invalid value [{value}]"
            )
        if name.startswith("Event") and value:
            parsed = arns.parse(value)
            if parsed is None or parsed.service != "sns":
                raise errors.invalid_parameter(
                    call, f"Attributes Reason: {name}: Invalid value [{value}]"
                )
    return dict(given)


def _checked_endpoint(call: Call, given: dict[str, str]) -> dict[str, str]:
    result: dict[str, str] = {}
    for name, value in given.items():
        if name not in ENDPOINT_ATTRIBUTES:
            raise errors.invalid_parameter(
                call, f"Attributes Reason: Invalid attribute name: {name}"
            )
        if name == "Enabled":
            if value.lower() not in ("true", "false"):
                raise errors.invalid_parameter(
                    call,
                    f"Attributes Reason: Enabled: Invalid value [{value}]. Must be true or false.",
                )
            value = value.lower()
        if name == "CustomUserData" and len(value.encode()) >= MAX_USER_DATA:
            raise errors.invalid_parameter(call, "CustomUserData Reason: must be less than 2KB")
        if name == "Token" and not value:
            raise errors.invalid_parameter(call, "Token Reason: cannot be empty")
        result[name] = value
    return result


def _application_attributes(application: PlatformApplication) -> dict[str, str]:
    shown = {k: v for k, v in application.attributes.items() if k not in SECRET}
    return {"Enabled": "true", **shown}


@attrs.define(eq=False)
class PlatformOperations(SnsBase):
    def application_of(self, call: Call, arn: str) -> PlatformApplication:
        parsed = arns.parse(arn)
        if parsed is None or parsed.service != "sns" or not parsed.resource.startswith("app/"):
            raise errors.invalid_parameter(call, "PlatformApplicationArn")
        found = self.platform_applications.get(arn)
        if found is None:
            raise call.error("NotFoundException", "PlatformApplication does not exist")
        return found

    def endpoint_of(self, call: Call, arn: str, parameter: str = "EndpointArn") -> PlatformEndpoint:
        parsed = arns.parse(arn)
        if parsed is None or parsed.service != "sns" or not parsed.resource.startswith("endpoint/"):
            raise errors.invalid_parameter(call, parameter)
        found = self.platform_endpoints.get(arn)
        if found is None:
            raise call.error("NotFoundException", "Endpoint does not exist")
        return found

    # -- applications ----------------------------------------------------------------

    @operation("CreatePlatformApplication")
    def create_platform_application(self, call: Call, params: Params) -> Result:
        name, platform = params["Name"], params["Platform"]
        if not _NAME.fullmatch(name):
            raise errors.invalid_parameter(call, "Invalid platform application name")
        if platform not in PLATFORMS:
            raise errors.invalid_parameter(call, f"Platform Reason: {platform} is not supported")
        settings = _checked_application(call, dict(params["Attributes"]))
        required = ["PlatformCredential"]
        if platform in NEEDS_PRINCIPAL:
            required.append("PlatformPrincipal")
        for attribute in required:
            if not settings.get(attribute):
                raise errors.invalid_parameter(
                    call, f"Attributes Reason: {attribute} attribute is required"
                )
        arn = f"arn:{call.partition}:sns:{self.location}:{self.account_id}:app/{platform}/{name}"
        existing = self.platform_applications.get(arn)
        if existing is not None:
            if existing.attributes != {**existing.attributes, **settings}:
                raise errors.invalid_parameter(
                    call,
                    "Name Reason: An application with the same name but different properties "
                    "already exists",
                )
            return {"PlatformApplicationArn": arn}
        self.platform_applications[arn] = PlatformApplication(arn, name, platform, settings)
        return {"PlatformApplicationArn": arn}

    @operation("GetPlatformApplicationAttributes")
    def get_platform_application_attributes(self, call: Call, params: Params) -> Result:
        application = self.application_of(call, params["PlatformApplicationArn"])
        return {"Attributes": _application_attributes(application)}

    @operation("SetPlatformApplicationAttributes")
    def set_platform_application_attributes(self, call: Call, params: Params) -> Result:
        application = self.application_of(call, params["PlatformApplicationArn"])
        application.attributes.update(_checked_application(call, dict(params["Attributes"])))
        return {}

    @operation("ListPlatformApplications")
    def list_platform_applications(self, call: Call, params: Params) -> Result:
        return call.paginate(
            params,
            self.platform_applications,
            lambda app: {
                "PlatformApplicationArn": app.arn,
                "Attributes": _application_attributes(app),
            },
            default_limit=100,
            invalid_token=lambda _model, _token: errors.invalid_parameter(call, "NextToken"),
        )

    @operation("DeletePlatformApplication")
    def delete_platform_application(self, call: Call, params: Params) -> Result:
        arn = params["PlatformApplicationArn"]
        parsed = arns.parse(arn)
        if parsed is None or parsed.service != "sns" or not parsed.resource.startswith("app/"):
            raise errors.invalid_parameter(call, "PlatformApplicationArn")
        application = self.platform_applications.get(arn)
        if application is not None:
            for endpoint_arn in list(application.by_token.values()):
                self.platform_endpoints.pop(endpoint_arn.arn, None)
            self.platform_applications.discard(arn)
        return {}

    # -- endpoints -------------------------------------------------------------------

    @operation("CreatePlatformEndpoint")
    def create_platform_endpoint(self, call: Call, params: Params) -> Result:
        application = self.application_of(call, params["PlatformApplicationArn"])
        token = params["Token"]
        given = dict(params.get("Attributes") or {})
        if "CustomUserData" in params:
            given["CustomUserData"] = params["CustomUserData"]
        settings = _checked_endpoint(call, {"Token": token, **given})
        existing = application.by_token.get(token)
        if existing is not None:
            wanted = {"Enabled": "true", **settings}
            if any(existing.attributes.get(k) != v for k, v in wanted.items()) or (
                set(existing.attributes) - set(wanted)
            ):
                raise errors.invalid_parameter(
                    call,
                    f"Token Reason: Endpoint {existing.arn} already exists with the same Token, "
                    "but different attributes.",
                )
            return {"EndpointArn": existing.arn}
        arn = (
            f"arn:{call.partition}:sns:{self.location}:{self.account_id}:endpoint/"
            f"{application.platform}/{application.name}/{uuid.uuid4()}"
        )
        endpoint = PlatformEndpoint(arn, application.arn, {"Enabled": "true", **settings})
        application.endpoints[arn] = endpoint
        application.by_token[token] = endpoint
        self.platform_endpoints[arn] = endpoint
        return {"EndpointArn": arn}

    @operation("GetEndpointAttributes")
    def get_endpoint_attributes(self, call: Call, params: Params) -> Result:
        endpoint = self.endpoint_of(call, params["EndpointArn"])
        return {"Attributes": dict(endpoint.attributes)}

    @operation("SetEndpointAttributes")
    def set_endpoint_attributes(self, call: Call, params: Params) -> Result:
        endpoint = self.endpoint_of(call, params["EndpointArn"])
        settings = _checked_endpoint(call, dict(params["Attributes"]))
        application = self.platform_applications.get(endpoint.application_arn)
        old_token = endpoint.attributes["Token"]
        new_token = settings.get("Token", old_token)
        if application is not None and new_token != old_token:
            if new_token in application.by_token:
                raise errors.invalid_parameter(
                    call,
                    f"Token Reason: Endpoint {application.by_token[new_token].arn} already "
                    "exists with the same Token, but different attributes.",
                )
            del application.by_token[old_token]
            application.by_token[new_token] = endpoint
        endpoint.attributes.update(settings)
        return {}

    @operation("ListEndpointsByPlatformApplication")
    def list_endpoints_by_platform_application(self, call: Call, params: Params) -> Result:
        application = self.application_of(call, params["PlatformApplicationArn"])
        return call.paginate(
            params,
            application.endpoints,
            lambda e: {"EndpointArn": e.arn, "Attributes": dict(e.attributes)},
            default_limit=100,
            scope=application.arn,
            invalid_token=lambda _model, _token: errors.invalid_parameter(call, "NextToken"),
        )

    @operation("DeleteEndpoint")
    def delete_endpoint(self, call: Call, params: Params) -> Result:
        arn = params["EndpointArn"]
        endpoint = self.platform_endpoints.pop(arn, None)
        if endpoint is None:
            return {}
        application = self.platform_applications.get(endpoint.application_arn)
        if application is not None:
            application.endpoints.discard(arn)
            application.by_token.pop(endpoint.attributes["Token"], None)
        return {}

    # -- publishing ------------------------------------------------------------------

    def publish_to_endpoint(self, call: Call, params: Params) -> Result:
        endpoint = self.endpoint_of(call, params["TargetArn"], "TargetArn")
        application = self.platform_applications.get(endpoint.application_arn)
        assert application is not None
        if application.attributes.get("Enabled", "true") != "true":
            raise call.error(
                "PlatformApplicationDisabledException", "Platform application is disabled"
            )
        if endpoint.attributes.get("Enabled") != "true":
            raise call.error("EndpointDisabledException", "Endpoint is disabled")
        message = params["Message"]
        messages.check_message(call, message)
        messages.check_subject(call, params.get("Subject"))
        attributes = messages.checked_attributes(call, params.get("MessageAttributes"))
        if params.get("MessageStructure") == "json":
            per_protocol = messages.per_protocol(call, message)
            message = per_protocol.get(application.platform, per_protocol["default"])
        elif params.get("MessageStructure") is not None:
            raise errors.invalid_parameter(call, "MessageStructure")
        if messages.size(message, attributes) > MAX_PUSH_SIZE:
            raise errors.invalid_parameter(call, "Message too long")
        message_id = str(uuid.uuid4())
        endpoint.sent.append(
            Notification(
                endpoint.arn,
                "application",
                endpoint.arn,
                "Notification",
                message,
                message_id,
                delivered=False,
                message_attributes={k: dict(v) for k, v in attributes.items()},
            )
        )
        return {"MessageId": message_id}
