namespace NetFlow.Storage.Query.Filter;

/// <summary><c>column IN (v1, v2, ...)</c>, from nfdump's <c>port in [80 443]</c>; never empty.</summary>
internal sealed record InList(string Column, IReadOnlyList<SqlLiteral> Values) : FilterExpression;
