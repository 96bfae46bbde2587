using System.Net;
using NetFlow.Protocol.Records;
using NetFlow.Protocol.Sessions;
using NetFlow.Storage.Schema;
using NetFlow.Storage.Tests.Support;
using NetFlow.Storage.Writing;

namespace NetFlow.Storage.Tests.Writing;

/// <summary>
/// <see cref="FlowRowGroup.TryAddRuns"/> (runs of records column by column, one at a time or
/// several together) against <see cref="FlowRowGroup.Add"/> (record by record, itself held to the
/// general reading by <see cref="FlowRowGroupTests"/>): the same rows, presence, span and extra,
/// over every corpus stream, synthetic IPFIX, values that do not fit their column, and runs cut
/// by a full row group.
/// </summary>
public sealed class FlowRowGroupRunTests
{
    public static TheoryData<string[]> Streams() => [.. CorpusBatch.Streams()];

    [Theory]
    [MemberData(nameof(Streams))]
    public void Runs_give_the_rows_records_added_one_by_one_give(string[] files)
    {
        var batch = CorpusBatch.Decode("192.0.2.1", files);
        foreach (bool together in new[] { false, true })
        {
            foreach (uint sampling in new uint[] { 0, 1, 100 })
            {
                var (byRun, columnar) = AddByRuns(batch, capacity: 4096, sampling, together);
                var oneByOne = AddOneByOne(batch, sampling);
                ShouldEqual(byRun, oneByOne, files[0]);
                BoundsShouldBeExact(byRun, files[0]);
                oneByOne.BoundsOf(oneByOne.SrcPort).ShouldBeNull("a record added one by one keeps no bounds");
                if (files[0] is "softflowd/packet_v9_template.bin" or "vendors/netflow9_test_cisco_1941K9.dat")
                    columnar.ShouldBe(byRun.Count, "fixed-length templates with uptime times (extra fields written record by record) go column by column");
            }
        }
    }

    [Fact]
    public void Runs_of_several_messages_go_together_each_with_its_own_header_s_times()
    {
        // Three v9 messages of template 256 with different export times and uptimes: one call takes
        // all three runs, and each record's times come from its own message's header.
        ushort[] fields = [1, 7, 22, 21];
        ushort[] lengths = [4, 2, 4, 4];
        var batch = Decode(
            V9Packet(1, fields, lengths, [[1500, 443, 90_000, 95_000], [40, 80, 91_000, 99_000]], uptime: 100_000, unixSeconds: 1_767_225_600),
            V9Packet(2, fields, lengths, [[700, 22, 190_000, 195_000]], uptime: 200_000, unixSeconds: 1_767_225_700),
            V9Packet(3, fields, lengths, [[9, 53, 290_000, 299_000], [10, 54, 291_000, 300_000], [11, 55, 292_000, 300_500]], uptime: 300_000, unixSeconds: 1_767_225_800));
        batch.RunCount.ShouldBe(3);

        var rows = new FlowRowGroup(64);
        rows.TryAddRuns(batch, 0, 3, 0, "x", 0, false).ShouldBe(6);
        ShouldEqual(rows, AddOneByOne(batch, 0, "x"), "three messages");
        var exportTime = DateTime.UnixEpoch.AddSeconds(1_767_225_700);
        FlowRowGroup.TimeOf(rows.TimeExport[2]).ShouldBe(exportTime);
        FlowRowGroup.TimeOf(rows.TimeStart.Values[2]).ShouldBe(exportTime.AddMilliseconds(190_000 - 200_000));

        // From the second record of the first run, into a group with room for 4: the first run's
        // last record, the second run, and two of the third.
        var cut = new FlowRowGroup(4);
        cut.TryAddRuns(batch, 0, 3, 1, "x", 0, false).ShouldBe(4);
        for (int row = 0; row < 4; row++)
            FlowRowGroupTests.Actual(cut, row).ShouldBe(FlowRowGroupTests.Actual(rows, row + 1), $"row {row} of the cut group");
    }

    [Fact]
    public void Runs_together_into_small_row_groups_give_the_rows_records_added_one_by_one_give()
    {
        var batch = CorpusBatch.Decode("192.0.2.1", ["softflowd/packet_v9_template.bin", "softflowd/packets_v9_0.bin", "softflowd/packets_v9_1.bin", "softflowd/packets_v9_2.bin"]);
        var expected = AddOneByOne(batch, 0);
        var groups = new List<FlowRowGroup> { new(7) };
        for (int r = 0, skip = 0; r < batch.RunCount;)
        {
            if (groups[^1].IsFull)
                groups.Add(new FlowRowGroup(7));
            if (batch.Run(r).Template.Kind != Protocol.Templates.TemplateKind.Data)
            {
                r++;
                continue;
            }
            int added = groups[^1].TryAddRuns(batch, r, batch.RunCount - r, skip, batch.Run(r).Context.Exporter.ToString(), 0, false);
            added.ShouldBeGreaterThan(0);
            skip += added;
            while (r < batch.RunCount && skip >= batch.Run(r).Count)
                skip -= batch.Run(r++).Count;
        }
        groups.Sum(g => g.Count).ShouldBe(expected.Count);
        int at = 0;
        foreach (var group in groups)
        {
            for (int row = 0; row < group.Count; row++, at++)
            {
                FlowRowGroupTests.Actual(group, row).ShouldBe(FlowRowGroupTests.Actual(expected, at), $"row {at}");
                group.TimeExport[row].ShouldBe(expected.TimeExport[at]);
            }
        }
    }

    [Fact]
    public void Synthetic_ipfix_goes_column_by_column_and_gives_the_same_rows()
    {
        var now = new DateTime(2026, 3, 1, 10, 0, 0, DateTimeKind.Utc);
        var batch = new SyntheticIpfix("192.0.2.7", seed: 3).Flows(now, 800);
        foreach (bool together in new[] { false, true })
        {
            var (byRun, columnar) = AddByRuns(batch, capacity: 8192, sampling: 0, together);
            columnar.ShouldBe(800, "every synthetic template is fixed-length with typed columns only");
            ShouldEqual(byRun, AddOneByOne(batch, 0), "synthetic");
        }
    }

    [Fact]
    public void A_value_too_large_for_its_column_sends_its_run_record_by_record_and_to_extra()
    {
        // v9 template 256: IN_BYTES (8 bytes), L4_SRC_PORT as 4 bytes, FIRST/LAST_SWITCHED.
        ushort[] fields = [1, 7, 22, 21];
        ushort[] lengths = [8, 4, 4, 4];
        var fits = V9Packet(1, fields, lengths, [[1500, 443, 90_000, 95_000], [40, 80, 91_000, 99_000]]);
        var tooLarge = V9Packet(2, fields, lengths, [[1500, 443, 90_000, 95_000], [40, 70_000, 91_000, 99_000]]);
        var batch = Decode(fits, tooLarge);

        foreach (bool together in new[] { false, true })
        {
            // Together, the two runs fail as one and the first then goes alone.
            var (byRun, columnar) = AddByRuns(batch, capacity: 64, sampling: 0, together);
            columnar.ShouldBe(2, "the first message's run goes column by column, the second's cannot");
            ShouldEqual(byRun, AddOneByOne(batch, 0), "port too large");
            byRun.SrcPort[3].ShouldBeNull();
            byRun.Extra[3].ShouldNotBeNull().ShouldContain("70000");
            byRun.SrcPort[2].ShouldBe((ushort)443, "the run's other record, added one by one, keeps its column");
        }
    }

    [Fact]
    public void Uptime_beyond_32_bits_sends_the_run_record_by_record()
    {
        ushort[] fields = [1, 22, 21];
        var packet = V9Packet(1, fields, [8, 8, 4], [[10, 90_000, 95_000], [20, 0x1_0000_0000, 99_000]]);
        var batch = Decode(packet);
        var (byRun, columnar) = AddByRuns(batch, capacity: 64, sampling: 0, together: true);
        columnar.ShouldBe(0);
        ShouldEqual(byRun, AddOneByOne(batch, 0), "uptime too large");
        byRun.TimeStart[1].ShouldBeNull();
    }

    [Fact]
    public void A_run_longer_than_the_room_left_fills_the_group_and_the_rest_goes_in_the_next()
    {
        var batch = new SyntheticIpfix("192.0.2.7", seed: 5).Flows(new DateTime(2026, 3, 1, 10, 0, 0, DateTimeKind.Utc), 400);
        batch.Run(0).Count.ShouldBe(100);
        var rows = new FlowRowGroup(64);
        rows.TryAddRuns(batch, 0, 1, 0, "x", 0, false).ShouldBe(64);
        rows.IsFull.ShouldBeTrue();
        rows.TryAddRuns(batch, 0, 1, 64, "x", 0, false).ShouldBe(0, "no room");
        var next = new FlowRowGroup(64);
        // The next run has another template: asked to take it too, the call stops at the first run's end.
        next.TryAddRuns(batch, 0, 2, 64, "x", 0, false).ShouldBe(36);
        FlowRowGroupTests.Actual(next, 0).ShouldBe(FlowRowGroupTests.Actual(One(batch, 64), 0));
    }

    [Fact]
    public void A_column_also_filled_without_its_bounds_kept_is_left_for_the_writer_to_read()
    {
        // The same template id redefined: bytes in 4 bytes (a loop that keeps the bounds), then in 3
        // (RFC 7011 reduced size: value by value, which does not). The column must not report the first run's bounds alone.
        ushort[] fields = [1, 7, 22, 21];
        var batch = Decode(
            V9Packet(1, fields, [4, 2, 4, 4], [[1500, 443, 90_000, 95_000], [40, 80, 91_000, 99_000]]),
            V9Packet(2, fields, [3, 2, 4, 4], [[9_000_000, 22, 90_000, 95_000]]));
        batch.RunCount.ShouldBe(2);
        var rows = new FlowRowGroup(64);
        rows.TryAddRuns(batch, 0, 1, 0, "x", 0, false).ShouldBe(2);
        rows.BoundsOf(rows.Bytes).ShouldBe((40L, 1500L));
        rows.TryAddRuns(batch, 1, 1, 0, "x", 0, false).ShouldBe(1);
        rows.BoundsOf(rows.Bytes).ShouldBeNull();
        rows.BoundsOf(rows.SrcPort).ShouldBe(((ushort)22, (ushort)443));
        BoundsShouldBeExact(rows, "two layouts");
    }

    [Fact]
    public void Renormalised_counters_go_record_by_record()
    {
        var batch = new SyntheticIpfix("192.0.2.7", seed: 9).Flows(new DateTime(2026, 3, 1, 10, 0, 0, DateTimeKind.Utc), 40);
        new FlowRowGroup(64).TryAddRuns(batch, 0, 1, 0, "x", sampling: 10, renormalize: true).ShouldBe(0);
        new FlowRowGroup(64).TryAddRuns(batch, 0, 1, 0, "x", sampling: 10, renormalize: false).ShouldBe(batch.Run(0).Count);
    }

    /// <summary>Where the runs kept a column's bounds (the writer's statistics and dictionary range), they are its present values' least and greatest.</summary>
    private static void BoundsShouldBeExact(FlowRowGroup rows, string what)
    {
        void Check<T>(FlowRowGroup.ValueColumn<T> column, string name) where T : struct, System.Numerics.IBinaryInteger<T>, System.Numerics.IMinMaxValue<T>
        {
            if (rows.BoundsOf(column) is not { } bounds)
                return;
            var present = Enumerable.Range(0, rows.Count).Select(row => column[row]).Where(v => v is not null).Select(v => v!.Value).ToList();
            present.ShouldNotBeEmpty($"{what}: {name} has bounds but no value");
            bounds.ShouldBe((present.Min(), present.Max()), $"{what}: {name}");
        }
        Check(rows.TimeStart, "time_start");
        Check(rows.TimeEnd, "time_end");
        Check(rows.SrcIp4, "src_ip4");
        Check(rows.DstIp4, "dst_ip4");
        Check(rows.NextHop4, "next_hop4");
        Check(rows.SrcPort, "src_port");
        Check(rows.DstPort, "dst_port");
        Check(rows.Proto, "proto");
        Check(rows.TcpFlags, "tcp_flags");
        Check(rows.Tos, "tos");
        Check(rows.IcmpType, "icmp_type");
        Check(rows.IcmpCode, "icmp_code");
        Check(rows.Bytes, "bytes");
        Check(rows.Packets, "packets");
        Check(rows.InIf, "in_if");
        Check(rows.OutIf, "out_if");
        Check(rows.SrcAs, "src_as");
        Check(rows.DstAs, "dst_as");
        Check(rows.SrcMask, "src_mask");
        Check(rows.DstMask, "dst_mask");
        Check(rows.Direction, "direction");
        Check(rows.SrcVlan, "src_vlan");
        Check(rows.DstVlan, "dst_vlan");
        Check(rows.SrcMac, "src_mac");
        Check(rows.DstMac, "dst_mac");
        Check(rows.SamplingInterval, "sampling_interval");
        Check(rows.ForwardingStatus, "forwarding_status");
        Check(rows.FlowEndReason, "flow_end_reason");
    }

    private static FlowRowGroup One(FlowRecordBatch batch, int index)
    {
        var rows = new FlowRowGroup(1);
        var r = batch[index];
        rows.Add(r, "x", 0, false);
        return rows;
    }

    /// <summary>
    /// As the store sink does: runs column by column where they can be, one at a time or with the
    /// runs after them of the same template (<paramref name="together"/>), and then, if they failed
    /// together, the first alone; else record by record.
    /// </summary>
    private static (FlowRowGroup Rows, int Columnar) AddByRuns(FlowRecordBatch batch, int capacity, uint sampling, bool together)
    {
        var rows = new FlowRowGroup(capacity);
        int columnar = 0;
        for (int r = 0, skip = 0; r < batch.RunCount;)
        {
            var run = batch.Run(r);
            if (run.Template.Kind != Protocol.Templates.TemplateKind.Data)
            {
                r++;
                continue;
            }
            string exporter = run.Context.Exporter.ToString();
            int added = 0;
            if (run.Template.IsFixedLength)
            {
                int runs = together ? batch.RunCount - r : 1;
                added = rows.TryAddRuns(batch, r, runs, skip, exporter, sampling, false);
                if (added == 0 && runs > 1)
                    added = rows.TryAddRuns(batch, r, 1, skip, exporter, sampling, false);
            }
            columnar += added;
            if (added == 0)
            {
                for (int i = skip; i < run.Count; i++)
                    rows.Add(batch[run.First + i], exporter, sampling, false);
                added = run.Count - skip;
            }
            skip += added;
            while (r < batch.RunCount && skip >= batch.Run(r).Count)
                skip -= batch.Run(r++).Count;
        }
        return (rows, columnar);
    }

    private static FlowRowGroup AddOneByOne(FlowRecordBatch batch, uint sampling, string? exporter = null)
    {
        var rows = new FlowRowGroup(Math.Max(1, batch.Count));
        for (int i = 0; i < batch.Count; i++)
        {
            var r = batch[i];
            if (!r.IsOptions)
                rows.Add(r, exporter ?? r.Context.Exporter.ToString(), sampling, false);
        }
        return rows;
    }

    private static void ShouldEqual(FlowRowGroup actual, FlowRowGroup expected, string what)
    {
        actual.Count.ShouldBe(expected.Count, what);
        for (int row = 0; row < expected.Count; row++)
        {
            FlowRowGroupTests.Actual(actual, row).ShouldBe(FlowRowGroupTests.Actual(expected, row), $"row {row} of {what}");
            actual.Extra[row].ShouldBe(expected.Extra[row], $"extra of row {row} of {what}");
            actual.TimeExport[row].ShouldBe(expected.TimeExport[row]);
            actual.ExporterOf(row).ShouldBe(expected.ExporterOf(row));
            actual.Version[row].ShouldBe(expected.Version[row]);
            actual.Domain[row].ShouldBe(expected.Domain[row]);
            actual.TemplateId[row].ShouldBe(expected.TemplateId[row]);
        }
        actual.Span.ShouldBe(expected.Span, what);
        foreach (var bit in Enumerable.Range(0, 64).Select(b => 1UL << b))
        {
            actual.AllHave(bit).ShouldBe(expected.AllHave(bit), $"all-have of bit {bit} of {what}");
            actual.NoneHas(bit).ShouldBe(expected.NoneHas(bit), $"none-has of bit {bit} of {what}");
        }
    }

    private static FlowRecordBatch Decode(params byte[][] datagrams)
    {
        var filler = new BatchFiller(new FlowRecordBatch());
        var session = new ExporterSession(IPAddress.Parse("192.0.2.3"));
        foreach (var datagram in datagrams)
            session.Decode(datagram, CorpusBatch.Received, ref filler);
        filler.Errors.ShouldBe(0);
        return filler.Batch;
    }

    /// <summary>A v9 packet with a template flowset (template 256) and one data flowset of the given records.</summary>
    private static byte[] V9Packet(uint sequence, ushort[] fields, ushort[] lengths, ulong[][] records, uint uptime = 100_000, uint unixSeconds = 1_767_225_600)
    {
        var m = new List<byte>();
        void Put(int bytes, ulong value) => WireBytes.Put(m, bytes, value);
        Put(2, 9); Put(2, (ulong)(1 + records.Length)); Put(4, uptime); Put(4, unixSeconds); Put(4, sequence); Put(4, 0);
        Put(2, 0); Put(2, (ulong)(8 + 4 * fields.Length)); Put(2, 256); Put(2, (ulong)fields.Length);
        for (int i = 0; i < fields.Length; i++)
        {
            Put(2, fields[i]);
            Put(2, lengths[i]);
        }
        int recordLength = lengths.Sum(l => l);
        Put(2, 256); Put(2, (ulong)(4 + recordLength * records.Length));
        foreach (var record in records)
        {
            for (int i = 0; i < fields.Length; i++)
                Put(lengths[i], record[i]);
        }
        return [.. m];
    }
}
