namespace NetFlow.Storage.Query.Filter;

/// <summary>Which end of the flow a <c>host</c>, <c>port</c>, <c>as</c> ... term tests.</summary>
internal enum FlowSide
{
    Source,
    Destination,
    /// <summary>No <c>src</c>/<c>dst</c>, or <c>src or dst</c>: either end matches.</summary>
    Either,
    /// <summary><c>src and dst</c>: both ends match.</summary>
    Both,
}
