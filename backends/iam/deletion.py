"""A service-linked role's deletion task: queued, then running, then done, on the world clock.

AWS deletes a service-linked role in the background after DeleteServiceLinkedRole;
the role stays in the account until its task has succeeded. hookmock's services
have no resources that could keep a role in use, so every task succeeds.
"""

from __future__ import annotations

import datetime as dt

from hookmock.backends.iam.models import DeletionTask

STARTS_AFTER = dt.timedelta(seconds=1)
"""How long a submitted task stays NOT_STARTED."""
RUNS_FOR = dt.timedelta(seconds=1)
"""How long a started task stays IN_PROGRESS before it has SUCCEEDED."""


def status(task: DeletionTask, now: dt.datetime) -> str:
    elapsed = now - task.submitted
    if elapsed < STARTS_AFTER:
        return "NOT_STARTED"
    if elapsed < STARTS_AFTER + RUNS_FOR:
        return "IN_PROGRESS"
    return "SUCCEEDED"
