using Shouldly;
using Xunit;
using static NetFlow.Protocol.Tests.Corpus.CorpusAssertions;

namespace NetFlow.Protocol.Tests.Corpus;

/// <summary>
/// NetFlow v9 files of tests/data/corpus/vendors from firewalls, Linux probes and the Chinese
/// router vendors. Expected values are Wireshark 4.0's (`tshark -d udp.port==2055,cflow -V`) unless a
/// comment says they were decoded by hand from the hex because tshark cannot; absolute times from
/// sysUpTime are worked out from tshark's fields as described on <see cref="SoftflowdCorpusTests"/>.
/// </summary>
public sealed class NetFlowV9VendorCorpusTests
{
    /// <summary>
    /// ipt_NETFLOW sends fields shorter than their type (RFC 7011 §6.2 reduced-size encoding):
    /// INPUT_SNMP, OUTPUT_SNMP and the physical interfaces (unsigned32) in 2 bytes. Its data for
    /// templates 259 and 262, never sent in this capture, is held (tshark: "no template found").
    /// </summary>
    [Fact]
    public void Iptnetflow_reduced_size_fields_and_data_of_unknown_templates()
    {
        var run = CorpusReplay.Decode("vendors/netflow9_test_iptnetflow_reduced_size_encoding_tpldata260.dat");

        // tshark: flowsets of 260 with 5 + 1 + 3 + 1 + 2 flows; five of 259 and one of 262 without template.
        run.ShouldHaveCounts(data: 12, options: 0);
        run.Records.ShouldAllBe(r => r.TemplateId == 260);
        run.Errors.Count.ShouldBe(6);
        run.Errors.ShouldAllBe(e => e.Status == DecodeStatus.TemplateMissing);
        run.Errors.Select(e => (int)e.TemplateId).ShouldBe([259, 259, 259, 262, 259, 259]);
        run.Counters.Errors(DecodeStatus.TemplateMissing).ShouldBe(6);
        run.Counters.TotalErrors.ShouldBe(6);
        run.Counters.PendingSetsHeld.ShouldBe(6);
        run.Session.PendingSets.ShouldBe(6);

        var first = run.Records[0];
        first.ShouldHave(
            ("sourceIPv4Address", Ip("37.122.1.226")),
            ("destinationIPv4Address", Ip("193.151.198.166")),
            ("ipNextHopIPv4Address", Ip("193.151.192.17")),
            ("sourceTransportPort", 27622UL),
            ("destinationTransportPort", 36025UL),
            ("tcpControlBits", 0x02UL),
            ("ingressInterface", 7UL), // 2 bytes on the wire
            ("egressInterface", 7UL),
            ("ingressPhysicalInterface", 7UL),
            ("egressPhysicalInterface", 7UL),
            ("packetDeltaCount", 3UL),
            ("octetDeltaCount", 156UL),
            ("protocolIdentifier", 6UL),
            ("destinationMacAddress", "00:1b:21:bc:24:dd"),
            ("sourceMacAddress", "90:e2:ba:23:09:fc"),
            ("ethernetType", 2048UL));
        // tshark: Timestamp 1518932829, SysUptime 1289283.392 s, StartTime 1289259.392 s, EndTime 1289268.388 s.
        first.ShouldHaveTimes("2018-02-18T05:46:45.000Z", "2018-02-18T05:46:53.996Z");
        // tshark flowset 12 flow 2.
        run.Records[^1].ShouldHave(
            ("sourceIPv4Address", Ip("2.17.140.47")),
            ("destinationIPv4Address", Ip("10.233.150.21")),
            ("sourceTransportPort", 443UL),
            ("destinationTransportPort", 38164UL),
            ("tcpControlBits", 0x19UL),
            ("egressInterface", 8UL),
            ("egressPhysicalInterface", 8UL),
            ("packetDeltaCount", 3UL),
            ("octetDeltaCount", 187UL));
        run.Records[^1].ShouldHaveTimes("2018-02-18T05:46:53.800Z", "2018-02-18T05:46:53.992Z");
    }

    /// <summary>
    /// The corpus has reduced-size fields of 2 and 4 bytes only, so odd sizes are checked on a
    /// datagram built here in the ipt_NETFLOW manner: counters (unsigned64) in 3, 1 and 5 bytes.
    /// </summary>
    [Fact]
    public void Reduced_size_counters_of_1_3_and_5_bytes()
    {
        byte[] datagram =
        [
            0x00, 0x09, 0x00, 0x02, 0x00, 0x00, 0x03, 0xe8, 0x65, 0x53, 0xf1, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x07,
            // template flowset: template 300, 4 fields
            0x00, 0x00, 0x00, 0x18, 0x01, 0x2c, 0x00, 0x04,
            0x00, 0x01, 0x00, 0x03, // IN_BYTES (octetDeltaCount) in 3 bytes
            0x00, 0x02, 0x00, 0x01, // IN_PKTS (packetDeltaCount) in 1 byte
            0x00, 0x17, 0x00, 0x05, // OUT_BYTES (postOctetDeltaCount) in 5 bytes
            0x00, 0x0a, 0x00, 0x02, // INPUT_SNMP (ingressInterface, unsigned32) in 2 bytes
            // data flowset 300: one 11-byte record and 1 byte of padding
            0x01, 0x2c, 0x00, 0x10,
            0x01, 0x86, 0xa0, 0xc8, 0x01, 0x02, 0x03, 0x04, 0x05, 0x00, 0x07, 0x00,
        ];
        var run = CorpusReplay.DecodeDatagrams(datagram);

        run.ShouldHaveNoErrors();
        run.ShouldHaveCounts(data: 1, options: 0);
        run.Counters.PaddingBytes.ShouldBe(1);
        run.Records[0].ShouldHave(
            ("octetDeltaCount", 0x0186a0UL), // 100000
            ("packetDeltaCount", 0xc8UL), // 200
            ("postOctetDeltaCount", 0x0102030405UL),
            ("ingressInterface", 7UL));
    }

    /// <summary>
    /// tshark gives up at IPV4_ROUTER_SC (43) sent in 2 bytes ("Trying to fetch an IPv4 address with
    /// length 2", malformed packet) and shows only the first record; the fields after it and the other
    /// 15 records (16 flowsets of 84 bytes, header count 16) are decoded by hand from the hex.
    /// </summary>
    [Fact]
    public void H3c_netstream()
    {
        var run = CorpusReplay.Decode("vendors/netflow9_test_h3c_tpl3281.dat", "vendors/netflow9_test_h3c_data3281.dat");

        run.ShouldHaveNoErrors();
        run.ShouldHaveCounts(data: 16, options: 0);
        var first = run.Records[0];
        first.Domain.ShouldBe(2816u);
        first.ShouldHave(
            ("packetDeltaCount", 697UL),
            ("octetDeltaCount", 1027087UL),
            ("ingressInterface", 2662UL),
            ("egressInterface", 1590UL),
            ("sourceIPv4Address", Ip("10.22.166.30")),
            ("destinationIPv4Address", Ip("10.22.163.21")),
            ("ipNextHopIPv4Address", Ip("10.21.25.142")),
            ("ipVersion", 4UL),
            ("protocolIdentifier", 6UL),
            ("sourceIPv4PrefixLength", 24UL),
            ("destinationIPv4PrefixLength", 24UL),
            ("flowDirection", 0UL),
            ("forwardingStatus", 0UL),
            // By hand: 00 00 | 00 | 00 | 00 00 00 00 | ff ff ff ff | 00 00 00 00
            ("ipv4RouterSc", "0000"), // an IPv4 address in 2 bytes: kept as hex
            ("samplingAlgorithm", 0UL),
            ("nf9_0", "00"), // field type 0, which no dictionary names
            ("samplingInterval", 0UL),
            ("dstTrafficIndex", 4294967295UL),
            ("srcTrafficIndex", 0UL));
        // tshark: Timestamp 1526894704, SysUptime 3958284.405 s, StartTime 3958194.563 s, EndTime 3958284.082 s.
        first.ShouldHaveTimes("2018-05-21T09:23:34.158Z", "2018-05-21T09:25:03.677Z");
        // By hand, the 16th flowset: packets 9, octets 0x13e4, in 0x0a66, out 0x06cf, 10.22.166.36 -> 10.21.75.38.
        run.Records[15].ShouldHave(
            ("packetDeltaCount", 9UL),
            ("octetDeltaCount", 5092UL),
            ("egressInterface", 1743UL),
            ("sourceIPv4Address", Ip("10.22.166.36")),
            ("destinationIPv4Address", Ip("10.21.75.38")),
            ("ipNextHopIPv4Address", Ip("10.21.17.78")));
    }

    /// <summary>
    /// VRFname (236) is variable-length in v9 (length 65535 in the template). This record sends it
    /// in the three-byte form (ff 00 01) holding one NUL byte: an empty name. tshark stops before it
    /// (see <see cref="H3c_netstream"/>); decoded by hand from the hex.
    /// </summary>
    [Fact]
    public void H3c_netstream_variable_length_vrf_name()
    {
        var run = CorpusReplay.Decode(
            "vendors/netflow9_test_h3c_netstream_varstring_tpl3281.dat", "vendors/netflow9_test_h3c_netstream_varstring_data3281.dat");

        run.ShouldHaveNoErrors();
        run.ShouldHaveCounts(data: 1, options: 0);
        run.Session.Templates.TryGet(9, 0, 3281, out var template).ShouldBeTrue();
        template!.IsFixedLength.ShouldBeFalse();
        var record = run.Records[0];
        record.ShouldHave(
            ("packetDeltaCount", 9UL),
            ("octetDeltaCount", 702UL),
            ("ingressInterface", 17UL),
            ("sourceIPv4Address", Ip("20.20.20.20")),
            ("destinationIPv4Address", Ip("20.20.255.255")),
            ("sourceTransportPort", 137UL),
            ("destinationTransportPort", 137UL),
            ("protocolIdentifier", 17UL),
            ("sourceIPv4PrefixLength", 32UL),
            ("dstTrafficIndex", 4294967295UL),
            ("VRFname", ""));
        // The flowset is 88 bytes: 80 fixed + 3 length + 1 value = 84, and nothing left over.
        run.Counters.PaddingBytes.ShouldBe(0);
        // tshark: Timestamp 1531877735, SysUptime 1871.244 s, StartTime 1809.518 s, EndTime 1839.213 s.
        record.ShouldHaveTimes("2018-07-18T01:34:33.274Z", "2018-07-18T01:35:02.969Z");
    }

    /// <summary>Huawei NetStream: responderOctets (232, unsigned64) in 2 bytes; paddingOctets (210) in the template.</summary>
    [Fact]
    public void Huawei_netstream()
    {
        var run = CorpusReplay.Decode("vendors/netflow9_test_huawei_netstream_tpl.dat", "vendors/netflow9_test_huawei_netstream_data.dat");

        run.ShouldHaveNoErrors();
        run.ShouldHaveCounts(data: 1, options: 0);
        var record = run.Records[0];
        record.TemplateId.ShouldBe((ushort)1315);
        record.ShouldHave(
            ("sourceIPv4Address", Ip("10.108.219.53")),
            ("destinationIPv4Address", Ip("10.111.112.204")),
            ("ipNextHopIPv4Address", Ip("10.108.252.41")),
            ("packetDeltaCount", 4UL),
            ("octetDeltaCount", 200UL),
            ("bgpNextHopIPv4Address", Ip("0.0.0.0")),
            ("ingressInterface", 8UL),
            ("egressInterface", 31UL),
            ("sourceTransportPort", 45587UL),
            ("destinationTransportPort", 2598UL),
            ("vlanId", 0UL),
            ("postVlanId", 0UL),
            ("responderOctets", 0UL),
            ("tcpControlBits", 0x18UL),
            ("protocolIdentifier", 6UL),
            ("sourceIPv4PrefixLength", 24UL),
            ("destinationIPv4PrefixLength", 25UL),
            ("flowDirection", 1UL),
            ("paddingOctets", "000000"));
        // tshark: Timestamp 1517194940, SysUptime 2678492.632 s, StartTime 2678164.572 s, EndTime 2678491.632 s.
        record.ShouldHaveTimes("2018-01-29T02:56:51.940Z", "2018-01-29T03:02:19.000Z");
    }

    [Fact]
    public void Flow_start_and_end_seconds_and_unaligned_options_templates()
    {
        var run = CorpusReplay.Decode("vendors/netflow9_test_unknown_tpl266_292_data.dat");

        run.ShouldHaveNoErrors();
        run.ShouldHaveCounts(data: 2, options: 0);
        // tshark: options templates 256 and 257 in 26-byte flowsets, templates 266 and 292.
        run.Counters.TemplatesAdded.ShouldBe(4);
        var in266 = run.OfTemplate(266).ShouldHaveSingleItem();
        in266.ShouldHave(
            ("sourceIPv4Address", Ip("192.168.0.3")),
            ("destinationIPv4Address", Ip("192.168.0.2")),
            ("sourceTransportPort", 137UL),
            ("ingressInterface", 13UL),
            ("flowStartSeconds", Utc("2017-12-01T17:04:26Z")),
            ("flowEndSeconds", Utc("2017-12-01T17:04:26Z")),
            ("octetDeltaCount", 78UL),
            ("packetDeltaCount", 1UL),
            ("samplerId", 1UL));
        in266.ShouldHaveTimes("2017-12-01T17:04:26Z", "2017-12-01T17:04:26Z");
        var in292 = run.OfTemplate(292).ShouldHaveSingleItem();
        in292.ShouldHave(
            ("sourceIPv4Address", Ip("192.168.0.4")),
            ("destinationTransportPort", 6343UL),
            ("egressInterface", 13UL),
            ("flowDirection", 1UL),
            ("octetDeltaCount", 232UL));
        in292.ShouldHaveTimes("2017-12-01T17:04:29Z", "2017-12-01T17:04:29Z");
    }

    /// <summary>
    /// One 160-byte flowset, then zeros to 1400 bytes: the zeros are padding (counted), not a set.
    /// tshark does not name the PAN-OS fields 56701/56702 (it shows "Unknown Field Type" with the
    /// bytes "kerberos\0..." and "unknown\0..."); the strings are read from those bytes.
    /// </summary>
    [Fact]
    public void Palo_alto_81_one_flowset_in_a_zero_filled_datagram()
    {
        var run = CorpusReplay.Decode(
            "vendors/netflow9_test_paloalto_81_tpl256-263.dat",
            "vendors/netflow9_test_paloalto_81_data257_1flowset_in_large_zerofilled_packet.dat");

        run.ShouldHaveNoErrors();
        run.ShouldHaveCounts(data: 1, options: 0);
        run.Counters.TemplatesAdded.ShouldBe(8);
        // 1 byte after the 155-byte record inside the flowset (tshark "Padding: 00") + 1400 - 20 - 160 zeros.
        run.Counters.PaddingBytes.ShouldBe(1 + 1220);
        var record = run.Records[0];
        record.Domain.ShouldBe(16777216u);
        record.ShouldHave(
            ("octetDeltaCount", 363UL),
            ("packetDeltaCount", 3UL),
            ("protocolIdentifier", 6UL),
            ("tcpControlBits", 0x5eUL),
            ("sourceTransportPort", 88UL),
            ("sourceIPv4Address", Ip("134.220.2.6")),
            ("ingressInterface", 500010024UL),
            ("destinationTransportPort", 50234UL),
            ("destinationIPv4Address", Ip("134.220.1.156")),
            ("egressInterface", 500010002UL),
            ("flowDirection", 0UL),
            ("flowId", 1428388UL),
            ("firewallEvent", 2UL),
            ("privateEnterpriseNumber", 25461UL),
            ("appId", "kerberos"),
            ("userId", "unknown"));
        // tshark: Timestamp 1528291217, SysUptime 1062408.704 s, Start = End = 1062393.704 s.
        record.ShouldHaveTimes("2018-06-06T13:20:02Z", "2018-06-06T13:20:02Z");
    }

    [Fact]
    public void Palo_alto_panos_app_id_and_user()
    {
        var run = CorpusReplay.Decode("vendors/netflow9_test_paloalto_panos_tpl.dat", "vendors/netflow9_test_paloalto_panos_data.dat");

        run.ShouldHaveNoErrors();
        run.ShouldHaveCounts(data: 8, options: 0); // tshark: 8 flowsets of 257, 159 bytes each
        run.Counters.TemplatesAdded.ShouldBe(8);
        var first = run.Records[0];
        first.Domain.ShouldBe(1u);
        first.ShouldHave(
            ("octetDeltaCount", 70UL),
            ("packetDeltaCount", 1UL),
            ("tcpControlBits", 0x12UL),
            ("sourceTransportPort", 80UL),
            ("sourceIPv4Address", Ip("23.35.171.27")),
            ("ingressInterface", 23UL),
            ("destinationTransportPort", 49519UL),
            ("destinationIPv4Address", Ip("10.32.91.205")),
            ("egressInterface", 24UL),
            ("flowId", 421604UL),
            ("firewallEvent", 1UL),
            ("privateEnterpriseNumber", 25461UL),
            ("appId", "incomplete"), // tshark Type 56701: 69 6e 63 6f 6d 70 6c 65 74 65 00 ...
            ("userId", "")); // tshark Type 56702: all zeros
        // tshark: Timestamp 1510583971, SysUptime = Start = End = 1803238.112 s.
        first.ShouldHaveTimes("2017-11-13T14:39:31Z", "2017-11-13T14:39:31Z");
        // tshark flowset 2: 73 73 6c 00 ...
        run.Records[1].ShouldHave(("appId", "ssl"), ("octetDeltaCount", 111UL), ("sourceIPv4Address", Ip("10.32.105.103")));
        run.Records[5].ShouldHave(("flowId", 34078638UL), ("sourceTransportPort", 5432UL), ("appId", "incomplete"));
    }

    [Fact]
    public void Fortigate_fortios_521_options_and_data()
    {
        var run = CorpusReplay.Decode(
            "vendors/netflow9_test_fortigate_fortios_521_tpl.dat",
            "vendors/netflow9_test_fortigate_fortios_521_data256.dat",
            "vendors/netflow9_test_fortigate_fortios_521_data257.dat");

        run.ShouldHaveNoErrors();
        run.ShouldHaveCounts(data: 1, options: 1);
        run.Counters.TemplatesAdded.ShouldBe(5);
        // tshark frame 2: scope System in 2 bytes.
        run.Options.ShouldHaveSingleItem().ShouldHave(
            ("scopeSystem", "0001"),
            ("exportedOctetTotalCount", 6871319015UL),
            ("exportedMessageTotalCount", 11920854UL),
            ("exportedFlowRecordTotalCount", 107864UL),
            ("flowActiveTimeout", 1800UL),
            ("flowIdleTimeout", 15UL),
            ("samplingInterval", 1UL),
            ("samplingAlgorithm", 1UL));
        var flow = run.Data.ShouldHaveSingleItem();
        flow.ShouldHave(
            ("octetDeltaCount", 152UL),
            ("postOctetDeltaCount", 0UL),
            ("packetDeltaCount", 3UL),
            ("postPacketDeltaCount", 0UL),
            ("sourceTransportPort", 61910UL),
            ("destinationTransportPort", 443UL),
            ("ingressInterface", 9UL),
            ("egressInterface", 3UL),
            ("protocolIdentifier", 6UL),
            ("sourceIPv4Address", Ip("192.168.99.7")),
            ("destinationIPv4Address", Ip("31.13.87.36")),
            ("flowStartSysUpTime", 621761700UL),
            ("flowEndSysUpTime", 621770700UL));
        // tshark: Timestamp 1500356519, SysUptime 20412.178 s, StartTime 621761.700 s, EndTime 621770.700 s:
        // FortiOS 5.2.1 stamps flows far ahead of its own uptime, so the rule (difference modulo 2^32,
        // read as signed) puts them 601349.522 s after the export time.
        flow.ShouldHaveTimes("2017-07-25T04:44:28.522Z", "2017-07-25T04:44:37.522Z");
    }

    [Fact]
    public void Fortigate_fortios_542_application_id()
    {
        var run = CorpusReplay.Decode(
            "vendors/netflow9_test_fortigate_fortios_542_appid_tpl258-269.dat",
            "vendors/netflow9_test_fortigate_fortios_542_appid_data258_262.dat");

        run.ShouldHaveNoErrors();
        run.ShouldHaveCounts(data: 17, options: 0); // tshark: 17 flowsets of one flow each
        run.Counters.TemplatesAdded.ShouldBe(14);
        var first = run.Records[0];
        first.TemplateId.ShouldBe((ushort)262);
        first.ShouldHave(
            ("octetDeltaCount", 748UL),
            ("postOctetDeltaCount", 748UL),
            ("packetDeltaCount", 6UL),
            ("postPacketDeltaCount", 6UL),
            ("sourceTransportPort", 45380UL),
            ("destinationTransportPort", 80UL),
            ("ingressInterface", 8UL),
            ("egressInterface", 2UL),
            ("protocolIdentifier", 6UL),
            // tshark: Classification Engine ID PANA-L7-PEN (20), Selector ID 0000304400008f34: Fortinet's
            // PEN 12356 (0x3044) and application 36660 (0x8f34).
            ("applicationId", "140000304400008f34"),
            ("nf9_65", "0c4c"), // tshark: Unknown Field Type 65; no dictionary names it
            ("forwardingStatus", 0x40UL),
            ("flowEndReason", 3UL),
            ("sourceIPv4Address", Ip("192.168.100.151")),
            ("destinationIPv4Address", Ip("182.50.136.239")),
            ("postNATSourceIPv4Address", Ip("10.0.0.250")),
            ("postNATDestinationIPv4Address", Ip("0.0.0.0")),
            ("postNAPTSourceTransportPort", 45380UL),
            ("postNAPTDestinationTransportPort", 0UL));
        // tshark: Timestamp 1526000051, SysUptime 2432.100 s, StartTime 2430.680 s, EndTime 2431.090 s.
        first.ShouldHaveTimes("2018-05-11T00:54:09.580Z", "2018-05-11T00:54:09.990Z");
    }

    [Fact]
    public void Juniper_srx_options_template_with_a_zero_length_scope()
    {
        var run = CorpusReplay.Decode("vendors/netflow9_test_juniper_srx_tplopt.dat");

        run.ShouldHaveNoErrors();
        // tshark: options template 256 with scope System of length 0, its data, then template 257.
        run.ShouldHaveCounts(data: 0, options: 1);
        run.Counters.TemplatesAdded.ShouldBe(2);
        run.Session.Templates.TryGet(9, 142, 256, out var options).ShouldBeTrue();
        options!.ScopeFieldCount.ShouldBe(1);
        options.FieldList[0].Length.ShouldBe((ushort)0);
        var record = run.Options.ShouldHaveSingleItem();
        record.Domain.ShouldBe(142u);
        record.ShouldHave(
            ("scopeSystem", ""),
            ("samplingAlgorithm", 2UL), // random sampling
            ("samplingInterval", 1UL));
        run.Counters.PaddingBytes.ShouldBe(3); // tshark: "Padding: 000000" after the 5-byte record
        run.Session.Templates.TryGet(9, 142, 257, out var data).ShouldBeTrue();
        data!.FieldList.Count.ShouldBe(21);
    }

    [Fact]
    public void Template_with_zero_length_fields()
    {
        var run = CorpusReplay.Decode("vendors/netflow9_test_0length_fields_tpl_data.dat");

        run.ShouldHaveNoErrors();
        run.ShouldHaveCounts(data: 10, options: 0); // tshark: flowset 256, 10 flows
        run.Counters.TemplatesAdded.ShouldBe(2);
        // tshark: fields 19..21 of templates 256 and 257 are type 0, length 0.
        run.Session.Templates.TryGet(9, 0, 256, out var template).ShouldBeTrue();
        template!.FieldList.Count.ShouldBe(21);
        template.FieldList.Skip(18).ShouldAllBe(f => f.Length == 0);
        var first = run.Records[0];
        first.ShouldHave(
            ("sourceIPv4Address", Ip("239.255.255.250")),
            ("destinationIPv4Address", Ip("192.168.1.80")),
            ("ingressInterface", 3UL),
            ("egressInterface", 2UL),
            ("packetDeltaCount", 0UL),
            ("octetDeltaCount", 0UL),
            ("protocolIdentifier", 2UL),
            ("sourceIPv4PrefixLength", 32UL),
            ("flowDirection", 1UL),
            ("engineId", 2UL),
            ("nf9_0", ""),
            ("nf9_0#2", ""),
            ("nf9_0#3", ""));
        // tshark: Timestamp 1482456931, SysUptime 4175.241 s, Start = End = 4132.540 s.
        first.ShouldHaveTimes("2016-12-23T01:34:48.299Z", "2016-12-23T01:34:48.299Z");
        run.Records[1].ShouldHave(
            ("sourceIPv4Address", Ip("192.168.1.80")),
            ("postPacketDeltaCount", 1UL),
            ("postOctetDeltaCount", 32UL),
            ("engineId", 1UL));
    }
}
