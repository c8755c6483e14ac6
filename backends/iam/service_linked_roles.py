"""Service-linked roles: roles a service owns, created and deleted through IAM on its behalf."""

from __future__ import annotations

import json
import uuid

import attrs

from hookmock.backends._core import Call, Params, Result, operation
from hookmock.backends.iam import catalogue, deletion, errors, ids, views
from hookmock.backends.iam.base import IamBase
from hookmock.backends.iam.models import DeletionTask, Role
from hookmock.backends.iam.roles import ROLES_QUOTA
from hookmock.backends.iam.service_principals import SERVICES, LinkedService

MAX_ROLE_NAME = 64


def _trust_policy(principal: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Service": [principal]},
                    "Action": ["sts:AssumeRole"],
                }
            ],
        },
        separators=(",", ":"),
    )


def _role_name(call: Call, service: LinkedService, suffix: str | None) -> str:
    if suffix is None:
        return service.role_name
    if not service.custom_suffix:
        raise errors.invalid_input(call, f"Custom suffix is not allowed for {service.principal}")
    name = f"{service.role_name}_{suffix}"
    if len(name) > MAX_ROLE_NAME:
        raise errors.invalid_input(
            call, f"The role name {name} exceeds the maximum length of {MAX_ROLE_NAME}."
        )
    return name


@attrs.define(eq=False)
class ServiceLinkedRoleOperations(IamBase):
    def _attach_service_policy(self, role: Role, service: LinkedService) -> None:
        """Attach the service's own policy, when the catalogue ships it."""
        entry = catalogue.entry(service.policy)
        if entry is None:
            return
        policy = self.aws_policy(catalogue.arn(entry, self.partition))
        if policy is not None:
            role.attached[policy.arn] = policy
            policy.roles[role.key] = role

    @operation("CreateServiceLinkedRole")
    def create_service_linked_role(self, call: Call, params: Params) -> Result:
        principal = params["AWSServiceName"]
        service = SERVICES.get(principal)
        if service is None:
            raise errors.invalid_input(call, f"Invalid service name: {principal}")
        name = _role_name(call, service, params.get("CustomSuffix"))
        self.settle_deletions()
        if name.lower() in self.roles:
            raise errors.invalid_input(
                call,
                f"Service role name {name} has been taken in this account, "
                "please try a different suffix.",
            )
        if len(self.roles) >= ROLES_QUOTA:
            raise errors.quota_exceeded(call, "RolesPerAccount", ROLES_QUOTA)
        path = f"/aws-service-role/{principal}/"
        role = Role(
            name=name,
            path=path,
            unique_id=ids.unique_id(ids.ROLE),
            arn=self.arn("role", path, name),
            created=self.now(),
            trust_policy=_trust_policy(principal),
            description=params.get("Description"),
            service_principal=principal,
        )
        self.roles[role.key] = role
        self._attach_service_policy(role, service)
        return {"Role": views.role(role, last_used=False)}

    @operation("DeleteServiceLinkedRole")
    def delete_service_linked_role(self, call: Call, params: Params) -> Result:
        role = self.role(call, params["RoleName"])
        if role.service_principal is None:
            raise errors.no_such_entity(
                call,
                f"Role {role.name} is not a service-linked role and cannot be deleted "
                "with DeleteServiceLinkedRole.",
            )
        if role.deletion is not None:
            return {"DeletionTaskId": role.deletion.task_id}
        task = DeletionTask(
            task_id=f"task{role.path}{role.name}/{uuid.uuid4()}",
            role=role,
            submitted=self.world.clock.now(),
        )
        role.deletion = task
        self.deletion_tasks[task.task_id] = task
        self.pending_deletions[task.task_id] = task
        return {"DeletionTaskId": task.task_id}

    @operation("GetServiceLinkedRoleDeletionStatus")
    def get_service_linked_role_deletion_status(self, call: Call, params: Params) -> Result:
        task_id = params["DeletionTaskId"]
        parts = task_id.split("/")
        if len(parts) != 5 or parts[0] != "task" or parts[1] != "aws-service-role":
            raise errors.invalid_input(call, f"Invalid deletion task id: {task_id}")
        task = self.deletion_tasks.get(task_id)
        if task is None:
            raise errors.no_such_entity(call, f"Deletion task {task_id} cannot be found.")
        self.settle_deletions()
        return {"Status": deletion.status(task, self.world.clock.now())}
