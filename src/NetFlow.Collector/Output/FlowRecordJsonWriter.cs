using System.Globalization;
using System.Text.Json;
using NetFlow.Protocol.InformationElements;
using NetFlow.Protocol.Records;

namespace NetFlow.Collector.Output;

/// <summary>
/// Writes a record as one JSON object: where it came from (exporter, version, domain, template),
/// then every field under its element name with a value of its type: numbers as numbers,
/// addresses as text, times as ISO-8601 UTC, MACs as aa:bb:.., unknown elements as hex.
/// </summary>
public static class FlowRecordJsonWriter
{
    private const ushort PaddingOctets = 210;

    public static void Write(Utf8JsonWriter w, in FlowRecord record, string exporter) =>
        Write(w, record, exporter, renormalize: false, configuredSamplingInterval: 0);

    /// <summary>
    /// With <paramref name="renormalize"/>, octet and packet counters are multiplied by the record's
    /// sampling rate (from the export, else <paramref name="configuredSamplingInterval"/> when above 0),
    /// so sampled exports add up to estimates of the real traffic. The rate used is printed as
    /// samplingInterval either way, when known.
    /// </summary>
    public static void Write(Utf8JsonWriter w, in FlowRecord record, string exporter, bool renormalize, uint configuredSamplingInterval)
    {
        uint sampling = record.TryGetSamplingInterval(out uint exported) ? exported : configuredSamplingInterval;
        ulong scale = renormalize && sampling > 1 ? sampling : 1;
        var header = record.Header;
        w.WriteStartObject();
        w.WriteString("exporter", exporter);
        w.WriteNumber("version", header.Version);
        w.WriteNumber("domain", header.Domain);
        if (header.Version >= 9)
            w.WriteNumber("templateId", record.Template.Id);
        w.WriteString("kind", record.IsOptions ? "options" : "data");
        w.WriteString("exportTime", FormatTime(header.ExportTimeUtc, IeDataType.DateTimeMilliseconds));
        if (header.Version != 1)
            w.WriteNumber("sequence", header.Sequence);
        if (header.Version == 5)
        {
            w.WriteNumber("engineType", header.EngineType);
            w.WriteNumber("engineId", header.EngineId);
            w.WriteNumber("samplingAlgorithm", header.SamplingMode);
            w.WriteNumber("samplingInterval", header.SamplingInterval);
        }
        WriteFields(w, record, scale);
        WriteAbsoluteTimes(w, record);
        if (sampling > 0 && header.Version != 5 && record.IndexOf(SamplingIntervalId) < 0)
            w.WriteNumber("samplingInterval", sampling);
        if (scale > 1)
            w.WriteNumber("renormalizedBy", scale);
        w.WriteEndObject();
    }

    private const ushort SamplingIntervalId = 34;

    private static void WriteFields(Utf8JsonWriter w, in FlowRecord record, ulong scale = 1)
    {
        var keys = record.Template.FieldKeys;
        for (int i = 0; i < record.FieldCount; i++)
        {
            var element = record.ElementAt(i);
            if (element.Id == PaddingOctets && element.EnterpriseNumber == 0)
                continue;
            w.WritePropertyName(keys[i]);
            if (scale > 1 && IsTrafficCounter(element) && record[i].TryGetUInt64(out ulong count))
                w.WriteNumberValue(count * scale);
            else
                WriteValue(w, record[i], record);
        }
    }

    /// <summary>Octet and packet counters (delta or total): what sampling undercounts.</summary>
    private static bool IsTrafficCounter(InformationElement element) =>
        element.Semantics is IeSemantics.DeltaCounter or IeSemantics.TotalCounter
        && element.Units is "octets" or "packets";

    /// <summary>
    /// Records that carry only relative times (sysUpTime in v1/v5/v7/v9, or in IPFIX against the
    /// domain's systemInitTime; delta microseconds) also get absolute flowStart/EndMilliseconds,
    /// so every version answers "when" the same way. Records with absolute times are left alone.
    /// </summary>
    private static void WriteAbsoluteTimes(Utf8JsonWriter w, in FlowRecord record)
    {
        if (!HasAny(record, 150, 152, 154, 156) && record.TryGetStart(out var start))
            w.WriteString("flowStartMilliseconds", FormatTime(start, IeDataType.DateTimeMilliseconds));
        if (!HasAny(record, 151, 153, 155, 157) && record.TryGetEnd(out var end))
            w.WriteString("flowEndMilliseconds", FormatTime(end, IeDataType.DateTimeMilliseconds));
    }

    private static bool HasAny(in FlowRecord record, params ReadOnlySpan<ushort> ids)
    {
        foreach (ushort id in ids)
        {
            if (record.IndexOf(id) >= 0)
                return true;
        }
        return false;
    }

    public static void WriteValue(Utf8JsonWriter w, FieldValue value, in FlowRecord parent)
    {
        switch (value.Element.DataType)
        {
            case IeDataType.Unsigned8 or IeDataType.Unsigned16 or IeDataType.Unsigned32 or IeDataType.Unsigned64
                when value.TryGetUInt64(out ulong u):
                w.WriteNumberValue(u);
                return;
            case IeDataType.Signed8 or IeDataType.Signed16 or IeDataType.Signed32 or IeDataType.Signed64
                when value.TryGetInt64(out long s):
                w.WriteNumberValue(s);
                return;
            case IeDataType.Float32 or IeDataType.Float64 when value.TryGetDouble(out double d):
                if (double.IsFinite(d))
                    w.WriteNumberValue(d);
                else
                    w.WriteStringValue(d.ToString(CultureInfo.InvariantCulture));
                return;
            case IeDataType.Boolean when value.TryGetBoolean(out bool b):
                w.WriteBooleanValue(b);
                return;
            case IeDataType.MacAddress:
                w.WriteStringValue(value.GetMacAddress());
                return;
            case IeDataType.String:
                w.WriteStringValue(value.GetString());
                return;
            case IeDataType.Ipv4Address or IeDataType.Ipv6Address when value.TryGetIPAddress(out var address):
                w.WriteStringValue(address!.ToString());
                return;
            case IeDataType.DateTimeSeconds or IeDataType.DateTimeMilliseconds or IeDataType.DateTimeMicroseconds or IeDataType.DateTimeNanoseconds
                when value.TryGetDateTime(out var time):
                w.WriteStringValue(FormatTime(time, value.Element.DataType));
                return;
            case IeDataType.BasicList:
                WriteBasicList(w, value, parent);
                return;
            case IeDataType.SubTemplateList or IeDataType.SubTemplateMultiList:
                WriteSubTemplateList(w, value, parent);
                return;
            default:
                w.WriteStringValue(value.GetHex());
                return;
        }
    }

    private static void WriteBasicList(Utf8JsonWriter w, FieldValue value, in FlowRecord parent)
    {
        var reader = new BasicListReader(value);
        w.WriteStartObject();
        w.WriteString("semantic", SemanticName(reader.Semantic));
        w.WriteString("element", reader.Element.Name);
        w.WriteStartArray("values");
        while (reader.TryReadNext(out var item))
            WriteValue(w, item, parent);
        w.WriteEndArray();
        if (reader.Status != Protocol.DecodeStatus.Ok)
            w.WriteString("error", reader.Status.ToString());
        w.WriteEndObject();
    }

    private static void WriteSubTemplateList(Utf8JsonWriter w, FieldValue value, in FlowRecord parent)
    {
        var reader = new SubTemplateListReader(parent, value);
        w.WriteStartObject();
        w.WriteString("semantic", SemanticName(reader.Semantic));
        w.WriteStartArray("records");
        while (reader.TryReadNext(out var record))
        {
            w.WriteStartObject();
            w.WriteNumber("templateId", record.Template.Id);
            WriteFields(w, record);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (reader.Status != Protocol.DecodeStatus.Ok)
        {
            w.WriteString("error", reader.Status.ToString());
            w.WriteNumber("errorTemplateId", reader.TemplateId);
        }
        w.WriteEndObject();
    }

    private static string SemanticName(ListSemantic semantic) => semantic switch
    {
        ListSemantic.NoneOf => "noneOf",
        ListSemantic.ExactlyOneOf => "exactlyOneOf",
        ListSemantic.OneOrMoreOf => "oneOrMoreOf",
        ListSemantic.AllOf => "allOf",
        ListSemantic.Ordered => "ordered",
        ListSemantic.Undefined => "undefined",
        _ => ((byte)semantic).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>ISO-8601 UTC with as many fraction digits as the type carries.</summary>
    public static string FormatTime(DateTime utc, IeDataType type) => utc.ToString(type switch
    {
        IeDataType.DateTimeSeconds => "yyyy-MM-dd'T'HH:mm:ss'Z'",
        IeDataType.DateTimeMilliseconds => "yyyy-MM-dd'T'HH:mm:ss.fff'Z'",
        IeDataType.DateTimeMicroseconds => "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'",
        _ => "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'",
    }, CultureInfo.InvariantCulture);
}
