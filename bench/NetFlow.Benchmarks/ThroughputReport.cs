using System.Globalization;
using BenchmarkDotNet.Reports;
using NetFlow.Benchmarks.Columns;

namespace NetFlow.Benchmarks;

/// <summary>
/// After the run: one table over all classes (ns/op mean and median, ops/s, bytes/op) and the
/// issues' targets: at least 10 M v9 records/s per core and 0 bytes allocated per decoded record;
/// at least 1 M records/s per core written to the flow store.
/// </summary>
internal static class ThroughputReport
{
    private const double V9TargetPerSecond = 10_000_000;
    private const double StoreTargetPerSecond = 1_000_000;

    public static void Print(IEnumerable<Summary> summaries)
    {
        var lines = new List<string>();
        var verdicts = new List<string>();
        foreach (var summary in summaries)
        {
            foreach (var report in summary.Reports)
            {
                var bench = report.BenchmarkCase;
                if (report.ResultStatistics is not { } stats)
                    continue;
                string unit = ThroughputColumn.UnitOf(bench);
                double perSecond = 1e9 / stats.Mean;
                long? allocated = report.GcStats.GetBytesAllocatedPerOperation(bench);
                string type = bench.Descriptor.Type.Name;
                string method = bench.Descriptor.WorkloadMethod.Name;
                string name = $"{type}.{method}";
                string handler = bench.Parameters.PrintInfo;
                lines.Add(Invariant($"| {name} | {handler} | {stats.Mean:F2} ns/{unit} | {stats.Median:F2} ns/{unit} | {perSecond / 1e6:F2} M {unit}s/s | {allocated?.ToString(CultureInfo.InvariantCulture) ?? "?"} B/{unit} |"));
                if (type == nameof(DecodeBenchmarks) && method.StartsWith("NetFlowV9", StringComparison.Ordinal))
                    verdicts.Add(Invariant($"{name} [{handler}]: {perSecond / 1e6:F2} M records/s {(perSecond >= V9TargetPerSecond ? "meets" : "MISSES")} the 10 M/s target"));
                if (type == nameof(DecodeBenchmarks) && allocated is > 0)
                    verdicts.Add(Invariant($"{name} [{handler}]: allocates {allocated} B/record (target 0)"));
                if (type == nameof(StoreWriteBenchmarks) && method == nameof(StoreWriteBenchmarks.SinkWrite))
                {
                    double median = 1e9 / stats.Median;
                    verdicts.Add(Invariant($"{name}: {median / 1e6:F2} M records/s (median) {(median >= StoreTargetPerSecond ? "meets" : "MISSES")} the 1 M/s store write target; {allocated} B/record"));
                }
            }
        }
        if (lines.Count == 0)
            return;
        Console.WriteLine();
        Console.WriteLine("| Benchmark | Params | Mean | Median | Throughput/core (mean) | Allocated |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|");
        lines.ForEach(Console.WriteLine);
        Console.WriteLine();
        verdicts.ForEach(Console.WriteLine);
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
