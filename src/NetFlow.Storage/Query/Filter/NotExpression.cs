namespace NetFlow.Storage.Query.Filter;

/// <summary><c>not a</c>: the flows <c>a</c> does not match, including those where <c>a</c> is NULL.</summary>
internal sealed record NotExpression(FilterExpression Operand) : FilterExpression;
