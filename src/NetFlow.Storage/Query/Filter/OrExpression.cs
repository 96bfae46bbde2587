namespace NetFlow.Storage.Query.Filter;

/// <summary><c>a or b or c</c> as one node (see <see cref="AndExpression"/>).</summary>
internal sealed record OrExpression(IReadOnlyList<FilterExpression> Operands) : FilterExpression;
