"""A world is one fake AWS: accounts, their regions, and the service backends in them."""

from __future__ import annotations

import base64
import datetime as dt
import secrets
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

import attrs

from hookmock._clock import Clock

if TYPE_CHECKING:
    from hookmock.backends._core import Backend, Service

DEFAULT_ACCOUNT_ID = "123456789012"
"""AWS's own documentation account id."""

DEFAULT_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
DEFAULT_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
"""AWS's documentation example key pair: what clients sign with while mocked."""


PrincipalKind = Literal["root", "user", "assumed-role", "federated-user"]


@attrs.frozen
class Session:
    """What temporary credentials (``ASIA...``) carry beyond their principal: the
    identity they were issued from, and what narrows or describes the session."""

    source_arn: str
    """The role assumed, or the IAM user (or root) that asked for the session."""
    name: str
    expiration: dt.datetime
    policies: tuple[str, ...] = ()
    """Session policy documents (JSON text), as passed in ``Policy``."""
    policy_arns: tuple[str, ...] = ()
    """Managed policies passed in ``PolicyArns``."""
    tags: Mapping[str, str] = attrs.field(factory=dict)
    transitive_tag_keys: frozenset[str] = frozenset()
    source_identity: str | None = None


@attrs.frozen
class Principal:
    """Who is calling: resolved from the access key the client holds.

    ``name`` is the IAM user's, the role's or the federated user's name (empty
    for root); ``session`` is set for temporary credentials.
    """

    account_id: str
    arn: str
    user_id: str
    kind: PrincipalKind = "root"
    name: str = ""
    session: Session | None = None

    @classmethod
    def root(cls, account_id: str, partition: str = "aws") -> Principal:
        return cls(account_id, f"arn:{partition}:iam::{account_id}:root", account_id)


@attrs.frozen
class KeyUse:
    """When an access key last signed a call, to which service and region."""

    at: dt.datetime
    service: str
    region: str


@attrs.define(eq=False)
class World:
    """One fake AWS. Backends are created on first use, keyed by service,
    account and location (a region, or a partition for global services)."""

    default_account_id: str = DEFAULT_ACCOUNT_ID
    clock: Clock = attrs.field(factory=Clock, init=False)
    """Every backend's time source; a test moves it with ``clock.advance(seconds)``."""
    _backends: dict[tuple[str, str, str], Backend] = attrs.field(factory=dict, init=False)
    _access_keys: dict[str, Principal] = attrs.field(factory=dict, init=False)
    _key_uses: dict[str, KeyUse] = attrs.field(factory=dict, init=False)
    _key_secrets: dict[str, str] = attrs.field(factory=dict, init=False)
    _inactive_keys: set[str] = attrs.field(factory=set, init=False)
    _service_locks: dict[str, threading.RLock] = attrs.field(factory=dict, init=False)
    _authorization_messages: dict[str, str] = attrs.field(factory=dict, init=False)
    _lock: threading.RLock = attrs.field(factory=threading.RLock, init=False, repr=False)

    def backend(self, service: Service, account_id: str, location: str) -> Any:
        """The backend of ``service`` for ``account_id`` at ``location``, created on first use."""
        key = (service.name, account_id, location)
        found = self._backends.get(key)
        if found is not None:
            return found
        with self._lock:
            found = self._backends.get(key)
            if found is None:
                found = service.backend_class(world=self, account_id=account_id, location=location)
                self._backends[key] = found
            return found

    def service_lock(self, service: str) -> threading.RLock:
        """One lock for every backend of ``service`` in this world, for services whose
        calls reach other accounts' state (SQS queues, SNS topics): holding one lock
        for all of them cannot deadlock."""
        found = self._service_locks.get(service)
        if found is not None:
            return found
        with self._lock:
            return self._service_locks.setdefault(service, threading.RLock())

    def backends(self, service: str | None = None) -> list[Backend]:
        """The backends created so far, optionally of one service only."""
        with self._lock:
            return [b for (name, _, _), b in self._backends.items() if service in (None, name)]

    def register_access_key(
        self, access_key_id: str, principal: Principal, secret: str | None = None
    ) -> None:
        """Make calls signed with ``access_key_id`` act as ``principal`` (used by IAM and STS).

        With ``secret``, access control (when on) refuses calls signed with another one.
        """
        with self._lock:
            self._access_keys[access_key_id] = principal
            if secret is not None:
                self._key_secrets[access_key_id] = secret

    def forget_access_key(self, access_key_id: str) -> None:
        with self._lock:
            self._access_keys.pop(access_key_id, None)
            self._key_uses.pop(access_key_id, None)
            self._key_secrets.pop(access_key_id, None)
            self._inactive_keys.discard(access_key_id)

    def set_access_key_active(self, access_key_id: str, active: bool) -> None:
        """IAM UpdateAccessKey: an inactive key fails authentication under access control."""
        with self._lock:
            if active:
                self._inactive_keys.discard(access_key_id)
            else:
                self._inactive_keys.add(access_key_id)

    def access_key_state(self, access_key_id: str) -> tuple[bool, bool, str | None]:
        """(issued, active, secret or None where none was registered) of a key."""
        return (
            access_key_id in self._access_keys,
            access_key_id not in self._inactive_keys,
            self._key_secrets.get(access_key_id),
        )

    def principal_for(
        self,
        access_key_id: str | None,
        partition: str = "aws",
        *,
        service: str = "",
        region: str = "",
    ) -> Principal:
        """The caller behind ``access_key_id``; unknown keys act as the default account's root.

        With ``service``, the call is recorded as the key's last use.
        """
        if access_key_id:
            known = self._access_keys.get(access_key_id)
            if known is not None:
                if service:
                    self._key_uses[access_key_id] = KeyUse(self.clock.now(), service, region)
                return known
        return Principal.root(self.default_account_id, partition)

    def known_principal(self, access_key_id: str) -> Principal | None:
        """Who an issued key signs as, or None for a key hookmock never issued."""
        return self._access_keys.get(access_key_id)

    def last_use(self, access_key_id: str) -> KeyUse | None:
        """The last call signed with an issued key, or None if it has signed none."""
        return self._key_uses.get(access_key_id)

    def encode_authorization_message(self, decoded: str) -> str:
        """An opaque message for a denial to send (EC2's ``Encoded authorization failure
        message``); STS DecodeAuthorizationMessage gives ``decoded`` back for it."""
        encoded = base64.urlsafe_b64encode(secrets.token_bytes(48)).decode().rstrip("=")
        with self._lock:
            self._authorization_messages[encoded] = decoded
        return encoded

    def decoded_authorization_message(self, encoded: str) -> str | None:
        """What :meth:`encode_authorization_message` encoded as ``encoded``, or None."""
        return self._authorization_messages.get(encoded)

    def reset(self) -> None:
        """Forget every resource and issued key, and go back to real time:
        the world is empty again."""
        with self._lock:
            self._backends.clear()
            self._access_keys.clear()
            self._key_uses.clear()
            self._authorization_messages.clear()
            self._key_secrets.clear()
            self._inactive_keys.clear()
            self.clock.reset()
