using System.Globalization;
using DuckDB.NET.Data;
using NetFlow.Storage.Schema;
using NetFlow.Storage.Writing;

namespace NetFlow.Storage.Query;

/// <summary>
/// An embedded DuckDB over a store's finished files: a <c>flows</c> view (and <c>options</c>)
/// with the typed columns as stored, plus text forms of the addresses (src_addr, dst_addr,
/// next_hop: dotted quad or IPv6) and macros (ip4_text, ip6_text, mac_text) for SQL users. Files
/// are read where they lie, while the collector writes: only finished files match *.parquet, so a
/// query sees the store as of its start. With a time window, files are chosen by the span of flow
/// time their names carry; a file without one (written by hand, or by an older version) is always read.
/// </summary>
public sealed class FlowStoreSession : IDisposable
{
    private FlowStoreSession(string root, DuckDBConnection connection, IReadOnlyList<string> flowFiles, int optionsFiles)
    {
        Root = root;
        Connection = connection;
        FlowFilePaths = flowFiles;
        OptionsFiles = optionsFiles;
    }

    public string Root { get; }
    public DuckDBConnection Connection { get; }
    public int FlowFiles => FlowFilePaths.Count;
    /// <summary>The flow files the session reads (those that may hold flows of its window), in name order.</summary>
    public IReadOnlyList<string> FlowFilePaths { get; }
    public int OptionsFiles { get; }

    /// <summary>Opens the store at <paramref name="root"/>, reading the files that may hold flows of [from, to).</summary>
    public static FlowStoreSession Open(string root, DateTime? fromUtc = null, DateTime? toUtc = null, int? threads = null)
    {
        if (!Directory.Exists(root))
            throw new DirectoryNotFoundException($"no flow store at {root}");
        var flows = FilesIn(root, StoreLayout.FlowsDirectory, fromUtc, toUtc);
        var options = FilesIn(root, StoreLayout.OptionsDirectory, fromUtc, toUtc);
        var connection = new DuckDBConnection("DataSource=:memory:");
        try
        {
            connection.Open();
            if (threads is { } n)
                Execute(connection, $"SET threads = {n.ToString(CultureInfo.InvariantCulture)}");
            Execute(connection, StoreMacros.Definitions);
            // Every file: a glob, which DuckDB expands faster than it binds a list of thousands of names.
            bool everyFile = fromUtc is null && toUtc is null && root.IndexOfAny(['*', '?', '[', '{', '\'']) < 0;
            Execute(connection, everyFile && flows.Count > 0
                ? ViewOver("flows_stored", $"'{Path.Combine(root, StoreLayout.FlowsDirectory)}/**/*.parquet'")
                : ViewSql("flows_stored", flows, FlowColumnTypes.EmptyFlowsSelect));
            Execute(connection, ViewSql("options", options, FlowColumnTypes.EmptyOptionsSelect));
            Execute(connection, $"""
                CREATE VIEW flows AS SELECT *,
                    coalesce(ip4_text({FlowColumns.SrcIp4}), ip6_text({FlowColumns.SrcIp6})) AS src_addr,
                    coalesce(ip4_text({FlowColumns.DstIp4}), ip6_text({FlowColumns.DstIp6})) AS dst_addr,
                    coalesce(ip4_text({FlowColumns.NextHop4}), ip6_text({FlowColumns.NextHop6})) AS next_hop
                FROM flows_stored
                """);
            return new FlowStoreSession(root, connection, flows, options.Count);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static List<string> FilesIn(string root, string dataset, DateTime? fromUtc, DateTime? toUtc)
    {
        var files = new List<string>();
        foreach (string path in StoreLayout.FilesOf(root, dataset))
        {
            if (StoreLayout.TryParseSpan(path, out var span) && !span.Overlaps(fromUtc, toUtc))
                continue;
            files.Add(path);
        }
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    private static string ViewSql(string name, List<string> files, string emptySelect)
    {
        if (files.Count == 0)
            return $"CREATE VIEW {name} AS {emptySelect}";
        return ViewOver(name, FileList(files));
    }

    /// <summary>A DuckDB list literal of file paths, quoted.</summary>
    internal static string FileList(IEnumerable<string> files) =>
        "[" + string.Join(", ", files.Select(f => "'" + f.Replace("'", "''", StringComparison.Ordinal) + "'")) + "]";

    // union_by_name: files written by an older or newer version may have fewer or more columns.
    private static string ViewOver(string name, string files) =>
        $"CREATE VIEW {name} AS SELECT * FROM read_parquet({files}, union_by_name = true, hive_partitioning = false)";

    internal static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose() => Connection.Dispose();
}
