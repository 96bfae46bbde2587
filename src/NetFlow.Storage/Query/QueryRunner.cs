using System.Net;
using System.Numerics;
using DuckDB.NET.Data;

namespace NetFlow.Storage.Query;

/// <summary>Runs a <see cref="FlowQuery"/> in a <see cref="FlowStoreSession"/> and shapes its rows for output.</summary>
public static class QueryRunner
{
    public static QueryResult Run(FlowStoreSession session, FlowQuery query) => Run(session, query, Plan(session, query));

    /// <summary>The SQL a query runs in this session: over rollups where they answer it (see <see cref="RollupPlan"/>), else over the flows view.</summary>
    public static QueryPlan Plan(FlowStoreSession session, FlowQuery query) =>
        RollupPlan.TryCreate(session, query) is { } rollups
            ? new QueryPlan(rollups.ToSql(), rollups.Rollups.Count, rollups.RestFiles.Count)
            : new QueryPlan(query.ToSql(), 0, session.FlowFiles);

    public static QueryResult Run(FlowStoreSession session, FlowQuery query, QueryPlan plan)
    {
        using var command = session.Connection.CreateCommand();
        command.CommandText = plan.Sql;
        using var reader = command.ExecuteReader();
        return query.IsListing ? ReadListing(reader) : ReadAggregate(reader, query);
    }

    private static readonly ResultColumn[] ListingColumns =
    [
        new("first_seen", "Date first seen", ValueKind.Time),
        new("duration", "Duration", ValueKind.Duration),
        new("proto", "Proto", ValueKind.Protocol),
        new("src_addr", "Src IP Addr", ValueKind.Address),
        new("src_port", "Src Pt", ValueKind.Number),
        new("dst_addr", "Dst IP Addr", ValueKind.Address),
        new("dst_port", "Dst Pt", ValueKind.Number),
        new("flags", "Flags", ValueKind.TcpFlags),
        new("packets", "Packets", ValueKind.Packets),
        new("bytes", "Bytes", ValueKind.Bytes),
        new("exporter", "Exporter", ValueKind.Text),
    ];

    private static QueryResult ReadListing(DuckDBDataReader reader)
    {
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var first = Time(reader, 0);
            var last = Time(reader, 1);
            rows.Add(
            [
                first,
                first is { } f && last is { } l ? (l - f).TotalMilliseconds : null,
                Value(reader, 2),
                Address(reader, 3, 4),
                Value(reader, 5),
                Address(reader, 6, 7),
                Value(reader, 8),
                Value(reader, 9),
                Value(reader, 10),
                Value(reader, 11),
                Value(reader, 12),
            ]);
        }
        return new QueryResult(ListingColumns, rows);
    }

    private static QueryResult ReadAggregate(DuckDBDataReader reader, FlowQuery query)
    {
        var columns = new List<ResultColumn>();
        if (query.Interval is not null)
            columns.Add(new ResultColumn("time", "Time", ValueKind.Time));
        foreach (var key in query.Keys)
            columns.Add(new ResultColumn(key.Name, key.Header, key.Kind));
        columns.AddRange(
        [
            new("flows", "Flows", ValueKind.Flows), new("flows_pct", "Flows %", ValueKind.Percent),
            new("packets", "Packets", ValueKind.Packets), new("packets_pct", "Packets %", ValueKind.Percent),
            new("bytes", "Bytes", ValueKind.Bytes), new("bytes_pct", "Bytes %", ValueKind.Percent),
            new("pps", "pps", ValueKind.PacketsPerSecond), new("bps", "bps", ValueKind.BitsPerSecond),
            new("bpp", "bpp", ValueKind.Bytes),
        ]);

        var rows = new List<object?[]>();
        (ulong, ulong, ulong)? totals = null;
        while (reader.Read())
        {
            var row = new List<object?>();
            int i = 0;
            if (query.Interval is not null)
                row.Add(Time(reader, i++));
            foreach (var key in query.Keys)
            {
                if (key.Kind == ValueKind.Address)
                {
                    row.Add(Address(reader, i, i + 1));
                    i += 2;
                }
                else
                {
                    row.Add(Value(reader, i++));
                }
            }
            ulong flows = Count(reader, i), packets = Count(reader, i + 1), bytes = Count(reader, i + 2);
            var first = Time(reader, i + 3);
            var last = Time(reader, i + 4);
            ulong totalFlows = Count(reader, i + 5), totalPackets = Count(reader, i + 6), totalBytes = Count(reader, i + 7);
            totals = (totalFlows, totalPackets, totalBytes);
            // Rates over the span the group's flows cover, as nfdump computes them; over the bucket in a series.
            double seconds = query.Interval is { } interval
                ? interval.TotalSeconds
                : first is { } f && last is { } l ? (l - f).TotalSeconds : 0;
            row.AddRange(
            [
                flows, Share(flows, totalFlows),
                packets, Share(packets, totalPackets),
                bytes, Share(bytes, totalBytes),
                seconds > 0 ? packets / seconds : null,
                seconds > 0 ? bytes * 8 / seconds : null,
                packets > 0 ? bytes / packets : null,
            ]);
            rows.Add([.. row]);
        }
        return new QueryResult(columns, rows) { Totals = totals };
    }

    private static double Share(ulong part, ulong total) => total == 0 ? 0 : 100.0 * part / total;

    private static ulong Count(DuckDBDataReader reader, int i) => reader.IsDBNull(i) ? 0 : Convert.ToUInt64(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);

    private static DateTime? Time(DuckDBDataReader reader, int i) =>
        reader.IsDBNull(i) ? null : DateTime.SpecifyKind(reader.GetDateTime(i), DateTimeKind.Utc);

    private static object? Value(DuckDBDataReader reader, int i)
    {
        if (reader.IsDBNull(i))
            return null;
        return reader.GetValue(i) switch
        {
            byte b => (ulong)b,
            ushort s => (ulong)s,
            uint u => (ulong)u,
            long l when l >= 0 => (ulong)l, // bytes and packets are stored signed (see FlowFileSchema)
            BigInteger big => (ulong)big,
            var other => other,
        };
    }

    /// <summary>An address from its IPv4 (UINTEGER) or IPv6 (BLOB) column, whichever the flow has.</summary>
    private static IPAddress? Address(DuckDBDataReader reader, int ip4, int ip6)
    {
        if (!reader.IsDBNull(ip4))
        {
            uint v = Convert.ToUInt32(reader.GetValue(ip4), System.Globalization.CultureInfo.InvariantCulture);
            return new IPAddress([(byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v]);
        }
        if (!reader.IsDBNull(ip6) && reader.GetValue(ip6) is Stream stream)
        {
            var bytes = new byte[16];
            stream.ReadExactly(bytes);
            return new IPAddress(bytes);
        }
        if (!reader.IsDBNull(ip6) && reader.GetValue(ip6) is byte[] { Length: 16 } array)
            return new IPAddress(array);
        return null;
    }
}
