"""The world's clock: real time, plus however far a test has moved it forward."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable


class Clock:
    """What time it is in one fake AWS.

    It follows real time, read at every call (so freezegun and time-machine
    move it), plus an offset that only :meth:`advance` changes: a test makes a
    visibility timeout or a retention period pass without sleeping.
    Backends whose state changes when time passes (a delayed message becomes
    visible) subscribe with :meth:`on_advance` to wake their waiters.
    """

    def __init__(self) -> None:
        self._offset = 0.0
        self._lock = threading.Lock()
        self._listeners: list[Callable[[], None]] = []

    @property
    def offset(self) -> float:
        """Seconds this clock runs ahead of real time."""
        return self._offset

    def time(self) -> float:
        """Seconds since the epoch, as ``time.time()`` would say in this world."""
        return time.time() + self._offset

    def now(self) -> dt.datetime:
        """The current time as a tz-aware UTC datetime."""
        return dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=self._offset)

    def advance(self, seconds: float) -> None:
        """Move this world's time ``seconds`` forward (never back: AWS's time does not rewind)."""
        if seconds < 0:
            raise ValueError(f"a clock only moves forward, not by {seconds} seconds")
        with self._lock:
            self._offset += seconds
            listeners = list(self._listeners)
        for listener in listeners:
            listener()

    def on_advance(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` (no arguments) after every :meth:`advance`."""
        with self._lock:
            self._listeners.append(listener)

    def reset(self) -> None:
        """Back to real time; listeners are forgotten with the backends that registered them."""
        with self._lock:
            self._offset = 0.0
            self._listeners.clear()
