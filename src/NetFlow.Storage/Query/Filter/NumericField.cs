using System.Globalization;

namespace NetFlow.Storage.Query.Filter;

/// <summary>
/// A number a filter compares: its range (the column's, or the protocol's where narrower) and how
/// an error names it. Counters take nfdump's k/M/G suffixes (decimal: 1k = 1000).
/// </summary>
internal sealed record NumericField(string Noun, ulong Max, bool TakesUnitSuffix = false)
{
    public static readonly NumericField Port = new("a port number", ushort.MaxValue);
    public static readonly NumericField Protocol = new("a protocol number", byte.MaxValue);
    public static readonly NumericField AsNumber = new("an AS number", uint.MaxValue);
    public static readonly NumericField Interface = new("an interface index", uint.MaxValue);
    public static readonly NumericField Vlan = new("a VLAN id", 4095);
    public static readonly NumericField PrefixLength = new("a prefix length", 128);
    public static readonly NumericField Tos = new("a ToS value", byte.MaxValue);
    public static readonly NumericField Direction = new("'ingress', 'egress' or a direction number", byte.MaxValue);
    public static readonly NumericField IcmpType = new("an ICMP type", byte.MaxValue);
    public static readonly NumericField IcmpCode = new("an ICMP code", byte.MaxValue);
    public static readonly NumericField Version = new("a NetFlow version", byte.MaxValue);
    public static readonly NumericField Domain = new("an observation domain id", uint.MaxValue);
    public static readonly NumericField Sampling = new("a sampling interval", uint.MaxValue);
    public static readonly NumericField Bytes = new("a byte count", ulong.MaxValue, TakesUnitSuffix: true);
    public static readonly NumericField Packets = new("a packet count", ulong.MaxValue, TakesUnitSuffix: true);
    public static readonly NumericField BytesPerPacket = new("a bytes-per-packet value", ulong.MaxValue, TakesUnitSuffix: true);
    public static readonly NumericField BitsPerSecond = new("a bits-per-second value", ulong.MaxValue, TakesUnitSuffix: true);
    public static readonly NumericField PacketsPerSecond = new("a packets-per-second value", ulong.MaxValue, TakesUnitSuffix: true);
    public static readonly NumericField DurationMilliseconds = new("a duration in milliseconds", long.MaxValue, TakesUnitSuffix: true);

    /// <summary>What an error says was expected, e.g. "a port number (0-65535)".</summary>
    public string Expectation => TakesUnitSuffix
        ? $"{Noun} (0-{Max}, k/M/G suffix allowed)"
        : $"{Noun} (0-{Max})";

    public bool TryParse(string text, out ulong value)
    {
        ulong multiplier = 1;
        if (TakesUnitSuffix && text.Length > 1)
        {
            multiplier = text[^1] switch
            {
                'k' or 'K' => 1_000UL,
                'm' or 'M' => 1_000_000UL,
                'g' or 'G' => 1_000_000_000UL,
                _ => 1UL,
            };
            if (multiplier != 1)
                text = text[..^1];
        }

        value = 0;
        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong number)
            || number > ulong.MaxValue / multiplier)
            return false;
        value = number * multiplier;
        return value <= Max;
    }
}
