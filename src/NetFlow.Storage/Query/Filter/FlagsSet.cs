namespace NetFlow.Storage.Query.Filter;

/// <summary><c>flags SA</c>: every bit of <paramref name="Mask"/> is set in tcp_flags (others may be set too).</summary>
internal sealed record FlagsSet(ushort Mask) : FilterExpression;
