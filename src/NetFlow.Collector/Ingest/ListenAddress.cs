using System.Net;

namespace NetFlow.Collector.Ingest;

public enum ListenTransport
{
    Udp,
    Tcp,
}

/// <summary>A parsed --listen value: udp://ADDR:PORT or tcp://ADDR:PORT ([::] for IPv6 and IPv4).</summary>
public sealed record ListenAddress(ListenTransport Transport, IPEndPoint EndPoint)
{
    public static ListenAddress Parse(string text)
    {
        var (transport, rest) = text switch
        {
            _ when text.StartsWith("udp://", StringComparison.OrdinalIgnoreCase) => (ListenTransport.Udp, text[6..]),
            _ when text.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase) => (ListenTransport.Tcp, text[6..]),
            _ => throw new FormatException($"'{text}': a listen address is udp://ADDR:PORT or tcp://ADDR:PORT"),
        };
        if (!IPEndPoint.TryParse(rest, out var endpoint) || rest.LastIndexOf(':') < rest.LastIndexOf(']'))
            throw new FormatException($"'{text}': '{rest}' is not ADDR:PORT (IPv6 in brackets: [::]:2055)");
        return new ListenAddress(transport, endpoint);
    }

    public override string ToString() => $"{(Transport == ListenTransport.Udp ? "udp" : "tcp")}://{EndPoint}";
}
