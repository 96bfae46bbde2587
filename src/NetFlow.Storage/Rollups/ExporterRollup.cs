using NetFlow.Storage.Schema;
using NetFlow.Storage.Writing;
using Parquet;

namespace NetFlow.Storage.Rollups;

/// <summary>The exporter key: a handful of groups, keyed by the exporter's text (the same string instance per exporter, so the last one is checked first).</summary>
internal sealed class ExporterRollup() : KeyRollup(KeyName, RollupSchema.For(FlowFileSchema.Exporter))
{
    public const string KeyName = "exporter";

    private readonly Dictionary<string, int> _groupOf = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];
    private GroupTotals[] _totals = new GroupTotals[16];

    public override int Groups => _names.Count;

    protected override bool TryAdd(FlowRowGroup rows, RowFigures figures)
    {
        string? last = null;
        int group = -1;
        for (int row = 0; row < rows.Count; row++)
        {
            string exporter = RollupRows.Exporter(rows, row);
            if (!ReferenceEquals(exporter, last))
            {
                if (!_groupOf.TryGetValue(exporter, out group))
                {
                    if (_names.Count == MaxGroups)
                        return false;
                    group = _names.Count;
                    _names.Add(exporter);
                    _groupOf.Add(exporter, group);
                    if (group == _totals.Length)
                        Array.Resize(ref _totals, _totals.Length * 2);
                    _totals[group] = GroupTotals.Empty;
                }
                last = exporter;
            }
            if (!_totals[group].Add(figures, row))
                return false;
        }
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
