namespace NetFlow.Storage.Query.Filter;

/// <summary>A value the parser has checked, so it can be written into SQL as a literal.</summary>
internal abstract record SqlLiteral;

/// <summary>An unsigned integer; also an IPv4 address in network order.</summary>
internal sealed record NumberLiteral(ulong Value) : SqlLiteral;

/// <summary>An IPv6 address, compared with the 16-byte BLOB columns.</summary>
internal sealed record Ipv6Literal(UInt128 Value) : SqlLiteral;

/// <summary>Text, compared with VARCHAR columns (quoted when written).</summary>
internal sealed record TextLiteral(string Value) : SqlLiteral;
