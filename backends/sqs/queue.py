"""One queue's messages, arranged so that no send or receive walks the whole queue.

Visible messages of a standard queue wait in a deque; delayed and in-flight
messages sit in a heap keyed by the time they become visible. A FIFO queue
keeps each message group in order and a deque of the groups that can be
received from (none of their messages in flight). Entries are never removed
from the middle: each carries the message's generation, and stale entries
are skipped when they surface. Retention expiry pops from a heap keyed by
when each message's retention started (a standard dead-letter queue keeps the
original enqueue time, so arrivals are not in that order). Every step is O(1)
or O(log n) amortized per message.
"""

from __future__ import annotations

import heapq
import itertools
import threading
from collections import deque
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import attrs

from hookmock.backends.sqs.messages import DELAYED, GONE, IN_FLIGHT, VISIBLE, Message

if TYPE_CHECKING:
    from hookmock.backends.sqs.moves import MoveTask

RECEIVE_ATTEMPT_LIFETIME = 300
"""Seconds a FIFO ReceiveRequestAttemptId can be retried, as AWS documents."""


@attrs.define(eq=False)
class Group:
    """A FIFO message group: its messages in order, in-flight ones first."""

    messages: deque[Message] = attrs.field(factory=deque)
    in_flight: int = 0
    queued: bool = False


@attrs.define(eq=False)
class Queue:
    name: str
    account_id: str
    region: str
    url: str
    arn: str
    attributes: dict[str, str]
    created: int
    condition: threading.Condition = attrs.field(repr=False)
    modified: int = 0
    tags: dict[str, str] = attrs.field(factory=dict)
    purged_at: float | None = None
    messages: dict[str, Message] = attrs.field(factory=dict, repr=False)
    counts: dict[str, int] = attrs.field(
        factory=lambda: {DELAYED: 0, VISIBLE: 0, IN_FLIGHT: 0, GONE: 0}
    )
    _ready: deque[tuple[Message, int]] = attrs.field(factory=deque, repr=False)
    _timers: list[tuple[float, int, Message, int]] = attrs.field(factory=list, repr=False)
    _expiry: list[tuple[float, int, Message]] = attrs.field(factory=list, repr=False)
    """(entered_at, arrival order, message): retention expiry, earliest first."""
    _groups: dict[str, Group] = attrs.field(factory=dict, repr=False)
    _ready_groups: deque[str] = attrs.field(factory=deque, repr=False)
    _order: Iterator[int] = attrs.field(factory=itertools.count, repr=False)
    deduplication: dict[tuple[str, str], tuple[float, Message]] = attrs.field(
        factory=dict, repr=False
    )
    _dedup_expiry: deque[tuple[float, tuple[str, str]]] = attrs.field(factory=deque, repr=False)
    sequence: int = 0
    _receive_attempts: dict[str, tuple[float, list[tuple[Message, str, int]]]] = attrs.field(
        factory=dict, repr=False
    )
    """FIFO ReceiveRequestAttemptId → when it lapses, and what that receive returned."""
    moves: list[MoveTask] = attrs.field(factory=list, repr=False)
    """Running move tasks that read from or write to this queue."""

    @property
    def fifo(self) -> bool:
        return self.attributes.get("FifoQueue") == "true"

    def number(self, name: str) -> int:
        return int(self.attributes[name])

    # -- state changes -------------------------------------------------------------

    def _set_state(self, message: Message, state: str) -> None:
        self.counts[message.state] -= 1
        self.counts[state] += 1
        message.state = state
        message.generation += 1

    def _schedule(self, message: Message, due: float) -> None:
        heapq.heappush(self._timers, (due, next(self._order), message, message.generation))

    def add(
        self, message: Message, now: float, delay: int, *, entered_at: float | None = None
    ) -> None:
        """A message arrives: visible now, or after ``delay`` seconds. Its retention
        counts from ``entered_at`` (default: now)."""
        message.entered_at = now if entered_at is None else entered_at
        message.state = GONE
        self.counts[GONE] += 1
        self.messages[message.id] = message
        heapq.heappush(self._expiry, (message.entered_at, next(self._order), message))
        if self.fifo:
            group = self._groups.setdefault(message.group_id or "", Group())
            group.messages.append(message)
        if delay > 0:
            self._set_state(message, DELAYED)
            self._schedule(message, now + delay)
        else:
            self._make_visible(message)

    def _make_visible(self, message: Message) -> None:
        self._set_state(message, VISIBLE)
        if not self.fifo:
            self._ready.append((message, message.generation))
            return
        group = self._groups[message.group_id or ""]
        if not group.queued and group.in_flight == 0 and group.messages[0] is message:
            group.queued = True
            self._ready_groups.append(message.group_id or "")

    def _release_group(self, group_id: str) -> None:
        """A FIFO group whose in-flight messages are gone or back: receivable again
        if its first message is visible."""
        group = self._groups.get(group_id)
        if group is None:
            return
        if not group.messages:
            del self._groups[group_id]
            return
        if group.in_flight == 0 and not group.queued and group.messages[0].state == VISIBLE:
            group.queued = True
            self._ready_groups.append(group_id)

    def remove(self, message: Message) -> None:
        """Delete, purge or expiry: the message leaves the queue."""
        was = message.state
        if was == GONE:
            return
        self._set_state(message, GONE)
        self.counts[GONE] -= 1
        del self.messages[message.id]
        if self.fifo:
            group_id = message.group_id or ""
            group = self._groups[group_id]
            group.messages.remove(message)  # in-flight messages are at the front
            if was == IN_FLIGHT:
                group.in_flight -= 1
            self._release_group(group_id)

    def hide(self, message: Message, now: float, timeout: int) -> None:
        """Received: in flight until ``timeout`` seconds from now."""
        self._set_state(message, IN_FLIGHT)
        if self.fifo:
            self._groups[message.group_id or ""].in_flight += 1
        self._schedule(message, now + timeout)

    def change_visibility(self, message: Message, now: float, timeout: int) -> None:
        message.generation += 1
        if timeout == 0:
            self._return(message)
        else:
            self._schedule(message, now + timeout)

    def _return(self, message: Message) -> None:
        """An in-flight message whose visibility timeout ended."""
        message.receipt = None
        if self.fifo:
            group = self._groups[message.group_id or ""]
            group.in_flight -= 1
            self._set_state(message, VISIBLE)
            self._release_group(message.group_id or "")
        else:
            self._make_visible(message)

    # -- time ------------------------------------------------------------------------

    def tick(self, now: float) -> None:
        """Bring the queue up to ``now``: due messages become visible, old ones expire."""
        timers = self._timers
        while timers and timers[0][0] <= now:
            _, _, message, generation = heapq.heappop(timers)
            if generation != message.generation:
                continue
            if message.state == DELAYED:
                self._make_visible(message)
            elif message.state == IN_FLIGHT:
                self._return(message)
        retention = self.number("MessageRetentionPeriod")
        expiry = self._expiry
        while expiry and (expiry[0][2].state == GONE or expiry[0][0] + retention <= now):
            self.remove(heapq.heappop(expiry)[2])
        dedup_expiry = self._dedup_expiry
        while dedup_expiry and dedup_expiry[0][0] <= now:
            _, key = dedup_expiry.popleft()
            found = self.deduplication.get(key)
            if found is not None and found[0] <= now:
                del self.deduplication[key]

    def remember_receive(self, attempt: str, taken: list[tuple[Message, str]], now: float) -> None:
        """Keep a FIFO receive's answer, so a retry with the same attempt id gets it again."""
        attempts = self._receive_attempts
        attempts.pop(attempt, None)
        received = [(message, receipt, message.generation) for message, receipt in taken]
        attempts[attempt] = (now + RECEIVE_ATTEMPT_LIFETIME, received)
        while attempts:
            oldest = next(iter(attempts))
            if attempts[oldest][0] > now:
                break
            del attempts[oldest]

    def repeated_receive(self, attempt: str, now: float) -> list[tuple[Message, str]] | None:
        """What the receive with ``attempt`` returned, if it is recent and none of its
        messages has since been deleted or had its visibility changed."""
        found = self._receive_attempts.get(attempt)
        if found is None or found[0] <= now:
            return None
        for message, receipt, generation in found[1]:
            if message.receipt != receipt or message.generation != generation:
                return None
        return [(message, receipt) for message, receipt, _ in found[1]]

    def retry_receive(self, attempt: str, now: float, timeout: int) -> None:
        """A receive retried with ``attempt``: its messages' visibility timeout starts
        again (as AWS documents), and the attempt stays valid for what it was."""
        lapses, received = self._receive_attempts[attempt]
        for message, _, _ in received:
            self.change_visibility(message, now, timeout)
        self._receive_attempts[attempt] = (
            lapses,
            [(message, receipt, message.generation) for message, receipt, _ in received],
        )

    def next_due(self) -> float | None:
        """When the earliest delayed or in-flight message may become visible."""
        return self._timers[0][0] if self._timers else None

    # -- receiving -----------------------------------------------------------------

    def visible(self, limit: int) -> Iterator[Message]:
        """Up to ``limit`` messages that may be received now, each taken out of the
        receivable set as it is yielded (the caller hides or removes it)."""
        if not self.fifo:
            ready = self._ready
            taken = 0
            while ready and taken < limit:
                message, generation = ready.popleft()
                if message.generation == generation and message.state == VISIBLE:
                    taken += 1
                    yield message
            return
        taken = 0
        while self._ready_groups and taken < limit:
            group_id = self._ready_groups.popleft()
            group = self._groups.get(group_id)
            if group is None:
                continue
            group.queued = False
            # A copy of just the front (a taken message may leave the group, moved to
            # a dead-letter queue), so a receive never copies a long group.
            for message in list(itertools.islice(group.messages, limit - taken)):
                if message.state != VISIBLE:
                    break
                taken += 1
                yield message
            # Every message taken may have left (moved to a dead-letter queue).
            self._release_group(group_id)

    def purge(self) -> None:
        for message in list(self.messages.values()):
            message.state = GONE
            message.generation += 1
        self.messages.clear()
        self._ready.clear()
        self._timers.clear()
        self._expiry.clear()
        self._groups.clear()
        self._ready_groups.clear()
        for state in self.counts:
            self.counts[state] = 0

    # -- FIFO deduplication ----------------------------------------------------------

    def remember(self, key: tuple[str, str], message: Message, until: float) -> None:
        self.deduplication[key] = (until, message)
        self._dedup_expiry.append((until, key))

    def duplicate_of(self, key: tuple[str, str], now: float) -> Message | None:
        found = self.deduplication.get(key)
        if found is None or found[0] <= now:
            return None
        return found[1]

    def next_sequence_number(self) -> str:
        self.sequence += 1
        return f"{self.sequence:020d}"

    def describe(self) -> dict[str, Any]:
        return {"name": self.name, "url": self.url}
