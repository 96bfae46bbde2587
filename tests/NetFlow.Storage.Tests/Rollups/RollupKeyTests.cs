using NetFlow.Storage.Rollups;
using NetFlow.Storage.Tests.Support;
using NetFlow.Storage.Writing;
using Parquet;

namespace NetFlow.Storage.Tests.Rollups;

/// <summary>
/// Every key's rollup, read back from its file, against the plain grouping of the same rows
/// (<see cref="ExpectedRollups"/>), over row groups of every shape the column-wise paths tell
/// apart: every row with every figure (values taken as they are), NULLs in some rows or in all,
/// IPv4 and IPv6 and both and neither, runs of exporters, and the limits that give a key up.
/// </summary>
public sealed class RollupKeyTests : IDisposable
{
    private static readonly DateTime Start = new(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc);
    private readonly TempStore _store = new();

    public void Dispose() => _store.Dispose();

    /// <summary>Feeds the flows (each list from its exporter) through row groups of <paramref name="capacity"/> rows, closes the segment, and compares every key kept.</summary>
    private async Task<IReadOnlyList<string>> RollUpAsync(int capacity, IEnumerable<(TestFlows Exporter, TestFlow[] Flows)> parts, int maxGroups = KeyRollup.DefaultMaxGroups)
    {
        var segment = new RollupSegment(maxGroups);
        segment.Begin(Start);
        var expected = new ExpectedRollups();
        var rows = new FlowRowGroup(capacity);
        void Full(FlowRowGroup full)
        {
            expected.Add(full);
            segment.Add(full);
        }
        foreach (var (exporter, flows) in parts)
            exporter.AddTo(rows, flows, Full);
        Full(rows);

        segment.FileFinished(Path.Combine(_store.Path, "flows", "date=2026-11-26", "hour=10", "flows-20261126T100000Z_20261126T100000Z-20261126T100500Z.parquet"));
        var (_, givenUp) = await segment.CloseAsync(_store.Path, new ParquetOptions());
        foreach (string key in ExpectedRollups.Keys)
        {
            bool expectGiveUp = expected.Overflows(key) || (key is "srcip" or "dstip" or "exporter" && expected.GroupsOf(key) > maxGroups);
            givenUp.Contains(key).ShouldBe(expectGiveUp, key);
            if (!expectGiveUp)
                RowsOf(key).ShouldBe(expected.RowsOf(key), key);
        }
        return givenUp;
    }

    private string[] RowsOf(string key)
    {
        string file = Directory.GetFiles(Path.Combine(_store.Path, "rollups"), key + "-*.parquet", SearchOption.AllDirectories).Single();
        var rows = Sql.Rows(_store.Path, $"SELECT * FROM read_parquet('{file}', hive_partitioning = false)");
        return [.. rows.Select(r => string.Join('|', r.Select(ExpectedRollups.Text))).Order(StringComparer.Ordinal)];
    }

    /// <summary>Flows of a few shapes each with NULLs somewhere, from a small set of values so groups repeat.</summary>
    private static TestFlow[] MixedFlows(int seed, int count, int hosts = 40)
    {
        var random = new Random(seed);
        T? Maybe<T>(T value, int percentPresent) where T : struct => random.Next(100) < percentPresent ? value : null;
        var flows = new TestFlow[count];
        for (int i = 0; i < count; i++)
        {
            // Address kinds: IPv4 only, IPv6 only, both, neither.
            int kind = random.Next(10);
            uint? src4 = kind is < 6 or 8 ? 0x0A000000u + (uint)random.Next(hosts) : null;
            uint? dst4 = kind is < 6 or 8 ? 0xC6336400u + (uint)random.Next(hosts / 4 + 1) : null;
            UInt128? src6 = kind is 6 or 7 or 8 ? new UInt128(0x20010DB800000000UL, (ulong)random.Next(hosts)) : null;
            UInt128? dst6 = kind is 6 or 7 or 8 ? new UInt128(0x20010DB800000001UL, (ulong)random.Next(hosts / 4 + 1)) : null;
            var start = Start.AddMinutes(5).AddMilliseconds(-random.Next(0, 600_000));
            flows[i] = new TestFlow(
                src4, dst4, src6, dst6,
                SrcPort: Maybe((ushort)random.Next(1024, 1024 + hosts), 85),
                DstPort: Maybe((ushort)(random.Next(3) switch { 0 => 443, 1 => 53, _ => 65535 }), 85),
                Proto: Maybe((byte)(random.Next(3) switch { 0 => 6, 1 => 17, _ => 255 }), 90),
                Packets: Maybe((long)random.Next(1, 1000), 80),
                Bytes: Maybe((long)random.Next(40, 1_500_000), 80),
                Start: Maybe(start, 85),
                End: Maybe(start.AddMilliseconds(random.Next(0, 60_000)), 85));
        }
        return flows;
    }

    /// <summary>Flows with every field, IPv4 only: the row groups they fill take every fast path.</summary>
    private static TestFlow[] CompleteFlows(int seed, int count, int hosts = 40)
    {
        var random = new Random(seed);
        var flows = new TestFlow[count];
        for (int i = 0; i < count; i++)
        {
            var start = Start.AddMinutes(5).AddMilliseconds(-random.Next(0, 600_000));
            flows[i] = new TestFlow(
                Src4: 0x0A000000u + (uint)random.Next(hosts), Dst4: 0xC6336400u + (uint)random.Next(hosts / 4 + 1),
                SrcPort: (ushort)random.Next(1024, 1024 + hosts), DstPort: (ushort)(random.Next(2) == 0 ? 443 : 0),
                Proto: (byte)(random.Next(2) == 0 ? 6 : 17),
                Packets: random.Next(1, 1000), Bytes: random.Next(40, 1_500_000),
                Start: start, End: start.AddMilliseconds(random.Next(0, 60_000)));
        }
        return flows;
    }

    [Theory]
    [InlineData(1, 4096)]
    [InlineData(2, 100)]
    [InlineData(3, 7)]
    public async Task Row_groups_with_nulls_in_some_rows_roll_up_as_the_plain_grouping(int seed, int capacity)
    {
        var exporter = new TestFlows("192.0.2.1");
        (await RollUpAsync(capacity, [(exporter, MixedFlows(seed, 3000))])).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(1, 4096)]
    [InlineData(2, 333)]
    public async Task Row_groups_with_every_figure_in_every_row_roll_up_as_the_plain_grouping(int seed, int capacity)
    {
        var exporter = new TestFlows("192.0.2.1");
        (await RollUpAsync(capacity, [(exporter, CompleteFlows(seed, 3000))])).ShouldBeEmpty();
    }

    [Fact]
    public async Task Rollup_files_have_the_flow_files_key_types_and_the_totals_query_reads()
    {
        var exporter = new TestFlows("192.0.2.1");
        (await RollUpAsync(100, [(exporter, MixedFlows(4, 500))])).ShouldBeEmpty();
        string[] Columns(string key)
        {
            string file = Directory.GetFiles(Path.Combine(_store.Path, "rollups"), key + "-*.parquet", SearchOption.AllDirectories).Single();
            return [.. Sql.Rows(_store.Path, $"DESCRIBE SELECT * FROM read_parquet('{file}', hive_partitioning = false)").Select(r => $"{r[0]} {r[1]}")];
        }
        string[] totals = ["flows BIGINT", "packets BIGINT", "bytes BIGINT", "first_seen TIMESTAMP", "last_seen TIMESTAMP"];
        Columns("srcip").ShouldBe(["src_ip4 UINTEGER", "src_ip6 BLOB", .. totals]);
        Columns("dstip").ShouldBe(["dst_ip4 UINTEGER", "dst_ip6 BLOB", .. totals]);
        Columns("srcport").ShouldBe(["src_port USMALLINT", .. totals]);
        Columns("dstport").ShouldBe(["dst_port USMALLINT", .. totals]);
        Columns("proto").ShouldBe(["proto UTINYINT", .. totals]);
        Columns("exporter").ShouldBe(["exporter VARCHAR", .. totals]);
    }

    [Fact]
    public async Task Complete_and_mixed_row_groups_add_up_to_the_same_groups()
    {
        // Blocks of 256: some row groups take the fast paths, the others the general ones, into the same groups.
        var exporter = new TestFlows("192.0.2.1");
        var parts = Enumerable.Range(0, 8).Select(i => (exporter, i % 2 == 0 ? CompleteFlows(i, 256) : MixedFlows(i, 256)));
        (await RollUpAsync(256, parts)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Columns_null_in_every_row_roll_up_into_the_null_groups()
    {
        var exporter = new TestFlows("192.0.2.1");
        // No ports, no protocol, no figures, no times: only addresses; then only IPv6; then nothing at all.
        TestFlow[] flows =
        [
            .. Enumerable.Range(0, 50).Select(i => new TestFlow(Src4: (uint)(i % 7), Dst4: 1)),
            .. Enumerable.Range(0, 50).Select(i => new TestFlow(Src6: (UInt128)(i % 5), Dst6: UInt128.MaxValue, Packets: i)),
            .. Enumerable.Range(0, 50).Select(_ => new TestFlow()),
        ];
        (await RollUpAsync(50, [(exporter, flows)])).ShouldBeEmpty();
    }

    [Fact]
    public async Task Runs_of_exporters_in_a_row_group_roll_up_by_exporter()
    {
        var a = new TestFlows("192.0.2.1");
        var b = new TestFlows("2001:db8::9");
        var parts = Enumerable.Range(0, 10).Select(i => (i % 3 == 0 ? b : a, i % 2 == 0 ? CompleteFlows(i, 37 + i) : MixedFlows(i, 41)));
        (await RollUpAsync(100, parts)).ShouldBeEmpty();
    }

    [Fact]
    public async Task One_exporter_under_two_string_instances_is_one_group()
    {
        var exporter = new TestFlows("192.0.2.1");
        var segment = new RollupSegment();
        segment.Begin(Start);
        var expected = new ExpectedRollups();
        var rows = new FlowRowGroup(64);
        exporter.AddTo(rows, CompleteFlows(1, 30), _ => { }, "192.0.2.1");
        exporter.AddTo(rows, CompleteFlows(2, 30), _ => { }, new string("192.0.2.1".AsSpan()));
        expected.Add(rows);
        segment.Add(rows);
        segment.FileFinished(Path.Combine(_store.Path, "flows", "date=2026-11-26", "hour=10", "flows-20261126T100000Z_20261126T100000Z-20261126T100500Z.parquet"));
        await segment.CloseAsync(_store.Path, new ParquetOptions());

        expected.GroupsOf("exporter").ShouldBe(1);
        RowsOf("exporter").ShouldBe(expected.RowsOf("exporter"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_address_key_at_most_groups_is_kept_and_one_past_it_given_up(bool ipv6Too)
    {
        const int MaxGroups = 100;
        TestFlow Flow(int host) => ipv6Too && host % 3 == 0
            ? new TestFlow(Src6: (UInt128)host, Dst4: 7, Packets: 1, Bytes: 1)
            : new TestFlow(Src4: (uint)host, Dst4: 7, Packets: 1, Bytes: 1);

        // Each host twice, over several row groups: the groups past the limit come in a later row group than the first.
        var atLimit = Enumerable.Range(0, MaxGroups).Concat(Enumerable.Range(0, MaxGroups)).Select(Flow).ToArray();
        (await RollUpAsync(32, [(new TestFlows("192.0.2.1"), atLimit)], MaxGroups)).ShouldBeEmpty();

        Directory.Delete(Path.Combine(_store.Path, "rollups"), recursive: true);
        var pastLimit = Enumerable.Range(0, MaxGroups + 1).Concat(Enumerable.Range(0, MaxGroups)).Select(Flow).ToArray();
        (await RollUpAsync(32, [(new TestFlows("192.0.2.1"), pastLimit)], MaxGroups)).ShouldBe(["srcip"]);
    }

    [Theory]
    [InlineData(true, 1024)]
    [InlineData(true, 1)]
    [InlineData(false, 1024)]
    [InlineData(false, 1)]
    public async Task A_sum_past_a_bigint_gives_every_key_up_and_one_at_it_is_kept(bool complete, int capacity)
    {
        // Every flow in one group of every key; without "complete" one flow has no bytes (the general path).
        TestFlow Flow(long packets, bool withBytes = true) =>
            new(Src4: 1, Dst4: 2, SrcPort: 3, DstPort: 4, Proto: 6, Packets: packets, Bytes: withBytes ? 10 : null, Start: Start, End: Start);

        TestFlow[] atMost = [Flow(long.MaxValue - 10), Flow(4), Flow(6, complete)];
        (await RollUpAsync(capacity, [(new TestFlows("192.0.2.1"), atMost)])).ShouldBeEmpty();

        Directory.Delete(Path.Combine(_store.Path, "rollups"), recursive: true);
        TestFlow[] past = [Flow(long.MaxValue - 10), Flow(4), Flow(7, complete)];
        (await RollUpAsync(capacity, [(new TestFlows("192.0.2.1"), past)])).Order().ShouldBe(ExpectedRollups.Keys.Order());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_negative_count_in_a_row_counts_as_none(bool complete)
    {
        // No setter stores one; put there by hand, it must not take the way that skips the NULL test.
        var segment = new RollupSegment();
        segment.Begin(Start);
        var expected = new ExpectedRollups();
        var rows = new FlowRowGroup(64);
        var flows = CompleteFlows(1, 40);
        if (!complete)
            flows[3] = flows[3] with { Bytes = null };
        new TestFlows("192.0.2.1").AddTo(rows, flows, _ => { });
        rows.Packets.Values[5] = -7;
        rows.Bytes.Values[9] = long.MinValue;
        expected.Add(rows);
        segment.Add(rows);
        segment.FileFinished(Path.Combine(_store.Path, "flows", "date=2026-11-26", "hour=10", "flows-20261126T100000Z_20261126T100000Z-20261126T100500Z.parquet"));
        (await segment.CloseAsync(_store.Path, new ParquetOptions())).GivenUp.ShouldBeEmpty();

        foreach (string key in ExpectedRollups.Keys)
            RowsOf(key).ShouldBe(expected.RowsOf(key), key);
    }

    [Fact]
    public async Task Many_distinct_addresses_grow_the_ipv4_table_and_keep_every_group()
    {
        // 20 000 sources, each three times, in row groups of 4096: the table grows several times between and within row groups.
        var flows = Enumerable.Range(0, 60_000).Select(i => new TestFlow(Src4: (uint)(i % 20_000) * 2_654_435_761u, Dst4: (uint)(i % 3), Packets: i, Bytes: 1)).ToArray();
        (await RollUpAsync(4096, [(new TestFlows("192.0.2.1"), flows)])).ShouldBeEmpty();
    }
}
