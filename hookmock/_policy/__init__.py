"""IAM policy evaluation, as AWS's policy evaluation logic documents it.

A leaf package: it knows policy documents and request contexts, not backends,
so the IAM backend (SimulatePrincipalPolicy) and dispatch's access control
share one evaluator.
"""

from hookmock._policy.context import RequestContext
from hookmock._policy.decision import Decision, PolicySet, evaluate
from hookmock._policy.document import Policy, Statement, parse_policy

ACCESS_CHECKED = "hookmock-access-checked"
"""Key of a call's context set once access control has allowed the call: backends
then leave cross-account checks of their own to it."""

__all__ = [
    "ACCESS_CHECKED",
    "Decision",
    "Policy",
    "PolicySet",
    "RequestContext",
    "Statement",
    "evaluate",
    "parse_policy",
]
