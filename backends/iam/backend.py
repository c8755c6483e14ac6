"""IAM: one backend per account and partition (IAM is a global service)."""

from __future__ import annotations

import attrs

from hookmock.backends._core import Service
from hookmock.backends.iam.access_keys import AccessKeyOperations
from hookmock.backends.iam.account import AccountOperations
from hookmock.backends.iam.attachments import AttachmentOperations
from hookmock.backends.iam.certificates import CertificateOperations
from hookmock.backends.iam.groups import GroupOperations
from hookmock.backends.iam.inline import InlinePolicyOperations
from hookmock.backends.iam.instance_profiles import InstanceProfileOperations
from hookmock.backends.iam.login_profiles import LoginProfileOperations
from hookmock.backends.iam.mfa import MfaOperations
from hookmock.backends.iam.oidc import OidcOperations
from hookmock.backends.iam.policies import PolicyOperations
from hookmock.backends.iam.roles import RoleOperations
from hookmock.backends.iam.saml import SamlOperations
from hookmock.backends.iam.simulation import SimulationOperations
from hookmock.backends.iam.ssh_keys import SshKeyOperations
from hookmock.backends.iam.tags import TagOperations
from hookmock.backends.iam.users import UserOperations


@attrs.define(eq=False)
class IamBackend(
    UserOperations,
    GroupOperations,
    RoleOperations,
    TagOperations,
    PolicyOperations,
    AttachmentOperations,
    InlinePolicyOperations,
    AccessKeyOperations,
    LoginProfileOperations,
    InstanceProfileOperations,
    AccountOperations,
    SimulationOperations,
    MfaOperations,
    SamlOperations,
    OidcOperations,
    CertificateOperations,
    SshKeyOperations,
):
    pass


SERVICE = Service("iam", IamBackend, scope="partition")
