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

    /// <summary>Adds one flow; false when a sum would pass what a BIGINT holds (the rollup is then given up).</summary>
    public bool Add(long? packets, long? bytes, DateTime? start, DateTime? end)
    {
        Flows++;
        if (packets is { } p)
        {
            if (p > long.MaxValue - Packets)
                return false;
            Packets += p;
            HasPackets = true;
        }
        if (bytes is { } b)
        {
            if (b > long.MaxValue - Bytes)
                return false;
            Bytes += b;
            HasBytes = true;
        }
        if (start is { } s && s.Ticks < FirstTicks)
            FirstTicks = s.Ticks;
        if (end is { } e && e.Ticks > LastTicks)
            LastTicks = e.Ticks;
        return true;
    }

    public readonly long? PacketsOrNull => HasPackets ? Packets : null;
    public readonly long? BytesOrNull => HasBytes ? Bytes : null;
    public readonly DateTime? First => FirstTicks == long.MaxValue ? null : new DateTime(FirstTicks, DateTimeKind.Utc);
    public readonly DateTime? Last => LastTicks == long.MinValue ? null : new DateTime(LastTicks, DateTimeKind.Utc);
}
