namespace NetFlow.Storage.Query.Filter;

/// <summary>
/// The nfdump filter language (<c>proto tcp and dst port 443 and not src net 10.0.0.0/8</c>),
/// compiled to a DuckDB boolean expression over the flow columns. The grammar is documented on
/// <see cref="FilterParser"/>.
/// </summary>
public static class FlowFilter
{
    /// <summary>Parses <paramref name="text"/>; empty, whitespace or <c>any</c> matches every flow.</summary>
    /// <exception cref="FilterSyntaxException">The text is not a filter; the exception says where and what was expected.</exception>
    public static FilterExpression Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return FilterParser.Parse(text);
    }
}
