using NetFlow.Storage.Writing;

namespace NetFlow.Storage.Rollups;

/// <summary>
/// The columns a rollup takes from a row group: the one place that knows how the row group holds
/// them. Rollups read a column at a time (its values as they are where every row has one), not a
/// row at a time through the nullable indexers.
/// </summary>
internal static class RollupRows
{
    public static FlowRowGroup.ValueColumn<long> Packets(FlowRowGroup rows) => rows.Packets;
    public static FlowRowGroup.ValueColumn<long> Bytes(FlowRowGroup rows) => rows.Bytes;
    /// <summary>Milliseconds since 1970.</summary>
    public static FlowRowGroup.ValueColumn<long> Start(FlowRowGroup rows) => rows.TimeStart;
    public static FlowRowGroup.ValueColumn<long> End(FlowRowGroup rows) => rows.TimeEnd;

    public static FlowRowGroup.ValueColumn<ushort> SrcPort(FlowRowGroup rows) => rows.SrcPort;
    public static FlowRowGroup.ValueColumn<ushort> DstPort(FlowRowGroup rows) => rows.DstPort;
    public static FlowRowGroup.ValueColumn<byte> Proto(FlowRowGroup rows) => rows.Proto;
    public static ReadOnlySpan<ExporterRun> Exporter(FlowRowGroup rows) => rows.ExporterRuns;

    public static AddressColumns Source(FlowRowGroup rows) => new(rows.SrcIp4, rows.SrcIp6);
    public static AddressColumns Destination(FlowRowGroup rows) => new(rows.DstIp4, rows.DstIp6);
}

/// <summary>The two columns of an address: IPv4 as a 32-bit value, IPv6 as 16 bytes.</summary>
internal readonly record struct AddressColumns(FlowRowGroup.ValueColumn<uint> Ipv4, FlowRowGroup.ReferenceColumn<byte[]> Ipv6);
