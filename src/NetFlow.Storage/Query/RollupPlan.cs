using System.Globalization;
using DuckDB.NET.Data;
using NetFlow.Storage.Rollups;
using NetFlow.Storage.Schema;
using NetFlow.Storage.Writing;

namespace NetFlow.Storage.Query;

/// <summary>
/// Top-N and aggregates by one rolled-up key (srcip, dstip, srcport, dstport, proto, exporter)
/// without a filter read the hourly rollups instead of the flows they sum, and the flows of the
/// files no usable rollup covers. A rollup is used only when every flow file it lists is still in
/// the store and lies wholly inside the window, so the answer is the one a scan of every flow
/// gives (a test holds the two equal); anything else (a filter, two keys, a series) scans flows.
/// </summary>
internal sealed class RollupPlan
{
    private RollupPlan(FlowQuery query, IReadOnlyList<string> rollups, IReadOnlyList<string> rest)
    {
        Query = query;
        Rollups = rollups;
        RestFiles = rest;
    }

    public FlowQuery Query { get; }
    /// <summary>The rollup files read.</summary>
    public IReadOnlyList<string> Rollups { get; }
    /// <summary>The flow files no used rollup covers, read as flows.</summary>
    public IReadOnlyList<string> RestFiles { get; }

    public static bool Applies(FlowQuery query) =>
        !query.IsListing && query.Interval is null && query.Keys.Count == 1
        && RollupSegment.Keys.Contains(query.Keys[0].Name) && query.FilterSql == "TRUE";

    /// <summary>The plan over the session's files, or null when the query cannot use rollups or none fits.</summary>
    public static RollupPlan? TryCreate(FlowStoreSession session, FlowQuery query)
    {
        if (!Applies(query))
            return null;
        var candidates = RollupLayout.FilesOf(session.Root, query.Keys[0].Name)
            .Where(path => !StoreLayout.TryParseSpan(path, out var span) || span.Overlaps(query.From, query.To))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (candidates.Count == 0)
            return null;
        var flowFiles = new HashSet<string>(session.FlowFilePaths, StringComparer.Ordinal);
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        var used = new List<string>();
        foreach (var (rollup, covers) in ReadCovers(session.Connection, candidates))
        {
            string directory = RollupLayout.FlowsDirectoryOf(session.Root, rollup);
            var files = covers.Select(name => Path.Combine(directory, name)).ToList();
            bool usable = files.Count > 0 && files.All(f => flowFiles.Contains(f) && !claimed.Contains(f) && Inside(f, query));
            if (!usable)
                continue;
            used.Add(rollup);
            claimed.UnionWith(files);
        }
        if (used.Count == 0)
            return null;
        var rest = session.FlowFilePaths.Where(f => !claimed.Contains(f)).ToList();
        return new RollupPlan(query, used, rest);
    }

    /// <summary>Every flow of the file is in the window: its span (from its name) lies inside [From, To).</summary>
    private static bool Inside(string flowFile, FlowQuery query) =>
        StoreLayout.TryParseSpan(flowFile, out var span)
        && (query.From is not { } from || span.First >= from)
        && (query.To is not { } to || span.Last < to);

    private static List<(string Rollup, string[] Covers)> ReadCovers(DuckDBConnection connection, List<string> rollups)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT file_name, decode(value) FROM parquet_kv_metadata({FlowStoreSession.FileList(rollups)})
            WHERE decode(key) = '{RollupSchema.CoversMetadata}'
            """;
        var covers = new Dictionary<string, string[]>(StringComparer.Ordinal);
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
                covers[reader.GetString(0)] = reader.GetString(1).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        // In name order, so which of two rollups claiming one file wins does not depend on DuckDB's order.
        return [.. rollups.Where(covers.ContainsKey).Select(r => (r, covers[r]))];
    }

    public string ToSql()
    {
        var query = Query;
        string keys = string.Join(", ", query.Keys[0].Columns);
        string parts = $"SELECT {keys}, {RollupSchema.FlowsColumn}, {FlowColumns.Packets}, {FlowColumns.Bytes}, {RollupSchema.FirstSeenColumn}, {RollupSchema.LastSeenColumn} FROM read_parquet({FlowStoreSession.FileList(Rollups)})";
        if (RestFiles.Count > 0)
        {
            parts += $"""

                UNION ALL
                SELECT {keys}, count(*) AS {RollupSchema.FlowsColumn}, sum({FlowColumns.Packets}) AS {FlowColumns.Packets}, sum({FlowColumns.Bytes}) AS {FlowColumns.Bytes},
                    min({FlowColumns.TimeStart}) AS {RollupSchema.FirstSeenColumn}, max({FlowColumns.TimeEnd}) AS {RollupSchema.LastSeenColumn}
                FROM read_parquet({FlowStoreSession.FileList(RestFiles)}, union_by_name = true, hive_partitioning = false)
                WHERE {query.WhereSql()}
                GROUP BY ALL
                """;
        }
        return $"""
            WITH parts AS (
            {parts}
            )
            SELECT {keys},
                sum({RollupSchema.FlowsColumn})::UBIGINT AS flows, sum({FlowColumns.Packets})::UBIGINT AS packets, sum({FlowColumns.Bytes})::UBIGINT AS bytes,
                min({RollupSchema.FirstSeenColumn}) AS first_seen, max({RollupSchema.LastSeenColumn}) AS last_seen,
                sum(sum({RollupSchema.FlowsColumn})) OVER ()::UBIGINT AS total_flows, sum(sum({FlowColumns.Packets})) OVER ()::UBIGINT AS total_packets,
                sum(sum({FlowColumns.Bytes})) OVER ()::UBIGINT AS total_bytes
            FROM parts
            GROUP BY ALL
            ORDER BY {query.OrderColumn} DESC{query.LimitSql}
            """;
    }
}
