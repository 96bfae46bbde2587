namespace NetFlow.Protocol.InformationElements;

/// <summary>Abstract data types of RFC 7012 §3.1 and RFC 6313 (lists).</summary>
public enum IeDataType : byte
{
    OctetArray,
    Unsigned8,
    Unsigned16,
    Unsigned32,
    Unsigned64,
    Signed8,
    Signed16,
    Signed32,
    Signed64,
    Float32,
    Float64,
    Boolean,
    MacAddress,
    String,
    DateTimeSeconds,
    DateTimeMilliseconds,
    DateTimeMicroseconds,
    DateTimeNanoseconds,
    Ipv4Address,
    Ipv6Address,
    BasicList,
    SubTemplateList,
    SubTemplateMultiList,
}

/// <summary>Data type semantics of RFC 7012 §3.2.</summary>
public enum IeSemantics : byte
{
    Default,
    Quantity,
    TotalCounter,
    DeltaCounter,
    Identifier,
    Flags,
    List,
    SnmpCounter,
    SnmpGauge,
}
