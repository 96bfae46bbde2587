namespace NetFlow.Storage.Query.Output;

/// <summary>IANA protocol numbers by the names nfdump shows.</summary>
public static class ProtocolNames
{
    public static string Of(byte protocol) => protocol switch
    {
        1 => "ICMP",
        2 => "IGMP",
        4 => "IPIP",
        6 => "TCP",
        17 => "UDP",
        41 => "IPv6",
        47 => "GRE",
        50 => "ESP",
        51 => "AH",
        58 => "ICMP6",
        89 => "OSPF",
        103 => "PIM",
        112 => "VRRP",
        132 => "SCTP",
        _ => protocol.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
