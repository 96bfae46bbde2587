using NetFlow.Storage.Schema;
using NetFlow.Storage.Writing;
using NetFlow.Storage.Writing.Parquet;
using Parquet;

namespace NetFlow.Storage.Rollups;

/// <summary>
/// Per-key totals over consecutive flow files of one date/hour partition, written as rollup
/// files (one per key) when the writer leaves the hour or stops. A rollup lists in its footer the
/// flow files it sums; a query uses it in place of those files only when every one of them is
/// still there and inside the query's window (see <c>RollupPlan</c>), so a rollup can be missing
/// (a crash, a key given up) or stale (retention) without a query ever counting a flow twice or
/// not at all. Rows are added once they are written to their file; if that file is then lost, the
/// segment is dropped, since it holds rows no finished file has.
/// </summary>
internal sealed class RollupSegment
{
    private readonly KeyRollup[] _keys;
    private readonly List<string> _covers = [];
    private readonly RowFigures _figures = new();
    private string? _partition;
    private DateTime _firstInterval;
    private TimeRange _span = TimeRange.Empty;

    public RollupSegment(int maxGroups = KeyRollup.DefaultMaxGroups) => _keys = CreateKeys(maxGroups);

    private const string SrcIp = "srcip", DstIp = "dstip", SrcPort = "srcport", DstPort = "dstport", Proto = "proto";

    /// <summary>The keys rolled up (their <c>QueryKey</c> names): the single keys of the top-N questions operators ask most.</summary>
    public static KeyRollup[] CreateKeys(int maxGroups = KeyRollup.DefaultMaxGroups) =>
    [
        new AddressRollup(SrcIp, FlowParquetSchema.SrcIp4, FlowParquetSchema.SrcIp6, RollupRows.Source) { MaxGroups = maxGroups },
        new AddressRollup(DstIp, FlowParquetSchema.DstIp4, FlowParquetSchema.DstIp6, RollupRows.Destination) { MaxGroups = maxGroups },
        NumberRollup.Port(SrcPort, FlowParquetSchema.SrcPort, RollupRows.SrcPort),
        NumberRollup.Port(DstPort, FlowParquetSchema.DstPort, RollupRows.DstPort),
        NumberRollup.Byte(Proto, FlowParquetSchema.Proto, RollupRows.Proto),
        new ExporterRollup { MaxGroups = maxGroups },
    ];

    /// <summary>The names of the keys <see cref="CreateKeys"/> makes, without making them (a port key's slots are 3.7 MB).</summary>
    public static readonly IReadOnlySet<string> Keys = new HashSet<string>([SrcIp, DstIp, SrcPort, DstPort, Proto, ExporterRollup.KeyName], StringComparer.Ordinal);

    /// <summary>The partition of the files so far; null before the first.</summary>
    public string? Partition => _partition;

    /// <summary>True when an interval starting at <paramref name="intervalStart"/> belongs to another partition than the segment's files.</summary>
    public bool EndsBefore(DateTime intervalStart) =>
        _partition is not null && _partition != StoreLayout.PartitionOf(intervalStart);

    /// <summary>The interval whose rows come next; the first one names the rollup files.</summary>
    public void Begin(DateTime intervalStart)
    {
        if (_partition is not null)
            return;
        _partition = StoreLayout.PartitionOf(intervalStart);
        _firstInterval = intervalStart;
    }

    public void Add(FlowRowGroup rows)
    {
        // A slice at a time through every key: its figures are read from the cache, not from memory six times.
        for (int from = 0; from < rows.Count; from += RowFigures.SliceRows)
        {
            _figures.Load(rows, from, Math.Min(RowFigures.SliceRows, rows.Count - from));
            foreach (var key in _keys)
                key.Add(rows, _figures);
        }
        foreach (var key in _keys)
            key.RowGroupAdded(rows.Count);
    }

    /// <summary>The rows added since the last file are in this finished file.</summary>
    public void FileFinished(string path)
    {
        _covers.Add(Path.GetFileName(path));
        if (StoreLayout.TryParseSpan(path, out var span))
            _span = _span.Including(span);
    }

    /// <summary>
    /// A file was lost after rows of it were added: the segment cannot be trusted and is dropped
    /// (its finished files are read raw); the next interval starts a new one. True when there was one.
    /// </summary>
    public bool Abandon()
    {
        bool had = _partition is not null;
        Reset();
        return had;
    }

    /// <summary>
    /// Writes a rollup file per key that was kept (none when no file was finished or the segment
    /// was abandoned) and starts a new segment. Returns the files written and the keys given up.
    /// </summary>
    public async Task<(IReadOnlyList<(string Path, long Bytes)> Written, IReadOnlyList<string> GivenUp)> CloseAsync(string root, ParquetOptions options)
    {
        var written = new List<(string, long)>();
        var givenUp = new List<string>();
        try
        {
            if (_partition is null || _covers.Count == 0)
                return (written, givenUp);
            string covers = string.Join('\n', _covers);
            foreach (var key in _keys)
            {
                if (key.GivenUp)
                {
                    givenUp.Add(key.Key);
                    continue;
                }
                string path = RollupLayout.NewFilePath(root, _partition, key.Key, _firstInterval);
                var metadata = new Dictionary<string, string>
                {
                    [RollupSchema.KeyMetadata] = key.Key,
                    [RollupSchema.CoversMetadata] = covers,
                };
                var file = RollupStoreFile.Create(path, key.Columns, options.CompressionMethod, metadata);
                await using (file.ConfigureAwait(false))
                {
                    await file.WriteAsync(key.Rows, key.Write, CancellationToken.None).ConfigureAwait(false);
                    written.Add(await file.FinishAsync(_span).ConfigureAwait(false));
                }
            }
            return (written, givenUp);
        }
        finally
        {
            Reset();
        }
    }

    private void Reset()
    {
        foreach (var key in _keys)
            key.Clear();
        _covers.Clear();
        _partition = null;
        _span = TimeRange.Empty;
    }
}
