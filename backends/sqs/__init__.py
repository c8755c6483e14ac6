"""Amazon Simple Queue Service."""

from hookmock.backends.sqs.backend import SERVICE, SqsBackend

__all__ = ["SERVICE", "SqsBackend"]
