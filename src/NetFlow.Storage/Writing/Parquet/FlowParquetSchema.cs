using NetFlow.Storage.Schema;

namespace NetFlow.Storage.Writing.Parquet;

/// <summary>
/// The flow file's columns as this writer writes them: the same names, order, physical types,
/// repetition and annotations that Parquet.Net writes for <see cref="FlowFileSchema.Schema"/>, so
/// readers see the schema they always did (a test compares DuckDB's <c>parquet_schema()</c> of both).
/// Bytes and unsigned shorts are INT32 with UINT_8 / UINT_16; MACs INT64 with UINT_64; times INT64
/// milliseconds with TIMESTAMP(MILLIS), not adjusted to UTC.
/// </summary>
internal static class FlowParquetSchema
{
    public static readonly ColumnDescriptor TimeStart = Optional(FlowColumns.TimeStart, PhysicalType.Int64, LogicalType.TimestampMillis);
    public static readonly ColumnDescriptor TimeEnd = Optional(FlowColumns.TimeEnd, PhysicalType.Int64, LogicalType.TimestampMillis);
    public static readonly ColumnDescriptor TimeExport = Required(FlowColumns.TimeExport, PhysicalType.Int64, LogicalType.TimestampMillis);
    public static readonly ColumnDescriptor Exporter = Required(FlowColumns.Exporter, PhysicalType.ByteArray, LogicalType.String);
    public static readonly ColumnDescriptor Version = Required(FlowColumns.Version, PhysicalType.Int32, LogicalType.UInt8);
    public static readonly ColumnDescriptor Domain = Required(FlowColumns.Domain, PhysicalType.Int32, LogicalType.UInt32);
    public static readonly ColumnDescriptor TemplateId = Required(FlowColumns.TemplateId, PhysicalType.Int32, LogicalType.UInt16);
    public static readonly ColumnDescriptor SrcIp4 = Optional(FlowColumns.SrcIp4, PhysicalType.Int32, LogicalType.UInt32);
    public static readonly ColumnDescriptor DstIp4 = Optional(FlowColumns.DstIp4, PhysicalType.Int32, LogicalType.UInt32);
    public static readonly ColumnDescriptor NextHop4 = Optional(FlowColumns.NextHop4, PhysicalType.Int32, LogicalType.UInt32);
    public static readonly ColumnDescriptor SrcIp6 = Optional(FlowColumns.SrcIp6, PhysicalType.ByteArray, LogicalType.None);
    public static readonly ColumnDescriptor DstIp6 = Optional(FlowColumns.DstIp6, PhysicalType.ByteArray, LogicalType.None);
    public static readonly ColumnDescriptor NextHop6 = Optional(FlowColumns.NextHop6, PhysicalType.ByteArray, LogicalType.None);
    public static readonly ColumnDescriptor SrcPort = Optional(FlowColumns.SrcPort, PhysicalType.Int32, LogicalType.UInt16);
    public static readonly ColumnDescriptor DstPort = Optional(FlowColumns.DstPort, PhysicalType.Int32, LogicalType.UInt16);
    public static readonly ColumnDescriptor Proto = Optional(FlowColumns.Proto, PhysicalType.Int32, LogicalType.UInt8);
    public static readonly ColumnDescriptor TcpFlags = Optional(FlowColumns.TcpFlags, PhysicalType.Int32, LogicalType.UInt16);
    public static readonly ColumnDescriptor Tos = Optional(FlowColumns.Tos, PhysicalType.Int32, LogicalType.UInt8);
    public static readonly ColumnDescriptor IcmpType = Optional(FlowColumns.IcmpType, PhysicalType.Int32, LogicalType.UInt8);
    public static readonly ColumnDescriptor IcmpCode = Optional(FlowColumns.IcmpCode, PhysicalType.Int32, LogicalType.UInt8);
    public static readonly ColumnDescriptor Bytes = Optional(FlowColumns.Bytes, PhysicalType.Int64, LogicalType.Int64);
    public static readonly ColumnDescriptor Packets = Optional(FlowColumns.Packets, PhysicalType.Int64, LogicalType.Int64);
    public static readonly ColumnDescriptor InIf = Optional(FlowColumns.InIf, PhysicalType.Int32, LogicalType.UInt32);
    public static readonly ColumnDescriptor OutIf = Optional(FlowColumns.OutIf, PhysicalType.Int32, LogicalType.UInt32);
    public static readonly ColumnDescriptor SrcAs = Optional(FlowColumns.SrcAs, PhysicalType.Int32, LogicalType.UInt32);
    public static readonly ColumnDescriptor DstAs = Optional(FlowColumns.DstAs, PhysicalType.Int32, LogicalType.UInt32);
    public static readonly ColumnDescriptor SrcMask = Optional(FlowColumns.SrcMask, PhysicalType.Int32, LogicalType.UInt8);
    public static readonly ColumnDescriptor DstMask = Optional(FlowColumns.DstMask, PhysicalType.Int32, LogicalType.UInt8);
    public static readonly ColumnDescriptor Direction = Optional(FlowColumns.Direction, PhysicalType.Int32, LogicalType.UInt8);
    public static readonly ColumnDescriptor SrcVlan = Optional(FlowColumns.SrcVlan, PhysicalType.Int32, LogicalType.UInt16);
    public static readonly ColumnDescriptor DstVlan = Optional(FlowColumns.DstVlan, PhysicalType.Int32, LogicalType.UInt16);
    public static readonly ColumnDescriptor SrcMac = Optional(FlowColumns.SrcMac, PhysicalType.Int64, LogicalType.UInt64);
    public static readonly ColumnDescriptor DstMac = Optional(FlowColumns.DstMac, PhysicalType.Int64, LogicalType.UInt64);
    public static readonly ColumnDescriptor SamplingInterval = Optional(FlowColumns.SamplingInterval, PhysicalType.Int32, LogicalType.UInt32);
    public static readonly ColumnDescriptor ForwardingStatus = Optional(FlowColumns.ForwardingStatus, PhysicalType.Int32, LogicalType.UInt8);
    public static readonly ColumnDescriptor FlowEndReason = Optional(FlowColumns.FlowEndReason, PhysicalType.Int32, LogicalType.UInt8);
    public static readonly ColumnDescriptor ApplicationId = Optional(FlowColumns.ApplicationId, PhysicalType.ByteArray, LogicalType.None);
    public static readonly ColumnDescriptor Extra = Optional(FlowColumns.Extra, PhysicalType.ByteArray, LogicalType.String);

    /// <summary>Every column in file order (the order of <see cref="FlowFileSchema.Schema"/>).</summary>
    public static readonly IReadOnlyList<ColumnDescriptor> Columns =
    [
        TimeStart, TimeEnd, TimeExport, Exporter, Version, Domain, TemplateId,
        SrcIp4, DstIp4, NextHop4, SrcIp6, DstIp6, NextHop6,
        SrcPort, DstPort, Proto, TcpFlags, Tos, IcmpType, IcmpCode,
        Bytes, Packets, InIf, OutIf, SrcAs, DstAs, SrcMask, DstMask, Direction,
        SrcVlan, DstVlan, SrcMac, DstMac, SamplingInterval, ForwardingStatus, FlowEndReason,
        ApplicationId, Extra,
    ];

    private static ColumnDescriptor Optional(string name, PhysicalType type, LogicalType logical) => new(name, type, Repetition.Optional, logical);

    private static ColumnDescriptor Required(string name, PhysicalType type, LogicalType logical) => new(name, type, Repetition.Required, logical);
}
