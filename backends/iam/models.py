"""IAM's entities as state: users, groups, roles, managed policies and what hangs off them."""

from __future__ import annotations

import datetime as dt

import attrs

from hookmock.shapes.paginate import SortedIndex


@attrs.define(eq=False)
class Tags:
    """An entity's tags in the order they were added.

    Users' and roles' tag keys are case-insensitive (a key differing only in
    case replaces the tag, keeping the new spelling); other entities' are not.
    """

    case_insensitive: bool
    _by_key: dict[str, tuple[str, str]] = attrs.field(factory=dict)

    def _fold(self, key: str) -> str:
        return key.lower() if self.case_insensitive else key

    def __len__(self) -> int:
        return len(self._by_key)

    def merged_count(self, keys: list[str]) -> int:
        """How many tags there would be after setting ``keys``."""
        return len(set(self._by_key) | {self._fold(k) for k in keys})

    def set(self, key: str, value: str) -> None:
        self._by_key[self._fold(key)] = (key, value)

    def remove(self, key: str) -> None:
        self._by_key.pop(self._fold(key), None)

    def listed(self) -> list[dict[str, str]]:
        return [{"Key": k, "Value": v} for k, v in self._by_key.values()]


@attrs.define(eq=False)
class PolicyVersion:
    version_id: str
    document: str
    created: dt.datetime


@attrs.define(eq=False)
class ManagedPolicy:
    name: str
    path: str
    policy_id: str
    arn: str
    description: str
    created: dt.datetime
    updated: dt.datetime
    tags: Tags
    versions: dict[str, PolicyVersion] = attrs.field(factory=dict)
    default_version_id: str = "v1"
    next_version: int = 2
    users: dict[str, User] = attrs.field(factory=dict)
    groups: dict[str, Group] = attrs.field(factory=dict)
    roles: dict[str, Role] = attrs.field(factory=dict)
    boundary_users: dict[str, User] = attrs.field(factory=dict)
    boundary_roles: dict[str, Role] = attrs.field(factory=dict)

    @property
    def attachment_count(self) -> int:
        return len(self.users) + len(self.groups) + len(self.roles)

    @property
    def boundary_count(self) -> int:
        return len(self.boundary_users) + len(self.boundary_roles)


@attrs.define(eq=False)
class Principal:
    """What users, groups and roles share: identity, managed and inline policies."""

    name: str
    path: str
    unique_id: str
    arn: str
    created: dt.datetime
    attached: dict[str, ManagedPolicy] = attrs.field(factory=dict)
    """Attached managed policies by ARN, in attachment order."""
    inline: dict[str, str] = attrs.field(factory=dict)
    """Inline policy documents by policy name, as sent."""

    @property
    def key(self) -> str:
        return self.name.lower()


@attrs.define(eq=False)
class AccessKey:
    key_id: str
    secret: str
    user: User
    created: dt.datetime
    status: str = "Active"
    last_used: dt.datetime | None = None
    last_service: str = ""
    last_region: str = ""


@attrs.define(eq=False)
class LoginProfile:
    created: dt.datetime
    password_reset_required: bool


@attrs.define(eq=False)
class User(Principal):
    tags: Tags = attrs.field(factory=lambda: Tags(case_insensitive=True))
    boundary: ManagedPolicy | None = None
    groups: dict[str, Group] = attrs.field(factory=dict)
    access_keys: dict[str, AccessKey] = attrs.field(factory=dict)
    login_profile: LoginProfile | None = None
    mfa_devices: dict[str, MfaDevice] = attrs.field(factory=dict)
    """Enabled MFA devices by serial number, in the order they were enabled."""
    signing_certificates: dict[str, SigningCertificate] = attrs.field(factory=dict)
    ssh_keys: dict[str, SshPublicKey] = attrs.field(factory=dict)


@attrs.define(eq=False)
class Group(Principal):
    members: SortedIndex[str, User] = attrs.field(factory=SortedIndex)


@attrs.define(eq=False)
class Role(Principal):
    trust_policy: str = ""
    description: str | None = None
    max_session_duration: int = 3600
    tags: Tags = attrs.field(factory=lambda: Tags(case_insensitive=True))
    boundary: ManagedPolicy | None = None
    instance_profiles: dict[str, InstanceProfile] = attrs.field(factory=dict)
    last_used: dt.datetime | None = None
    """When STS last issued credentials for this role, and in which region."""
    last_used_region: str = ""


@attrs.define(eq=False)
class InstanceProfile:
    name: str
    path: str
    profile_id: str
    arn: str
    created: dt.datetime
    tags: Tags = attrs.field(factory=lambda: Tags(case_insensitive=False))
    role: Role | None = None

    @property
    def key(self) -> str:
        return self.name.lower()


@attrs.define(eq=False)
class MfaDevice:
    """A virtual MFA device: a TOTP seed, assigned to at most one user."""

    serial: str
    """The device's ARN, which IAM uses as its serial number."""
    seed: bytes
    """The raw TOTP secret; IAM hands it out base32-encoded."""
    created: dt.datetime
    tags: Tags = attrs.field(factory=lambda: Tags(case_insensitive=False))
    user: User | None = None
    enabled: dt.datetime | None = None
    last_step: int = -1
    """The newest TOTP time step accepted, so a code cannot be used twice."""


@attrs.define(eq=False)
class SamlProvider:
    arn: str
    name: str
    metadata: str
    uuid: str
    created: dt.datetime
    valid_until: dt.datetime | None
    tags: Tags = attrs.field(factory=lambda: Tags(case_insensitive=False))
    assertion_encryption_mode: str | None = None
    private_keys: dict[str, tuple[str, dt.datetime]] = attrs.field(factory=dict)
    """Assertion decryption keys by key id: (PEM text, when added)."""


@attrs.define(eq=False)
class OidcProvider:
    arn: str
    url: str
    """The issuer URL without its ``https://`` scheme, as IAM shows it."""
    created: dt.datetime
    client_ids: list[str] = attrs.field(factory=list)
    thumbprints: list[str] = attrs.field(factory=list)
    tags: Tags = attrs.field(factory=lambda: Tags(case_insensitive=False))


@attrs.define(eq=False)
class ServerCertificate:
    name: str
    path: str
    certificate_id: str
    arn: str
    uploaded: dt.datetime
    expiration: dt.datetime
    body: str
    chain: str | None
    tags: Tags = attrs.field(factory=lambda: Tags(case_insensitive=False))

    @property
    def key(self) -> str:
        return self.name.lower()


@attrs.define(eq=False)
class SigningCertificate:
    certificate_id: str
    user: User
    body: str
    uploaded: dt.datetime
    status: str = "Active"


@attrs.define(eq=False)
class SshPublicKey:
    key_id: str
    user: User
    body: str
    """The key in OpenSSH form (``ssh-rsa AAAA...``)."""
    pem: str
    fingerprint: str
    uploaded: dt.datetime
    status: str = "Active"
