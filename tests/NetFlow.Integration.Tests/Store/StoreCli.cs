using NetFlow.Integration.Tests.Collect;
using NetFlow.Integration.Tests.Peers;

namespace NetFlow.Integration.Tests.Store;

/// <summary>
/// `netflow query` and `netflow sql` over a store, each run as its own process (as an operator
/// runs them, while a collector may be writing), with CSV output.
/// </summary>
public static class StoreCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>`netflow query ARGUMENTS --store STORE -o csv`; fails with its output unless it exits 0.</summary>
    public static CsvTable Query(string store, params string[] arguments) => Csv(Run("query", store, arguments).EnsureSuccess());

    /// <summary>`netflow sql SQL --store STORE -o csv`.</summary>
    public static CsvTable Sql(string store, string sql) => Csv(Run("sql", store, [sql]).EnsureSuccess());

    /// <summary>The command as it ran, exit code included, for a caller that checks the outcome itself.</summary>
    public static ProcessResult Run(string command, string store, IReadOnlyList<string> arguments) =>
        ExternalProcess.Run(CollectorProcess.DotnetHost(), [CollectorProcess.NetflowDll(), command, .. arguments, "--store", store, "-o", "csv"], Timeout);

    /// <summary>The flow records in the store's finished files (`netflow query --by proto`, its flows summed).</summary>
    public static ulong FlowCount(string store)
    {
        var table = Query(store, "--by", "proto", "--limit", "0");
        return table.Rows.Aggregate(0UL, (sum, row) => sum + ulong.Parse(row[table.Column("flows")], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static CsvTable Csv(ProcessResult result) => CsvTable.Parse(result.StandardOutput, $"`{result.CommandLine}`:\n{Tail(result.StandardOutput)}");

    private static string Tail(string text) => text.Length <= 4000 ? text : "..." + text[^4000..];
}
