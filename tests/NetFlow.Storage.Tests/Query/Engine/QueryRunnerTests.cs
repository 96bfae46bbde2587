using System.Net;
using NetFlow.Storage.Query;
using NetFlow.Storage.Query.Filter;
using NetFlow.Storage.Tests.Support;
using NetFlow.Storage.Tests.Writing;
using NetFlow.Storage.Writing;

namespace NetFlow.Storage.Tests.Query.Engine;

/// <summary>
/// `netflow query` answers over a store of real records, checked against the same records
/// summed in C# straight from the decoder (no SQL on the expected side).
/// </summary>
public sealed class QueryRunnerTests : IAsyncLifetime
{
    private readonly TempStore _store = new();
    private readonly List<Flow> _flows = [];

    private sealed record Flow(IPAddress Src, IPAddress Dst, ulong? SrcPort, ulong? DstPort, ulong? Proto, ulong Bytes, ulong Packets, DateTime Start, DateTime End, string Exporter);

    public async ValueTask InitializeAsync()
    {
        // Two exporters of softflowd v9 and the IPv4+IPv6 IPFIX lines: 44 * 2 + the IPFIX flows.
        var batches = new[]
        {
            CorpusBatch.SoftflowdV9("192.0.2.1"),
            CorpusBatch.SoftflowdV9("192.0.2.2"),
            CorpusBatch.Decode("2001:db8::9", "softflowd/packet_ipfix_template.bin", "softflowd/packet_ipfix.bin"),
        };
        await using var sink = new FlowStoreSink(FlowStoreOptions.Default with { Directory = _store.Path }, timeProvider: new ManualClock(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero)));
        foreach (var batch in batches)
        {
            for (int i = 0; i < batch.Count; i++)
            {
                var r = batch[i];
                if (r.IsOptions)
                    continue;
                r.TryGetStart(out var start);
                r.TryGetEnd(out var end);
                _flows.Add(new Flow(
                    IPAddress.Parse(FlowStoreSinkTests.Address(r, 8) ?? FlowStoreSinkTests.Address(r, 27)!),
                    IPAddress.Parse(FlowStoreSinkTests.Address(r, 12) ?? FlowStoreSinkTests.Address(r, 28)!),
                    (ulong?)FlowStoreSinkTests.Number(r, 7), (ulong?)FlowStoreSinkTests.Number(r, 11), (ulong?)FlowStoreSinkTests.Number(r, 4),
                    (ulong)FlowStoreSinkTests.Number(r, 1)!, (ulong)FlowStoreSinkTests.Number(r, 2)!, start, end, r.Context.Exporter.ToString()));
            }
            await sink.WriteAsync(batch, TestContext.Current.CancellationToken);
        }
    }

    public ValueTask DisposeAsync()
    {
        _store.Dispose();
        return ValueTask.CompletedTask;
    }

    private QueryResult Run(FlowQuery query)
    {
        // The window also chooses files (by the span of flow time in their names), as `netflow query` does.
        using var session = FlowStoreSession.Open(_store.Path, query.From, query.To);
        return QueryRunner.Run(session, query);
    }

    [Fact]
    public void Top_destination_ports_by_bytes_equal_the_sums_of_the_decoded_records()
    {
        var result = Run(new FlowQuery { Keys = QueryKey.ParseList("dstport"), Limit = 0 });

        var expected = _flows.GroupBy(f => f.DstPort)
            .Select(g => (Port: g.Key, Flows: (ulong)g.Count(), Packets: g.Aggregate(0UL, (s, f) => s + f.Packets), Bytes: g.Aggregate(0UL, (s, f) => s + f.Bytes)))
            .ToList();
        result.Rows.Count.ShouldBe(expected.Count);
        result.Rows.Select(r => ((ulong?)r[0], (ulong)r[1]!, (ulong)r[3]!, (ulong)r[5]!))
            .ShouldBe(expected.Select(e => (e.Port, e.Flows, e.Packets, e.Bytes)), ignoreOrder: true);
        result.Rows.Select(r => (ulong)r[5]!).ShouldBeInOrder(SortDirection.Descending);
        result.Totals!.Value.Flows.ShouldBe((ulong)_flows.Count);
        result.Totals!.Value.Bytes.ShouldBe(_flows.Aggregate(0UL, (s, f) => s + f.Bytes));
        result.Rows.Sum(r => (double)r[6]!).ShouldBe(100, 1e-6, "byte shares of every group add up to 100%");
    }

    [Fact]
    public void Top_N_by_source_address_and_flows_covers_IPv4_and_IPv6_alike()
    {
        var result = Run(new FlowQuery { Keys = QueryKey.ParseList("srcip"), Order = QueryOrder.Flows, Limit = 5 });

        var counts = _flows.GroupBy(f => f.Src).ToDictionary(g => g.Key, g => (ulong)g.Count());
        result.Rows.Count.ShouldBe(Math.Min(5, counts.Count));
        ulong previous = ulong.MaxValue;
        foreach (var row in result.Rows)
        {
            var address = (IPAddress)row[0]!;
            ((ulong)row[1]!).ShouldBe(counts[address]);
            ((ulong)row[1]!).ShouldBeLessThanOrEqualTo(previous);
            previous = (ulong)row[1]!;
        }
        // Nothing left out ranks above the last row shown.
        counts.Values.OrderDescending().Take(5).ShouldBe(result.Rows.Select(r => (ulong)r[1]!));
        _flows.ShouldContain(f => f.Src.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6);
    }

    [Fact]
    public void Grouping_by_two_keys_and_an_nfdump_filter_select_the_same_flows_as_linq()
    {
        var filter = FlowFilter.Parse("proto tcp and not dst port 80 and exporter 192.0.2.2").ToSql();
        var result = Run(new FlowQuery { FilterSql = filter, Keys = QueryKey.ParseList("srcip,dstport"), Limit = 0 });

        var expected = _flows.Where(f => f.Proto == 6 && f.DstPort != 80 && f.Exporter == "192.0.2.2")
            .GroupBy(f => (f.Src, f.DstPort))
            .Select(g => (g.Key.Src.ToString(), g.Key.DstPort, g.Aggregate(0UL, (s, f) => s + f.Bytes)));
        result.Rows.Select(r => (((IPAddress)r[0]!).ToString(), (ulong?)r[1], (ulong)r[6]!)).ShouldBe(expected, ignoreOrder: true);
    }

    [Fact]
    public void A_listing_sorted_by_bytes_shows_the_largest_flows_with_their_addresses_and_durations()
    {
        var result = Run(new FlowQuery { Sort = ListSort.Bytes, Limit = 3 });

        var expected = _flows.OrderByDescending(f => f.Bytes).Take(3).ToList();
        result.Rows.Count.ShouldBe(3);
        for (int i = 0; i < 3; i++)
        {
            var row = result.Rows[i];
            ((ulong)row[9]!).ShouldBe(expected[i].Bytes);
            ((double)row[1]!).ShouldBe((expected[i].End - expected[i].Start).TotalMilliseconds, 0.001);
        }
        result.Columns.Select(c => c.Name).ShouldBe(["first_seen", "duration", "proto", "src_addr", "src_port", "dst_addr", "dst_port", "flags", "packets", "bytes", "exporter"]);
    }

    [Fact]
    public void A_time_window_keeps_the_flows_active_during_it()
    {
        var ordered = _flows.OrderBy(f => f.Start).ToList();
        var from = ordered[ordered.Count / 2].Start;
        var to = from.AddSeconds(30);
        var result = Run(new FlowQuery { From = from, To = to, Keys = QueryKey.ParseList("proto"), Limit = 0 });

        ulong expected = (ulong)_flows.Count(f => f.End >= from && f.Start < to);
        expected.ShouldBeGreaterThan(0UL);
        expected.ShouldBeLessThan((ulong)_flows.Count);
        result.Rows.Aggregate(0UL, (s, r) => s + (ulong)r[1]!).ShouldBe(expected);
    }

    [Fact]
    public void Files_are_chosen_by_the_flow_time_their_names_carry_not_by_when_they_were_written()
    {
        var first = _flows.Min(f => f.Start);
        var last = _flows.Max(f => f.End);
        using (var all = FlowStoreSession.Open(_store.Path, first, last.AddSeconds(1)))
            all.FlowFiles.ShouldBe(1);
        using (var after = FlowStoreSession.Open(_store.Path, last.AddSeconds(2), null))
            after.FlowFiles.ShouldBe(0);
        using (var before = FlowStoreSession.Open(_store.Path, null, first.AddSeconds(-2)))
            before.FlowFiles.ShouldBe(0);
        // The file was written at 2026-11-26 10:00 by the clock; its flows are years older and still found.
        first.Year.ShouldBeLessThan(2026);
    }

    [Fact]
    public void A_time_series_puts_each_flow_in_the_bucket_of_its_start()
    {
        var result = Run(new FlowQuery { Interval = TimeSpan.FromMinutes(1) });

        var expected = _flows.GroupBy(f => new DateTime(f.Start.Ticks - f.Start.Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Utc))
            .OrderBy(g => g.Key).Select(g => (g.Key, (ulong)g.Count())).ToList();
        result.Rows.Select(r => ((DateTime)r[0]!, (ulong)r[1]!)).ShouldBe(expected);
    }
}
