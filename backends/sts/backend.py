"""STS: sessions and who is calling. Identities live in the world's access-key registry;
roles, users and their policies in each account's IAM backend."""

from __future__ import annotations

import attrs

from hookmock.backends._core import Service
from hookmock.backends.sts.identity import IdentityOperations
from hookmock.backends.sts.roles import RoleSessionOperations
from hookmock.backends.sts.tokens import TokenOperations


@attrs.define(eq=False)
class StsBackend(IdentityOperations, RoleSessionOperations, TokenOperations):
    pass


SERVICE = Service("sts", StsBackend, scope="partition")
