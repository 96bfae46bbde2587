using NetFlow.Storage.Writing;

namespace NetFlow.Storage.Rollups;

/// <summary>
/// The figures every key sums, for a slice of a row group's rows, taken out once (not once per
/// key) and a column at a time: packets and bytes with -1 for NULL, start and end in milliseconds since 1970 with
/// sentinels for NULL. A row's four figures lie together (<see cref="RowFigure"/>), so a key's
/// loop reads them through one reference; and a slice of <see cref="SliceRows"/> rows keeps what
/// the six keys read in the core's cache, where a whole row group's figures would come from
/// memory again for every key.
/// </summary>
internal sealed class RowFigures
{
    public const long NoStart = long.MaxValue;
    public const long NoEnd = long.MinValue;

    /// <summary>Rows per slice: the slice's figures and group numbers (36 bytes a row) fit the L2 cache with room for the keys' tables.</summary>
    public const int SliceRows = 4096;

    private readonly RowFigure[] _rows = new RowFigure[SliceRows];
    private readonly int[] _groupOfRow = new int[SliceRows];

    /// <summary>The row group's row the slice starts at.</summary>
    public int From { get; private set; }

    /// <summary>Rows in the slice.</summary>
    public int Count { get; private set; }

    /// <summary>True when every row has packets and bytes (none is -1 or below): the totals then skip the NULL test.</summary>
    public bool Complete { get; private set; }

    public ReadOnlySpan<RowFigure> Rows => _rows.AsSpan(0, Count);

    /// <summary>A group number per row of the slice, for a key to fill and hand to <see cref="GroupTotals.AddRows"/> (one buffer for all keys, used one key at a time).</summary>
    public Span<int> GroupOfRow => _groupOfRow.AsSpan(0, Count);

    /// <summary>Takes the figures of rows <paramref name="from"/> to <paramref name="from"/> + <paramref name="count"/> (at most <see cref="SliceRows"/>).</summary>
    public void Load(FlowRowGroup rows, int from, int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, SliceRows);
        From = from;
        Count = count;
        var figures = _rows.AsSpan(0, count);
        FlowRowGroup.ValueColumn<long> packets = RollupRows.Packets(rows), bytes = RollupRows.Bytes(rows);
        FlowRowGroup.ValueColumn<long> start = RollupRows.Start(rows), end = RollupRows.End(rows);
        // A negative count (the setters store none) is taken as NULL, as a missing one is: OR-ing
        // the counts tells whether there is one, and then the totals take the way that checks.
        long signs = 0;
        if (rows.AllHave(packets.Bit) && rows.AllHave(bytes.Bit) && rows.AllHave(start.Bit) && rows.AllHave(end.Bit))
        {
            // The common case: every row has all four, taken as they are in one pass.
            var p = packets.Values.AsSpan(from, count);
            var b = bytes.Values.AsSpan(from, count);
            var s = start.Values.AsSpan(from, count);
            var e = end.Values.AsSpan(from, count);
            for (int i = 0; i < figures.Length; i++)
            {
                // Field by field: a whole struct built then copied goes through the stack (a store-forwarding stall per row).
                ref var f = ref figures[i];
                signs |= (f.Packets = p[i]) | (f.Bytes = b[i]);
                f.StartTime = s[i];
                f.EndTime = e[i];
            }
        }
        else
        {
            for (int i = 0; i < figures.Length; i++)
            {
                int row = from + i;
                ref var f = ref figures[i];
                signs |= (f.Packets = packets[row] ?? -1) | (f.Bytes = bytes[row] ?? -1);
                f.StartTime = start[row] ?? NoStart;
                f.EndTime = end[row] ?? NoEnd;
            }
        }
        Complete = signs >= 0;
    }
}

/// <summary>One row's figures: packets and bytes (-1 for NULL), start and end in milliseconds since 1970 (<see cref="RowFigures.NoStart"/>, <see cref="RowFigures.NoEnd"/> for NULL).</summary>
internal struct RowFigure
{
    public long Packets;
    public long Bytes;
    public long StartTime;
    public long EndTime;
}
