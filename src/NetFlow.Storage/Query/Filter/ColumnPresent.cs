namespace NetFlow.Storage.Query.Filter;

/// <summary><c>column IS NOT NULL</c>: the record carries the field (how <c>ipv4</c>/<c>ipv6</c> are matched).</summary>
internal sealed record ColumnPresent(string Column) : FilterExpression;
