using NetFlow.Storage.Writing.Parquet;
using System.Numerics;
using Columns = NetFlow.Storage.Writing.Parquet.FlowParquetSchema;

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
    /// <summary>Encodes the rows into <paramref name="encoder"/>; returns the footer's description of the row group (the bytes are <see cref="RowGroupEncoder.Bytes"/>).</summary>
    public static RowGroupMetadata Encode(FlowRowGroup rows, RowGroupEncoder encoder, PageCompressor? compressor)
    {
        var g = encoder;
        g.Begin(rows.Count, compressor);
        // Times are TIMESTAMP(MILLIS) INT64 columns of the milliseconds the row group holds.
        Int64Column(g, Columns.TimeStart, rows.TimeStart, rows);
        Int64Column(g, Columns.TimeEnd, rows.TimeEnd, rows);
        g.WriteInt64<long>(Columns.TimeExport, rows.TimeExport, ColumnPresence.All);
        g.WriteDictionaryStrings(Columns.Exporter, rows.ExporterRuns);
        g.WriteInt32<byte>(Columns.Version, rows.Version, ColumnPresence.All);
        g.WriteInt32<uint>(Columns.Domain, rows.Domain, ColumnPresence.All);
        g.WriteInt32<ushort>(Columns.TemplateId, rows.TemplateId, ColumnPresence.All);
        Int32Column(g, Columns.SrcIp4, rows.SrcIp4, rows);
        Int32Column(g, Columns.DstIp4, rows.DstIp4, rows);
        Int32Column(g, Columns.NextHop4, rows.NextHop4, rows);
        BlobColumn(g, Columns.SrcIp6, rows.SrcIp6, rows);
        BlobColumn(g, Columns.DstIp6, rows.DstIp6, rows);
        BlobColumn(g, Columns.NextHop6, rows.NextHop6, rows);
        Int32Column(g, Columns.SrcPort, rows.SrcPort, rows);
        Int32Column(g, Columns.DstPort, rows.DstPort, rows);
        Int32Column(g, Columns.Proto, rows.Proto, rows);
        Int32Column(g, Columns.TcpFlags, rows.TcpFlags, rows);
        Int32Column(g, Columns.Tos, rows.Tos, rows);
        Int32Column(g, Columns.IcmpType, rows.IcmpType, rows);
        Int32Column(g, Columns.IcmpCode, rows.IcmpCode, rows);
        Int64Column(g, Columns.Bytes, rows.Bytes, rows);
        Int64Column(g, Columns.Packets, rows.Packets, rows);
        Int32Column(g, Columns.InIf, rows.InIf, rows);
        Int32Column(g, Columns.OutIf, rows.OutIf, rows);
        Int32Column(g, Columns.SrcAs, rows.SrcAs, rows);
        Int32Column(g, Columns.DstAs, rows.DstAs, rows);
        Int32Column(g, Columns.SrcMask, rows.SrcMask, rows);
        Int32Column(g, Columns.DstMask, rows.DstMask, rows);
        Int32Column(g, Columns.Direction, rows.Direction, rows);
        Int32Column(g, Columns.SrcVlan, rows.SrcVlan, rows);
        Int32Column(g, Columns.DstVlan, rows.DstVlan, rows);
        Int64Column(g, Columns.SrcMac, rows.SrcMac, rows);
        Int64Column(g, Columns.DstMac, rows.DstMac, rows);
        Int32Column(g, Columns.SamplingInterval, rows.SamplingInterval, rows);
        Int32Column(g, Columns.ForwardingStatus, rows.ForwardingStatus, rows);
        Int32Column(g, Columns.FlowEndReason, rows.FlowEndReason, rows);
        BlobColumn(g, Columns.ApplicationId, rows.ApplicationId, rows);
        g.WriteStrings(Columns.Extra, rows.Extra.Values, Presence(rows, rows.Extra.Bit));
        return g.Finish();
    }

    private static void Int32Column<T>(RowGroupEncoder g, ColumnDescriptor column, FlowRowGroup.ValueColumn<T> values, FlowRowGroup rows)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T> =>
        g.WriteInt32<T>(column, values.Values, Presence(rows, values.Bit));

    private static void Int64Column<T>(RowGroupEncoder g, ColumnDescriptor column, FlowRowGroup.ValueColumn<T> values, FlowRowGroup rows)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T> =>
        g.WriteInt64<T>(column, values.Values, Presence(rows, values.Bit));

    private static void BlobColumn(RowGroupEncoder g, ColumnDescriptor column, FlowRowGroup.ReferenceColumn<byte[]> values, FlowRowGroup rows) =>
        g.WriteByteArrays(column, values.Values, Presence(rows, values.Bit));

    private static ColumnPresence Presence(FlowRowGroup rows, ulong bit) =>
        rows.NoneHas(bit) ? ColumnPresence.None
        : rows.AllHave(bit) ? ColumnPresence.All
        : ColumnPresence.Mixed(rows.PresenceWords, bit);
}
