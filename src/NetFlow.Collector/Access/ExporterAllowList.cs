using System.Net;
using System.Net.Sockets;
using NetFlow.Collector.Ingest;

namespace NetFlow.Collector.Access;

/// <summary>
/// The exporter networks the collector accepts; empty means everyone. Checked for every datagram
/// before anything else, on the 128-bit <see cref="ExporterKey"/> (IPv4 networks become their
/// IPv4-mapped IPv6 form), so a datagram from elsewhere costs a few compares and a counter.
/// </summary>
public sealed class ExporterAllowList
{
    private readonly (ExporterKey Prefix, ExporterKey Mask)[] _networks;

    public ExporterAllowList(IEnumerable<string> cidrs)
    {
        _networks = cidrs.Select(Parse).Select(ToMaskedKey).ToArray();
    }

    public bool Allows(ExporterKey exporter)
    {
        if (_networks.Length == 0)
            return true;
        foreach (var (prefix, mask) in _networks)
        {
            if ((exporter.High & mask.High) == prefix.High && (exporter.Low & mask.Low) == prefix.Low)
                return true;
        }
        return false;
    }

    /// <summary>"10.0.0.0/8", "2001:db8::/32", or a single address (a /32 or /128).</summary>
    public static IPNetwork Parse(string text)
    {
        if (IPNetwork.TryParse(text, out var network))
            return network;
        if (IPAddress.TryParse(text, out var address))
            return new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
        throw new FormatException($"'{text}' is not a network (CIDR like 192.0.2.0/24) or an address");
    }

    private static (ExporterKey, ExporterKey) ToMaskedKey(IPNetwork network)
    {
        int bits = network.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? 96 + network.PrefixLength : network.PrefixLength;
        ulong maskHigh = bits >= 64 ? ulong.MaxValue : bits == 0 ? 0 : ulong.MaxValue << (64 - bits);
        ulong maskLow = bits <= 64 ? 0 : bits >= 128 ? ulong.MaxValue : ulong.MaxValue << (128 - bits);
        var key = ExporterKey.From(network.BaseAddress);
        return (new ExporterKey(key.High & maskHigh, key.Low & maskLow), new ExporterKey(maskHigh, maskLow));
    }
}
