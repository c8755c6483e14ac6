"""Amazon DynamoDB."""

from hookmock.backends.dynamodb.backend import SERVICE, DynamoDBBackend

__all__ = ["SERVICE", "DynamoDBBackend"]
