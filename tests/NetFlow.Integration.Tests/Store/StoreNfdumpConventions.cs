using System.Globalization;
using System.Net;

namespace NetFlow.Integration.Tests.Store;

/// <summary>
/// Where `nfdump -o csv` and `netflow query -o csv` present the same numbers differently by design,
/// one named rule each, applied to exactly the values it is about; every other value is compared as
/// is. (Record-level nfdump conventions are in <see cref="Differential.PeerConventions"/>.)
/// </summary>
public static class StoreNfdumpConventions
{
    public const int Icmp = 1;
    public const int IcmpV6 = 58;

    /// <summary>
    /// ICMP has no ports. nfdump's record has no ICMP field: it keeps type * 256 + code in the
    /// destination port (and 0 in the source port), so its `-s dstport` groups ICMP flows under
    /// 2048 (echo request), 0 (echo reply) and, for v9 ICMPv6, under 0 whatever the type (see
    /// PeerConventions). The store keeps type and code in icmp_type/icmp_code and leaves the ports
    /// empty when the export carried them that way (softflowd's v9/IPFIX icmpTypeCode), or keeps
    /// what the export put in the port fields (nfreplay's v9: 0/0 plus ICMP_TYPE). So a dstport
    /// statistic is compared over the flows that have ports, with this filter on both sides; the
    /// ICMP flows are compared by protocol totals (`-s proto`) and, in listings, without ports.
    /// </summary>
    public const string FlowsWithPorts = "not proto icmp and not proto icmp6";

    /// <summary>A listed flow's ports as compared: none for ICMP/ICMPv6 (see <see cref="FlowsWithPorts"/>).</summary>
    public static (int? Source, int? Destination) ComparablePorts(int protocol, int? source, int? destination) =>
        protocol is Icmp or IcmpV6 ? (null, null) : (source, destination);

    /// <summary>
    /// Rates: nfdump prints pps and bps truncated to integers; `netflow query -o csv` prints pps
    /// rounded to 3 decimals and bps rounded to an integer. Both divide by the same span (the
    /// group's last end minus its first start), so the exact rate lies in [nfdump, nfdump + 1) and
    /// ours within half a unit of it.
    /// </summary>
    public static bool RatesAgree(double ours, double nfdump) => ours >= nfdump - 0.5 && ours < nfdump + 1.5;

    /// <summary>
    /// A group whose flows span 0 ms has no rate: `netflow query` leaves pps and bps empty, nfdump
    /// prints 0. An empty rate reads as 0.
    /// </summary>
    public static double Rate(string text) => text.Length == 0 ? 0 : double.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>
    /// Shares: nfdump prints one decimal (printf rounding), `netflow query -o csv` up to four. They
    /// agree when ours, rounded to nfdump's precision, is within half a unit of the last digit.
    /// </summary>
    public static bool SharesAgree(double ours, double nfdump) => Math.Abs(ours - nfdump) <= 0.05 + 1e-9;

    /// <summary>
    /// A key as text: addresses in their canonical form, protocols as numbers (nfdump prints TCP,
    /// UDP, ICMP, ICMP6; `netflow query -o csv` the number), anything else as printed.
    /// </summary>
    public static string Key(string text)
    {
        if (ProtocolNumbers.TryGetValue(text, out var number))
            return number.ToString(CultureInfo.InvariantCulture);
        if (text.Contains(':', StringComparison.Ordinal) || text.Count(c => c == '.') == 3)
            return IPAddress.TryParse(text, out var address) ? address.ToString() : text;
        return text;
    }

    /// <summary>nfdump's protocol names (its -s proto and listing "pr" column) for the protocols the captures hold.</summary>
    public static int Protocol(string text) =>
        ProtocolNumbers.TryGetValue(text, out var number) ? number : int.Parse(text, CultureInfo.InvariantCulture);

    private static readonly Dictionary<string, int> ProtocolNumbers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ICMP"] = Icmp,
        ["TCP"] = 6,
        ["UDP"] = 17,
        ["ICMP6"] = IcmpV6,
    };
}
