using NetFlow.Storage.Writing;
using NetFlow.Storage.Writing.Parquet;

namespace NetFlow.Storage.Rollups;

/// <summary>The exporter key: a handful of groups, keyed by the exporter's text; the row group has its exporters as runs, and each run is summed at once.</summary>
internal sealed class ExporterRollup() : KeyRollup(KeyName, RollupSchema.For(FlowParquetSchema.Exporter))
{
    public const string KeyName = "exporter";

    private readonly Dictionary<string, int> _groupOf = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];
    private GroupTotals[] _totals = new GroupTotals[16];

    public override int Groups => _names.Count;

    protected override bool TryAdd(FlowRowGroup rows, RowFigures figures)
    {
        var runs = RollupRows.Exporter(rows);
        int sliceEnd = figures.From + figures.Count;
        // The runs that overlap the slice, cut to it; positions relative to the slice.
        for (int r = 0; r < runs.Length && runs[r].Start < sliceEnd; r++)
        {
            int runEnd = r + 1 < runs.Length ? runs[r + 1].Start : rows.Count;
            int from = Math.Max(runs[r].Start, figures.From), to = Math.Min(runEnd, sliceEnd);
            if (from >= to)
                continue;
            if (!TryGroupOf(runs[r].Exporter, out int group) || !_totals[group].AddRun(figures, from - figures.From, to - figures.From))
                return false;
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

    public override void Write(RowGroupEncoder encoder)
    {
        int n = _names.Count;
        // Each group is a run of one row: the exporter column is dictionary-encoded from runs.
        var runs = new ExporterRun[n];
        for (int i = 0; i < n; i++)
            runs[i] = new ExporterRun(i, _names[i]);
        encoder.WriteDictionaryStrings(FlowParquetSchema.Exporter, runs);
        EncodeTotals(encoder, _totals.AsSpan(0, n));
    }

    protected override void Reset()
    {
        _groupOf.Clear();
        _names.Clear();
    }
}
