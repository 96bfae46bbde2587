using NetFlow.Storage.Schema;
using NetFlow.Storage.Writing;
using Parquet;

namespace NetFlow.Storage.Rollups;

/// <summary>The exporter key: a handful of groups, keyed by the exporter's text (the same string instance per exporter, so a run of rows of one exporter is found by reference and summed at once).</summary>
internal sealed class ExporterRollup() : KeyRollup(KeyName, RollupSchema.For(FlowFileSchema.Exporter))
{
    public const string KeyName = "exporter";

    private readonly Dictionary<string, int> _groupOf = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];
    private GroupTotals[] _totals = new GroupTotals[16];

    public override int Groups => _names.Count;

    protected override bool TryAdd(FlowRowGroup rows, RowFigures figures)
    {
        var exporters = RollupRows.Exporter(rows).AsSpan(figures.From, figures.Count);
        // A row group holds runs of one exporter (a batch at a time): each run is summed in one go.
        for (int from = 0; from < exporters.Length;)
        {
            string exporter = exporters[from];
            int to = from + 1;
            while (to < exporters.Length && ReferenceEquals(exporters[to], exporter))
                to++;
            if (!TryGroupOf(exporter, out int group) || !_totals[group].AddRun(figures, from, to))
                return false;
            from = to;
        }
        return true;
    }

    private bool TryGroupOf(string exporter, out int group)
    {
        if (_groupOf.TryGetValue(exporter, out group))
            return true;
        if (_names.Count == MaxGroups)
            return false;
        group = _names.Count;
        _names.Add(exporter);
        _groupOf.Add(exporter, group);
        if (group == _totals.Length)
            Array.Resize(ref _totals, _totals.Length * 2);
        _totals[group] = GroupTotals.Empty;
        return true;
    }

    public override async Task WriteAsync(ParquetWriter writer, CancellationToken cancellationToken)
    {
        using var g = writer.CreateRowGroup();
        await g.WriteAsync(FlowFileSchema.Exporter, _names.ToArray()).ConfigureAwait(false);
        await WriteTotalsAsync(g, _totals, _names.Count, cancellationToken).ConfigureAwait(false);
    }

    protected override void Reset()
    {
        _groupOf.Clear();
        _names.Clear();
    }
}
