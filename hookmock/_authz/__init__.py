"""Access control: authenticate and authorize each call when a world has it on.

Dispatch calls ``check.authorize`` once, after resolving the principal; the
evaluation itself is ``hookmock._policy``'s. Nothing is imported here: scopes
only need ``settings``, and ``import hookmock`` must not pay for the evaluator.
"""
