using Shouldly;
using Xunit;
using static NetFlow.Protocol.Tests.Corpus.CorpusAssertions;

namespace NetFlow.Protocol.Tests.Corpus;

/// <summary>
/// NetFlow v5 files of tests/data/corpus/vendors. Expected values are Wireshark 4.0's
/// (`tshark -d udp.port==2055,cflow -V`, "pdu n/N"); absolute times are worked out from its
/// Timestamp, SysUptime and StartTime/EndTime as described on <see cref="SoftflowdCorpusTests"/>.
/// </summary>
public sealed class NetFlowV5VendorCorpusTests
{
    [Fact]
    public void Softflowd_ssh_pair_with_a_start_before_the_uptime_wrapped()
    {
        var run = CorpusReplay.Decode("vendors/netflow5.dat");

        run.ShouldHaveNoErrors();
        run.ShouldHaveCounts(data: 2, options: 0);
        var first = run.Records[0];
        first.ShouldHave(
            ("sourceIPv4Address", Ip("10.0.2.2")),
            ("destinationIPv4Address", Ip("10.0.2.15")),
            ("sourceTransportPort", 54435UL),
            ("destinationTransportPort", 22UL),
            ("protocolIdentifier", 6UL),
            ("tcpControlBits", 0x10UL),
            ("packetDeltaCount", 5UL),
            ("octetDeltaCount", 230UL),
            ("flowStartSysUpTime", 4294967295UL),
            ("flowEndSysUpTime", 2577UL));
        // tshark: Timestamp 1430591888.280328, SysUptime 3.381 s, StartTime 4294967.295 s (the uptime
        // wrapped 3382 ms ago, between the flow's start and the export), EndTime 2.577 s.
        first.ShouldHaveTimes("2015-05-02T18:38:04.8983280Z", "2015-05-02T18:38:07.4763280Z");
        run.Records[1].ShouldHave(
            ("sourceIPv4Address", Ip("10.0.2.15")),
            ("sourceTransportPort", 22UL),
            ("destinationTransportPort", 54435UL),
            ("tcpControlBits", 0x18UL),
            ("packetDeltaCount", 4UL),
            ("octetDeltaCount", 304UL));
    }

    [Fact]
    public void Juniper_mx80_sampled_with_bgp_fields()
    {
        var run = CorpusReplay.Decode("vendors/netflow5_test_juniper_mx80.dat");

        run.ShouldHaveNoErrors();
        run.ShouldHaveCounts(data: 29, options: 0);
        var first = run.Records[0];
        // tshark header: "..00 0011 1110 1000 = SampleRate: 1000", SamplingMode 0, FlowSequence 528678.
        first.Header.SamplingInterval.ShouldBe((ushort)1000);
        first.Header.SamplingMode.ShouldBe((byte)0);
        first.Header.Sequence.ShouldBe(528678u);
        first.ShouldHave(
            ("sourceIPv4Address", Ip("10.0.0.1")),
            ("destinationIPv4Address", Ip("192.168.0.2")),
            ("ipNextHopIPv4Address", Ip("192.168.0.2")),
            ("ingressInterface", 542UL),
            ("egressInterface", 536UL),
            ("sourceTransportPort", 443UL),
            ("destinationTransportPort", 61608UL),
            ("packetDeltaCount", 1UL),
            ("octetDeltaCount", 1500UL),
            ("bgpSourceAsNumber", 64497UL),
            ("bgpDestinationAsNumber", 64496UL),
            ("sourceIPv4PrefixLength", 14UL),
            ("destinationIPv4PrefixLength", 24UL));
        // tshark: Timestamp 1469109172.000, SysUptime 190649.064 s, Start = End = 190632.000 s.
        first.ShouldHaveTimes("2016-07-21T13:52:34.936Z", "2016-07-21T13:52:34.936Z");
        run.Records[28].ShouldHave(
            ("sourceIPv4Address", Ip("66.249.92.75")),
            ("destinationIPv4Address", Ip("192.168.0.1")),
            ("sourceTransportPort", 37387UL),
            ("destinationTransportPort", 80UL),
            ("bgpSourceAsNumber", 15169UL),
            ("bgpDestinationAsNumber", 64496UL),
            ("sourceIPv4PrefixLength", 19UL),
            ("packetDeltaCount", 2UL),
            ("octetDeltaCount", 104UL));
    }

    [Fact]
    public void Mikrotik_routeros()
    {
        var run = CorpusReplay.Decode("vendors/netflow5_test_microtik.dat");

        run.ShouldHaveNoErrors();
        run.ShouldHaveCounts(data: 30, options: 0);
        var first = run.Records[0];
        first.ShouldHave(
            ("sourceIPv4Address", Ip("10.0.13.1")),
            ("destinationIPv4Address", Ip("192.168.0.98")),
            ("ipNextHopIPv4Address", Ip("192.168.0.98")),
            ("ingressInterface", 13UL),
            ("egressInterface", 50UL),
            ("sourceTransportPort", 5228UL),
            ("destinationTransportPort", 52734UL),
            ("packetDeltaCount", 2UL),
            ("octetDeltaCount", 104UL));
        // tshark: Timestamp 1469109117.514932, SysUptime 27361.640 s, Start = End = 27346.270 s.
        first.ShouldHaveTimes("2016-07-21T13:51:42.1449320Z", "2016-07-21T13:51:42.1449320Z");
        run.Records[29].ShouldHave(
            ("sourceIPv4Address", Ip("10.0.8.1")),
            ("destinationTransportPort", 51826UL),
            ("tcpControlBits", 0x52UL),
            ("ipClassOfService", 0x28UL),
            ("packetDeltaCount", 13UL),
            ("octetDeltaCount", 11442UL));
    }

    [Theory]
    // Both are 1464 bytes, room for exactly 30 records (24 + 30 * 48), but tshark reads the header
    // count as 55582 and 163; v5 allows at most 30. tshark dissects the 30 that fit regardless.
    [InlineData("vendors/netflow5_test_invalid01.dat")]
    [InlineData("vendors/netflow5_test_invalid02.dat")]
    public void A_header_count_the_datagram_cannot_hold_is_refused_whole(string file)
    {
        var run = CorpusReplay.Decode(file);

        var error = run.Errors.ShouldHaveSingleItem();
        error.Status.ShouldBe(DecodeStatus.BadMessageLength);
        error.Version.ShouldBe((ushort)5);
        error.Offset.ShouldBe(2); // the count field
        run.Counters.Errors(DecodeStatus.BadMessageLength).ShouldBe(1);
        run.Counters.TotalErrors.ShouldBe(1);
        run.Records.ShouldBeEmpty();
        run.Counters.DataRecords.ShouldBe(0);
        run.Counters.MessagesV5.ShouldBe(0);
    }
}
