namespace NetFlow.Storage.Query.Filter;

/// <summary>
/// <c>column BETWEEN low AND high</c>: how a network is matched, a form Parquet row-group
/// min/max statistics can prune on.
/// </summary>
internal sealed record RangeComparison(string Column, SqlLiteral Low, SqlLiteral High) : FilterExpression;
