using System.Buffers.Binary;
using NetFlow.Protocol.Records;
using NetFlow.Storage.Schema;

namespace NetFlow.Storage.Tests.Writing;

/// <summary>
/// What a flow file row must hold for one record, worked out the slow, general way: every field
/// read through <c>FlowRecord[i]</c> and <see cref="FieldValue"/>, placed by the template's
/// <see cref="TemplateColumnMap"/>, times through <c>TryGetStart/End</c>. The store's compiled
/// per-template plan (offsets, typed setters, presence bits) must give exactly this.
/// Values are as DuckDB reads them back: addresses and blobs as hex, numbers as ulong or long.
/// </summary>
internal static class ExpectedFlowRow
{
    /// <summary>The typed columns this compares, in schema order.</summary>
    public static readonly string[] Columns =
    [
        FlowColumns.TimeStart, FlowColumns.TimeEnd, FlowColumns.SrcIp4, FlowColumns.DstIp4, FlowColumns.NextHop4,
        FlowColumns.SrcIp6, FlowColumns.DstIp6, FlowColumns.NextHop6, FlowColumns.SrcPort, FlowColumns.DstPort,
        FlowColumns.Proto, FlowColumns.TcpFlags, FlowColumns.Tos, FlowColumns.IcmpType, FlowColumns.IcmpCode,
        FlowColumns.Bytes, FlowColumns.Packets, FlowColumns.InIf, FlowColumns.OutIf, FlowColumns.SrcAs, FlowColumns.DstAs,
        FlowColumns.SrcMask, FlowColumns.DstMask, FlowColumns.Direction, FlowColumns.SrcVlan, FlowColumns.DstVlan,
        FlowColumns.SrcMac, FlowColumns.DstMac, FlowColumns.SamplingInterval, FlowColumns.ForwardingStatus,
        FlowColumns.FlowEndReason, FlowColumns.ApplicationId,
    ];

    /// <summary>Column name to value (null for NULL), and the keys extra must have.</summary>
    public static (Dictionary<string, object?> Values, HashSet<string> ExtraKeys) Of(in FlowRecord r, uint sampling = 0, ulong scale = 1)
    {
        var values = Columns.ToDictionary(c => c, _ => (object?)null);
        var extra = new HashSet<string>();
        var map = TemplateColumnMap.For(r.Template);
        bool startKnown = r.TryGetStart(out var start), endKnown = r.TryGetEnd(out var end);
        if (startKnown)
            values[FlowColumns.TimeStart] = Milliseconds(start);
        if (endKnown)
            values[FlowColumns.TimeEnd] = Milliseconds(end);
        for (int f = 0; f < r.FieldCount; f++)
        {
            var column = map.Columns[f];
            bool stored = column switch
            {
                FlowColumn.Skip => true,
                FlowColumn.Extra => false,
                FlowColumn.StartTime => startKnown,
                FlowColumn.EndTime => endKnown,
                _ => TryPut(values, column, r[f]),
            };
            if (!stored)
                extra.Add(r.Template.FieldKeys[f]);
        }
        foreach (string counter in (string[])[FlowColumns.Bytes, FlowColumns.Packets])
        {
            if (values[counter] is long v && scale > 1)
                values[counter] = (long)UInt128.Min((UInt128)(ulong)v * scale, long.MaxValue);
        }
        if (scale > 1)
            extra.Add("renormalizedBy");
        if (sampling > 0)
            values[FlowColumns.SamplingInterval] = (ulong)sampling;
        return (values, extra);
    }

    /// <summary>Times as stored: whole milliseconds.</summary>
    public static DateTime Milliseconds(DateTime t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);

    private static bool TryPut(Dictionary<string, object?> values, FlowColumn column, FieldValue value)
    {
        var b = value.Bytes;
        switch (column)
        {
            case FlowColumn.SrcIp4 or FlowColumn.DstIp4 or FlowColumn.NextHop4:
                return b.Length == 4 && Put(values, column, (ulong)BinaryPrimitives.ReadUInt32BigEndian(b));
            case FlowColumn.SrcIp6 or FlowColumn.DstIp6 or FlowColumn.NextHop6:
                return b.Length == 16 && Put(values, column, Convert.ToHexString(b));
            case FlowColumn.SrcMac or FlowColumn.DstMac:
                return b.Length == 6 && Put(values, column, ((ulong)BinaryPrimitives.ReadUInt16BigEndian(b) << 32) | BinaryPrimitives.ReadUInt32BigEndian(b[2..]));
            case FlowColumn.ApplicationId:
                return Put(values, column, Convert.ToHexString(b));
        }
        if (!value.TryGetUInt64(out ulong v))
            return false;
        switch (column)
        {
            case FlowColumn.IcmpTypeCode:
                if (v > ushort.MaxValue)
                    return false;
                values[FlowColumns.IcmpType] = v >> 8;
                values[FlowColumns.IcmpCode] = v & 0xFF;
                return true;
            case FlowColumn.Bytes or FlowColumn.BytesTotal or FlowColumn.Packets or FlowColumn.PacketsTotal:
                return v <= long.MaxValue && Put(values, column, (long)v);
            default:
                return v <= MaxOf(column) && Put(values, column, v);
        }
    }

    private static bool Put(Dictionary<string, object?> values, FlowColumn column, object value)
    {
        values[NameOf(column)] = value;
        return true;
    }

    private static ulong MaxOf(FlowColumn column) => column switch
    {
        FlowColumn.SrcPort or FlowColumn.DstPort or FlowColumn.TcpFlags or FlowColumn.SrcVlan or FlowColumn.DstVlan => ushort.MaxValue,
        FlowColumn.InIf or FlowColumn.OutIf or FlowColumn.SrcAs or FlowColumn.DstAs => uint.MaxValue,
        _ => byte.MaxValue,
    };

    private static string NameOf(FlowColumn column) => column switch
    {
        FlowColumn.SrcIp4 => FlowColumns.SrcIp4,
        FlowColumn.DstIp4 => FlowColumns.DstIp4,
        FlowColumn.NextHop4 => FlowColumns.NextHop4,
        FlowColumn.SrcIp6 => FlowColumns.SrcIp6,
        FlowColumn.DstIp6 => FlowColumns.DstIp6,
        FlowColumn.NextHop6 => FlowColumns.NextHop6,
        FlowColumn.SrcPort => FlowColumns.SrcPort,
        FlowColumn.DstPort => FlowColumns.DstPort,
        FlowColumn.Proto => FlowColumns.Proto,
        FlowColumn.TcpFlags => FlowColumns.TcpFlags,
        FlowColumn.Tos => FlowColumns.Tos,
        FlowColumn.IcmpType => FlowColumns.IcmpType,
        FlowColumn.IcmpCode => FlowColumns.IcmpCode,
        FlowColumn.Bytes or FlowColumn.BytesTotal => FlowColumns.Bytes,
        FlowColumn.Packets or FlowColumn.PacketsTotal => FlowColumns.Packets,
        FlowColumn.InIf => FlowColumns.InIf,
        FlowColumn.OutIf => FlowColumns.OutIf,
        FlowColumn.SrcAs => FlowColumns.SrcAs,
        FlowColumn.DstAs => FlowColumns.DstAs,
        FlowColumn.SrcMask => FlowColumns.SrcMask,
        FlowColumn.DstMask => FlowColumns.DstMask,
        FlowColumn.Direction => FlowColumns.Direction,
        FlowColumn.SrcVlan => FlowColumns.SrcVlan,
        FlowColumn.DstVlan => FlowColumns.DstVlan,
        FlowColumn.SrcMac => FlowColumns.SrcMac,
        FlowColumn.DstMac => FlowColumns.DstMac,
        FlowColumn.ForwardingStatus => FlowColumns.ForwardingStatus,
        FlowColumn.FlowEndReason => FlowColumns.FlowEndReason,
        FlowColumn.ApplicationId => FlowColumns.ApplicationId,
        _ => throw new ArgumentOutOfRangeException(nameof(column), column, null),
    };
}
