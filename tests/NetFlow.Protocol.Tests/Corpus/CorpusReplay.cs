using System.Net;
using NetFlow.Protocol.InformationElements;
using NetFlow.Protocol.Messages;
using NetFlow.Protocol.Records;
using NetFlow.Protocol.Sessions;

namespace NetFlow.Protocol.Tests.Corpus;

/// <summary>
/// Feeds corpus files, in order, through one <see cref="ExporterSession"/> (one template state, as
/// tests/data/corpus/README.md asks) and copies every record out of the decoder's views into plain
/// values, so tests can assert on them after the decode has returned.
/// </summary>
internal static class CorpusReplay
{
    public static readonly IPAddress Exporter = IPAddress.Parse("192.0.2.1");

    /// <summary>Receive time of the first file; each further file comes one second later, well inside the pending timeout.</summary>
    public static readonly DateTime FirstReceived = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static string CorpusDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "data", "corpus");

    /// <param name="files">Paths relative to the corpus directory, e.g. "vendors/netflow5.dat".</param>
    public static CorpusRun Decode(params string[] files) =>
        DecodeDatagrams([.. files.Select(f => File.ReadAllBytes(Path.Combine(CorpusDirectory, f)))]);

    /// <summary>The same for datagrams held in memory.</summary>
    public static CorpusRun DecodeDatagrams(params byte[][] datagrams)
    {
        var session = new ExporterSession(Exporter);
        var handler = new Materialiser([], []);
        for (int i = 0; i < datagrams.Length; i++)
            session.Decode(datagrams[i], FirstReceived.AddSeconds(i), ref handler);
        return new CorpusRun(handler.Records, handler.Errors, session);
    }

    private readonly struct Materialiser(List<DecodedRecord> records, List<DecodeError> errors) : IFlowRecordHandler
    {
        public List<DecodedRecord> Records { get; } = records;
        public List<DecodeError> Errors { get; } = errors;

        public void OnRecord(in FlowRecord record) => Records.Add(Copy(record));

        public void OnError(in DecodeError error) => Errors.Add(error);
    }

    private static DecodedRecord Copy(in FlowRecord record)
    {
        var keys = record.Template.FieldKeys;
        var fields = new Dictionary<string, object?>(record.FieldCount, StringComparer.Ordinal);
        for (int i = 0; i < record.FieldCount; i++)
            fields.Add(keys[i], ValueOf(record[i], record));
        return new DecodedRecord(
            record.Header,
            record.Header.Version,
            record.Header.Domain,
            record.Template.Id,
            record.IsOptions,
            record.TryGetStart(out var start) ? start : null,
            record.TryGetEnd(out var end) ? end : null,
            fields);
    }

    /// <summary>
    /// The value as its abstract data type reads (RFC 7012 §3.1): ulong, long, double, bool, MAC and
    /// string as string, IPAddress, DateTime (UTC), lists as <see cref="DecodedBasicList"/> or
    /// <see cref="DecodedSubTemplateList"/>; anything else, or a value of a length its type does not
    /// allow, as lower-case hex.
    /// </summary>
    private static object? ValueOf(FieldValue value, in FlowRecord parent)
    {
        switch (value.Element.DataType)
        {
            case IeDataType.Unsigned8 or IeDataType.Unsigned16 or IeDataType.Unsigned32 or IeDataType.Unsigned64
                when value.TryGetUInt64(out ulong u):
                return u;
            case IeDataType.Signed8 or IeDataType.Signed16 or IeDataType.Signed32 or IeDataType.Signed64
                when value.TryGetInt64(out long s):
                return s;
            case IeDataType.Float32 or IeDataType.Float64 when value.TryGetDouble(out double d):
                return d;
            case IeDataType.Boolean when value.TryGetBoolean(out bool b):
                return b;
            case IeDataType.MacAddress:
                return value.GetMacAddress();
            case IeDataType.String:
                return value.GetString();
            case IeDataType.Ipv4Address or IeDataType.Ipv6Address when value.TryGetIPAddress(out var address):
                return address;
            case IeDataType.DateTimeSeconds or IeDataType.DateTimeMilliseconds or IeDataType.DateTimeMicroseconds
                or IeDataType.DateTimeNanoseconds when value.TryGetDateTime(out var time):
                return time;
            case IeDataType.BasicList:
                return BasicListOf(value, parent);
            case IeDataType.SubTemplateList or IeDataType.SubTemplateMultiList:
                return SubTemplateListOf(value, parent);
            default:
                return value.GetHex();
        }
    }

    private static DecodedBasicList BasicListOf(FieldValue value, in FlowRecord parent)
    {
        var reader = new BasicListReader(value);
        var values = new List<object?>();
        while (reader.TryReadNext(out var item))
            values.Add(ValueOf(item, parent));
        return new DecodedBasicList(reader.Semantic, reader.Element.Name, values, reader.Status);
    }

    private static DecodedSubTemplateList SubTemplateListOf(FieldValue value, in FlowRecord parent)
    {
        var reader = new SubTemplateListReader(parent, value);
        var records = new List<DecodedRecord>();
        while (reader.TryReadNext(out var record))
            records.Add(Copy(record));
        return new DecodedSubTemplateList(reader.Semantic, records, reader.Status);
    }
}

/// <summary>Everything one replay produced: the records, the errors as reported, and the session (counters, templates, pending).</summary>
internal sealed record CorpusRun(IReadOnlyList<DecodedRecord> Records, IReadOnlyList<DecodeError> Errors, ExporterSession Session)
{
    public DecodeCounters Counters => Session.Counters;
    public IReadOnlyList<DecodedRecord> Data => [.. Records.Where(r => !r.IsOptions)];
    public IReadOnlyList<DecodedRecord> Options => [.. Records.Where(r => r.IsOptions)];

    /// <summary>The records of one template, in decode order.</summary>
    public IReadOnlyList<DecodedRecord> OfTemplate(ushort templateId) => [.. Records.Where(r => r.TemplateId == templateId)];
}

/// <summary>One record with its fields keyed as <see cref="Templates.Template.FieldKeys"/> names them.</summary>
internal sealed record DecodedRecord(
    MessageHeader Header, ushort Version, uint Domain, ushort TemplateId, bool IsOptions, DateTime? Start, DateTime? End,
    IReadOnlyDictionary<string, object?> Fields)
{
    public object? this[string key] =>
        Fields.TryGetValue(key, out var value)
            ? value
            : throw new KeyNotFoundException($"no field '{key}' in template {TemplateId}; fields: {string.Join(", ", Fields.Keys)}");
}

internal sealed record DecodedBasicList(ListSemantic Semantic, string ElementName, IReadOnlyList<object?> Values, DecodeStatus Status);

internal sealed record DecodedSubTemplateList(ListSemantic Semantic, IReadOnlyList<DecodedRecord> Records, DecodeStatus Status);
