using NetFlow.Storage.Writing;
using NetFlow.Storage.Writing.Parquet;

namespace NetFlow.Storage.Rollups;

/// <summary>
/// The figures every key sums, for a slice of a row group's rows, a column each: packets and bytes
/// with -1 for NULL, start and end in milliseconds since 1970 with sentinels for NULL. When every
/// row of the group has all four (the common case) they are the row group's own columns, read
/// where they are; only a group with NULLs among them has them copied, NULLs replaced. Copying
/// every slice into rows of four figures, for one reference per row, cost about 3 ns a row (as much
/// as a key) to save the keys nothing. A slice of <see cref="SliceRows"/> rows keeps what the six
/// keys read in the core's cache, where a whole row group's figures would come from memory again
/// for every key.
/// </summary>
internal sealed class RowFigures
{
    public const long NoStart = long.MaxValue;
    public const long NoEnd = long.MinValue;

    /// <summary>Rows per slice: the slice's figures and group numbers (36 bytes a row) fit the L2 cache with room for the keys' tables.</summary>
    public const int SliceRows = 4096;

    private readonly long[] _packets = new long[SliceRows];
    private readonly long[] _bytes = new long[SliceRows];
    private readonly long[] _starts = new long[SliceRows];
    private readonly long[] _ends = new long[SliceRows];
    private readonly int[] _groupOfRow = new int[SliceRows];
    private Figure _packetsOf, _bytesOf, _startsOf, _endsOf;

    /// <summary>The row group's row the slice starts at.</summary>
    public int From { get; private set; }

    /// <summary>Rows in the slice.</summary>
    public int Count { get; private set; }

    /// <summary>True when every row has packets and bytes (none is -1 or below): the totals then skip the NULL test.</summary>
    public bool Complete { get; private set; }

    /// <summary>The slice's packets (-1: none), bytes (-1: none), starts (<see cref="NoStart"/>: none) and ends (<see cref="NoEnd"/>: none), a value per row.</summary>
    public ReadOnlySpan<long> Packets => _packetsOf.Values(Count);
    public ReadOnlySpan<long> Bytes => _bytesOf.Values(Count);
    public ReadOnlySpan<long> Starts => _startsOf.Values(Count);
    public ReadOnlySpan<long> Ends => _endsOf.Values(Count);

    /// <summary>A group number per row of the slice, for a key to fill and hand to <see cref="GroupTotals.AddRows"/> (one buffer for all keys, used one key at a time).</summary>
    public Span<int> GroupOfRow => _groupOfRow.AsSpan(0, Count);

    /// <summary>Takes the figures of rows <paramref name="from"/> to <paramref name="from"/> + <paramref name="count"/> (at most <see cref="SliceRows"/>).</summary>
    public void Load(FlowRowGroup rows, int from, int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, SliceRows);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(from + count, rows.Count);
        From = from;
        Count = count;
        FlowRowGroup.ValueColumn<long> packets = RollupRows.Packets(rows), bytes = RollupRows.Bytes(rows);
        FlowRowGroup.ValueColumn<long> start = RollupRows.Start(rows), end = RollupRows.End(rows);
        if (rows.AllHave(packets.Bit) && rows.AllHave(bytes.Bit) && rows.AllHave(start.Bit) && rows.AllHave(end.Bit))
        {
            // The columns as they are. No setter stores a negative count, but one would be taken as
            // NULL (as the copy below takes it): the counts' least says, a vector at a time.
            _packetsOf = new(packets.Values, from);
            _bytesOf = new(bytes.Values, from);
            _startsOf = new(start.Values, from);
            _endsOf = new(end.Values, from);
            Complete = count == 0 || (MinMax.Of(Packets).Min >= 0 && MinMax.Of(Bytes).Min >= 0);
            return;
        }
        // A negative count is taken as NULL too, as a missing one is: OR-ing the counts tells
        // whether there is one, and then the totals take the way that checks.
        long signs = 0;
        for (int i = 0; i < count; i++)
        {
            int row = from + i;
            signs |= (_packets[i] = packets[row] ?? -1) | (_bytes[i] = bytes[row] ?? -1);
            _starts[i] = start[row] ?? NoStart;
            _ends[i] = end[row] ?? NoEnd;
        }
        (_packetsOf, _bytesOf, _startsOf, _endsOf) = (new(_packets, 0), new(_bytes, 0), new(_starts, 0), new(_ends, 0));
        Complete = signs >= 0;
    }

    /// <summary>Where a figure's values lie: an array (a row group's column, or a copy) from an index.</summary>
    private readonly record struct Figure(long[]? Array, int Offset)
    {
        public ReadOnlySpan<long> Values(int count) => Array.AsSpan(Offset, count);
    }
}
