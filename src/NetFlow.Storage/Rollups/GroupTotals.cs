namespace NetFlow.Storage.Rollups;

/// <summary>
/// What a rollup keeps per group: the same figures `netflow query` computes over raw flows
/// (count, sum of packets and bytes, first start and last end), so summing rollups gives what
/// scanning the flows would. Sums of no value stay "none" (NULL), as SQL's sum does.
/// </summary>
internal struct GroupTotals
{
    public long Flows;
    public long Packets;
    public long Bytes;
    public bool HasPackets;
    public bool HasBytes;
    public long FirstTicks;
    public long LastTicks;

    public static GroupTotals Empty => new() { FirstTicks = long.MaxValue, LastTicks = long.MinValue };

    /// <summary>Adds the flow at <paramref name="row"/>; false when a sum would pass what a BIGINT holds (the rollup is then given up).</summary>
    public bool Add(RowFigures figures, int row)
    {
        Flows++;
        long p = figures.Packets[row], b = figures.Bytes[row];
        if (p >= 0)
        {
            if (p > long.MaxValue - Packets)
                return false;
            Packets += p;
            HasPackets = true;
        }
        if (b >= 0)
        {
            if (b > long.MaxValue - Bytes)
                return false;
            Bytes += b;
            HasBytes = true;
        }
        // The sentinels for NULL (RowFigures.NoStart/NoEnd) never win these comparisons.
        FirstTicks = Math.Min(FirstTicks, figures.StartTicks[row]);
        LastTicks = Math.Max(LastTicks, figures.EndTicks[row]);
        return true;
    }

    public readonly long? PacketsOrNull => HasPackets ? Packets : null;
    public readonly long? BytesOrNull => HasBytes ? Bytes : null;
    public readonly DateTime? First => FirstTicks == long.MaxValue ? null : new DateTime(FirstTicks, DateTimeKind.Utc);
    public readonly DateTime? Last => LastTicks == long.MinValue ? null : new DateTime(LastTicks, DateTimeKind.Utc);
}
