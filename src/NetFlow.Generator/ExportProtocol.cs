namespace NetFlow.Generator;

/// <summary>What the generator speaks; the values are the header version numbers.</summary>
public enum ExportProtocol
{
    NetFlowV5 = 5,
    NetFlowV9 = 9,
    Ipfix = 10,
}
