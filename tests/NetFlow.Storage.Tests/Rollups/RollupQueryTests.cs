using NetFlow.Storage.Query;
using NetFlow.Storage.Retention;
using NetFlow.Storage.Tests.Support;
using NetFlow.Storage.Writing;

namespace NetFlow.Storage.Tests.Rollups;

/// <summary>
/// Hourly rollups: the store writes them as hours close, `netflow query` reads them for top-N by
/// one key, and the answer is the one a scan of every flow gives, to the last value, whatever
/// the window, with files missing, keys given up, or retention at work.
/// </summary>
public sealed class RollupQueryTests : IDisposable
{
    private static readonly DateTime Start = new(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Rotation = TimeSpan.FromMinutes(10);
    private static readonly string[] Keys = ["srcip", "dstip", "srcport", "dstport", "proto", "exporter"];
    private readonly TempStore _store = new();

    public void Dispose() => _store.Dispose();

    /// <summary>Three hours of 10-minute files (18), two exporters, 300 flows a file; the third hour's rollups are written at the stop.</summary>
    private async Task<FlowStoreSink> FillAsync(FlowStoreOptions? options = null, int hosts = 50)
    {
        var clock = new ManualClock(new DateTimeOffset(Start));
        var sink = new FlowStoreSink((options ?? FlowStoreOptions.Default) with { Directory = _store.Path, RotationInterval = Rotation }, timeProvider: clock);
        var exporters = new[] { new SyntheticIpfix("192.0.2.1", 1), new SyntheticIpfix("2001:db8::7", 2) };
        for (int interval = 0; interval < 18; interval++)
        {
            var now = clock.GetUtcNow().UtcDateTime.AddMinutes(5);
            foreach (var exporter in exporters)
                await sink.WriteAsync(exporter.Flows(now, 150, hosts), TestContext.Current.CancellationToken);
            clock.Advance(Rotation);
            await sink.FlushAsync(TestContext.Current.CancellationToken);
        }
        await sink.DisposeAsync();
        return sink;
    }

    private string[] RollupFiles(string key = "*") =>
        Directory.Exists(Path.Combine(_store.Path, "rollups"))
            ? [.. Directory.GetFiles(Path.Combine(_store.Path, "rollups"), key + "-*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal)]
            : [];

    /// <summary>The query through the planner, and the same query scanning every flow; the plan is returned to check what it read.</summary>
    private (QueryResult Planned, QueryResult Scanned, QueryPlan Plan) Both(FlowQuery query)
    {
        using var session = FlowStoreSession.Open(_store.Path, query.From, query.To);
        var plan = QueryRunner.Plan(session, query);
        var planned = QueryRunner.Run(session, query, plan);
        var scanned = QueryRunner.Run(session, query, new QueryPlan(query.ToSql(), 0, session.FlowFiles));
        return (planned, scanned, plan);
    }

    private static void ShouldAgree(QueryResult planned, QueryResult scanned)
    {
        planned.Totals.ShouldBe(scanned.Totals);
        planned.Columns.ShouldBe(scanned.Columns);
        // Ties in the order may come in either order: compare as sets of rows, and the ranking by the order column.
        static string Row(object?[] row) => string.Join("|", row.Select(v => v switch { double d => d.ToString("R"), DateTime t => t.ToString("O"), _ => v?.ToString() ?? "NULL" }));
        planned.Rows.Select(Row).Order().ShouldBe(scanned.Rows.Select(Row).Order());
        planned.Rows.Count.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Closed_hours_get_one_rollup_per_key_naming_the_files_it_sums()
    {
        var sink = await FillAsync();

        foreach (string key in Keys)
            RollupFiles(key).Length.ShouldBe(3, key);
        sink.Counters.RollupFiles.ShouldBe(18);
        sink.Counters.RollupsSkipped.ShouldBe(0);
        // The rollups of 10:00 cover the six files of that hour, by name.
        using var session = FlowStoreSession.Open(_store.Path);
        var rows = SqlRunner.Run(session, $"SELECT decode(value) FROM parquet_kv_metadata('{RollupFiles("dstport")[0]}') WHERE decode(key) = 'netflow.rollup.covers'").Rows;
        var covered = ((string)rows.Single()[0]!).Split('\n');
        covered.ShouldBe(_store.FlowFiles().Where(f => f.Contains("hour=10", StringComparison.Ordinal)).Select(Path.GetFileName).ToArray()!);
    }

    [Fact]
    public async Task Top_n_by_each_key_and_order_from_rollups_equals_a_scan_of_every_flow()
    {
        await FillAsync();
        foreach (string key in Keys)
        {
            foreach (var order in new[] { QueryOrder.Bytes, QueryOrder.Packets, QueryOrder.Flows })
            {
                var query = new FlowQuery { Keys = QueryKey.ParseList(key), Order = order, Limit = 0 };
                var (planned, scanned, plan) = Both(query);
                plan.RollupFiles.ShouldBe(3, $"{key} by {order}");
                plan.FlowFiles.ShouldBe(0);
                ShouldAgree(planned, scanned);
            }
        }
        // With a limit the top rows are the same too (the data have no ties at the top by bytes).
        var top = Both(new FlowQuery { Keys = QueryKey.ParseList("dstip"), Limit = 10 });
        top.Planned.Rows.Select(r => r[0]).ShouldBe(top.Scanned.Rows.Select(r => r[0]));
    }

    [Fact]
    public async Task A_window_uses_the_rollups_of_hours_it_holds_whole_and_scans_the_rest()
    {
        await FillAsync();
        // 10:35 to 12:20: only the 11:00 hour's files lie wholly inside.
        var query = new FlowQuery { Keys = QueryKey.ParseList("dstport"), Limit = 0, From = Start.AddMinutes(35), To = Start.AddMinutes(140) };
        var (planned, scanned, plan) = Both(query);
        plan.RollupFiles.ShouldBe(1);
        plan.FlowFiles.ShouldBeGreaterThan(0);
        ShouldAgree(planned, scanned);
    }

    [Fact]
    public async Task A_rollup_whose_file_is_gone_is_not_used()
    {
        await FillAsync();
        File.Delete(_store.FlowFiles().First(f => f.Contains("hour=11", StringComparison.Ordinal)));
        var (planned, scanned, plan) = Both(new FlowQuery { Keys = QueryKey.ParseList("srcip"), Limit = 0 });
        plan.RollupFiles.ShouldBe(2);
        plan.FlowFiles.ShouldBe(5);
        ShouldAgree(planned, scanned);
    }

    [Fact]
    public async Task Filters_series_and_two_keys_read_the_flows()
    {
        await FillAsync();
        foreach (var query in new[]
        {
            new FlowQuery { Keys = QueryKey.ParseList("dstport"), FilterSql = "proto = 6" },
            new FlowQuery { Keys = QueryKey.ParseList("dstport"), Interval = TimeSpan.FromHours(1) },
            new FlowQuery { Keys = QueryKey.ParseList("srcip,dstport") },
            new FlowQuery { Keys = QueryKey.ParseList("srcas") },
        })
        {
            using var session = FlowStoreSession.Open(_store.Path);
            QueryRunner.Plan(session, query).RollupFiles.ShouldBe(0);
        }
    }

    [Fact]
    public async Task A_key_with_more_groups_than_allowed_is_skipped_and_its_flows_are_scanned()
    {
        var sink = await FillAsync(FlowStoreOptions.Default with { RollupMaxGroups = 20 }, hosts: 200);

        RollupFiles("srcip").ShouldBeEmpty();
        RollupFiles("dstip").ShouldBeEmpty();
        RollupFiles("dstport").Length.ShouldBe(3); // ports are slots, not limited
        sink.Counters.RollupsSkipped.ShouldBe(3 * 2);
        var (planned, scanned, plan) = Both(new FlowQuery { Keys = QueryKey.ParseList("srcip"), Limit = 0 });
        plan.RollupFiles.ShouldBe(0);
        ShouldAgree(planned, scanned);
    }

    [Fact]
    public async Task Retention_removes_an_hours_rollups_with_its_first_flow_file()
    {
        await FillAsync();
        // Age at 12:15: files that started before 11:05 go, the whole 10:00 hour and the first file of 11:00,
        // and with them the rollups of both hours; 12:00's stay.
        var removed = StoreRetention.Apply(_store.Path, TimeSpan.FromMinutes(60), null, Start.AddMinutes(135), Rotation);

        removed.Count(r => r.Path.Contains("/flows/", StringComparison.Ordinal)).ShouldBe(7);
        removed.Count(r => r.Path.Contains("/rollups/", StringComparison.Ordinal)).ShouldBe(12);
        RollupFiles().ShouldAllBe(f => f.Contains("hour=12", StringComparison.Ordinal));
        RollupFiles().Length.ShouldBe(6);
        var (planned, scanned, plan) = Both(new FlowQuery { Keys = QueryKey.ParseList("proto"), Limit = 0 });
        plan.RollupFiles.ShouldBe(1);
        ShouldAgree(planned, scanned);
    }
}
