namespace NetFlow.Storage.Query.Filter;

/// <summary>The empty filter and <c>any</c>.</summary>
internal sealed record MatchAll : FilterExpression;
