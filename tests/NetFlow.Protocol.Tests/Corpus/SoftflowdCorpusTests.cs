using Shouldly;
using Xunit;
using static NetFlow.Protocol.Tests.Corpus.CorpusAssertions;

namespace NetFlow.Protocol.Tests.Corpus;

/// <summary>
/// tests/data/corpus/softflowd, one test per line of the corpus README. Expected values come from
/// Wireshark 4.0 (`tshark -d udp.port==2055,cflow -V` on the files wrapped in a pcap, one frame per
/// file, in order) or from the README; never from this decoder's own output. Absolute times from
/// sysUpTime are worked out from tshark's fields: export time - (SysUptime - Start/EndTime), the
/// difference taken modulo 2^32 as a signed number, to the millisecond (uptimes are milliseconds;
/// the decoder drops the export time's sub-millisecond part).
/// </summary>
public sealed class SoftflowdCorpusTests
{
    [Fact]
    public void V1_icmp_echo_and_reply()
    {
        var run = CorpusReplay.Decode("softflowd/packet_v1.bin");

        run.ShouldHaveNoErrors();
        run.ShouldHaveCounts(data: 2, options: 0);
        run.Counters.MessagesV1.ShouldBe(1);
        // README and tshark: 172.17.0.2 <-> 172.17.0.1 ICMP, 10 packets / 840 bytes each.
        var request = run.Records[0];
        request.Version.ShouldBe((ushort)1);
        request.ShouldHave(
            ("sourceIPv4Address", Ip("172.17.0.2")),
            ("destinationIPv4Address", Ip("172.17.0.1")),
            ("ipNextHopIPv4Address", Ip("0.0.0.0")),
            ("protocolIdentifier", 1UL),
            ("packetDeltaCount", 10UL),
            ("octetDeltaCount", 840UL),
            ("destinationTransportPort", 2048UL), // tshark DstPort: ICMP type 8 code 0
            ("flowStartSysUpTime", 10183UL),
            ("flowEndSysUpTime", 19185UL));
        // tshark: Timestamp 1585496876.802429000, SysUptime 71.835 s, StartTime 10.183 s, EndTime 19.185 s.
        request.ShouldHaveTimes("2020-03-29T15:46:55.1504290Z", "2020-03-29T15:47:04.1524290Z");
        run.Records[1].ShouldHave(
            ("sourceIPv4Address", Ip("172.17.0.1")),
            ("destinationIPv4Address", Ip("172.17.0.2")),
            ("destinationTransportPort", 0UL), // echo reply
            ("packetDeltaCount", 10UL),
            ("octetDeltaCount", 840UL));
    }

    [Fact]
    public void V5_icmp_pair_and_mdns()
    {
        var run = CorpusReplay.Decode("softflowd/packet_v5.bin");

        run.ShouldHaveNoErrors();
        run.ShouldHaveCounts(data: 3, options: 0);
        // tshark pdu 1/3 and 3/3.
        run.Records[0].ShouldHave(
            ("sourceIPv4Address", Ip("172.17.0.2")),
            ("destinationIPv4Address", Ip("172.17.0.1")),
            ("protocolIdentifier", 1UL),
            ("packetDeltaCount", 10UL),
            ("octetDeltaCount", 840UL));
        var mdns = run.Records[2];
        mdns.ShouldHave(
            ("sourceIPv4Address", Ip("172.17.0.1")),
            ("destinationIPv4Address", Ip("224.0.0.251")),
            ("sourceTransportPort", 5353UL),
            ("destinationTransportPort", 5353UL),
            ("protocolIdentifier", 17UL),
            ("packetDeltaCount", 1UL),
            ("octetDeltaCount", 169UL),
            ("bgpSourceAsNumber", 0UL),
            ("sourceIPv4PrefixLength", 0UL));
        // tshark: Timestamp 1585497478.581262000, SysUptime 227.747 s, Start = End = 57.372 s.
        mdns.ShouldHaveTimes("2020-03-29T15:55:08.2062620Z", "2020-03-29T15:55:08.2062620Z");
    }

    [Fact]
    public void V9_template_then_three_data_packets()
    {
        var run = CorpusReplay.Decode(
            "softflowd/packet_v9_template.bin", "softflowd/packets_v9_0.bin", "softflowd/packets_v9_1.bin", "softflowd/packets_v9_2.bin");

        run.ShouldHaveNoErrors();
        run.ShouldHaveCounts(data: 8 + 3 * 12, options: 0);
        run.Counters.TemplatesAdded.ShouldBe(2); // 1024 (IPv4) and 2048 (IPv6)
        run.Records.ShouldAllBe(r => r.Version == 9 && r.TemplateId == 1024 && r.Domain == 0);

        // README: 127.0.0.1:80 -> :37932 TCP, 102416 bytes, 75 packets, tcp flags 0x1b; tshark agrees.
        var first = run.Records[0];
        first.ShouldHave(
            ("sourceIPv4Address", Ip("127.0.0.1")),
            ("destinationIPv4Address", Ip("127.0.0.1")),
            ("sourceTransportPort", 80UL),
            ("destinationTransportPort", 37932UL),
            ("protocolIdentifier", 6UL),
            ("octetDeltaCount", 102416UL),
            ("packetDeltaCount", 75UL),
            ("tcpControlBits", 0x1bUL),
            ("ipVersion", 4UL),
            ("flowStartSysUpTime", 4215019773UL),
            ("flowEndSysUpTime", 4215020202UL));
        // tshark: Timestamp 1553946008, SysUptime 0.003 s, StartTime 4215019.773 s, EndTime 4215020.202 s:
        // the uptime wrapped since the flow started, so the flow is (3 - 4215019773) mod 2^32 ms old.
        first.ShouldHaveTimes("2019-03-29T13:27:40.474Z", "2019-03-29T13:27:40.903Z");

        // tshark frame 2 (packets_v9_0.bin) flow 1.
        run.Records[8].ShouldHave(
            ("sourceTransportPort", 53UL),
            ("destinationTransportPort", 60034UL),
            ("protocolIdentifier", 17UL),
            ("octetDeltaCount", 328UL),
            ("packetDeltaCount", 2UL));
        // tshark frame 4 (packets_v9_2.bin) flow 12.
        var last = run.Records[^1];
        last.ShouldHave(
            ("sourceTransportPort", 59424UL),
            ("destinationTransportPort", 80UL),
            ("octetDeltaCount", 1436UL),
            ("packetDeltaCount", 20UL),
            ("tcpControlBits", 0x1bUL));
        last.ShouldHaveTimes("2019-03-29T13:27:40.757Z", "2019-03-29T13:29:35.856Z");
    }

    [Fact]
    public void V9_data_before_its_template_in_the_same_packet_gives_the_same_records()
    {
        var inOrder = CorpusReplay.Decode("softflowd/packet_v9_template.bin");
        var mixed = CorpusReplay.Decode("softflowd/packet_v9_template_mixed.bin");

        // tshark reads the mixed packet front to back and finds no template for the first flowset
        // ("Data (320 bytes), no template found"); RFC 3954 §5.4 lets flowsets come in any order.
        mixed.ShouldHaveNoErrors();
        mixed.ShouldHaveCounts(data: 8, options: 0);
        mixed.Counters.PendingSetsHeld.ShouldBe(0);
        mixed.Records.Count.ShouldBe(inOrder.Records.Count);
        for (int i = 0; i < inOrder.Records.Count; i++)
        {
            var (expected, actual) = (inOrder.Records[i], mixed.Records[i]);
            actual.TemplateId.ShouldBe(expected.TemplateId);
            actual.Start.ShouldBe(expected.Start);
            actual.End.ShouldBe(expected.End);
            actual.Fields.ShouldBe(expected.Fields, ignoreOrder: true);
        }
        mixed.Records[0].ShouldHave(("sourceTransportPort", 80UL), ("octetDeltaCount", 102416UL));
    }

    [Fact]
    public void V9_data_for_a_template_never_sent_is_held_and_the_zero_tail_is_padding()
    {
        var run = CorpusReplay.Decode("softflowd/packet_v9_with_zeros.bin");

        // README and tshark: 5 flowsets of template 260 ("no template found"), then zeros to 1000 bytes.
        run.ShouldHaveCounts(data: 0, options: 0);
        run.Errors.Count.ShouldBe(5);
        run.Errors.ShouldAllBe(e => e.Status == DecodeStatus.TemplateMissing && e.TemplateId == 260 && e.Version == 9);
        run.Errors.Select(e => e.Offset).ShouldBe([20, 92, 164, 236, 308]); // flowset length 72 each
        run.Counters.Errors(DecodeStatus.TemplateMissing).ShouldBe(5);
        run.Counters.TotalErrors.ShouldBe(5);
        run.Counters.PendingSetsHeld.ShouldBe(5);
        run.Session.PendingSets.ShouldBe(5);
        run.Counters.PaddingBytes.ShouldBe(620);
    }

    [Fact]
    public void Ipfix_templates_options_and_data()
    {
        var run = CorpusReplay.Decode("softflowd/packet_ipfix_template.bin", "softflowd/packet_ipfix.bin");

        run.ShouldHaveNoErrors();
        // README: 20 records incl. the options record, then 3. tshark: 1 + 2 + 2 + 9 + 1 + 2 + 1 + 2, then 2 + 1.
        run.ShouldHaveCounts(data: 22, options: 1);
        run.Counters.TemplatesAdded.ShouldBe(5);

        // tshark set 6: options template 256, scope meteringProcessId.
        var options = run.Options.ShouldHaveSingleItem();
        options.TemplateId.ShouldBe((ushort)256);
        options.ShouldHave(
            ("meteringProcessId", 2649UL),
            ("systemInitTimeMilliseconds", Utc("2020-04-01T09:59:25.729Z")),
            ("samplingPacketInterval", 1UL),
            ("samplingPacketSpace", 0UL),
            ("selectorAlgorithm", 1UL));

        // tshark set 7 flow 1.
        var tcp = run.OfTemplate(1024)[0];
        tcp.ShouldHave(
            ("sourceIPv4Address", Ip("127.0.0.1")),
            ("destinationIPv4Address", Ip("172.17.0.2")),
            ("sourceTransportPort", 443UL),
            ("destinationTransportPort", 57766UL),
            ("protocolIdentifier", 6UL),
            ("octetDeltaCount", 5575UL),
            ("packetDeltaCount", 13UL),
            ("tcpControlBits", 0x1bUL),
            ("flowStartSysUpTime", 4286502536UL),
            ("flowEndSysUpTime", 4286502714UL));
        // RFC 7011 flowStartSysUpTime counts from the domain's systemInitTimeMilliseconds (options above):
        // 2020-04-01T09:59:25.729Z + 4286502.536 s / + 4286502.714 s.
        tcp.ShouldHaveTimes("2020-05-21T00:41:08.265Z", "2020-05-21T00:41:08.443Z");

        // tshark set 8 flow 1 (ICMP, template 1025) and set 9 flow 1 (ICMPv6, template 2049).
        run.OfTemplate(1025)[0].ShouldHave(
            ("sourceIPv4Address", Ip("172.17.0.2")),
            ("destinationIPv4Address", Ip("172.17.0.1")),
            ("icmpTypeCodeIPv4", 0x0800UL),
            ("octetDeltaCount", 252UL),
            ("packetDeltaCount", 3UL));
        var icmp6 = run.OfTemplate(2049)[0];
        icmp6.ShouldHave(
            ("sourceIPv6Address", Ip("fde6:6f14:e0f1:9609:0:242:ac11:2")),
            ("destinationIPv6Address", Ip("ff02::1:ff11:1")),
            ("icmpTypeCodeIPv6", 135UL << 8), // neighbour solicitation, code 0
            ("octetDeltaCount", 432UL),
            ("packetDeltaCount", 6UL),
            ("ipVersion", 6UL));
        icmp6.ShouldHaveTimes("2020-05-21T00:40:12.023Z", "2020-05-21T00:40:17.078Z");

        // tshark frame 2, set 2 (template 2048) flow 1: the last record.
        run.Records[^1].ShouldHave(
            ("sourceIPv6Address", Ip("fde6:6f14:e0f1:9609:0:affe:affe:affe")),
            ("destinationIPv6Address", Ip("2a04:4e42:200::223")),
            ("sourceTransportPort", 58700UL),
            ("destinationTransportPort", 443UL),
            ("protocolIdentifier", 6UL),
            ("tcpControlBits", 0x02UL),
            ("octetDeltaCount", 320UL),
            ("packetDeltaCount", 4UL));
    }

    [Fact]
    public void Ipfix_vlan_and_mac_fields()
    {
        var run = CorpusReplay.Decode("softflowd/packet_ipfix_template_ether.bin", "softflowd/packet_ipfix_ether.bin");

        run.ShouldHaveNoErrors();
        run.ShouldHaveCounts(data: 22, options: 1);
        // tshark set 6: System Init Time Jan 25, 1994 23:00:00 UTC.
        run.Options.ShouldHaveSingleItem().ShouldHave(
            ("meteringProcessId", 9UL),
            ("systemInitTimeMilliseconds", Utc("1994-01-25T23:00:00Z")));
        // tshark set 7 flow 1: fields 58/59 SRC/DST_VLAN, 56 SRC_MAC, 57 DST_MAC.
        var first = run.OfTemplate(1024)[0];
        first.ShouldHave(
            ("sourceIPv4Address", Ip("127.0.0.1")),
            ("destinationIPv4Address", Ip("172.17.0.2")),
            ("sourceTransportPort", 443UL),
            ("destinationTransportPort", 57766UL),
            ("octetDeltaCount", 5575UL),
            ("packetDeltaCount", 13UL),
            ("vlanId", 0UL),
            ("postVlanId", 0UL),
            ("sourceMacAddress", "12:34:56:af:fe:fe"),
            ("postDestinationMacAddress", "af:fe:af:fe:af:fe"));
        // systemInitTime 1994-01-25T23:00:00Z + 3851131.019 s / 3851131.198 s.
        first.ShouldHaveTimes("1994-03-11T12:45:31.019Z", "1994-03-11T12:45:31.198Z");
        // tshark set 8 flow 1 (template 1025, ICMP).
        run.OfTemplate(1025)[0].ShouldHave(
            ("icmpTypeCodeIPv4", 0x0800UL),
            ("sourceMacAddress", "af:fe:af:fe:af:fe"),
            ("postDestinationMacAddress", "02:42:aa:73:bb:fa"));
    }

    [Fact]
    public void Ipfix_data_set_padding_and_interface_name_option()
    {
        var run = CorpusReplay.Decode("softflowd/packet_ipfix_padding.bin");

        run.ShouldHaveNoErrors();
        run.ShouldHaveCounts(data: 2, options: 1);
        // tshark: set 6 (id 1025, length 84) holds 2 records of 39 bytes and "Padding: 0000"
        // (2 bytes; the corpus README says 4).
        run.Counters.PaddingBytes.ShouldBe(2);
        run.Data[0].ShouldHave(
            ("sourceIPv4Address", Ip("127.0.0.1")),
            ("destinationIPv4Address", Ip("127.0.0.1")),
            ("flowDirection", 0UL),
            ("flowEndReason", 1UL), // idle timeout
            ("icmpTypeCodeIPv4", 0x0800UL),
            ("protocolIdentifier", 1UL),
            ("octetDeltaCount", 252UL),
            ("packetDeltaCount", 3UL),
            ("flowStartSysUpTime", 4294903760UL),
            ("flowEndSysUpTime", 4294905847UL));
        run.Data[1].ShouldHave(("icmpTypeCodeIPv4", 0UL));
        // tshark set 7: IF_NAME (IE 82) "testcapture_sing" in 16 bytes, no NUL.
        run.Options.ShouldHaveSingleItem().ShouldHave(
            ("meteringProcessId", 45786UL),
            ("systemInitTimeMilliseconds", Utc("2023-08-19T12:12:00.686Z")),
            ("interfaceName", "testcapture_sing"));
    }

    [Fact]
    public void Ipfix_sysuptime_times_of_data_decoded_before_the_options_that_give_system_init_time()
    {
        var run = CorpusReplay.Decode("softflowd/packet_ipfix_padding.bin");

        // The systemInitTimeMilliseconds record (set 7) comes after the data (set 6) in the same
        // message and no earlier message gave one; options data sets are decoded before data sets,
        // so the data still gets absolute times: 2023-08-19T12:12:00.686Z + 4294903.760 s and + 4294905.847 s.
        run.Data[0].Start.ShouldBe(new DateTime(2023, 10, 8, 5, 13, 44, 446, DateTimeKind.Utc));
        run.Data[0].End.ShouldBe(new DateTime(2023, 10, 8, 5, 13, 46, 533, DateTimeKind.Utc));
    }

    [Fact]
    public void Invalid_packet_is_an_unknown_version_and_decodes_nothing()
    {
        var run = CorpusReplay.Decode("softflowd/packet_invalid.bin");

        // README: 21 bytes of 0xFF; tshark shows it as plain data. Version 0xFFFF.
        var error = run.Errors.ShouldHaveSingleItem();
        error.Status.ShouldBe(DecodeStatus.UnknownVersion);
        error.Offset.ShouldBe(0);
        error.Version.ShouldBe((ushort)0xFFFF);
        run.Counters.Errors(DecodeStatus.UnknownVersion).ShouldBe(1);
        run.Counters.TotalErrors.ShouldBe(1);
        run.Records.ShouldBeEmpty();
        run.Counters.Messages.ShouldBe(0);
    }
}
