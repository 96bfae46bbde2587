using System.Buffers;
using System.Text;
using System.Text.Json;
using NetFlow.Collector.Output;
using NetFlow.Protocol.Records;
using Parquet;
using Parquet.Schema;
using NetFlow.Storage.Schema;

namespace NetFlow.Storage.Writing;

/// <summary>
/// Options data records (sampler rates, interface names, VRF tables ...) for the options files:
/// where they came from, then their scope fields and their other fields as JSON objects under
/// element names, since options templates vary too much for typed columns.
/// </summary>
internal sealed class OptionsRowGroup
{
    public static readonly DateTimeDataField TimeExportField = new(FlowColumns.TimeExport, DateTimeFormat.Timestamp, isAdjustedToUTC: false, unit: DateTimeTimeUnit.Millis, isNullable: true);
    public static readonly DataField<string> ExporterField = new(FlowColumns.Exporter);
    public static readonly DataField<byte?> VersionField = new(FlowColumns.Version);
    public static readonly DataField<uint?> DomainField = new(FlowColumns.Domain);
    public static readonly DataField<ushort?> TemplateIdField = new(FlowColumns.TemplateId);
    public static readonly DataField<string> ScopeField = new("scope");
    public static readonly DataField<string> FieldsField = new("fields");
    public static readonly ParquetSchema Schema = new(TimeExportField, ExporterField, VersionField, DomainField, TemplateIdField, ScopeField, FieldsField);

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _json;
    private readonly DateTime?[] _timeExport;
    private readonly string[] _exporter;
    private readonly byte?[] _version;
    private readonly uint?[] _domain;
    private readonly ushort?[] _templateId;
    private readonly string[] _scope;
    private readonly string[] _fields;

    public OptionsRowGroup(int capacity)
    {
        Capacity = capacity;
        _timeExport = new DateTime?[capacity];
        _exporter = new string[capacity];
        _version = new byte?[capacity];
        _domain = new uint?[capacity];
        _templateId = new ushort?[capacity];
        _scope = new string[capacity];
        _fields = new string[capacity];
        _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });
    }

    public int Capacity { get; }
    public int Count { get; private set; }
    public bool IsFull => Count == Capacity;
    /// <summary>The export times of the rows.</summary>
    public TimeRange Span { get; private set; } = TimeRange.Empty;

    public void Add(in FlowRecord record, string exporter)
    {
        if (IsFull)
            throw new InvalidOperationException("the row group is full; write it first");
        int row = Count++;
        var header = record.Header;
        _timeExport[row] = header.ExportTimeUtc;
        Span = Span.Including(header.ExportTimeUtc);
        _exporter[row] = exporter;
        _version[row] = (byte)header.Version;
        _domain[row] = header.Domain;
        _templateId[row] = record.Template.Id;
        int scopeCount = record.Template.ScopeFieldCount;
        _scope[row] = Json(record, 0, scopeCount);
        _fields[row] = Json(record, scopeCount, record.FieldCount);
    }

    public async Task WriteAsync(ParquetWriter writer, CancellationToken cancellationToken)
    {
        int n = Count;
        using var g = writer.CreateRowGroup();
        await g.WriteAsync<DateTime>(TimeExportField, _timeExport.AsMemory(0, n), cancellationToken: cancellationToken);
        await g.WriteAsync(ExporterField, new ArraySegment<string>(_exporter, 0, n));
        await g.WriteAsync<byte>(VersionField, _version.AsMemory(0, n), cancellationToken: cancellationToken);
        await g.WriteAsync<uint>(DomainField, _domain.AsMemory(0, n), cancellationToken: cancellationToken);
        await g.WriteAsync<ushort>(TemplateIdField, _templateId.AsMemory(0, n), cancellationToken: cancellationToken);
        await g.WriteAsync(ScopeField, new ArraySegment<string>(_scope, 0, n));
        await g.WriteAsync(FieldsField, new ArraySegment<string>(_fields, 0, n));
        g.CompleteValidate();
    }

    public void Clear()
    {
        Array.Clear(_exporter, 0, Count);
        Array.Clear(_scope, 0, Count);
        Array.Clear(_fields, 0, Count);
        Count = 0;
        Span = TimeRange.Empty;
    }

    private string Json(in FlowRecord record, int from, int to)
    {
        _buffer.ResetWrittenCount();
        _json.Reset();
        _json.WriteStartObject();
        var keys = record.Template.FieldKeys;
        for (int i = from; i < to; i++)
        {
            _json.WritePropertyName(keys[i]);
            FlowRecordJsonWriter.WriteValue(_json, record[i], record);
        }
        _json.WriteEndObject();
        _json.Flush();
        return Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }
}
