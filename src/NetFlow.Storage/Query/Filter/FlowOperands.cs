using NetFlow.Storage.Schema;

namespace NetFlow.Storage.Query.Filter;

/// <summary>The values nfdump filters on that are not a column: computed from the columns per row.</summary>
internal static class FlowOperands
{
    /// <summary>Milliseconds, as nfdump's <c>duration</c>.</summary>
    public const string DurationMilliseconds =
        $"(epoch_ms({FlowColumns.TimeEnd}) - epoch_ms({FlowColumns.TimeStart}))";

    /// <summary>Whole bytes per packet, as nfdump's <c>bpp</c>; NULL when there are no packets.</summary>
    public const string BytesPerPacket =
        $"({FlowColumns.Bytes} // NULLIF({FlowColumns.Packets}, 0))";

    // DOUBLE: bytes * 8000 overflows UBIGINT for large counters, and DuckDB raises on overflow.
    /// <summary>Bits per second over the flow's duration; NULL for a flow of zero duration.</summary>
    public const string BitsPerSecond =
        $"(CAST({FlowColumns.Bytes} AS DOUBLE) * 8000 / NULLIF({DurationMilliseconds}, 0))";

    /// <summary>Packets per second over the flow's duration; NULL for a flow of zero duration.</summary>
    public const string PacketsPerSecond =
        $"(CAST({FlowColumns.Packets} AS DOUBLE) * 1000 / NULLIF({DurationMilliseconds}, 0))";
}
