using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NetFlow.Storage.Writing;
using NetFlow.Storage.Writing.Parquet;

namespace NetFlow.Storage.Rollups;

/// <summary>
/// What a rollup keeps per group: the same figures `netflow query` computes over raw flows
/// (count, sum of packets and bytes, first start and last end), so summing rollups gives what
/// scanning the flows would. Sums of no value stay "none" (NULL), as SQL's sum does: a group has
/// packets unless every one of its flows had none, so counting those flows (0 in the common case,
/// where nothing is stored for them) tells it.
/// </summary>
internal struct GroupTotals
{
    public long Flows;
    public long Packets;
    public long Bytes;
    public long FirstTime;
    public long LastTime;
    public long FlowsWithoutPackets;
    public long FlowsWithoutBytes;

    public static GroupTotals Empty => new() { FirstTime = RowFigures.NoStart, LastTime = RowFigures.NoEnd };

    /// <summary>
    /// Adds the flow of every row of the slice to its group (<paramref name="groups"/>), and counts into
    /// <paramref name="created"/> the groups that had none before. False when a sum passed what a
    /// BIGINT holds: the rollup is then given up, so what the groups hold after that does not matter.
    /// </summary>
    public static bool AddRows<TGroups>(Span<GroupTotals> totals, TGroups groups, RowFigures figures, out int created)
        where TGroups : IGroupNumbers, allows ref struct
    {
        // The four figures' spans are the slice's length; read past one check each, not one per row and figure.
        int n = figures.Count;
        ref long packets = ref Start(figures.Packets, n), bytes = ref Start(figures.Bytes, n);
        ref long starts = ref Start(figures.Starts, n), ends = ref Start(figures.Ends, n);
        // Counts are 0 to long.MaxValue, so a sum that passes long.MaxValue turns negative at that
        // addition; OR-ing every sum keeps that sign without a test per row.
        long sums = 0;
        int fresh = 0;
        if (figures.Complete)
        {
            for (int row = 0; row < n; row++)
            {
                ref var t = ref totals[groups.Of(row)];
                fresh += t.Flows == 0 ? 1 : 0;
                t.Flows++;
                sums |= t.Packets += Unsafe.Add(ref packets, row);
                sums |= t.Bytes += Unsafe.Add(ref bytes, row);
                t.Extend(Unsafe.Add(ref starts, row), Unsafe.Add(ref ends, row));
            }
        }
        else
        {
            for (int row = 0; row < n; row++)
            {
                ref var t = ref totals[groups.Of(row)];
                fresh += t.Flows == 0 ? 1 : 0;
                t.Flows++;
                t.AddCounts(Unsafe.Add(ref packets, row), Unsafe.Add(ref bytes, row), ref sums);
                t.Extend(Unsafe.Add(ref starts, row), Unsafe.Add(ref ends, row));
            }
        }
        created = fresh;
        return sums >= 0;
    }

    /// <summary>Adds the flows of the slice's rows <paramref name="from"/> to <paramref name="to"/> (exclusive), all of this group: summed in registers, stored once.</summary>
    public bool AddRun(RowFigures figures, int from, int to)
    {
        var packets = figures.Packets[from..to];
        var bytes = figures.Bytes[from..to];
        var starts = figures.Starts[from..to];
        var ends = figures.Ends[from..to];
        long packetSum = 0, byteSum = 0, withoutPackets = 0, withoutBytes = 0, sums = 0;
        long first = FirstTime, last = LastTime;
        if (figures.Complete)
        {
            for (int row = 0; row < packets.Length; row++)
            {
                sums |= packetSum += packets[row];
                sums |= byteSum += bytes[row];
            }
        }
        else
        {
            for (int row = 0; row < packets.Length; row++)
            {
                long p = packets[row], b = bytes[row];
                sums |= packetSum += p & ~(p >> 63);
                sums |= byteSum += b & ~(b >> 63);
                withoutPackets += (long)((ulong)p >> 63);
                withoutBytes += (long)((ulong)b >> 63);
            }
        }
        // The sentinels for NULL (NoStart, NoEnd) never win; min and max a vector at a time.
        if (!starts.IsEmpty)
        {
            first = Math.Min(first, MinMax.Of(starts).Min);
            last = Math.Max(last, MinMax.Of(ends).Max);
        }
        Flows += packets.Length;
        FlowsWithoutPackets += withoutPackets;
        FlowsWithoutBytes += withoutBytes;
        FirstTime = first;
        LastTime = last;
        // The run's sums are no larger than the group's new ones: one more test covers both.
        sums |= Packets += packetSum;
        sums |= Bytes += byteSum;
        return sums >= 0;
    }

    /// <summary>The first of <paramref name="count"/> values, after checking there are that many.</summary>
    private static ref long Start(ReadOnlySpan<long> values, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(values.Length, count, nameof(values));
        return ref MemoryMarshal.GetReference(values);
    }

    /// <summary>Adds a flow's packets and bytes, where NULL is -1: it adds 0 and counts a flow without.</summary>
    private void AddCounts(long packets, long bytes, ref long sums)
    {
        sums |= Packets += packets & ~(packets >> 63);
        sums |= Bytes += bytes & ~(bytes >> 63);
        FlowsWithoutPackets += (long)((ulong)packets >> 63);
        FlowsWithoutBytes += (long)((ulong)bytes >> 63);
    }

    /// <summary>Widens the span to the flow's start and end. Stores only on a change, rare once a group has a few flows; the sentinels for NULL (RowFigures.NoStart/NoEnd) never win.</summary>
    private void Extend(long start, long end)
    {
        if (start < FirstTime)
            FirstTime = start;
        if (end > LastTime)
            LastTime = end;
    }

    public readonly long? PacketsOrNull => Flows > FlowsWithoutPackets ? Packets : null;
    public readonly long? BytesOrNull => Flows > FlowsWithoutBytes ? Bytes : null;
    public readonly DateTime? First => FirstTime == RowFigures.NoStart ? null : FlowRowGroup.TimeOf(FirstTime);
    public readonly DateTime? Last => LastTime == RowFigures.NoEnd ? null : FlowRowGroup.TimeOf(LastTime);
}
