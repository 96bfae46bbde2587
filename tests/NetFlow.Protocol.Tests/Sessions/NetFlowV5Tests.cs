using System.Net;
using NetFlow.Protocol.Sessions;
using Shouldly;

namespace NetFlow.Protocol.Tests.Sessions;

public sealed class NetFlowV5Tests
{
    private static byte[] V5(uint sysUptime, uint first, uint last, int sampling = 0, uint sequence = 7, int count = 1)
    {
        var m = new MessageBuilder().U16(5).U16(count).U32(sysUptime).U32(1_700_000_000).U32(500_000_000)
            .U32(sequence).U8(3).U8(9).U16(sampling);
        for (int i = 0; i < count; i++)
        {
            m.Ip("10.0.0.1").Ip("192.0.2.7").Ip("10.0.0.254").U16(4).U16(5).U32(12).U32(3400)
                .U32(first).U32(last).U16(40000).U16(443).U8(0).U8(0x1b).U8(6).U8(0x28)
                .U16(64512).U16(15169).U8(24).U8(16).U16(0);
        }
        return m.ToArray();
    }

    [Fact]
    public void Every_header_and_record_field_is_read()
    {
        var session = new ExporterSession(IPAddress.Loopback);
        var collector = new RecordCollector();
        // sampling: mode 01, interval 1000 -> 0x4000 | 1000
        session.Decode(V5(100_000, 40_000, 90_000, 0x4000 | 1000), DateTime.UtcNow, ref collector);

        collector.Errors.ShouldBeEmpty();
        var r = collector.Records.ShouldHaveSingleItem();
        r["sourceIPv4Address"].ShouldBe("10.0.0.1");
        r["destinationIPv4Address"].ShouldBe("192.0.2.7");
        r["ipNextHopIPv4Address"].ShouldBe("10.0.0.254");
        r["ingressInterface"].ShouldBe(4UL);
        r["egressInterface"].ShouldBe(5UL);
        r["packetDeltaCount"].ShouldBe(12UL);
        r["octetDeltaCount"].ShouldBe(3400UL);
        r["sourceTransportPort"].ShouldBe(40000UL);
        r["destinationTransportPort"].ShouldBe(443UL);
        r["tcpControlBits"].ShouldBe(0x1bUL);
        r["protocolIdentifier"].ShouldBe(6UL);
        r["ipClassOfService"].ShouldBe(0x28UL);
        r["bgpSourceAsNumber"].ShouldBe(64512UL);
        r["bgpDestinationAsNumber"].ShouldBe(15169UL);
        r["sourceIPv4PrefixLength"].ShouldBe(24UL);
        r["destinationIPv4PrefixLength"].ShouldBe(16UL);
        r["$domain"].ShouldBe((uint)(3 << 8 | 9));
        // export time 1_700_000_000.5 s; uptime 100 s; first at 40 s -> 60 s before export
        r["$start"].ShouldBe(DateTime.UnixEpoch.AddSeconds(1_700_000_000).AddMilliseconds(500 - 60_000));
        r["$end"].ShouldBe(DateTime.UnixEpoch.AddSeconds(1_700_000_000).AddMilliseconds(500 - 10_000));
    }

    [Fact]
    public void Sampling_field_splits_into_mode_and_interval()
    {
        var session = new ExporterSession(IPAddress.Loopback);
        var header = default(Messages.MessageHeader);
        var probe = new HeaderProbe();
        session.Decode(V5(100_000, 1, 2, 0x8000 | 0x3FFF), DateTime.UtcNow, ref probe);
        header = probe.Header;
        header.SamplingMode.ShouldBe((byte)2);
        header.SamplingInterval.ShouldBe((ushort)0x3FFF);
        header.EngineType.ShouldBe((byte)3);
        header.EngineId.ShouldBe((byte)9);
    }

    [Fact]
    public void Uptime_that_wrapped_after_the_flow_started_still_gives_the_right_time()
    {
        // Uptime wrapped 2^32 ms: now 5_000, the flow started at 2^32 - 3_000, i.e. 8 s before export.
        var session = new ExporterSession(IPAddress.Loopback);
        var collector = new RecordCollector();
        session.Decode(V5(5_000, uint.MaxValue - 2_999, 4_000), DateTime.UtcNow, ref collector);
        var r = collector.Records.ShouldHaveSingleItem();
        var export = DateTime.UnixEpoch.AddSeconds(1_700_000_000).AddMilliseconds(500);
        r["$start"].ShouldBe(export.AddMilliseconds(-8_000));
        r["$end"].ShouldBe(export.AddMilliseconds(-1_000));
    }

    [Fact]
    public void A_count_the_datagram_cannot_hold_refuses_the_message()
    {
        var bytes = V5(100_000, 1, 2, count: 2);
        bytes[3] = 3; // claims 3 records, carries 2
        var session = new ExporterSession(IPAddress.Loopback);
        var collector = new RecordCollector();
        session.Decode(bytes, DateTime.UtcNow, ref collector);
        collector.Records.ShouldBeEmpty();
        collector.Errors.ShouldHaveSingleItem().ShouldBe(new DecodeError(DecodeStatus.BadMessageLength, 2, 5));
        session.Counters.Errors(DecodeStatus.BadMessageLength).ShouldBe(1);
    }

    [Fact]
    public void Flow_sequence_counts_flows_so_a_missing_datagram_is_a_gap_of_its_flows()
    {
        var session = new ExporterSession(IPAddress.Loopback);
        var collector = new RecordCollector();
        session.Decode(V5(100_000, 1, 2, sequence: 100, count: 2), DateTime.UtcNow, ref collector);
        session.Decode(V5(100_000, 1, 2, sequence: 102, count: 2), DateTime.UtcNow, ref collector); // in order
        session.Decode(V5(100_000, 1, 2, sequence: 110, count: 1), DateTime.UtcNow, ref collector); // 6 flows lost
        session.Decode(V5(100_000, 1, 2, sequence: 102, count: 2), DateTime.UtcNow, ref collector); // replayed
        var counts = session.Sequences.For(5, 3 << 8 | 9);
        counts.Gaps.ShouldBe(1);
        counts.LostUnits.ShouldBe(6);
        counts.Duplicates.ShouldBe(1);
        counts.Resets.ShouldBe(0);
        session.Decode(V5(100_000, 1, 2, sequence: 3_000_000_000, count: 1), DateTime.UtcNow, ref collector);
        session.Sequences.For(5, 3 << 8 | 9).Resets.ShouldBe(1);
    }

    private struct HeaderProbe : Records.IFlowRecordHandler
    {
        public Messages.MessageHeader Header;
        public void OnRecord(in Records.FlowRecord record) => Header = record.Header;
        public void OnError(in DecodeError error) => throw new InvalidOperationException(error.ToString());
    }
}
