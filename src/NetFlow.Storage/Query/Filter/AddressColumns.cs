using NetFlow.Storage.Schema;

namespace NetFlow.Storage.Query.Filter;

/// <summary>The two columns of one address (one per family); a record fills the one of its family.</summary>
internal sealed record AddressColumns(string Ipv4, string Ipv6)
{
    public static readonly AddressColumns Source = new(FlowColumns.SrcIp4, FlowColumns.SrcIp6);
    public static readonly AddressColumns Destination = new(FlowColumns.DstIp4, FlowColumns.DstIp6);
    public static readonly AddressColumns NextHop = new(FlowColumns.NextHop4, FlowColumns.NextHop6);
}
