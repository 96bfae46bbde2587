using NetFlow.Storage.Writing;
using Parquet;
using Parquet.Schema;

namespace NetFlow.Storage.Rollups;

/// <summary>
/// The running totals of one key (dstport, srcip ...) over the flow files of a rollup segment.
/// Fed a row group at a time, after it is written to its file, a slice of rows at a time (see
/// <see cref="RowFigures"/>); written as one Parquet file when the segment closes. A key whose
/// groups pass <see cref="MaxGroups"/> (a scan or a spoofed flood seen by srcip), whose groups are
/// nearly as many as its rows, or whose sums overflow is given up for the segment: queries then
/// read that segment's flows, which is slower but exact, and memory stays bounded.
/// </summary>
internal abstract class KeyRollup(string key, ParquetSchema schema)
{
    /// <summary>Groups per key and segment at most by default (about 100 MB for an address key at worst); past this the key's rollup is given up.</summary>
    public const int DefaultMaxGroups = 1_000_000;

    public int MaxGroups { get; init; } = DefaultMaxGroups;

    /// <summary>The query key name (see <c>QueryKey</c>) this rolls up.</summary>
    public string Key { get; } = key;
    public ParquetSchema Schema { get; } = schema;
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

    public abstract Task WriteAsync(ParquetWriter writer, CancellationToken cancellationToken);

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

    /// <summary>The figures columns of a rollup file from the groups' totals.</summary>
    protected static async Task WriteTotalsAsync(ParquetRowGroupWriter g, GroupTotals[] totals, int n, CancellationToken cancellationToken)
    {
        var flows = new long[n];
        var packets = new long?[n];
        var bytes = new long?[n];
        var first = new DateTime?[n];
        var last = new DateTime?[n];
        for (int i = 0; i < n; i++)
        {
            ref readonly var t = ref totals[i];
            flows[i] = t.Flows;
            packets[i] = t.PacketsOrNull;
            bytes[i] = t.BytesOrNull;
            first[i] = t.First;
            last[i] = t.Last;
        }
        await g.WriteAsync(RollupSchema.Flows, (ReadOnlyMemory<long>)flows, cancellationToken: cancellationToken).ConfigureAwait(false);
        await g.WriteAsync<long>(RollupSchema.Packets, packets, cancellationToken: cancellationToken).ConfigureAwait(false);
        await g.WriteAsync<long>(RollupSchema.Bytes, bytes, cancellationToken: cancellationToken).ConfigureAwait(false);
        await g.WriteAsync<DateTime>(RollupSchema.FirstSeen, first, cancellationToken: cancellationToken).ConfigureAwait(false);
        await g.WriteAsync<DateTime>(RollupSchema.LastSeen, last, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
