"""Amazon Simple Notification Service."""

from hookmock.backends.sns.backend import SERVICE, SnsBackend

__all__ = ["SERVICE", "SnsBackend"]
