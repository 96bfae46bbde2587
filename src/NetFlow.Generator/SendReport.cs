using System.Globalization;
using System.Text;
using System.Text.Json;

namespace NetFlow.Generator;

/// <summary>
/// What a generate or replay run sent: packets and bytes the kernel took, data records in them
/// (null for a replay, which does not decode what it resends), and datagrams the kernel refused.
/// </summary>
public sealed record SendReport
{
    public required string Command { get; init; }
    public required string Target { get; init; }
    public long Packets { get; init; }
    public long? Records { get; init; }
    public long TemplatePackets { get; init; }
    public long Bytes { get; init; }
    public double Seconds { get; init; }
    public long SendErrors { get; init; }
    public IReadOnlyDictionary<string, long> SendErrorsByReason { get; init; } = new Dictionary<string, long>();
    /// <summary>The rate asked for, as text ("unlimited", "50000 packets/s", "original timing").</summary>
    public required string Rate { get; init; }

    public double PacketsPerSecond => Seconds > 0 ? Packets / Seconds : 0;
    public double? RecordsPerSecond => Records is { } r && Seconds > 0 ? r / Seconds : null;

    /// <summary>One line for people.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"netflow {Command}: sent {Packets} packets");
        if (TemplatePackets > 0)
            text.Append(CultureInfo.InvariantCulture, $" ({TemplatePackets} of them templates)");
        if (Records is { } records)
            text.Append(CultureInfo.InvariantCulture, $", {records} records");
        text.Append(CultureInfo.InvariantCulture, $", {Bytes} bytes to {Target} in {Seconds:0.000} s: {PacketsPerSecond:0} packets/s");
        if (RecordsPerSecond is { } rps)
            text.Append(CultureInfo.InvariantCulture, $", {rps:0} records/s");
        text.Append(CultureInfo.InvariantCulture, $" ({Rate}); {SendErrors} send errors");
        if (SendErrors > 0)
            text.Append(" (").AppendJoin(", ", SendErrorsByReason.Select(e => $"{e.Key} {e.Value}")).Append(')');
        return text.ToString();
    }

    /// <summary>One JSON object, for scripts.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("command", Command);
            json.WriteString("target", Target);
            json.WriteString("rate", Rate);
            json.WriteNumber("packets", Packets);
            if (Records is { } records)
                json.WriteNumber("records", records);
            else
                json.WriteNull("records");
            json.WriteNumber("templatePackets", TemplatePackets);
            json.WriteNumber("bytes", Bytes);
            json.WriteNumber("seconds", Math.Round(Seconds, 6));
            json.WriteNumber("pps", Math.Round(PacketsPerSecond, 1));
            if (RecordsPerSecond is { } rps)
                json.WriteNumber("rps", Math.Round(rps, 1));
            else
                json.WriteNull("rps");
            json.WriteNumber("sendErrors", SendErrors);
            json.WriteStartObject("sendErrorsByReason");
            foreach (var (reason, count) in SendErrorsByReason)
                json.WriteNumber(reason, count);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
