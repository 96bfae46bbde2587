using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using NetFlow.Integration.Tests.Peers;

namespace NetFlow.Integration.Tests.Differential;

/// <summary>tshark's reading of a capture: data records as <see cref="FlowView"/>s, and how many options records it saw.</summary>
public sealed record TsharkRecords(IReadOnlyList<FlowView> Data, int OptionsRecords, int Messages);

/// <summary>
/// `tshark -r CAPTURE -T json -J cflow` (tshark 4.0's cflow dissector, templates carried across
/// packets) read back into <see cref="FlowView"/>s. Field names as `tshark -G fields` lists them:
/// cflow.srcaddr/srcaddrv6, cflow.srcport, cflow.protocol, cflow.octets, cflow.packets,
/// cflow.tcpflags, cflow.abstimestart/abstimeend (absolute) or cflow.timestart/timeend (relative to
/// the header's sysuptime), cflow.icmp_type_code_ipv4, cflow.icmp_ipv6_type/code.
/// </summary>
public static partial class TsharkDecode
{
    public static TsharkRecords Decode(string capture, int collectorPort)
    {
        var tshark = PeerLocator.Tshark;
        // TZ=UTC: absolute times are printed in the local zone, with its name.
        var environment = new Dictionary<string, string> { ["TZ"] = "UTC" };
        string[] arguments = ["-r", capture, "-n", "-d", $"udp.port=={collectorPort},cflow", "-T", "json", "-J", "cflow"];
        var result = ExternalProcess.Run(tshark, arguments, TimeSpan.FromSeconds(60), environment).EnsureSuccess();

        using var document = JsonDocument.Parse(result.StandardOutput);
        var data = new List<FlowView>();
        var optionsRecords = 0;
        var messages = 0;
        var optionsTemplates = new HashSet<string>(StringComparer.Ordinal);
        foreach (var frame in document.RootElement.EnumerateArray())
        {
            var layers = frame.GetProperty("_source").GetProperty("layers");
            foreach (var message in Properties(layers, "cflow").SelectMany(Items))
            {
                messages++;
                var header = new MessageHeader(message);
                foreach (var (name, value) in message.EnumerateObject().Select(p => (p.Name, p.Value)))
                {
                    if (header.Version == 5 && name.StartsWith("pdu ", StringComparison.Ordinal))
                    {
                        data.Add(ToView(value, header));
                    }
                    else if (name.StartsWith("FlowSet ", StringComparison.Ordinal) || name.StartsWith("Set ", StringComparison.Ordinal))
                    {
                        var setId = value.GetProperty("cflow.flowset_id").GetString()!;
                        if (setId is "0" or "1" or "2" or "3")
                        {
                            // Template sets; remember which template ids are options templates.
                            foreach (var template in value.EnumerateObject().Where(p => p.Name.StartsWith("Options Template", StringComparison.Ordinal)))
                                optionsTemplates.Add(template.Value.GetProperty("cflow.template_id").GetString()!);
                            continue;
                        }
                        foreach (var flow in value.EnumerateObject().Where(p => p.Name.StartsWith("Flow ", StringComparison.Ordinal)))
                        {
                            if (optionsTemplates.Contains(setId))
                                optionsRecords++;
                            else
                                data.Add(ToView(flow.Value, header));
                        }
                    }
                }
            }
        }
        return new TsharkRecords(data, optionsRecords, messages);
    }

    private static FlowView ToView(JsonElement flow, MessageHeader header)
    {
        int? icmp = null;
        if (Find(flow, "cflow.icmp_type_code_ipv4") is { } typeCode)
            icmp = (int)Integer(typeCode);
        else if (Find(flow, "cflow.icmp_ipv6_type") is { } type6)
            icmp = (int)(Integer(type6) << 8 | (Find(flow, "cflow.icmp_ipv6_code") is { } code6 ? Integer(code6) : 0));
        else if (Find(flow, "cflow.icmp_ipv4_type") is { } type4)
            icmp = (int)(Integer(type4) << 8 | (Find(flow, "cflow.icmp_ipv4_code") is { } code4 ? Integer(code4) : 0));

        return new FlowView(
            Source: FlowView.Address(Find(flow, "cflow.srcaddr") ?? Find(flow, "cflow.srcaddrv6") ?? Missing(flow, "source address")),
            Destination: FlowView.Address(Find(flow, "cflow.dstaddr") ?? Find(flow, "cflow.dstaddrv6") ?? Missing(flow, "destination address")),
            Protocol: (int)Integer(Find(flow, "cflow.protocol") ?? Missing(flow, "cflow.protocol")),
            SourcePort: OptionalInt(flow, "cflow.srcport"),
            DestinationPort: OptionalInt(flow, "cflow.dstport"),
            IcmpTypeCode: icmp,
            Octets: Integer(Find(flow, "cflow.octets") ?? Missing(flow, "cflow.octets")),
            Packets: Integer(Find(flow, "cflow.packets") ?? Missing(flow, "cflow.packets")),
            TcpFlags: OptionalInt(flow, "cflow.tcpflags"),
            Start: Time(flow, header, "cflow.abstimestart", "cflow.timestart"),
            End: Time(flow, header, "cflow.abstimeend", "cflow.timeend"));
    }

    /// <summary>
    /// Absolute times as tshark prints them, or times relative to the exporter's uptime (v5, v9
    /// FIRST/LAST_SWITCHED), which the test turns into absolute times from tshark's raw fields.
    /// </summary>
    private static DateTime? Time(JsonElement flow, MessageHeader header, string absolute, string relative)
    {
        if (Find(flow, absolute) is { } text)
            return AbsoluteTime(text);
        if (Find(flow, relative) is { } uptime)
            return header.UptimeToTime(uptime, flow);
        return null;
    }

    /// <summary>"Mar  1, 2024 12:00:00.126000000 UTC" (nanoseconds; .NET parses at most 7 digits).</summary>
    private static DateTime AbsoluteTime(string text)
    {
        var match = AbsoluteTimeFormat().Match(text);
        if (!match.Success)
            throw new FormatException($"tshark time '{text}' is not in the expected 'Mon  d, yyyy HH:mm:ss.fffffffff UTC' form.");
        var seconds = DateTime.ParseExact(
            $"{match.Groups["month"].Value} {match.Groups["day"].Value} {match.Groups["rest"].Value}",
            "MMM d yyyy HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        var nanoseconds = long.Parse(match.Groups["nanos"].Value, CultureInfo.InvariantCulture);
        return seconds.AddTicks(nanoseconds / 100);
    }

    [GeneratedRegex(@"^(?<month>[A-Z][a-z]{2})\s+(?<day>\d{1,2}), (?<rest>\d{4} \d{2}:\d{2}:\d{2})\.(?<nanos>\d{9}) UTC$")]
    private static partial Regex AbsoluteTimeFormat();

    private static int? OptionalInt(JsonElement flow, string name) => Find(flow, name) is { } text ? (int)Integer(text) : null;

    /// <summary>tshark prints integers in decimal, flags and a few codes in hex ("0x1b").</summary>
    private static ulong Integer(string text) =>
        text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.Parse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
            : ulong.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>The first string value named <paramref name="name"/> in the record or its subtrees (e.g. cflow.timedelta_tree).</summary>
    private static string? Find(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name == name && property.Value.ValueKind == JsonValueKind.String)
                return property.Value.GetString();
        }
        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Object && Find(property.Value, name) is { } nested)
                return nested;
        }
        return null;
    }

    private static IEnumerable<JsonElement> Properties(JsonElement element, string name) =>
        element.EnumerateObject().Where(p => p.Name == name).Select(p => p.Value);

    /// <summary>tshark prints a repeated layer or field as an array.</summary>
    private static IEnumerable<JsonElement> Items(JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray() : [element];

    private static string Missing(JsonElement flow, string what) =>
        throw new InvalidOperationException($"tshark record has no {what}: {flow.GetRawText()}");

    private sealed class MessageHeader(JsonElement message)
    {
        public int Version { get; } = int.Parse(message.GetProperty("cflow.version").GetString()!, CultureInfo.InvariantCulture);

        /// <summary>
        /// A flow time given as sysUptime (32-bit milliseconds, wrapping every 49.7 days) becomes
        /// export time - (SysUptime - time) mod 2^32 (RFC 3954 §5.1; v5 alike). tshark prints the
        /// time as plain seconds since boot and would add it to boot without the wrap: a First above
        /// the header's SysUptime (pmacctd's v5 export of a file has that) would then land after the
        /// export time. The sub-millisecond part of the header's unix_nsecs is dropped: uptimes
        /// count milliseconds, and our output, flowStart/EndMilliseconds, carries milliseconds.
        /// </summary>
        public DateTime UptimeToTime(string uptimeSeconds, JsonElement flow)
        {
            var sysUptime = Find(message, "cflow.sysuptime")
                ?? throw new InvalidOperationException($"tshark: relative flow times but no sysuptime in the header: {flow.GetRawText()}");
            var seconds = Find(message, "cflow.unix_secs")
                ?? throw new InvalidOperationException($"tshark: relative flow times but no unix_secs in the header: {message.GetRawText()}");
            var nanoseconds = Find(message, "cflow.unix_nsecs") ?? "0";
            var exportTime = DateTime.UnixEpoch
                .AddSeconds(long.Parse(seconds, CultureInfo.InvariantCulture))
                .AddTicks(long.Parse(nanoseconds, CultureInfo.InvariantCulture) / 100);
            var age = unchecked((uint)(Milliseconds(sysUptime) - Milliseconds(uptimeSeconds)));
            var time = exportTime.AddMilliseconds(-(double)age);
            return new DateTime(time.Ticks - time.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
        }

        private static long Milliseconds(string seconds) =>
            (long)(decimal.Parse(seconds, NumberStyles.Float, CultureInfo.InvariantCulture) * 1000);
    }
}
