"""Amazon Simple Notification Service."""

from hookmock.backends.sns.backend import SERVICE, SnsBackend
from hookmock.backends.sns.models import Notification
from hookmock.backends.sns.sent import notifications

__all__ = ["SERVICE", "Notification", "SnsBackend", "notifications"]
