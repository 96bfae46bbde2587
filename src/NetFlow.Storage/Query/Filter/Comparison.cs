namespace NetFlow.Storage.Query.Filter;

/// <summary><c>operand op value</c>; <paramref name="Operand"/> is a column or a computed expression from <see cref="FlowOperands"/>.</summary>
internal sealed record Comparison(string Operand, ComparisonOperator Operator, SqlLiteral Value) : FilterExpression;
