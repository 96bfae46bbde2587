using NetFlow.Storage.Writing;

namespace NetFlow.Storage.Rollups;

/// <summary>The values a rollup takes from each row of a row group: the one place that knows how the row group holds them.</summary>
internal static class RollupRows
{
    public static long? Packets(FlowRowGroup rows, int row) => rows.Packets[row];
    public static long? Bytes(FlowRowGroup rows, int row) => rows.Bytes[row];
    public static DateTime? Start(FlowRowGroup rows, int row) => rows.TimeStart[row];
    public static DateTime? End(FlowRowGroup rows, int row) => rows.TimeEnd[row];

    public static int SrcPort(FlowRowGroup rows, int row) => rows.SrcPort[row] is { } v ? v : -1;
    public static int DstPort(FlowRowGroup rows, int row) => rows.DstPort[row] is { } v ? v : -1;
    public static int Proto(FlowRowGroup rows, int row) => rows.Proto[row] is { } v ? v : -1;
    public static string Exporter(FlowRowGroup rows, int row) => rows.Exporter[row];

    public static AddressKey Source(FlowRowGroup rows, int row) => AddressKey.Of(rows.SrcIp4[row], rows.SrcIp6[row]);
    public static AddressKey Destination(FlowRowGroup rows, int row) => AddressKey.Of(rows.DstIp4[row], rows.DstIp6[row]);
}
