using Parquet.Schema;

namespace NetFlow.Storage.Schema;

/// <summary>
/// The Parquet schema of a flow file. Unsigned integers carry Parquet's unsigned INT logical
/// types, so DuckDB (and Spark, Trino, ClickHouse) read them as UTINYINT ... UBIGINT; times are
/// TIMESTAMP(MILLIS) not adjusted to UTC, so DuckDB reads a timestamp that holds UTC (no time zone
/// conversion on display). Milliseconds, not microseconds: Parquet.Net 6.1 writes the statistics of
/// a MICROS column in milliseconds, and readers that prune row groups by them (DuckDB) then skip
/// rows that match; a test pins this. Every column is optional (a record fills what it has) but
/// the five every record has (export time, exporter, version, domain, template id), which are required.
/// </summary>
internal static class FlowFileSchema
{
    public static readonly DateTimeDataField TimeStart = Time(FlowColumns.TimeStart);
    public static readonly DateTimeDataField TimeEnd = Time(FlowColumns.TimeEnd);
    public static readonly DateTimeDataField TimeExport = Time(FlowColumns.TimeExport, nullable: false);
    public static readonly DataField<string> Exporter = new(FlowColumns.Exporter, false);
    public static readonly DataField<byte> Version = new(FlowColumns.Version);
    public static readonly DataField<uint> Domain = new(FlowColumns.Domain);
    public static readonly DataField<ushort> TemplateId = new(FlowColumns.TemplateId);
    public static readonly DataField<uint?> SrcIp4 = new(FlowColumns.SrcIp4);
    public static readonly DataField<uint?> DstIp4 = new(FlowColumns.DstIp4);
    public static readonly DataField<uint?> NextHop4 = new(FlowColumns.NextHop4);
    public static readonly DataField<byte[]> SrcIp6 = new(FlowColumns.SrcIp6, true);
    public static readonly DataField<byte[]> DstIp6 = new(FlowColumns.DstIp6, true);
    public static readonly DataField<byte[]> NextHop6 = new(FlowColumns.NextHop6, true);
    public static readonly DataField<ushort?> SrcPort = new(FlowColumns.SrcPort);
    public static readonly DataField<ushort?> DstPort = new(FlowColumns.DstPort);
    public static readonly DataField<byte?> Proto = new(FlowColumns.Proto);
    public static readonly DataField<ushort?> TcpFlags = new(FlowColumns.TcpFlags);
    public static readonly DataField<byte?> Tos = new(FlowColumns.Tos);
    public static readonly DataField<byte?> IcmpType = new(FlowColumns.IcmpType);
    public static readonly DataField<byte?> IcmpCode = new(FlowColumns.IcmpCode);
    public static readonly DataField<long?> Bytes = new(FlowColumns.Bytes);
    public static readonly DataField<long?> Packets = new(FlowColumns.Packets);
    public static readonly DataField<uint?> InIf = new(FlowColumns.InIf);
    public static readonly DataField<uint?> OutIf = new(FlowColumns.OutIf);
    public static readonly DataField<uint?> SrcAs = new(FlowColumns.SrcAs);
    public static readonly DataField<uint?> DstAs = new(FlowColumns.DstAs);
    public static readonly DataField<byte?> SrcMask = new(FlowColumns.SrcMask);
    public static readonly DataField<byte?> DstMask = new(FlowColumns.DstMask);
    public static readonly DataField<byte?> Direction = new(FlowColumns.Direction);
    public static readonly DataField<ushort?> SrcVlan = new(FlowColumns.SrcVlan);
    public static readonly DataField<ushort?> DstVlan = new(FlowColumns.DstVlan);
    public static readonly DataField<ulong?> SrcMac = new(FlowColumns.SrcMac);
    public static readonly DataField<ulong?> DstMac = new(FlowColumns.DstMac);
    public static readonly DataField<uint?> SamplingInterval = new(FlowColumns.SamplingInterval);
    public static readonly DataField<byte?> ForwardingStatus = new(FlowColumns.ForwardingStatus);
    public static readonly DataField<byte?> FlowEndReason = new(FlowColumns.FlowEndReason);
    public static readonly DataField<byte[]> ApplicationId = new(FlowColumns.ApplicationId, true);
    public static readonly DataField<string> Extra = new(FlowColumns.Extra);

    public static readonly ParquetSchema Schema = new(
        TimeStart, TimeEnd, TimeExport, Exporter, Version, Domain, TemplateId,
        SrcIp4, DstIp4, NextHop4, SrcIp6, DstIp6, NextHop6,
        SrcPort, DstPort, Proto, TcpFlags, Tos, IcmpType, IcmpCode,
        Bytes, Packets, InIf, OutIf, SrcAs, DstAs, SrcMask, DstMask, Direction,
        SrcVlan, DstVlan, SrcMac, DstMac, SamplingInterval, ForwardingStatus, FlowEndReason,
        ApplicationId, Extra);

    private static DateTimeDataField Time(string name, bool nullable = true) =>
        new(name, DateTimeFormat.Timestamp, isAdjustedToUTC: false, unit: DateTimeTimeUnit.Millis, isNullable: nullable);
}
