using NetFlow.Storage.Schema;
using NetFlow.Storage.Writing.Parquet;

namespace NetFlow.Storage.Rollups;

/// <summary>
/// The columns of a rollup file: the key's own columns, named and typed as in the flow files
/// (dst_port USMALLINT, src_ip4 UINTEGER with src_ip6 BLOB ...), then the group's figures under
/// the names `netflow query` gives them (flows, packets, bytes, first_seen, last_seen). So a
/// query reads rollups and raw flows with the same column list and sums the two. The types are
/// those Parquet.Net gave the same fields when it wrote rollups (flows INT64, the sums optional
/// INT64, the times optional TIMESTAMP(MILLIS) not adjusted to UTC).
/// </summary>
internal static class RollupSchema
{
    public const string FlowsColumn = "flows";
    public const string FirstSeenColumn = "first_seen";
    public const string LastSeenColumn = "last_seen";

    /// <summary>Footer key naming the key the file rolls up (e.g. dstport).</summary>
    public const string KeyMetadata = "netflow.rollup.key";
    /// <summary>Footer key listing the flow files (names in the same date/hour partition, one a line) the rollup sums.</summary>
    public const string CoversMetadata = "netflow.rollup.covers";

    public static readonly ColumnDescriptor Flows = new(FlowsColumn, PhysicalType.Int64, Repetition.Required, LogicalType.Int64);
    public static readonly ColumnDescriptor Packets = new(FlowColumns.Packets, PhysicalType.Int64, Repetition.Optional, LogicalType.Int64);
    public static readonly ColumnDescriptor Bytes = new(FlowColumns.Bytes, PhysicalType.Int64, Repetition.Optional, LogicalType.Int64);
    public static readonly ColumnDescriptor FirstSeen = new(FirstSeenColumn, PhysicalType.Int64, Repetition.Optional, LogicalType.TimestampMillis);
    public static readonly ColumnDescriptor LastSeen = new(LastSeenColumn, PhysicalType.Int64, Repetition.Optional, LogicalType.TimestampMillis);

    public static IReadOnlyList<ColumnDescriptor> For(params ColumnDescriptor[] keyColumns) =>
        [.. keyColumns, Flows, Packets, Bytes, FirstSeen, LastSeen];
}
