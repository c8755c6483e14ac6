"""PartiQL for DynamoDB: the statements of ExecuteStatement, BatchExecuteStatement
and ExecuteTransaction, parsed into the expression nodes the rest of the
backend evaluates."""
