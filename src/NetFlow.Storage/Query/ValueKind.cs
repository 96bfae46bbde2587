namespace NetFlow.Storage.Query;

/// <summary>How a result column's values are shown: what the number or bytes mean to an operator.</summary>
public enum ValueKind
{
    Text,
    Number,
    /// <summary>Two stored columns (IPv4 UINTEGER, IPv6 BLOB) shown as one address.</summary>
    Address,
    Protocol,
    TcpFlags,
    Time,
    /// <summary>Milliseconds.</summary>
    Duration,
    Bytes,
    Packets,
    Flows,
    Percent,
    BitsPerSecond,
    PacketsPerSecond,
    Mac,
}
