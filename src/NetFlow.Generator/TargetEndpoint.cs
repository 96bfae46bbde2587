using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace NetFlow.Generator;

/// <summary>HOST:PORT as given on the command line: 127.0.0.1:2055, [::1]:4739, collector.example:9995.</summary>
public static class TargetEndpoint
{
    /// <summary>The endpoint, resolving a host name (IPv4 first); a FormatException names what is wrong.</summary>
    public static IPEndPoint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (IPEndPoint.TryParse(text, out var endpoint) && endpoint.Port != 0 && HasPort(text))
            return endpoint;
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || !ushort.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out ushort port) || port == 0)
            throw new FormatException($"'{text}' is not HOST:PORT (e.g. 127.0.0.1:2055, [::1]:4739)");
        string host = text[..colon].Trim('[', ']');
        if (IPAddress.TryParse(host, out var address))
            return new IPEndPoint(address, port);
        IPAddress[] addresses;
        try
        {
            addresses = Dns.GetHostAddresses(host);
        }
        catch (SocketException e)
        {
            throw new FormatException($"cannot resolve '{host}': {e.Message}", e);
        }
        var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
            ?? throw new FormatException($"'{host}' has no address");
        return new IPEndPoint(chosen, port);
    }

    /// <summary>IPEndPoint.TryParse takes "::1" as an address without a port: a port must be written.</summary>
    private static bool HasPort(string text) =>
        text.StartsWith('[') ? text.Contains("]:", StringComparison.Ordinal) : text.Count(c => c == ':') == 1;
}
