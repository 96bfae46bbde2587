using NetFlow.Collector.Ingest;

namespace NetFlow.Collector.Metrics;

/// <summary>
/// The <c>exporter</c> label value of each exporter: its address for the first
/// <see cref="Capacity"/> exporters seen, <see cref="Other"/> for every later one. An exporter
/// keeps the value it was given, so the counters behind each value only ever grow.
/// </summary>
internal sealed class ExporterLabels(int capacity)
{
    public const string Other = "other";

    private readonly Dictionary<ExporterKey, string> _labels = [];

    public int Capacity { get; } = Math.Max(0, capacity);
    public int Count => _labels.Count;

    public string For(ExporterKey exporter)
    {
        if (_labels.TryGetValue(exporter, out var label))
            return label;
        if (_labels.Count >= Capacity)
            return Other;
        label = exporter.ToString();
        _labels.Add(exporter, label);
        return label;
    }
}
