namespace NetFlow.Storage.Schema;

/// <summary>The DuckDB types of the stored columns, for a store with no files yet (an empty view of the right shape).</summary>
internal static class FlowColumnTypes
{
    public static readonly (string Name, string Type)[] Flows =
    [
        (FlowColumns.TimeStart, "TIMESTAMP_MS"), (FlowColumns.TimeEnd, "TIMESTAMP_MS"), (FlowColumns.TimeExport, "TIMESTAMP_MS"),
        (FlowColumns.Exporter, "VARCHAR"), (FlowColumns.Version, "UTINYINT"), (FlowColumns.Domain, "UINTEGER"), (FlowColumns.TemplateId, "USMALLINT"),
        (FlowColumns.SrcIp4, "UINTEGER"), (FlowColumns.DstIp4, "UINTEGER"), (FlowColumns.NextHop4, "UINTEGER"),
        (FlowColumns.SrcIp6, "BLOB"), (FlowColumns.DstIp6, "BLOB"), (FlowColumns.NextHop6, "BLOB"),
        (FlowColumns.SrcPort, "USMALLINT"), (FlowColumns.DstPort, "USMALLINT"), (FlowColumns.Proto, "UTINYINT"),
        (FlowColumns.TcpFlags, "USMALLINT"), (FlowColumns.Tos, "UTINYINT"), (FlowColumns.IcmpType, "UTINYINT"), (FlowColumns.IcmpCode, "UTINYINT"),
        (FlowColumns.Bytes, "BIGINT"), (FlowColumns.Packets, "BIGINT"), (FlowColumns.InIf, "UINTEGER"), (FlowColumns.OutIf, "UINTEGER"),
        (FlowColumns.SrcAs, "UINTEGER"), (FlowColumns.DstAs, "UINTEGER"), (FlowColumns.SrcMask, "UTINYINT"), (FlowColumns.DstMask, "UTINYINT"),
        (FlowColumns.Direction, "UTINYINT"), (FlowColumns.SrcVlan, "USMALLINT"), (FlowColumns.DstVlan, "USMALLINT"),
        (FlowColumns.SrcMac, "UBIGINT"), (FlowColumns.DstMac, "UBIGINT"), (FlowColumns.SamplingInterval, "UINTEGER"),
        (FlowColumns.ForwardingStatus, "UTINYINT"), (FlowColumns.FlowEndReason, "UTINYINT"), (FlowColumns.ApplicationId, "BLOB"),
        (FlowColumns.Extra, "VARCHAR"),
    ];

    public static readonly (string Name, string Type)[] Options =
    [
        (FlowColumns.TimeExport, "TIMESTAMP_MS"), (FlowColumns.Exporter, "VARCHAR"), (FlowColumns.Version, "UTINYINT"),
        (FlowColumns.Domain, "UINTEGER"), (FlowColumns.TemplateId, "USMALLINT"), ("scope", "VARCHAR"), ("fields", "VARCHAR"),
    ];

    public static string EmptyFlowsSelect => EmptySelect(Flows);
    public static string EmptyOptionsSelect => EmptySelect(Options);

    private static string EmptySelect((string Name, string Type)[] columns) =>
        "SELECT " + string.Join(", ", columns.Select(c => $"NULL::{c.Type} AS {c.Name}")) + " WHERE false";
}
