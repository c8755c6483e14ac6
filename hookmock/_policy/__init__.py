"""IAM policy evaluation, as AWS's policy evaluation logic documents it.

A leaf package: it knows policy documents and request contexts, not backends,
so the IAM backend (SimulatePrincipalPolicy) and dispatch's access control
share one evaluator.
"""

from hookmock._policy.context import RequestContext
from hookmock._policy.decision import Decision, PolicySet, evaluate
from hookmock._policy.document import Policy, Statement, parse_policy

__all__ = [
    "Decision",
    "Policy",
    "PolicySet",
    "RequestContext",
    "Statement",
    "evaluate",
    "parse_policy",
]
