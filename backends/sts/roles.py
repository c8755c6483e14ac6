"""AssumeRole, AssumeRoleWithWebIdentity and AssumeRoleWithSAML: role sessions."""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Any

import attrs

from hookmock._errors import FeatureNotImplemented
from hookmock.backends._core import Call, Params, Result, operation
from hookmock.backends.sts import errors, providers, saml, web_identity
from hookmock.backends.sts.base import RoleRequest, StsBase
from hookmock.backends.sts.limits import (
    role_duration,
    session_policies,
    session_tags,
    source_identity,
    tag_context,
)

_SAML_PROVIDER_ARN = re.compile(r"arn:([\w-]+):iam::(\d{12}):saml-provider/([\w.-]+)")
_SESSION_NAME = re.compile(r"[\w+=,.@-]{2,64}")


def _federation_denied(action: str) -> Exception:
    return errors.access_denied(f"Not authorized to perform {action}")


@attrs.define(eq=False)
class RoleSessionOperations(StsBase):
    @operation("AssumeRole")
    def assume_role(self, call: Call, params: Params) -> Result:
        caller = call.principal
        arn = params["RoleArn"]
        if caller.kind == "federated-user":
            raise errors.not_authorized(caller.arn, "sts:AssumeRole", arn)
        role, account_id = self.find_role(
            call, arn, lambda: errors.not_authorized(caller.arn, "sts:AssumeRole", arn)
        )
        chained = caller.kind == "assumed-role"
        name = params["RoleSessionName"]
        tags = session_tags(
            call,
            params.get("Tags") or [],
            params.get("TransitiveTagKeys") or [],
            caller if chained else None,
        )
        identity = source_identity(call, params.get("SourceIdentity"), caller, role.arn)
        context: dict[str, Any] = {"sts:RoleSessionName": name, **tag_context(tags)}
        for member, key in (
            ("ExternalId", "sts:ExternalId"),
            ("SerialNumber", "aws:MultiFactorAuthSerialNumber"),
        ):
            if member in params:
                context[key] = params[member]
        if identity is not None:
            context["sts:SourceIdentity"] = identity
        actions = ["sts:AssumeRole"]
        if tags.passed or tags.transitive:
            actions.append("sts:TagSession")
        if params.get("SourceIdentity") is not None:
            actions.append("sts:SetSourceIdentity")
        request = RoleRequest(
            role=role,
            account_id=account_id,
            session_name=name,
            duration=role_duration(call, params, role.max_session_duration, chained=chained),
            policies=session_policies(call, params),
            tags=tags,
            source_identity=identity,
            actions=tuple(actions),
            context=context,
        )
        return self.start_role_session(call, request)

    @operation("AssumeRoleWithWebIdentity")
    def assume_role_with_web_identity(self, call: Call, params: Params) -> Result:
        action = "sts:AssumeRoleWithWebIdentity"
        if "ProviderId" in params:
            raise FeatureNotImplemented(
                "sts",
                "AssumeRoleWithWebIdentity",
                "OAuth 2.0 access tokens (ProviderId): only OpenID Connect ID tokens",
            )
        token = web_identity.parse(call, params["WebIdentityToken"])
        role, account_id = self.find_role(
            call, params["RoleArn"], lambda: _federation_denied(action)
        )
        host = token.provider_host
        audience = token.audiences[0]
        if host not in web_identity.WELL_KNOWN_ISSUERS:
            client_ids = providers.oidc_client_ids(self.iam(account_id, call.partition), host)
            if client_ids is None:
                raise errors.invalid_identity_token(
                    call, f"No OpenIDConnect provider found in your account for {token.issuer}"
                )
            matching = [a for a in token.audiences if a in client_ids]
            if not matching:
                raise errors.invalid_identity_token(call, "Incorrect token audience")
            audience = matching[0]
        now = self.world.clock.time()
        if token.expires is not None and token.expires <= now:
            raise errors.expired_token(
                call,
                f"Token expired: current date/time {int(now)} must be before the "
                f"expiration date/time {int(token.expires)}",
            )
        given_tags, transitive_keys = web_identity.tags_of(token)
        tags = session_tags(call, given_tags, transitive_keys)
        claimed = token.claims.get(web_identity.SOURCE_IDENTITY_CLAIM)
        identity = claimed if isinstance(claimed, str) else None
        name = params["RoleSessionName"]
        context: dict[str, Any] = {
            "principal": {"Federated": host},
            "sts:RoleSessionName": name,
            f"{host}:sub": token.subject,
            f"{host}:aud": audience,
            **tag_context(tags),
        }
        if identity is not None:
            context["sts:SourceIdentity"] = identity
        request = RoleRequest(
            role=role,
            account_id=account_id,
            session_name=name,
            duration=role_duration(call, params, role.max_session_duration, chained=False),
            policies=session_policies(call, params),
            tags=tags,
            source_identity=identity,
            actions=(action,),
            context=context,
        )
        answer = self.start_role_session(call, request)
        answer.update(
            SubjectFromWebIdentityToken=token.subject, Provider=token.issuer, Audience=audience
        )
        return answer

    @operation("AssumeRoleWithSAML")
    def assume_role_with_saml(self, call: Call, params: Params) -> Result:
        action = "sts:AssumeRoleWithSAML"
        assertion = saml.parse(call, params["SAMLAssertion"])
        role_arn, provider_arn = params["RoleArn"], params["PrincipalArn"]
        role, account_id = self.find_role(call, role_arn, lambda: _federation_denied(action))
        provider = _SAML_PROVIDER_ARN.fullmatch(provider_arn)
        if provider is None or provider.group(2) != account_id:
            raise _federation_denied(action)
        iam = self.iam(account_id, call.partition)
        if not providers.saml_provider_known(iam, provider_arn):
            raise _federation_denied(action)
        pairs = [
            {part.strip() for part in value.split(",")} for value in assertion.attribute("Role")
        ]
        if {role_arn, provider_arn} not in pairs:
            raise _federation_denied(action)
        now = self.world.clock.now()
        if assertion.not_on_or_after is not None and assertion.not_on_or_after <= now:
            raise errors.expired_token(
                call, "Token has expired: the SAML assertion is no longer valid."
            )
        names = assertion.attribute("RoleSessionName")
        name = names[0] if names else ""
        if not _SESSION_NAME.fullmatch(name):
            raise errors.invalid_identity_token(
                call,
                "The SAML assertion's RoleSessionName attribute must be 2 to 64 of the "
                "characters [\\w+=,.@-].",
            )
        tags = session_tags(
            call, assertion.principal_tags(), list(assertion.attribute("TransitiveTagKeys"))
        )
        identities = assertion.attribute("SourceIdentity")
        identity = identities[0] if identities else None
        duration = role_duration(call, params, role.max_session_duration, chained=False)
        if assertion.session_not_on_or_after is not None:
            left = int((assertion.session_not_on_or_after - now).total_seconds())
            duration = max(0, min(duration, left))
        context: dict[str, Any] = {
            "principal": {"Federated": provider_arn},
            "sts:RoleSessionName": name,
            "saml:sub": assertion.subject,
            "saml:sub_type": assertion.subject_type,
            "saml:iss": assertion.issuer,
            "saml:aud": assertion.recipient,
            **tag_context(tags),
        }
        request = RoleRequest(
            role=role,
            account_id=account_id,
            session_name=name,
            duration=duration,
            policies=session_policies(call, params),
            tags=tags,
            source_identity=identity,
            actions=(action,),
            context=context,
        )
        answer = self.start_role_session(call, request)
        qualifier = assertion.issuer + account_id + "/" + provider.group(3)
        answer.update(
            Subject=assertion.subject,
            SubjectType=assertion.subject_type,
            Issuer=assertion.issuer,
            Audience=assertion.recipient,
            NameQualifier=base64.b64encode(hashlib.sha1(qualifier.encode()).digest()).decode(),
        )
        return answer
