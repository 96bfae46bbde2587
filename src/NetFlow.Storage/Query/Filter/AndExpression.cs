namespace NetFlow.Storage.Query.Filter;

/// <summary>
/// <c>a and b and c</c> as one node: a chain stays flat, so a long filter does not nest deeper than
/// DuckDB's expression depth limit.
/// </summary>
internal sealed record AndExpression(IReadOnlyList<FilterExpression> Operands) : FilterExpression;
