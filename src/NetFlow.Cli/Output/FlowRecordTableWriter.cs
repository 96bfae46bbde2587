using System.Globalization;
using NetFlow.Collector.Output;
using NetFlow.Protocol.InformationElements;
using NetFlow.Protocol.Records;
using NetFlow.Storage.Query.Output;

namespace NetFlow.Cli.Output;

/// <summary>
/// One line per record for people, in the spirit of nfdump's default listing: start time,
/// protocol, source and destination with ports, packets, bytes, TCP flags, exporter. Options
/// records and records without flow keys are shown as name=value pairs.
/// </summary>
internal sealed class FlowRecordTableWriter(TextWriter output)
{
    private const string Row = "{0,-23} {1,-5} {2,39} -> {3,-39} {4,10} {5,12} {6,-6} {7,-15} {8}";
    private bool _headerWritten;

    public void Write(in FlowRecord record, string exporter)
    {
        if (!_headerWritten)
        {
            output.WriteLine(string.Format(CultureInfo.InvariantCulture, Row, "Start (UTC)", "Proto", "Src", "Dst", "Packets", "Bytes", "Flags", "Exporter", "Template"));
            _headerWritten = true;
        }

        string? src = Endpoint(record, 8, 27, 7);
        string? dst = Endpoint(record, 12, 28, 11);
        if (record.IsOptions || (src is null && dst is null))
        {
            output.WriteLine($"{(record.IsOptions ? "options" : "data")} v{record.Header.Version} template {record.Template.Id} from {exporter}: {Pairs(record)}");
            return;
        }

        output.WriteLine(string.Format(CultureInfo.InvariantCulture, Row,
            Start(record),
            Protocol(record),
            src ?? "-",
            dst ?? "-",
            Number(record, 2) ?? Number(record, 86) ?? "-",
            Number(record, 1) ?? Number(record, 85) ?? "-",
            Flags(record),
            exporter,
            record.Header.Version >= 9 ? record.Template.Id.ToString(CultureInfo.InvariantCulture) : $"v{record.Header.Version}"));
    }

    private static string Start(in FlowRecord record) =>
        record.TryGetStart(out var t) ? t.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture) : "-";

    private static string Protocol(in FlowRecord record)
    {
        if (!record.TryGetUInt64(4, out ulong p))
            return "-";
        return p <= byte.MaxValue ? ProtocolNames.Of((byte)p) : p.ToString(CultureInfo.InvariantCulture);
    }

    private static string? Endpoint(in FlowRecord record, ushort v4, ushort v6, ushort port)
    {
        int i = record.IndexOf(v4);
        if (i < 0)
            i = record.IndexOf(v6);
        if (i < 0 || !record[i].TryGetIPAddress(out var address))
            return null;
        string text = address!.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        return record.TryGetUInt64(port, out ulong p) ? $"{text}:{p}" : text;
    }

    private static string? Number(in FlowRecord record, ushort id) =>
        record.TryGetUInt64(id, out ulong v) ? v.ToString(CultureInfo.InvariantCulture) : null;

    /// <summary>TCP flags as nfdump prints them: U A P R S F, a dot for each flag not set.</summary>
    private static string Flags(in FlowRecord record)
    {
        if (!record.TryGetUInt64(6, out ulong f))
            return "-";
        Span<char> c = ['U', 'A', 'P', 'R', 'S', 'F'];
        for (int bit = 0; bit < 6; bit++)
        {
            if ((f & (1UL << (5 - bit))) == 0)
                c[bit] = '.';
        }
        return new string(c);
    }

    private static string Pairs(in FlowRecord record)
    {
        var parts = new List<string>(record.FieldCount);
        var keys = record.Template.FieldKeys;
        for (int i = 0; i < record.FieldCount; i++)
        {
            var value = record[i];
            string text = value.Element.DataType switch
            {
                IeDataType.String => value.GetString(),
                IeDataType.MacAddress => value.GetMacAddress(),
                IeDataType.Ipv4Address or IeDataType.Ipv6Address when value.TryGetIPAddress(out var a) => a!.ToString(),
                >= IeDataType.DateTimeSeconds and <= IeDataType.DateTimeNanoseconds when value.TryGetDateTime(out var t) =>
                    FlowRecordJsonWriter.FormatTime(t, value.Element.DataType),
                _ when value.Element.DataType is >= IeDataType.Unsigned8 and <= IeDataType.Unsigned64 && value.TryGetUInt64(out ulong u) => u.ToString(CultureInfo.InvariantCulture),
                _ => value.GetHex(),
            };
            parts.Add($"{keys[i]}={text}");
        }
        return string.Join(' ', parts);
    }
}
