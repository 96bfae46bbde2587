using System.Diagnostics;
using System.Globalization;
using NetFlow.Integration.Tests.Collect;
using NetFlow.Integration.Tests.Differential;

namespace NetFlow.Integration.Tests.Store;

/// <summary>
/// Readers and the writer share the store with no lock: while `netflow collect --store-rotation 1s`
/// writes a steady stream, `netflow query` and `netflow sql` run again and again, each as its own
/// process. Every run succeeds and sees the store as of its start (finished files only), so the flow
/// count never goes down, grows while the collector writes, and ends at exactly what was sent.
/// </summary>
public sealed class QueryWhileWritingTests(DifferentialRun run, ITestOutputHelper output)
{
    private const int Records = 12_000;
    private const int PerDatagram = 100;
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(50); // 2,000 records/s for 6 s

    [Fact]
    public void Every_query_during_writing_succeeds_and_its_count_never_goes_down()
    {
        var directory = CollectDirectory.Create(run, "store-query-while-writing");
        var store = Path.Combine(directory, "store");
        var flows = SyntheticExport.Flows(batch: 4, count: Records);
        var counts = new List<(TimeSpan At, string Command, ulong Flows, int SentBefore)>();
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();

        CollectorStopped stopped;
        using (var collector = CollectorProcess.Start(directory, CollectorOutput.None, "--store", store, "--store-rotation", "1s"))
        {
            using (var sender = new SteadySender(collector, flows, PerDatagram, Every))
            {
                for (int i = 0; !sender.IsDone; i++)
                {
                    int sentBefore = sender.Sent;
                    // Alternately the query command and the SQL one, both over the same files.
                    var (command, arguments) = i % 2 == 0
                        ? ("query", new[] { "--by", "proto", "--limit", "0" })
                        : ("sql", new[] { "SELECT count(*) AS flows FROM flows" });
                    var result = StoreCli.Run(command, store, arguments);
                    if (result.ExitCode != 0)
                    {
                        failures.Add($"`{result.CommandLine}` exited with {result.ExitCode}: {result.StandardError}");
                        continue;
                    }
                    var table = CsvTable.Parse(result.StandardOutput, result.CommandLine);
                    ulong count = table.Rows.Aggregate(0UL, (sum, row) => sum + ulong.Parse(row[table.Column("flows")], CultureInfo.InvariantCulture));
                    counts.Add((clock.Elapsed, command, count, sentBefore));
                }
                sender.WaitUntilDone(TimeSpan.FromSeconds(30));
            }
            KernelUdpSockets.WaitUntilRead(collector.Port, TimeSpan.FromSeconds(10));
            stopped = collector.Stop(TimeSpan.FromSeconds(30));
        }
        output.WriteLine(string.Join('\n', counts.Select(c => $"{c.At.TotalMilliseconds,6:0} ms  netflow {c.Command,-5}: {c.Flows,6} flows ({c.SentBefore} sent when it started)")));

        stopped.ExitCode.ShouldBe(0, stopped.StandardError);
        failures.ShouldBeEmpty();
        counts.Count.ShouldBeGreaterThanOrEqualTo(4, "too few queries ran while the collector wrote to show anything");
        for (int i = 1; i < counts.Count; i++)
            counts[i].Flows.ShouldBeGreaterThanOrEqualTo(counts[i - 1].Flows, $"query {i} saw fewer flows than query {i - 1}");
        counts.ShouldAllBe(c => c.Flows <= Records);
        counts.Select(c => c.Flows).Where(n => n is > 0 and < Records).Distinct().Count()
            .ShouldBeGreaterThanOrEqualTo(2, "the queries should see the store grow while it is written");
        stopped.HandedToSinks.ShouldBe(Records, stopped.StandardError);
        ListedFlow.ShouldAgree(ListedFlow.FromQuery(StoreCli.Query(store, "--limit", "0")), flows, "after SIGTERM: the store vs every record sent", "sent");
    }
}
