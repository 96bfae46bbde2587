using System.Net;
using NetFlow.Protocol;
using NetFlow.Protocol.InformationElements;
using NetFlow.Protocol.Messages;
using NetFlow.Protocol.Records;
using NetFlow.Protocol.Sessions;

namespace NetFlow.Generator.Tests.Support;

/// <summary>A record our decoder produced, copied out of its views: fields by IANA name.</summary>
public sealed record DecodedRecord(
    IPAddress Exporter,
    MessageHeader Header,
    DateTime ReceivedUtc,
    DateTime? Start,
    DateTime? End,
    IReadOnlyDictionary<string, object?> Fields)
{
    public object? this[string name] => Fields.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"no field {name} in {string.Join(", ", Fields.Keys)}");
}

/// <summary>
/// Received datagrams run through our own decoder, one <see cref="ExporterSession"/> per source
/// address as the collector keeps them, in arrival order.
/// </summary>
public sealed class DecodedStream
{
    private DecodedStream()
    {
    }

    public List<DecodedRecord> Records { get; } = [];
    public List<DecodeError> Errors { get; } = [];
    public Dictionary<IPAddress, ExporterSession> Sessions { get; } = [];

    public static DecodedStream Decode(IEnumerable<ReceivedDatagram> datagrams)
    {
        var stream = new DecodedStream();
        foreach (var datagram in datagrams)
        {
            var exporter = datagram.Source.Address;
            if (!stream.Sessions.TryGetValue(exporter, out var session))
                stream.Sessions[exporter] = session = new ExporterSession(exporter);
            var handler = new Collector(stream, exporter, datagram.ReceivedUtc);
            session.Decode(datagram.Payload, datagram.ReceivedUtc, ref handler);
        }
        return stream;
    }

    public DecodeCounters Totals
    {
        get
        {
            var totals = new DecodeCounters();
            foreach (var session in Sessions.Values)
                totals.Add(session.Counters);
            return totals;
        }
    }

    public SequenceCounts SequenceTotals
    {
        get
        {
            var totals = new SequenceCounts();
            foreach (var c in Sessions.Values.Select(s => s.Sequences.Totals))
            {
                totals.Gaps += c.Gaps;
                totals.LostUnits += c.LostUnits;
                totals.Duplicates += c.Duplicates;
                totals.Resets += c.Resets;
            }
            return totals;
        }
    }

    private readonly struct Collector(DecodedStream stream, IPAddress exporter, DateTime received) : IFlowRecordHandler
    {
        public void OnRecord(in FlowRecord record)
        {
            var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (int i = 0; i < record.FieldCount; i++)
                fields[record.Template.FieldKeys[i]] = ValueOf(record[i]);
            stream.Records.Add(new DecodedRecord(exporter, record.Header, received,
                record.TryGetStart(out var start) ? start : null, record.TryGetEnd(out var end) ? end : null, fields));
        }

        public void OnError(in DecodeError error) => stream.Errors.Add(error);

        private static object? ValueOf(FieldValue v) => v.Element.DataType switch
        {
            >= IeDataType.Unsigned8 and <= IeDataType.Unsigned64 when v.TryGetUInt64(out ulong u) => u,
            IeDataType.Ipv4Address or IeDataType.Ipv6Address when v.TryGetIPAddress(out var a) => a,
            IeDataType.String => v.GetString(),
            >= IeDataType.DateTimeSeconds and <= IeDataType.DateTimeNanoseconds when v.TryGetDateTime(out var t) => t,
            _ => v.GetHex(),
        };
    }
}
