using System.Globalization;
using System.Net;

namespace NetFlow.Collector.Metrics;

/// <summary>The --metrics value: ADDR:PORT (IPv6 in brackets, localhost allowed; port 0 lets the kernel pick).</summary>
public static class MetricsAddress
{
    public static IPEndPoint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        const string localhost = "localhost:";
        if (text.StartsWith(localhost, StringComparison.OrdinalIgnoreCase)
            && ushort.TryParse(text.AsSpan(localhost.Length), NumberStyles.None, CultureInfo.InvariantCulture, out ushort port))
            return new IPEndPoint(IPAddress.Loopback, port);
        int colon = text.LastIndexOf(':');
        bool ipv6 = text.IndexOf(':', StringComparison.Ordinal) != colon;
        // Unbracketed IPv6 is ambiguous ("::1" would read as [::]:1), so it is refused.
        if (colon <= 0 || (ipv6 && !text.StartsWith('[')) || text.LastIndexOf(']') > colon || !IPEndPoint.TryParse(text, out var endpoint))
            throw new FormatException($"'{text}': the metrics address is ADDR:PORT, e.g. 127.0.0.1:9155 or [::]:9155");
        return endpoint;
    }
}
