"""AWS Identity and Access Management."""

from hookmock.backends.iam.backend import SERVICE, IamBackend

__all__ = ["SERVICE", "IamBackend"]
