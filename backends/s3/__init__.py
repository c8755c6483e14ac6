"""Amazon S3."""

from hookmock.backends.s3.backend import SERVICE, S3Backend

__all__ = ["SERVICE", "S3Backend"]
