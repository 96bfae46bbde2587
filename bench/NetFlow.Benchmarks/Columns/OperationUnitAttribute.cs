namespace NetFlow.Benchmarks.Columns;

/// <summary>What one benchmark operation is (OperationsPerInvoke counts these), for the throughput column.</summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class OperationUnitAttribute(string unit) : Attribute
{
    public string Unit { get; } = unit;
}
