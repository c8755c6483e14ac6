"""DynamoDB (API 2012-08-10): tables and their settings. Item, query, batch and
transaction operations are mixed in from their own modules."""

from __future__ import annotations

import bisect
from typing import Any

import attrs

from hookmock.backends._core import Backend, Call, Params, Result, Service, operation
from hookmock.backends.dynamodb import errors
from hookmock.backends.dynamodb.batches import BatchOperations
from hookmock.backends.dynamodb.expiry import ExpiryIndex
from hookmock.backends.dynamodb.items import ItemOperations
from hookmock.backends.dynamodb.partiql.operations import PartiQLOperations
from hookmock.backends.dynamodb.queries import QueryOperations
from hookmock.backends.dynamodb.storage import ItemStore
from hookmock.backends.dynamodb.streams import StreamLog
from hookmock.backends.dynamodb.tables import (
    MAX_GSIS,
    MAX_LSIS,
    Index,
    Table,
    checked_projection,
    checked_throughput,
    describe,
    key_schema,
)
from hookmock.backends.dynamodb.transactions import TransactionOperations
from hookmock.shapes import AWSError

MAX_LIST_TABLES = 100
MAX_TAGS = 50


@attrs.define(eq=False)
class DynamoDBBackend(
    ItemOperations,
    QueryOperations,
    BatchOperations,
    PartiQLOperations,
    TransactionOperations,
    Backend,
):
    resource_fields = ("tables",)

    tables: dict[str, Table] = attrs.field(factory=dict)
    transaction_tokens: dict[str, Any] = attrs.field(factory=dict)
    """ClientRequestToken → what TransactWriteItems answered, for idempotent retries."""

    def _described_table(self, name: str) -> Table:
        found = self.tables.get(name)
        if found is None:
            raise errors.table_not_found(name)
        found.expire(self.world.clock.time())
        return found

    def _table_by_arn(self, arn: str) -> Table:
        name = arn.rsplit("table/", 1)[-1] if ":table/" in arn else ""
        found = self.tables.get(name)
        if found is None or found.arn != arn:
            raise AWSError(
                "ResourceNotFoundException",
                f"Requested resource not found: ResourcArn: {arn} not found",
            )
        return found

    # --- tables ---------------------------------------------------------------------

    @operation("CreateTable")
    def create_table(self, call: Call, params: Params) -> Result:
        name = params["TableName"]
        if name in self.tables:
            raise AWSError("ResourceInUseException", f"Table already exists: {name}")
        definitions = list(params["AttributeDefinitions"])
        types = {d["AttributeName"]: d["AttributeType"] for d in definitions}
        if len(types) != len(definitions):
            raise errors.invalid_parameter("Duplicate AttributeName in AttributeDefinitions")
        schema = key_schema(params["KeySchema"], types, "keySchema")
        billing = params.get("BillingMode", "PROVISIONED")
        throughput = checked_throughput(
            billing, params.get("ProvisionedThroughput"), "provisionedThroughput"
        )
        arn = f"arn:{call.partition}:dynamodb:{self.location}:{self.account_id}:table/{name}"
        table = Table(name, arn, schema, definitions, billing, throughput, self.world.clock.now())
        self._add_indexes(table, params, types)
        used = set(schema.names) | {n for i in table.indexes.values() for n in i.schema.names}
        if set(types) != used:
            raise errors.invalid_parameter(
                "Some AttributeDefinitions are not used. AttributeDefinitions: "
                f"[{', '.join(types)}], keys used: [{', '.join(sorted(used))}]"
            )
        self._apply_stream(table, params.get("StreamSpecification"))
        self._apply_sse(call, table, params.get("SSESpecification"))
        table.table_class = params.get("TableClass", "STANDARD")
        table.deletion_protection = bool(params.get("DeletionProtectionEnabled", False))
        table.tags = {t["Key"]: t["Value"] for t in params.get("Tags", ())}
        self.tables[name] = table
        return {"TableDescription": describe(table, "ACTIVE")}

    def _add_indexes(self, table: Table, params: Params, types: dict[str, str]) -> None:
        local = params.get("LocalSecondaryIndexes") or []
        global_ = params.get("GlobalSecondaryIndexes") or []
        if local and table.schema.range_name is None:
            raise errors.invalid_parameter(
                "Table KeySchema does not have a range key, which is required when specifying "
                "a LocalSecondaryIndex"
            )
        if len(local) > MAX_LSIS:
            raise errors.validation(
                f"One or more parameter values were invalid: Number of LocalSecondaryIndexes "
                f"exceeds per-table limit of {MAX_LSIS}"
            )
        if len(global_) > MAX_GSIS:
            raise AWSError(
                "LimitExceededException",
                f"GSI count exceeds the limit of {MAX_GSIS} global secondary indexes per table",
            )
        for spec in local:
            index = self._new_index(table, spec, types, is_global=False)
            if index.schema.hash_name != table.schema.hash_name:
                raise errors.invalid_parameter(
                    "Index KeySchema does not have the same leading hash key as table KeySchema "
                    f"for index: {index.name}. index hash key: {index.schema.hash_name}, "
                    f"table hash key: {table.schema.hash_name}"
                )
            table.indexes[index.name] = index
        for spec in global_:
            index = self._new_index(table, spec, types, is_global=True)
            index.throughput = checked_throughput(
                table.billing_mode, spec.get("ProvisionedThroughput"), "globalSecondaryIndexes"
            )
            table.indexes[index.name] = index

    def _new_index(
        self, table: Table, spec: Params, types: dict[str, str], *, is_global: bool
    ) -> Index:
        name = spec["IndexName"]
        if name in table.indexes:
            raise errors.invalid_parameter(f"Duplicate index name: {name}")
        schema = key_schema(spec["KeySchema"], types, "indexKeySchema")
        return Index(
            name,
            f"{table.arn}/index/{name}",
            schema,
            checked_projection(spec["Projection"], name),
            ItemStore(schema, table.schema),
            is_global,
        )

    def _apply_stream(self, table: Table, spec: Params | None) -> None:
        if spec is None:
            return
        if spec.get("StreamEnabled") and "StreamViewType" not in spec:
            raise errors.validation(
                "One or more parameter values were invalid: StreamViewType must be specified "
                "when StreamEnabled is true"
            )
        if not spec.get("StreamEnabled") and "StreamViewType" in spec:
            raise errors.validation(
                "One or more parameter values were invalid: StreamViewType can only be "
                "specified when StreamEnabled is true"
            )
        current = table.streams[-1] if table.streams and table.streams[-1].enabled else None
        if spec.get("StreamEnabled"):
            if current is not None:
                raise errors.validation(f"Table already has an enabled stream: {current.arn}")
            label = self.world.clock.now().strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3]
            table.streams.append(
                StreamLog(
                    table.name,
                    table.arn,
                    label,
                    spec["StreamViewType"],
                    self.location,
                    table.schema,
                    self.world.clock,
                )
            )
        elif current is not None:
            current.enabled = False
        table.stream = dict(spec)

    def _apply_sse(self, call: Call, table: Table, spec: Params | None) -> None:
        if spec is None or not spec.get("Enabled"):
            table.sse = None
            return
        key = spec.get("KMSMasterKeyId")
        if key is None:
            key = f"arn:{call.partition}:kms:{self.location}:{self.account_id}:alias/aws/dynamodb"
        elif not key.startswith("arn:"):
            key = f"arn:{call.partition}:kms:{self.location}:{self.account_id}:key/{key}"
        table.sse = {"Status": "ENABLED", "SSEType": "KMS", "KMSMasterKeyArn": key}

    @operation("DescribeTable")
    def describe_table(self, call: Call, params: Params) -> Result:
        return {"Table": describe(self._described_table(params["TableName"]))}

    @operation("ListTables")
    def list_tables(self, call: Call, params: Params) -> Result:
        names = sorted(self.tables)
        start = params.get("ExclusiveStartTableName")
        first = 0 if start is None else bisect.bisect_right(names, start)
        limit = params.get("Limit", MAX_LIST_TABLES)
        page = names[first : first + limit]
        result: dict[str, Any] = {"TableNames": page}
        if first + limit < len(names):
            result["LastEvaluatedTableName"] = page[-1]
        return result

    @operation("DeleteTable")
    def delete_table(self, call: Call, params: Params) -> Result:
        table = self._described_table(params["TableName"])
        if table.deletion_protection:
            raise AWSError(
                "ResourceInUseException",
                "Resource cannot be deleted as it is currently protected against deletion. "
                "Disable deletion protection first.",
            )
        del self.tables[table.name]
        return {"TableDescription": describe(table, "DELETING")}

    @operation("UpdateTable")
    def update_table(self, call: Call, params: Params) -> Result:
        table = self._described_table(params["TableName"])
        types = {d["AttributeName"]: d["AttributeType"] for d in table.attribute_definitions}
        for definition in params.get("AttributeDefinitions", ()):
            types[definition["AttributeName"]] = definition["AttributeType"]
        billing = params.get("BillingMode", table.billing_mode)
        throughput = table.throughput
        if "BillingMode" in params or "ProvisionedThroughput" in params:
            given = params.get("ProvisionedThroughput")
            if billing == "PROVISIONED" and given is None and table.billing_mode == "PROVISIONED":
                given = table.throughput
            throughput = checked_throughput(billing, given, "provisionedThroughput")
        updates = params.get("GlobalSecondaryIndexUpdates") or []
        staged = dict(table.indexes)
        for update in updates:
            self._stage_index_update(table, staged, update, types, billing)
        if billing != table.billing_mode:
            table.billing_changed = self.world.clock.now()
        table.billing_mode = billing
        table.throughput = throughput
        for index in staged.values():
            if index.name not in table.indexes:
                for item in table.store.scan(None):
                    if index.schema.covers(item):
                        index.store.put(item)
        table.indexes = staged
        used = set(table.schema.names) | {n for i in staged.values() for n in i.schema.names}
        table.attribute_definitions = [
            {"AttributeName": n, "AttributeType": t} for n, t in types.items() if n in used
        ]
        if "StreamSpecification" in params:
            self._apply_stream(table, params["StreamSpecification"])
        if "SSESpecification" in params:
            self._apply_sse(call, table, params["SSESpecification"])
        if "TableClass" in params:
            table.table_class = params["TableClass"]
        if "DeletionProtectionEnabled" in params:
            table.deletion_protection = bool(params["DeletionProtectionEnabled"])
        return {"TableDescription": describe(table)}

    def _stage_index_update(
        self,
        table: Table,
        staged: dict[str, Index],
        update: Params,
        types: dict[str, str],
        billing: str,
    ) -> None:
        if "Create" in update:
            spec = update["Create"]
            if spec["IndexName"] in staged:
                raise errors.validation(
                    f"One or more parameter values were invalid: Index with name: "
                    f"{spec['IndexName']} already exists"
                )
            if sum(1 for i in staged.values() if i.is_global) >= MAX_GSIS:
                raise AWSError(
                    "LimitExceededException",
                    f"GSI count exceeds the limit of {MAX_GSIS} global secondary indexes per table",
                )
            index = self._new_index(table, spec, types, is_global=True)
            index.throughput = checked_throughput(
                billing, spec.get("ProvisionedThroughput"), "globalSecondaryIndexUpdates"
            )
            staged[index.name] = index
        elif "Delete" in update:
            name = update["Delete"]["IndexName"]
            if name not in staged or not staged[name].is_global:
                raise AWSError(
                    "ResourceNotFoundException", f"Requested resource not found: Index: {name}"
                )
            del staged[name]
        elif "Update" in update:
            name = update["Update"]["IndexName"]
            if name not in staged or not staged[name].is_global:
                raise AWSError(
                    "ResourceNotFoundException", f"Requested resource not found: Index: {name}"
                )
            staged[name].throughput = checked_throughput(
                billing,
                update["Update"].get("ProvisionedThroughput"),
                "globalSecondaryIndexUpdates",
            )

    # --- tags, TTL, backups, limits, endpoints ----------------------------------------

    @operation("TagResource")
    def tag_resource(self, call: Call, params: Params) -> Result:
        table = self._table_by_arn(params["ResourceArn"])
        merged = dict(table.tags)
        merged.update({t["Key"]: t["Value"] for t in params["Tags"]})
        if len(merged) > MAX_TAGS:
            raise AWSError(
                "ValidationException", "One or more parameter values were invalid: Too many tags"
            )
        table.tags = merged
        return {}

    @operation("UntagResource")
    def untag_resource(self, call: Call, params: Params) -> Result:
        table = self._table_by_arn(params["ResourceArn"])
        for key in params["TagKeys"]:
            table.tags.pop(key, None)
        return {}

    @operation("ListTagsOfResource")
    def list_tags_of_resource(self, call: Call, params: Params) -> Result:
        table = self._table_by_arn(params["ResourceArn"])
        return {"Tags": [{"Key": k, "Value": v} for k, v in table.tags.items()]}

    @operation("UpdateTimeToLive")
    def update_time_to_live(self, call: Call, params: Params) -> Result:
        table = self._described_table(params["TableName"])
        spec = params["TimeToLiveSpecification"]
        enabled = table.ttl is not None
        if spec["Enabled"] == enabled:
            state = "enabled" if enabled else "disabled"
            raise errors.validation(f"TimeToLive is already {state}")
        table.ttl = {"AttributeName": spec["AttributeName"]} if spec["Enabled"] else None
        table.expiry = None
        if spec["Enabled"]:
            table.expiry = ExpiryIndex(spec["AttributeName"], table.schema, self.world.clock)
            for item in table.store.scan(None):
                table.expiry.track(None, item)
        return {"TimeToLiveSpecification": dict(spec)}

    @operation("DescribeTimeToLive")
    def describe_time_to_live(self, call: Call, params: Params) -> Result:
        table = self._described_table(params["TableName"])
        if table.ttl is None:
            return {"TimeToLiveDescription": {"TimeToLiveStatus": "DISABLED"}}
        return {
            "TimeToLiveDescription": {
                "TimeToLiveStatus": "ENABLED",
                "AttributeName": table.ttl["AttributeName"],
            }
        }

    @operation("UpdateContinuousBackups")
    def update_continuous_backups(self, call: Call, params: Params) -> Result:
        table = self._backups_table(params["TableName"])
        spec = params["PointInTimeRecoverySpecification"]
        table.point_in_time_recovery = bool(spec["PointInTimeRecoveryEnabled"])
        return {"ContinuousBackupsDescription": self._continuous_backups(table)}

    @operation("DescribeContinuousBackups")
    def describe_continuous_backups(self, call: Call, params: Params) -> Result:
        table = self._backups_table(params["TableName"])
        return {"ContinuousBackupsDescription": self._continuous_backups(table)}

    def _backups_table(self, name: str) -> Table:
        """The continuous-backup calls' own not-found error."""
        table = self.tables.get(name)
        if table is None:
            raise AWSError("TableNotFoundException", f"Table not found: {name}")
        return table

    def _continuous_backups(self, table: Table) -> dict[str, Any]:
        recovery: dict[str, Any] = {
            "PointInTimeRecoveryStatus": "ENABLED" if table.point_in_time_recovery else "DISABLED"
        }
        if table.point_in_time_recovery:
            recovery["EarliestRestorableDateTime"] = table.created
            recovery["LatestRestorableDateTime"] = self.world.clock.now()
        return {
            "ContinuousBackupsStatus": "ENABLED",
            "PointInTimeRecoveryDescription": recovery,
        }

    @operation("DescribeLimits")
    def describe_limits(self, call: Call, params: Params) -> Result:
        return {
            "AccountMaxReadCapacityUnits": 80000,
            "AccountMaxWriteCapacityUnits": 80000,
            "TableMaxReadCapacityUnits": 40000,
            "TableMaxWriteCapacityUnits": 40000,
        }

    @operation("DescribeEndpoints")
    def describe_endpoints(self, call: Call, params: Params) -> Result:
        return {
            "Endpoints": [
                {"Address": f"dynamodb.{self.location}.amazonaws.com", "CachePeriodInMinutes": 1440}
            ]
        }


SERVICE = Service("dynamodb", DynamoDBBackend)
"""Amazon DynamoDB."""
