using NetFlow.Storage.Writing;
using NetFlow.Storage.Writing.Parquet;

namespace NetFlow.Storage.Rollups;

/// <summary>
/// The running totals of one key (dstport, srcip ...) over the flow files of a rollup segment.
/// Fed a row group at a time, after it is written to its file, a slice of rows at a time (see
/// <see cref="RowFigures"/>); written as one Parquet file when the segment closes. A key whose
/// groups pass <see cref="MaxGroups"/> (a scan or a spoofed flood seen by srcip), whose groups are
/// nearly as many as its rows, or whose sums overflow is given up for the segment: queries then
/// read that segment's flows, which is slower but exact, and memory stays bounded.
/// </summary>
internal abstract class KeyRollup(string key, IReadOnlyList<ColumnDescriptor> columns)
{
    /// <summary>Groups per key and segment at most by default (about 100 MB for an address key at worst); past this the key's rollup is given up.</summary>
    public const int DefaultMaxGroups = 1_000_000;

    public int MaxGroups { get; init; } = DefaultMaxGroups;

    /// <summary>The query key name (see <c>QueryKey</c>) this rolls up.</summary>
    public string Key { get; } = key;
    /// <summary>The rollup file's columns: the key's, then the totals (<see cref="RollupSchema.For"/>).</summary>
    public IReadOnlyList<ColumnDescriptor> Columns { get; } = columns;
    public bool GivenUp { get; private set; }
    public abstract int Groups { get; }

    /// <summary>Rows seen before the groups-to-rows ratio is judged (see <see cref="RowGroupAdded"/>).</summary>
    public const int RatioCheckRows = 256 * 1024;

    private long _rows;

    /// <summary>Adds the flows of a slice of a row group's rows (<paramref name="figures"/> says which).</summary>
    public void Add(FlowRowGroup rows, RowFigures figures)
    {
        if (!GivenUp && !TryAdd(rows, figures))
            GiveUp();
    }

    /// <summary>Every slice of a row group of <paramref name="rows"/> rows is added: the groups-to-rows ratio is judged.</summary>
    public void RowGroupAdded(int rows)
    {
        if (GivenUp)
            return;
        _rows += rows;
        // Past a quarter million rows, a key with a group for nearly every row (random or spoofed
        // addresses) would make a rollup about as large as the flows it sums: not worth its cost.
        if (_rows >= RatioCheckRows && Groups > _rows * 3 / 4)
            GiveUp();
    }

    /// <summary>Adds the flows of the slice's rows; false when the key must be given up (too many groups, a sum overflowing).</summary>
    protected abstract bool TryAdd(FlowRowGroup rows, RowFigures figures);

    /// <summary>Writes the groups (<see cref="Rows"/> of them) as one row group: the key's columns, then <see cref="EncodeTotals"/>.</summary>
    public abstract void Write(RowGroupEncoder encoder);

    /// <summary>The groups the next <see cref="Write"/> writes (its row group's rows).</summary>
    public int Rows => Groups;

    public void GiveUp()
    {
        GivenUp = true;
        Reset();
    }

    /// <summary>Starts a new segment.</summary>
    public void Clear()
    {
        GivenUp = false;
        _rows = 0;
        Reset();
    }

    protected abstract void Reset();

    /// <summary>The figures columns of a rollup file from the groups' totals (after the key's columns).</summary>
    protected static void EncodeTotals(RowGroupEncoder g, ReadOnlySpan<GroupTotals> totals)
    {
        int n = totals.Length;
        var flows = new long[n];
        var packets = new long[n];
        var bytes = new long[n];
        var first = new long[n];
        var last = new long[n];
        // Which figures a group has, a bit each, for the optional columns.
        const ulong HasPackets = 1, HasBytes = 2, HasFirst = 4, HasLast = 8;
        var has = new ulong[n];
        for (int i = 0; i < n; i++)
        {
            ref readonly var t = ref totals[i];
            flows[i] = t.Flows;
            ulong h = 0;
            if (t.PacketsOrNull is { } p)
                (packets[i], h) = (p, h | HasPackets);
            if (t.BytesOrNull is { } b)
                (bytes[i], h) = (b, h | HasBytes);
            if (t.FirstTime != RowFigures.NoStart)
                (first[i], h) = (t.FirstTime, h | HasFirst);
            if (t.LastTime != RowFigures.NoEnd)
                (last[i], h) = (t.LastTime, h | HasLast);
            has[i] = h;
        }
        g.WriteInt64<long>(RollupSchema.Flows, flows, ColumnPresence.All);
        g.WriteInt64<long>(RollupSchema.Packets, packets, Presence(has, HasPackets));
        g.WriteInt64<long>(RollupSchema.Bytes, bytes, Presence(has, HasBytes));
        g.WriteInt64<long>(RollupSchema.FirstSeen, first, Presence(has, HasFirst));
        g.WriteInt64<long>(RollupSchema.LastSeen, last, Presence(has, HasLast));
    }

    /// <summary>Which rows of an optional column have a value, by a bit of their presence words (all or none said as such).</summary>
    protected static ColumnPresence Presence(ReadOnlySpan<ulong> words, ulong bit)
    {
        bool all = true, none = true;
        foreach (ulong w in words)
        {
            all &= (w & bit) != 0;
            none &= (w & bit) == 0;
        }
        return all ? ColumnPresence.All : none ? ColumnPresence.None : ColumnPresence.Mixed(words, bit);
    }
}
