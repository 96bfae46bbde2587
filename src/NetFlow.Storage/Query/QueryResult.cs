namespace NetFlow.Storage.Query;

/// <summary>A result column: its machine name (CSV/JSON), its table header, and how its values read.</summary>
public sealed record ResultColumn(string Name, string Header, ValueKind Kind);

/// <summary>
/// A query's answer, with values in their natural .NET types: addresses as IPAddress, times as
/// DateTime (UTC), counts as ulong, rates and shares as double, durations as milliseconds (double).
/// </summary>
public sealed record QueryResult(IReadOnlyList<ResultColumn> Columns, IReadOnlyList<object?[]> Rows)
{
    /// <summary>Totals over every matching flow (not only the rows shown), when the query aggregates.</summary>
    public (ulong Flows, ulong Packets, ulong Bytes)? Totals { get; init; }
}
