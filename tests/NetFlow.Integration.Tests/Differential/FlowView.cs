using System.Globalization;
using System.Net;

namespace NetFlow.Integration.Tests.Differential;

/// <summary>
/// The fields every decoder under comparison reports for a data record, normalised only in
/// representation (address text, numbers, UTC times), never in meaning: null means the record does
/// not carry the field at all. ICMP type and code are one number, type * 256 + code, as in
/// icmpTypeCodeIPv4/IPv6 (IANA 32/139).
/// </summary>
public sealed record FlowView(
    string Source,
    string Destination,
    int Protocol,
    int? SourcePort,
    int? DestinationPort,
    int? IcmpTypeCode,
    ulong Octets,
    ulong Packets,
    int? TcpFlags,
    DateTime? Start,
    DateTime? End)
{
    /// <summary>What identifies a flow for pairing up records that differ elsewhere.</summary>
    public string Identity => $"{Source} -> {Destination} proto {Protocol}";

    public static string Address(string text) => IPAddress.Parse(text).ToString();

    public override string ToString() =>
        $"{Source}:{Show(SourcePort)} -> {Destination}:{Show(DestinationPort)} proto {Protocol} icmp {Show(IcmpTypeCode)} " +
        $"octets {Octets} packets {Packets} flags {(TcpFlags is { } f ? "0x" + f.ToString("x2", CultureInfo.InvariantCulture) : "-")} " +
        $"{ShowTime(Start)} .. {ShowTime(End)}";

    /// <summary>"field: ours X, theirs Y" for every field that differs.</summary>
    public IEnumerable<string> Differences(FlowView theirs)
    {
        if (Source != theirs.Source) yield return Diff("source address", Source, theirs.Source);
        if (Destination != theirs.Destination) yield return Diff("destination address", Destination, theirs.Destination);
        if (Protocol != theirs.Protocol) yield return Diff("protocol", Protocol, theirs.Protocol);
        if (SourcePort != theirs.SourcePort) yield return Diff("source port", Show(SourcePort), Show(theirs.SourcePort));
        if (DestinationPort != theirs.DestinationPort) yield return Diff("destination port", Show(DestinationPort), Show(theirs.DestinationPort));
        if (IcmpTypeCode != theirs.IcmpTypeCode) yield return Diff("icmp type/code", Show(IcmpTypeCode), Show(theirs.IcmpTypeCode));
        if (Octets != theirs.Octets) yield return Diff("octets", Octets, theirs.Octets);
        if (Packets != theirs.Packets) yield return Diff("packets", Packets, theirs.Packets);
        if (TcpFlags != theirs.TcpFlags) yield return Diff("tcp flags", Show(TcpFlags), Show(theirs.TcpFlags));
        if (Start != theirs.Start) yield return Diff("start", ShowTime(Start), ShowTime(theirs.Start));
        if (End != theirs.End) yield return Diff("end", ShowTime(End), ShowTime(theirs.End));
    }

    private static string Diff<T>(string field, T ours, T theirs) => $"{field}: ours {ours}, theirs {theirs}";

    private static string Show(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "-";

    private static string ShowTime(DateTime? time) =>
        time?.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture) ?? "-";
}
