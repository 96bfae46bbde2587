using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using NetFlow.Collector.Output;
using NetFlow.Protocol.Records;
using NetFlow.Protocol.Templates;
using NetFlow.Storage.Schema;

namespace NetFlow.Storage.Writing;

/// <summary>
/// Flow records taken apart into column arrays, one row group's worth, ready for Parquet. A
/// record is one pass over its fields through its template's <see cref="TemplateColumnMap"/>;
/// what has no typed column is written as JSON into <c>extra</c>. The arrays are reused from one
/// row group to the next, so steady traffic allocates only IPv6 addresses and extra JSON text.
/// </summary>
internal sealed class FlowRowGroup
{
    /// <summary>Past this many templates the map cache starts again (a template flood must not grow it).</summary>
    private const int MaxCachedTemplates = 4096;

    private readonly Dictionary<Template, TemplateColumnMap> _maps = new(ReferenceEqualityComparer.Instance);
    private readonly ArrayBufferWriter<byte> _extraBuffer = new(1024);
    private readonly Utf8JsonWriter _extra;
    private Template? _lastTemplate;
    private TemplateColumnMap? _lastMap;

    public FlowRowGroup(int capacity)
    {
        Capacity = capacity;
        TimeStart = new DateTime?[capacity];
        TimeEnd = new DateTime?[capacity];
        TimeExport = new DateTime[capacity];
        Exporter = new string[capacity];
        Version = new byte[capacity];
        Domain = new uint[capacity];
        TemplateId = new ushort[capacity];
        SrcIp4 = new uint?[capacity];
        DstIp4 = new uint?[capacity];
        NextHop4 = new uint?[capacity];
        SrcIp6 = new byte[]?[capacity];
        DstIp6 = new byte[]?[capacity];
        NextHop6 = new byte[]?[capacity];
        SrcPort = new ushort?[capacity];
        DstPort = new ushort?[capacity];
        Proto = new byte?[capacity];
        TcpFlags = new ushort?[capacity];
        Tos = new byte?[capacity];
        IcmpType = new byte?[capacity];
        IcmpCode = new byte?[capacity];
        Bytes = new long?[capacity];
        Packets = new long?[capacity];
        InIf = new uint?[capacity];
        OutIf = new uint?[capacity];
        SrcAs = new uint?[capacity];
        DstAs = new uint?[capacity];
        SrcMask = new byte?[capacity];
        DstMask = new byte?[capacity];
        Direction = new byte?[capacity];
        SrcVlan = new ushort?[capacity];
        DstVlan = new ushort?[capacity];
        SrcMac = new ulong?[capacity];
        DstMac = new ulong?[capacity];
        SamplingInterval = new uint?[capacity];
        ForwardingStatus = new byte?[capacity];
        FlowEndReason = new byte?[capacity];
        ApplicationId = new byte[]?[capacity];
        Extra = new string?[capacity];
        _extra = new Utf8JsonWriter(_extraBuffer, new JsonWriterOptions { SkipValidation = true });
    }

    public int Capacity { get; }
    public int Count { get; private set; }
    public bool IsFull => Count == Capacity;

    public DateTime?[] TimeStart { get; }
    public DateTime?[] TimeEnd { get; }
    /// <summary>Columns every record fills are not nullable: no definition levels to build and encode.</summary>
    public DateTime[] TimeExport { get; }
    public string[] Exporter { get; }
    public byte[] Version { get; }
    public uint[] Domain { get; }
    public ushort[] TemplateId { get; }
    public uint?[] SrcIp4 { get; }
    public uint?[] DstIp4 { get; }
    public uint?[] NextHop4 { get; }
    public byte[]?[] SrcIp6 { get; }
    public byte[]?[] DstIp6 { get; }
    public byte[]?[] NextHop6 { get; }
    public ushort?[] SrcPort { get; }
    public ushort?[] DstPort { get; }
    public byte?[] Proto { get; }
    public ushort?[] TcpFlags { get; }
    public byte?[] Tos { get; }
    public byte?[] IcmpType { get; }
    public byte?[] IcmpCode { get; }
    public long?[] Bytes { get; }
    public long?[] Packets { get; }
    public uint?[] InIf { get; }
    public uint?[] OutIf { get; }
    public uint?[] SrcAs { get; }
    public uint?[] DstAs { get; }
    public byte?[] SrcMask { get; }
    public byte?[] DstMask { get; }
    public byte?[] Direction { get; }
    public ushort?[] SrcVlan { get; }
    public ushort?[] DstVlan { get; }
    public ulong?[] SrcMac { get; }
    public ulong?[] DstMac { get; }
    public uint?[] SamplingInterval { get; }
    public byte?[] ForwardingStatus { get; }
    public byte?[] FlowEndReason { get; }
    public byte[]?[] ApplicationId { get; }
    public string?[] Extra { get; }

    /// <summary>The span the rows' flows cover (start to end, export time where a flow has none): the file's name carries it so queries can skip files.</summary>
    public TimeRange Span { get; private set; } = TimeRange.Empty;

    /// <summary>
    /// Adds one data record. <paramref name="sampling"/> is the rate that applies (0 when unknown);
    /// with <paramref name="renormalize"/> and a rate above 1, bytes and packets are scaled by it
    /// and <c>extra</c> says so (renormalizedBy), as the JSON output does.
    /// </summary>
    public void Add(in FlowRecord record, string exporter, uint sampling, bool renormalize)
    {
        if (IsFull)
            throw new InvalidOperationException("the row group is full; write it first");
        int row = Count;
        ClearRow(row);
        var header = record.Header;
        var map = MapOf(record.Template);
        var columns = map.Columns;
        bool timeStartKnown = TryGetTime(record, header, map.Start, start: true, out var start);
        bool timeEndKnown = TryGetTime(record, header, map.End, start: false, out var end);
        bool extraStarted = false;

        for (int i = 0; i < columns.Length; i++)
        {
            var column = columns[i];
            if (column == FlowColumn.Skip)
                continue;
            // A field whose value cannot go in its column (a time that cannot be made absolute,
            // an address of the wrong length) is kept in extra, as the wire had it.
            bool toExtra = column switch
            {
                FlowColumn.Extra => true,
                FlowColumn.StartTime => !timeStartKnown,
                FlowColumn.EndTime => !timeEndKnown,
                _ => !TrySet(row, column, record[i]),
            };
            if (toExtra)
                WriteExtra(ref extraStarted, record, i);
        }

        ulong scale = renormalize && sampling > 1 ? sampling : 1;
        if (scale > 1)
        {
            Bytes[row] = Scaled(Bytes[row], scale);
            Packets[row] = Scaled(Packets[row], scale);
            StartExtra(ref extraStarted);
            _extra.WriteNumber("renormalizedBy", scale);
        }
        Extra[row] = FinishExtra(extraStarted);

        TimeStart[row] = timeStartKnown ? start : null;
        TimeEnd[row] = timeEndKnown ? end : null;
        var exportTime = header.ExportTimeUtc;
        TimeExport[row] = exportTime;
        Span = Span.Including(timeStartKnown ? start : exportTime).Including(timeEndKnown ? end : exportTime);
        Exporter[row] = exporter;
        Version[row] = (byte)header.Version;
        Domain[row] = header.Domain;
        TemplateId[row] = record.Template.Id;
        SamplingInterval[row] = sampling > 0 ? sampling : null;
        Count++;
    }

    /// <summary>A flow time the quick way when the template's map knows where it is, else the general way.</summary>
    private static bool TryGetTime(in FlowRecord record, in Protocol.Messages.MessageHeader header, TimeSource source, bool start, out DateTime time)
    {
        switch (source.Kind)
        {
            case TimeSourceKind.Milliseconds when record[source.Field].TryGetDateTime(out time):
                return true;
            case TimeSourceKind.V9SysUpTime when record[source.Field].TryGetUInt64(out ulong uptime) && uptime <= uint.MaxValue:
                time = header.FromSysUptime((uint)uptime);
                return true;
            default:
                // Not where the map expected, or a form it does not take the quick way: the general reading decides.
                return start ? record.TryGetStart(out time) : record.TryGetEnd(out time);
        }
    }

    /// <summary>Empties the group for the next one; the arrays stay.</summary>
    public void Clear()
    {
        // References (strings, byte arrays) are dropped so the GC can take them; values are overwritten per row.
        Array.Clear(SrcIp6, 0, Count);
        Array.Clear(DstIp6, 0, Count);
        Array.Clear(NextHop6, 0, Count);
        Array.Clear(ApplicationId, 0, Count);
        Array.Clear(Extra, 0, Count);
        Array.Clear(Exporter, 0, Count);
        Count = 0;
        Span = TimeRange.Empty;
    }

    private TemplateColumnMap MapOf(Template template)
    {
        // Consecutive records mostly share a template: one reference test instead of a lookup.
        if (ReferenceEquals(template, _lastTemplate))
            return _lastMap!;
        if (!_maps.TryGetValue(template, out var map))
        {
            if (_maps.Count >= MaxCachedTemplates)
                _maps.Clear();
            map = TemplateColumnMap.For(template);
            _maps.Add(template, map);
        }
        _lastTemplate = template;
        _lastMap = map;
        return map;
    }

    private void ClearRow(int row)
    {
        SrcIp4[row] = DstIp4[row] = NextHop4[row] = null;
        SrcIp6[row] = DstIp6[row] = NextHop6[row] = null;
        SrcPort[row] = DstPort[row] = TcpFlags[row] = SrcVlan[row] = DstVlan[row] = null;
        Proto[row] = Tos[row] = IcmpType[row] = IcmpCode[row] = SrcMask[row] = DstMask[row] = Direction[row] = null;
        ForwardingStatus[row] = FlowEndReason[row] = null;
        Bytes[row] = Packets[row] = null;
        SrcMac[row] = DstMac[row] = null;
        InIf[row] = OutIf[row] = SrcAs[row] = DstAs[row] = null;
        ApplicationId[row] = null;
    }

    /// <summary>Puts a field's value in its typed column; false when the value does not fit the column's type.</summary>
    private bool TrySet(int row, FlowColumn column, FieldValue value)
    {
        var b = value.Bytes;
        switch (column)
        {
            case FlowColumn.SrcIp4: return TrySetIp4(SrcIp4, row, b);
            case FlowColumn.DstIp4: return TrySetIp4(DstIp4, row, b);
            case FlowColumn.NextHop4: return TrySetIp4(NextHop4, row, b);
            case FlowColumn.SrcIp6: return TrySetIp6(SrcIp6, row, b);
            case FlowColumn.DstIp6: return TrySetIp6(DstIp6, row, b);
            case FlowColumn.NextHop6: return TrySetIp6(NextHop6, row, b);
            case FlowColumn.SrcMac: return TrySetMac(SrcMac, row, b);
            case FlowColumn.DstMac: return TrySetMac(DstMac, row, b);
            case FlowColumn.ApplicationId:
                ApplicationId[row] = b.ToArray();
                return true;
        }
        if (!value.TryGetUInt64(out ulong v))
            return false;
        switch (column)
        {
            case FlowColumn.Bytes or FlowColumn.BytesTotal: return Fits(Bytes, row, v);
            case FlowColumn.Packets or FlowColumn.PacketsTotal: return Fits(Packets, row, v);
            case FlowColumn.SrcPort: return Fits(SrcPort, row, v);
            case FlowColumn.DstPort: return Fits(DstPort, row, v);
            case FlowColumn.Proto: return Fits(Proto, row, v);
            case FlowColumn.TcpFlags: return Fits(TcpFlags, row, v);
            case FlowColumn.Tos: return Fits(Tos, row, v);
            case FlowColumn.IcmpTypeCode when v <= ushort.MaxValue:
                IcmpType[row] = (byte)(v >> 8);
                IcmpCode[row] = (byte)v;
                return true;
            case FlowColumn.IcmpType: return Fits(IcmpType, row, v);
            case FlowColumn.IcmpCode: return Fits(IcmpCode, row, v);
            case FlowColumn.InIf: return Fits(InIf, row, v);
            case FlowColumn.OutIf: return Fits(OutIf, row, v);
            case FlowColumn.SrcAs: return Fits(SrcAs, row, v);
            case FlowColumn.DstAs: return Fits(DstAs, row, v);
            case FlowColumn.SrcMask: return Fits(SrcMask, row, v);
            case FlowColumn.DstMask: return Fits(DstMask, row, v);
            case FlowColumn.Direction: return Fits(Direction, row, v);
            case FlowColumn.SrcVlan: return Fits(SrcVlan, row, v);
            case FlowColumn.DstVlan: return Fits(DstVlan, row, v);
            case FlowColumn.ForwardingStatus: return Fits(ForwardingStatus, row, v);
            case FlowColumn.FlowEndReason: return Fits(FlowEndReason, row, v);
            default: return false;
        }
    }

    private static bool Fits(byte?[] column, int row, ulong v) { if (v > byte.MaxValue) return false; column[row] = (byte)v; return true; }
    private static bool Fits(ushort?[] column, int row, ulong v) { if (v > ushort.MaxValue) return false; column[row] = (ushort)v; return true; }
    private static bool Fits(uint?[] column, int row, ulong v) { if (v > uint.MaxValue) return false; column[row] = (uint)v; return true; }
    private static bool Fits(long?[] column, int row, ulong v) { if (v > long.MaxValue) return false; column[row] = (long)v; return true; }

    private static long? Scaled(long? value, ulong scale) =>
        value is { } v ? (long)UInt128.Min((UInt128)(ulong)v * scale, long.MaxValue) : null;

    private static bool TrySetIp4(uint?[] column, int row, ReadOnlySpan<byte> b)
    {
        if (b.Length != 4)
            return false;
        column[row] = BinaryPrimitives.ReadUInt32BigEndian(b);
        return true;
    }

    private static bool TrySetIp6(byte[]?[] column, int row, ReadOnlySpan<byte> b)
    {
        if (b.Length != 16)
            return false;
        column[row] = b.ToArray();
        return true;
    }

    private static bool TrySetMac(ulong?[] column, int row, ReadOnlySpan<byte> b)
    {
        if (b.Length != 6)
            return false;
        column[row] = ((ulong)BinaryPrimitives.ReadUInt16BigEndian(b) << 32) | BinaryPrimitives.ReadUInt32BigEndian(b[2..]);
        return true;
    }

    private void StartExtra(ref bool started)
    {
        if (started)
            return;
        _extraBuffer.ResetWrittenCount();
        _extra.Reset();
        _extra.WriteStartObject();
        started = true;
    }

    private void WriteExtra(ref bool started, in FlowRecord record, int field)
    {
        StartExtra(ref started);
        _extra.WritePropertyName(record.Template.FieldKeys[field]);
        FlowRecordJsonWriter.WriteValue(_extra, record[field], record);
    }

    private string? FinishExtra(bool started)
    {
        if (!started)
            return null;
        _extra.WriteEndObject();
        _extra.Flush();
        return Encoding.UTF8.GetString(_extraBuffer.WrittenSpan);
    }
}
