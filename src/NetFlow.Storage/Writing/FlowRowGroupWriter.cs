using NetFlow.Storage.Writing.Parquet;
using System.Numerics;
using FlowSchema = NetFlow.Storage.Writing.Parquet.FlowParquetSchema;

namespace NetFlow.Storage.Writing;

/// <summary>
/// Writes a <see cref="FlowRowGroup"/> as one Parquet row group through the store's own writer
/// (<see cref="RowGroupEncoder"/>), column by column in schema order. The row group hands its arrays
/// over as they are: a column every row has is encoded straight from its values array, an all-NULL
/// one is a run of NULLs without looking at its values, and only a column some rows lack is packed
/// (by the rows' presence words). The encoder picks each chunk's encoding from its values: numbers
/// and times a dictionary when they have few distinct values (protocols, ports, interfaces, the
/// run-constant export time, template and sampling), else deltas; the exporter a dictionary.
/// </summary>
internal static class FlowRowGroupWriter
{
    /// <summary>
    /// How each column of <see cref="FlowParquetSchema.Columns"/> is written, in schema order. Times are
    /// TIMESTAMP(MILLIS) INT64 columns of the milliseconds the row group holds. A table, not one method
    /// of calls, so the benchmarks can time a column alone (bench column-costs).
    /// </summary>
    public static readonly FlowColumnWriter[] Columns =
    [
        new(FlowSchema.TimeStart, (g, c, rows) => Int64Column(g, c, rows.TimeStart, rows)),
        new(FlowSchema.TimeEnd, (g, c, rows) => Int64Column(g, c, rows.TimeEnd, rows)),
        new(FlowSchema.TimeExport, (g, c, rows) => g.WriteInt64<long>(c, rows.TimeExport, ColumnPresence.All)),
        new(FlowSchema.Exporter, (g, c, rows) => g.WriteDictionaryStrings(c, rows.ExporterRuns)),
        new(FlowSchema.Version, (g, c, rows) => g.WriteInt32<byte>(c, rows.Version, ColumnPresence.All)),
        new(FlowSchema.Domain, (g, c, rows) => g.WriteInt32<uint>(c, rows.Domain, ColumnPresence.All)),
        new(FlowSchema.TemplateId, (g, c, rows) => g.WriteInt32<ushort>(c, rows.TemplateId, ColumnPresence.All)),
        new(FlowSchema.SrcIp4, (g, c, rows) => Int32Column(g, c, rows.SrcIp4, rows)),
        new(FlowSchema.DstIp4, (g, c, rows) => Int32Column(g, c, rows.DstIp4, rows)),
        new(FlowSchema.NextHop4, (g, c, rows) => Int32Column(g, c, rows.NextHop4, rows)),
        new(FlowSchema.SrcIp6, (g, c, rows) => BlobColumn(g, c, rows.SrcIp6, rows)),
        new(FlowSchema.DstIp6, (g, c, rows) => BlobColumn(g, c, rows.DstIp6, rows)),
        new(FlowSchema.NextHop6, (g, c, rows) => BlobColumn(g, c, rows.NextHop6, rows)),
        new(FlowSchema.SrcPort, (g, c, rows) => Int32Column(g, c, rows.SrcPort, rows)),
        new(FlowSchema.DstPort, (g, c, rows) => Int32Column(g, c, rows.DstPort, rows)),
        new(FlowSchema.Proto, (g, c, rows) => Int32Column(g, c, rows.Proto, rows)),
        new(FlowSchema.TcpFlags, (g, c, rows) => Int32Column(g, c, rows.TcpFlags, rows)),
        new(FlowSchema.Tos, (g, c, rows) => Int32Column(g, c, rows.Tos, rows)),
        new(FlowSchema.IcmpType, (g, c, rows) => Int32Column(g, c, rows.IcmpType, rows)),
        new(FlowSchema.IcmpCode, (g, c, rows) => Int32Column(g, c, rows.IcmpCode, rows)),
        new(FlowSchema.Bytes, (g, c, rows) => Int64Column(g, c, rows.Bytes, rows)),
        new(FlowSchema.Packets, (g, c, rows) => Int64Column(g, c, rows.Packets, rows)),
        new(FlowSchema.InIf, (g, c, rows) => Int32Column(g, c, rows.InIf, rows)),
        new(FlowSchema.OutIf, (g, c, rows) => Int32Column(g, c, rows.OutIf, rows)),
        new(FlowSchema.SrcAs, (g, c, rows) => Int32Column(g, c, rows.SrcAs, rows)),
        new(FlowSchema.DstAs, (g, c, rows) => Int32Column(g, c, rows.DstAs, rows)),
        new(FlowSchema.SrcMask, (g, c, rows) => Int32Column(g, c, rows.SrcMask, rows)),
        new(FlowSchema.DstMask, (g, c, rows) => Int32Column(g, c, rows.DstMask, rows)),
        new(FlowSchema.Direction, (g, c, rows) => Int32Column(g, c, rows.Direction, rows)),
        new(FlowSchema.SrcVlan, (g, c, rows) => Int32Column(g, c, rows.SrcVlan, rows)),
        new(FlowSchema.DstVlan, (g, c, rows) => Int32Column(g, c, rows.DstVlan, rows)),
        new(FlowSchema.SrcMac, (g, c, rows) => Int64Column(g, c, rows.SrcMac, rows)),
        new(FlowSchema.DstMac, (g, c, rows) => Int64Column(g, c, rows.DstMac, rows)),
        new(FlowSchema.SamplingInterval, (g, c, rows) => Int32Column(g, c, rows.SamplingInterval, rows)),
        new(FlowSchema.ForwardingStatus, (g, c, rows) => Int32Column(g, c, rows.ForwardingStatus, rows)),
        new(FlowSchema.FlowEndReason, (g, c, rows) => Int32Column(g, c, rows.FlowEndReason, rows)),
        new(FlowSchema.ApplicationId, (g, c, rows) => BlobColumn(g, c, rows.ApplicationId, rows)),
        new(FlowSchema.Extra, (g, c, rows) => g.WriteStrings(c, rows.Extra.Values, Presence(rows, rows.Extra.Bit))),
    ];

    /// <summary>Encodes the rows into <paramref name="encoder"/>; returns the footer's description of the row group (the bytes are <see cref="RowGroupEncoder.Bytes"/>).</summary>
    public static RowGroupMetadata Encode(FlowRowGroup rows, RowGroupEncoder encoder, PageCompressor? compressor)
    {
        encoder.Begin(rows.Count, compressor);
        foreach (var column in Columns)
            column.Write(encoder, rows);
        return encoder.Finish();
    }

    private static void Int32Column<T>(RowGroupEncoder g, ColumnDescriptor column, FlowRowGroup.ValueColumn<T> values, FlowRowGroup rows)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T> =>
        g.WriteInt32<T>(column, values.Values, Presence(rows, values.Bit), rows.BoundsOf(values));

    private static void Int64Column<T>(RowGroupEncoder g, ColumnDescriptor column, FlowRowGroup.ValueColumn<T> values, FlowRowGroup rows)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T> =>
        g.WriteInt64<T>(column, values.Values, Presence(rows, values.Bit), rows.BoundsOf(values));

    private static void BlobColumn(RowGroupEncoder g, ColumnDescriptor column, FlowRowGroup.ReferenceColumn<byte[]> values, FlowRowGroup rows) =>
        g.WriteByteArrays(column, values.Values, Presence(rows, values.Bit));

    private static ColumnPresence Presence(FlowRowGroup rows, ulong bit) =>
        rows.NoneHas(bit) ? ColumnPresence.None
        : rows.AllHave(bit) ? ColumnPresence.All
        : ColumnPresence.Mixed(rows.PresenceWords, bit);
}

/// <summary>One column of the flow schema and how a row group's values go into it.</summary>
internal sealed class FlowColumnWriter(ColumnDescriptor column, Action<RowGroupEncoder, ColumnDescriptor, FlowRowGroup> write)
{
    public ColumnDescriptor Column => column;

    public void Write(RowGroupEncoder encoder, FlowRowGroup rows) => write(encoder, column, rows);
}
