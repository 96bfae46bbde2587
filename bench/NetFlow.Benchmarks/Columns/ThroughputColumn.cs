using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace NetFlow.Benchmarks.Columns;

/// <summary>
/// Operations per second on one core, 1e9 / Mean: with OperationsPerInvoke set to the records
/// decoded per invoke, the Mean is ns per record and this is records per second.
/// </summary>
internal sealed class ThroughputColumn : IColumn
{
    public string Id => nameof(ThroughputColumn);
    public string ColumnName => "Throughput/core";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Operations per second on one core (1e9 / Mean); the unit says what one operation is";

    public static string UnitOf(BenchmarkCase benchmarkCase) =>
        benchmarkCase.Descriptor.Type.GetCustomAttribute<OperationUnitAttribute>()?.Unit ?? "op";

    public static double? PerSecond(Summary summary, BenchmarkCase benchmarkCase) =>
        summary[benchmarkCase]?.ResultStatistics?.Mean is double ns and > 0 ? 1e9 / ns : null;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        PerSecond(summary, benchmarkCase) is double perSecond
            ? string.Create(CultureInfo.InvariantCulture, $"{perSecond / 1e6:F2} M {UnitOf(benchmarkCase)}s/s")
            : "NA";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
}
