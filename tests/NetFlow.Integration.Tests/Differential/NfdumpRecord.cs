using System.Globalization;
using System.Text.Json;

namespace NetFlow.Integration.Tests.Differential;

/// <summary>
/// Reads one flow of `nfdump -o json` (1.7.1; first/last in ms, local time, so run with TZ=UTC)
/// into a <see cref="FlowView"/>. nfdump stores ICMP type/code in its destination port and prints
/// them as icmp_type/icmp_code instead of src_port/dst_port, and prints no tcp_flags for them.
/// </summary>
public static class NfdumpRecord
{
    public static FlowView ToView(JsonElement flow)
    {
        int? icmp = null;
        if (flow.TryGetProperty("icmp_type", out var type))
            icmp = type.GetInt32() << 8 | (flow.TryGetProperty("icmp_code", out var code) ? code.GetInt32() : 0);
        return new FlowView(
            Source: FlowView.Address(String(flow, "src4_addr") ?? String(flow, "src6_addr") ?? Missing(flow, "source address")),
            Destination: FlowView.Address(String(flow, "dst4_addr") ?? String(flow, "dst6_addr") ?? Missing(flow, "destination address")),
            Protocol: flow.GetProperty("proto").GetInt32(),
            SourcePort: flow.TryGetProperty("src_port", out var sp) ? sp.GetInt32() : null,
            DestinationPort: flow.TryGetProperty("dst_port", out var dp) ? dp.GetInt32() : null,
            IcmpTypeCode: icmp,
            Octets: flow.GetProperty("in_bytes").GetUInt64(),
            Packets: flow.GetProperty("in_packets").GetUInt64(),
            TcpFlags: String(flow, "tcp_flags") is { } flags ? TcpFlags(flags) : null,
            Start: Time(String(flow, "first")),
            End: Time(String(flow, "last")));
    }

    /// <summary>nfdump's flag string "CEUAPRSF", a dot for each flag not set: "...AP.SF" is 0x1b.</summary>
    public static int TcpFlags(string text)
    {
        const string letters = "CEUAPRSF";
        if (text.Length != letters.Length)
            throw new FormatException($"nfdump tcp_flags '{text}' is not 8 characters.");
        var flags = 0;
        for (int i = 0; i < letters.Length; i++)
        {
            if (text[i] == letters[i])
                flags |= 0x80 >> i;
            else if (text[i] != '.')
                throw new FormatException($"nfdump tcp_flags '{text}': unexpected '{text[i]}' at {i}.");
        }
        return flags;
    }

    private static DateTime? Time(string? text) => text is null
        ? null
        : DateTime.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private static string? String(JsonElement flow, string name) =>
        flow.TryGetProperty(name, out var value) ? value.GetString() : null;

    private static string Missing(JsonElement flow, string what) =>
        throw new InvalidOperationException($"nfdump flow has no {what}: {flow.GetRawText()}");
}
