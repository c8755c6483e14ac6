"""Access control: authenticate and authorize each call when a world has it on.

Dispatch calls :func:`authorize` once, after resolving the principal; the
evaluation itself is ``hookmock._policy``'s.
"""

from __future__ import annotations

from hookmock._authz.check import authorize
from hookmock._authz.settings import set_initial_no_auth_action_count

__all__ = ["authorize", "set_initial_no_auth_action_count"]
