namespace NetFlow.Capture.Internal;

/// <summary>
/// How many timestamp units make a second: fixed per classic pcap magic, per interface in pcapng
/// (if_tsresol). Conversion goes through 128-bit integers so no resolution loses whole seconds.
/// </summary>
internal readonly record struct TimestampResolution(UInt128 UnitsPerSecond)
{
    public static readonly TimestampResolution Microseconds = new(1_000_000);
    public static readonly TimestampResolution Nanoseconds = new(1_000_000_000);

    // Far beyond any real clock (picoseconds are 10^-12), and small enough that
    // fraction * TicksPerSecond cannot overflow UInt128.
    private const int MaxDecimalExponent = 30;
    private const int MaxBinaryExponent = 100;

    private static readonly Int128 MinSeconds = (DateTime.MinValue.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerSecond;
    private static readonly Int128 MaxSeconds = (DateTime.MaxValue.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerSecond;

    /// <summary>
    /// pcapng §4.2 if_tsresol: with the top bit clear the value is a negative power of 10,
    /// with it set the low 7 bits are a negative power of 2.
    /// </summary>
    public static bool TryFromTsresol(byte value, out TimestampResolution resolution)
    {
        var exponent = value & 0x7F;
        var isBinary = (value & 0x80) != 0;
        if (isBinary ? exponent > MaxBinaryExponent : exponent > MaxDecimalExponent)
        {
            resolution = default;
            return false;
        }
        resolution = new(isBinary ? UInt128.One << exponent : UInt128Pow10(exponent));
        return true;
    }

    /// <summary>Units since the Unix epoch, plus a whole-second offset, clamped to what <see cref="DateTime"/> holds.</summary>
    public DateTime ToDateTime(ulong units, long offsetSeconds = 0)
    {
        var seconds = (Int128)(units / UnitsPerSecond) + offsetSeconds;
        if (seconds < MinSeconds)
            return DateTime.MinValue;
        if (seconds > MaxSeconds)
            return DateTime.MaxValue;

        var fractionTicks = (long)(units % UnitsPerSecond * TimeSpan.TicksPerSecond / UnitsPerSecond);
        var ticks = DateTime.UnixEpoch.Ticks + (long)seconds * TimeSpan.TicksPerSecond + fractionTicks;
        return ticks > DateTime.MaxValue.Ticks ? DateTime.MaxValue : new DateTime(ticks, DateTimeKind.Utc);
    }

    private static UInt128 UInt128Pow10(int exponent)
    {
        var result = UInt128.One;
        for (var i = 0; i < exponent; i++)
            result *= 10;
        return result;
    }
}
