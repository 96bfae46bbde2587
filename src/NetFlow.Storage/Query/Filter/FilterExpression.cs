namespace NetFlow.Storage.Query.Filter;

/// <summary>
/// A parsed filter. The node types are internal: a filter is made by <see cref="FlowFilter.Parse"/>
/// only, which is what makes inlining its literals into SQL safe.
/// </summary>
public abstract record FilterExpression
{
    private protected FilterExpression()
    {
    }

    /// <summary>
    /// A DuckDB boolean expression over the flow columns, for a WHERE clause. It may be NULL for a
    /// row that lacks a column the filter reads, which WHERE treats as no match (as nfdump does).
    /// </summary>
    public string ToSql() => SqlEmitter.Emit(this);
}
