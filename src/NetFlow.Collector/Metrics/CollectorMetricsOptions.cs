namespace NetFlow.Collector.Metrics;

/// <summary>Bounds on what the metrics may grow to, whatever the exporters send.</summary>
public sealed record CollectorMetricsOptions
{
    public static CollectorMetricsOptions Default { get; } = new();

    /// <summary>
    /// Exporters that get their own <c>exporter</c> label value, first come first served; the rest
    /// are summed under <c>exporter="other"</c>, so a flood of spoofed sources cannot grow the series.
    /// </summary>
    public int MaxExporterLabels { get; init; } = 1000;

    /// <summary>
    /// (exporter, version, domain) series for the sequence metrics; beyond that, and for exporters
    /// without their own label, domains are summed under <c>domain="other"</c>.
    /// </summary>
    public int MaxSequenceSeries { get; init; } = 4000;

    /// <summary>Where the kernel's UDP socket tables are read from (udp and udp6).</summary>
    public string ProcNetDirectory { get; init; } = "/proc/net";

    /// <summary>Adds the process metrics (CPU, memory, GC) of prometheus-net's <c>DotNetStats</c>.</summary>
    public bool IncludeProcessMetrics { get; init; } = true;
}
