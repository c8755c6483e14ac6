"""AWS Security Token Service."""

from hookmock.backends.sts.backend import SERVICE, StsBackend

__all__ = ["SERVICE", "StsBackend"]
