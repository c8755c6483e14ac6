"""What an HTTP request proves about who signed it, checked only where access is.

The server hands one of these to dispatch in place of an in-process client's
request signer; access control asks it to check the signature's form and time,
then whether it was made with the key's secret. Nothing is computed before that,
so requests to a world without access control cost nothing extra.
"""

from __future__ import annotations

import abc
import datetime as dt


class SignedRequest(abc.ABC):
    @property
    @abc.abstractmethod
    def access_key_id(self) -> str | None:
        """The key the request names; None when it is not signed."""

    @property
    @abc.abstractmethod
    def session_token(self) -> str | None:
        """``X-Amz-Security-Token`` (header or query), if sent."""

    @abc.abstractmethod
    def check_form(self, service: str, now: dt.datetime) -> None:
        """Raise the service's error for a malformed, expired or skewed signature."""

    @abc.abstractmethod
    def signed_with(self, secret: str) -> bool:
        """Whether the signature (and every chunk signature) was made with ``secret``."""
