"""Amazon DynamoDB Streams."""

from hookmock.backends.dynamodbstreams.backend import SERVICE, StreamsBackend

__all__ = ["SERVICE", "StreamsBackend"]
