using NetFlow.Storage.Schema;
using Parquet.Schema;

namespace NetFlow.Storage.Rollups;

/// <summary>
/// The columns of a rollup file: the key's own columns, named and typed as in the flow files
/// (dst_port USMALLINT, src_ip4 UINTEGER with src_ip6 BLOB ...), then the group's figures under
/// the names `netflow query` gives them (flows, packets, bytes, first_seen, last_seen). So a
/// query reads rollups and raw flows with the same column list and sums the two.
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

    public static readonly DataField<long> Flows = new(FlowsColumn);
    public static readonly DataField<long?> Packets = new(FlowColumns.Packets);
    public static readonly DataField<long?> Bytes = new(FlowColumns.Bytes);
    public static readonly DateTimeDataField FirstSeen = new(FirstSeenColumn, DateTimeFormat.Timestamp, isAdjustedToUTC: false, unit: DateTimeTimeUnit.Millis, isNullable: true);
    public static readonly DateTimeDataField LastSeen = new(LastSeenColumn, DateTimeFormat.Timestamp, isAdjustedToUTC: false, unit: DateTimeTimeUnit.Millis, isNullable: true);

    public static ParquetSchema For(params DataField[] keyFields) =>
        new([.. keyFields, Flows, Packets, Bytes, FirstSeen, LastSeen]);
}
