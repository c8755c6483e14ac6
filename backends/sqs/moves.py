"""Moving messages between queues: dead-lettering, and redrive tasks that run on the clock.

A move task takes a snapshot of the messages visible in its source when it
starts. Without a rate it finishes at once (AWS picks the rate itself); with
``MaxNumberOfMessagesPerSecond`` it moves ``rate`` messages per second of the
world clock, settled whenever a call touches one of its queues, so a test sees
it RUNNING and can cancel it or advance the clock to let it finish.
"""

from __future__ import annotations

import uuid
from collections import deque
from collections.abc import Callable

import attrs

from hookmock.backends.sqs.messages import VISIBLE, Message
from hookmock.backends.sqs.queue import Queue

RUNNING = "RUNNING"
COMPLETED = "COMPLETED"
CANCELLED = "CANCELLED"
FAILED = "FAILED"


def transfer(
    message: Message, source: Queue, target: Queue, now: float, *, dead_letter_source: str | None
) -> None:
    """Take ``message`` out of ``source`` and enqueue a fresh copy of it in ``target``.

    Dead-lettering (``dead_letter_source`` given) keeps the message id; a standard
    dead-letter queue also keeps its original enqueue time, a FIFO one restarts
    retention and takes the message id as deduplication id. A move task's redrive
    enqueues a new message: new id, retention from now. (AWS's developer guide,
    dead-letter queue retention and redrive.)
    """
    source.remove(message)
    redrive = dead_letter_source is None
    copy = attrs.evolve(
        message,
        id=str(uuid.uuid4()) if redrive else message.id,
        dead_letter_source_arn=dead_letter_source,
        receive_count=0,
        first_received_at=None,
        received_at=None,
        receipt=None,
        generation=0,
    )
    if target.fifo:
        copy.sequence_number = target.next_sequence_number()
        if not redrive:
            copy.deduplication_id = message.id
    target.tick(now)
    keep_age = not redrive and not target.fifo
    target.add(copy, now, 0, entered_at=message.entered_at if keep_age else None)
    target.condition.notify_all()


@attrs.define(eq=False)
class MoveTask:
    handle: str
    source: Queue
    destination_arn: str | None
    rate: int | None
    started_at: float
    pending: deque[Message]
    resolve: Callable[[str], Queue | None] = attrs.field(repr=False)
    """The queue an ARN names now (destinations may be deleted while a task runs)."""
    to_move: int = attrs.field(init=False)
    processed: int = 0
    moved: int = 0
    status: str = RUNNING
    failure_reason: str | None = None
    queues: list[Queue] = attrs.field(factory=list, repr=False)
    """Every queue whose calls settle this task: its source and destinations."""

    def __attrs_post_init__(self) -> None:
        self.to_move = len(self.pending)

    def settle(self, now: float) -> None:
        """Move what the rate allowed up to ``now``."""
        if self.status != RUNNING:
            return
        if self.resolve(self.source.arn) is not self.source:
            self.failure_reason = "The source queue was deleted."
            self.finish(FAILED)
            return
        due = self.to_move
        if self.rate is not None:
            due = min(due, int((now - self.started_at) * self.rate))
        while self.processed < due and self.pending:
            self._move_one(self.pending.popleft(), now)
        if not self.pending:
            self.finish(COMPLETED)

    def _move_one(self, message: Message, now: float) -> None:
        self.processed += 1
        if message.state != VISIBLE or self.source.messages.get(message.id) is not message:
            return
        target_arn = self.destination_arn or message.dead_letter_source_arn
        target = self.resolve(target_arn) if target_arn else None
        if target is None:
            return
        transfer(message, self.source, target, now, dead_letter_source=None)
        self.moved += 1

    def finish(self, status: str) -> None:
        self.status = status
        self.pending.clear()
        for queue in self.queues:
            if self in queue.moves:
                queue.moves.remove(self)
