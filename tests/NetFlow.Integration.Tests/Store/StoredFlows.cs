using System.Globalization;
using System.Text.Json;
using NetFlow.Storage.Query;

namespace NetFlow.Integration.Tests.Store;

/// <summary>
/// The flows of a store as comparable text keys (addresses, ports, protocol, octets, packets),
/// and the same key made from a JSON-lines record, so a store can be checked against the JSON output.
/// </summary>
internal static class StoredFlows
{
    public static List<string> Keys(string store)
    {
        using var session = FlowStoreSession.Open(store);
        var result = SqlRunner.Run(session, """
            SELECT src_addr, dst_addr, src_port, dst_port, proto, bytes, packets FROM flows
            """);
        return [.. result.Rows.Select(r => Key(r[0], r[1], r[2], r[3], r[4], r[5], r[6])).Order(StringComparer.Ordinal)];
    }

    public static string KeyOf(JsonElement record) => Key(
        Text(record, "sourceIPv4Address") ?? Text(record, "sourceIPv6Address"),
        Text(record, "destinationIPv4Address") ?? Text(record, "destinationIPv6Address"),
        Number(record, "sourceTransportPort"), Number(record, "destinationTransportPort"), Number(record, "protocolIdentifier"),
        Number(record, "octetDeltaCount") ?? Number(record, "octetTotalCount"),
        Number(record, "packetDeltaCount") ?? Number(record, "packetTotalCount"));

    private static string Key(params object?[] values) =>
        string.Join('|', values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "-"));

    private static string? Text(JsonElement record, string name) =>
        record.TryGetProperty(name, out var v) ? v.GetString() : null;

    private static object? Number(JsonElement record, string name) =>
        record.TryGetProperty(name, out var v) ? v.GetUInt64() : null;
}
