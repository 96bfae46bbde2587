using System.Globalization;
using System.Net;

namespace NetFlow.Storage.Query.Output;

/// <summary>One value as text: human (table) or exact (CSV, the numbers as they are).</summary>
public static class ValueText
{
    public static string Format(object? value, ValueKind kind, bool human)
    {
        if (value is null)
            return human ? "-" : "";
        return kind switch
        {
            ValueKind.Address => ((IPAddress)value).ToString(),
            ValueKind.Time => ((DateTime)value).ToString(human ? "yyyy-MM-dd HH:mm:ss.fff" : "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            ValueKind.Duration => human ? FormatDuration((double)value) : ((double)value / 1000).ToString("0.000", CultureInfo.InvariantCulture),
            ValueKind.Protocol => human ? ProtocolNames.Of(Convert.ToByte(value, CultureInfo.InvariantCulture)) : Number(value),
            ValueKind.TcpFlags => human ? TcpFlagsText(Convert.ToUInt16(value, CultureInfo.InvariantCulture)) : Number(value),
            ValueKind.Mac => MacText(Convert.ToUInt64(value, CultureInfo.InvariantCulture)),
            ValueKind.Bytes when human => HumanUnits.Format(Convert.ToDouble(value, CultureInfo.InvariantCulture), "B"),
            ValueKind.Packets or ValueKind.Flows when human => HumanUnits.Format(Convert.ToDouble(value, CultureInfo.InvariantCulture), ""),
            ValueKind.BitsPerSecond => human ? HumanUnits.Format((double)value, "bps") : ((double)value).ToString("0", CultureInfo.InvariantCulture),
            ValueKind.PacketsPerSecond => human ? HumanUnits.Format((double)value, "pps") : ((double)value).ToString("0.###", CultureInfo.InvariantCulture),
            ValueKind.Percent => ((double)value).ToString(human ? "0.0" : "0.####", CultureInfo.InvariantCulture),
            _ => Number(value),
        };
    }

    private static string Number(object value) => value switch
    {
        double d => d.ToString("0.###", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>nfdump's letters, '.' where a bit is clear: CWR ECE URG ACK PSH RST SYN FIN.</summary>
    public static string TcpFlagsText(ushort flags)
    {
        Span<char> text = stackalloc char[8];
        ReadOnlySpan<char> letters = "CEUAPRSF";
        for (int i = 0; i < 8; i++)
            text[i] = (flags & (0x80 >> i)) != 0 ? letters[i] : '.';
        return new string(text);
    }

    public static string MacText(ulong mac) =>
        string.Join(':', Enumerable.Range(0, 6).Select(i => ((byte)(mac >> (40 - 8 * i))).ToString("x2", CultureInfo.InvariantCulture)));

    private static string FormatDuration(double ms)
    {
        var t = TimeSpan.FromMilliseconds(ms);
        return t.TotalHours >= 1
            ? $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}.{t.Milliseconds:000}"
            : $"{t.Minutes:00}:{t.Seconds:00}.{t.Milliseconds:000}";
    }
}
