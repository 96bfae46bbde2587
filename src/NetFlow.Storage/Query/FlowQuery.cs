using System.Globalization;
using System.Text;
using NetFlow.Storage.Schema;

namespace NetFlow.Storage.Query;

/// <summary>
/// One question for the store, as `netflow query` asks it: list flows, aggregate them by keys
/// (top N when limited), or a time series; over a time window, through a filter already compiled
/// to SQL (see <c>FlowFilter</c>). <see cref="ToSql"/> is the SQL DuckDB runs over <c>flows</c>.
/// </summary>
public sealed record FlowQuery
{
    /// <summary>A boolean SQL expression over the flow columns; TRUE for every flow.</summary>
    public string FilterSql { get; init; } = "TRUE";
    /// <summary>Flows active during [From, To): ending at or after From, starting before To (export time when they carry no times).</summary>
    public DateTime? From { get; init; }
    public DateTime? To { get; init; }
    /// <summary>Group by these keys; empty for a flow listing (or a plain time series).</summary>
    public IReadOnlyList<QueryKey> Keys { get; init; } = [];
    /// <summary>Bucket width of a time series; null for none.</summary>
    public TimeSpan? Interval { get; init; }
    public QueryOrder Order { get; init; } = QueryOrder.Bytes;
    public ListSort Sort { get; init; } = ListSort.Start;
    /// <summary>Rows at most; 0 for all.</summary>
    public int Limit { get; init; } = 100;

    public bool IsListing => Keys.Count == 0 && Interval is null;

    /// <summary>The time a flow is placed at in a series (and shown first in a listing).</summary>
    internal static readonly string FlowStart = $"coalesce({FlowColumns.TimeStart}, {FlowColumns.TimeExport})";
    internal static readonly string FlowEnd = $"coalesce({FlowColumns.TimeEnd}, {FlowColumns.TimeExport})";

    public string WhereSql()
    {
        var where = new StringBuilder("(").Append(FilterSql).Append(')');
        if (From is { } from)
            where.Append($" AND {FlowEnd} >= {Timestamp(from)}");
        if (To is { } to)
            where.Append($" AND {FlowStart} < {Timestamp(to)}");
        return where.ToString();
    }

    public string ToSql()
    {
        string limit = LimitSql;
        if (IsListing)
        {
            return $"""
                SELECT {FlowStart} AS first_seen, {FlowEnd} AS last_seen,
                    {FlowColumns.Proto}, {FlowColumns.SrcIp4}, {FlowColumns.SrcIp6}, {FlowColumns.SrcPort},
                    {FlowColumns.DstIp4}, {FlowColumns.DstIp6}, {FlowColumns.DstPort}, {FlowColumns.TcpFlags},
                    {FlowColumns.Packets}, {FlowColumns.Bytes}, {FlowColumns.Exporter}
                FROM flows WHERE {WhereSql()}
                ORDER BY {SortSql()}{limit}
                """;
        }
        var groups = new List<string>();
        if (Interval is { } interval)
            groups.Add($"time_bucket(INTERVAL '{(long)interval.TotalMicroseconds} microseconds', {FlowStart}, TIMESTAMP '1970-01-01') AS bucket");
        foreach (var key in Keys)
            groups.AddRange(key.Columns);
        string select = string.Join(", ", groups);
        string order = Interval is not null && Keys.Count == 0
            ? "bucket"
            : Interval is not null ? $"bucket, {OrderColumn} DESC" : $"{OrderColumn} DESC";
        // Totals over every group (before LIMIT) give the shares; one scan, not two. First and last seen
        // (for the rates) from the flows' own times only: a coalesce per row costs a third of the query.
        return $"""
            SELECT {select},
                count(*)::UBIGINT AS flows, sum({FlowColumns.Packets})::UBIGINT AS packets, sum({FlowColumns.Bytes})::UBIGINT AS bytes,
                min({FlowColumns.TimeStart}) AS first_seen, max({FlowColumns.TimeEnd}) AS last_seen,
                sum(count(*)) OVER ()::UBIGINT AS total_flows, sum(sum({FlowColumns.Packets})) OVER ()::UBIGINT AS total_packets,
                sum(sum({FlowColumns.Bytes})) OVER ()::UBIGINT AS total_bytes
            FROM flows WHERE {WhereSql()}
            GROUP BY ALL
            ORDER BY {order}{(Interval is null ? limit : "")}
            """;
    }

    internal string LimitSql => Limit > 0 ? $" LIMIT {Limit.ToString(CultureInfo.InvariantCulture)}" : "";

    internal string OrderColumn => Order switch
    {
        QueryOrder.Packets => "packets",
        QueryOrder.Flows => "flows",
        _ => "bytes",
    };

    private string SortSql() => Sort switch
    {
        ListSort.End => "last_seen",
        ListSort.Bytes => $"{FlowColumns.Bytes} DESC NULLS LAST",
        ListSort.Packets => $"{FlowColumns.Packets} DESC NULLS LAST",
        ListSort.Duration => "last_seen - first_seen DESC",
        _ => "first_seen",
    };

    private static string Timestamp(DateTime utc) =>
        "TIMESTAMP '" + utc.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "'";
}
