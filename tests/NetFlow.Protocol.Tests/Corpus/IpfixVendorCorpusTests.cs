using Shouldly;
using Xunit;
using static NetFlow.Protocol.Tests.Corpus.CorpusAssertions;

namespace NetFlow.Protocol.Tests.Corpus;

/// <summary>
/// IPFIX files of tests/data/corpus/vendors. Expected values are Wireshark 4.0's
/// (`tshark -d udp.port==4739,cflow -V`) unless a comment says they were decoded by hand because
/// tshark cannot (vendor elements it does not name, RFC 6313 lists, several messages in one datagram).
/// </summary>
public sealed class IpfixVendorCorpusTests
{
    /// <summary>
    /// One datagram of three IPFIX messages (484 + 64 + 240 bytes). tshark 4.0 reads only the first
    /// and shows the next headers as sets of id 10; the values of messages 2 and 3 come from tshark
    /// run on the three messages split into frames of their own.
    /// </summary>
    [Fact]
    public void Three_messages_in_one_datagram_with_system_init_time()
    {
        var run = CorpusReplay.Decode("vendors/ipfix.dat");

        run.ShouldHaveNoErrors();
        run.Counters.MessagesIpfix.ShouldBe(3);
        run.ShouldHaveCounts(data: 6 + 1 + 5, options: 1);
        run.Counters.TemplatesAdded.ShouldBe(3);
        run.Options.ShouldHaveSingleItem().ShouldHave(
            ("meteringProcessId", 2679UL),
            ("systemInitTimeMilliseconds", Utc("2015-05-13T11:20:13.506Z")),
            ("selectorAlgorithm", 1UL),
            ("samplingPacketInterval", 1UL),
            ("samplingPacketSpace", 0UL));
        var first = run.Data[0];
        first.Header.Sequence.ShouldBe(6u);
        first.ShouldHave(
            ("sourceIPv4Address", Ip("192.168.253.1")),
            ("destinationIPv4Address", Ip("192.168.253.128")),
            ("octetDeltaCount", 260UL),
            ("packetDeltaCount", 5UL),
            ("sourceTransportPort", 60560UL),
            ("destinationTransportPort", 22UL),
            ("protocolIdentifier", 6UL),
            ("tcpControlBits", 0x10UL),
            ("vlanId", 0UL),
            ("flowStartSysUpTime", 0UL),
            ("flowEndSysUpTime", 12726UL));
        // systemInitTimeMilliseconds + 0 ms / + 12.726 s.
        first.ShouldHaveTimes("2015-05-13T11:20:13.506Z", "2015-05-13T11:20:26.232Z");
        // Third message (sequence 12), flow 5.
        var last = run.Data[^1];
        last.Header.Sequence.ShouldBe(12u);
        last.ShouldHave(
            ("sourceIPv4Address", Ip("192.168.253.1")),
            ("destinationIPv4Address", Ip("224.0.0.251")),
            ("sourceTransportPort", 5353UL),
            ("protocolIdentifier", 17UL),
            ("octetDeltaCount", 232UL));
        last.ShouldHaveTimes("2015-05-13T11:20:26.247Z", "2015-05-13T11:20:26.247Z");
    }

    [Fact]
    public void Openbsd_pflow()
    {
        var run = CorpusReplay.Decode("vendors/ipfix_test_openbsd_pflow_tpl.dat", "vendors/ipfix_test_openbsd_pflow_data.dat");

        run.ShouldHaveNoErrors();
        run.ShouldHaveCounts(data: 26, options: 0);
        run.Counters.TemplatesAdded.ShouldBe(2);
        var first = run.Records[0];
        first.Domain.ShouldBe(42u);
        first.TemplateId.ShouldBe((ushort)256);
        first.ShouldHave(
            ("sourceIPv4Address", Ip("192.168.0.17")),
            ("destinationIPv4Address", Ip("192.168.0.1")),
            ("ingressInterface", 1UL),
            ("egressInterface", 1UL),
            ("packetDeltaCount", 7UL),
            ("octetDeltaCount", 373UL),
            ("flowStartMilliseconds", Utc("2016-07-21T13:29:59Z")),
            ("flowEndMilliseconds", Utc("2016-07-21T13:29:59Z")),
            ("sourceTransportPort", 64020UL),
            ("destinationTransportPort", 80UL),
            ("protocolIdentifier", 6UL));
        first.ShouldHaveTimes("2016-07-21T13:29:59Z", "2016-07-21T13:29:59Z");
        run.Records[1].ShouldHave(("sourceTransportPort", 80UL), ("packetDeltaCount", 8UL), ("octetDeltaCount", 6634UL));
    }

    [Fact]
    public void Mikrotik_routeros_with_nat_fields()
    {
        var run = CorpusReplay.Decode(
            "vendors/ipfix_test_mikrotik_tpl.dat", "vendors/ipfix_test_mikrotik_data258.dat", "vendors/ipfix_test_mikrotik_data259.dat");

        run.ShouldHaveNoErrors();
        run.ShouldHaveCounts(data: 28 + 18, options: 0);
        var v4 = run.OfTemplate(258)[0];
        v4.ShouldHave(
            ("ipVersion", 4UL),
            ("packetDeltaCount", 2UL),
            ("octetDeltaCount", 152UL),
            ("sourceTransportPort", 123UL),
            ("destinationTransportPort", 123UL),
            ("ingressInterface", 13UL),
            ("egressInterface", 7UL),
            ("protocolIdentifier", 17UL),
            ("sourceIPv4Address", Ip("10.10.8.197")),
            ("destinationIPv4Address", Ip("192.168.128.17")),
            ("ipNextHopIPv4Address", Ip("192.168.224.1")),
            ("postNATSourceIPv4Address", Ip("192.168.230.216")),
            ("postNATDestinationIPv4Address", Ip("192.168.128.17")),
            ("flowStartSysUpTime", 2666794170UL));
        // IPFIX flowStartSysUpTime counts from systemInitTimeMilliseconds, which MikroTik never sends:
        // there is no absolute time to give.
        v4.Start.ShouldBeNull();
        v4.End.ShouldBeNull();
        run.OfTemplate(259)[0].ShouldHave(
            ("ipVersion", 6UL),
            ("packetDeltaCount", 3UL),
            ("octetDeltaCount", 555UL),
            ("sourceTransportPort", 5678UL),
            ("egressInterface", 9UL),
            ("sourceIPv6Address", Ip("fe80::ff:fe00:401")),
            ("destinationIPv6Address", Ip("fe80::ff:fe00:401")),
            ("ipNextHopIPv6Address", Ip("ff02::1")));
    }

    [Fact]
    public void Juniper_mx240_exporter_options()
    {
        var run = CorpusReplay.Decode(
            "vendors/ipfix_test_juniper_mx240_junos151r6s3_opttpl512.dat", "vendors/ipfix_test_juniper_mx240_junos151r6s3_data512.dat");

        run.ShouldHaveNoErrors();
        run.ShouldHaveCounts(data: 0, options: 1);
        var record = run.Options.ShouldHaveSingleItem();
        record.Domain.ShouldBe(524288u);
        record.ShouldHave(
            ("exportingProcessId", 2UL), // scope (tshark FLOW_EXPORTER)
            ("exportedMessageTotalCount", 76UL),
            ("exportedFlowRecordTotalCount", 76UL),
            ("systemInitTimeMilliseconds", Utc("2010-01-06T07:06:38Z")),
            ("exporterIPv4Address", Ip("10.0.0.1")),
            ("exporterIPv6Address", Ip("::")),
            ("samplingInterval", 1000UL),
            ("flowActiveTimeout", 60UL),
            ("flowIdleTimeout", 60UL),
            ("exportProtocolVersion", 10UL),
            ("exportTransportProtocol", 17UL));
        // The domain remembers the init time for its sysUpTime-relative flows.
        run.Session.Domains.Single(d => d.Version == 10 && d.Id == 524288).SystemInitTimeUtc.ShouldBe(Utc("2010-01-06T07:06:38Z"));
    }

    [Fact]
    public void Nokia_bras_nat_subscriber_string()
    {
        var run = CorpusReplay.Decode("vendors/ipfix_test_nokia_bras_tpl.dat", "vendors/ipfix_test_nokia_bras_data256.dat");

        run.ShouldHaveNoErrors();
        run.ShouldHaveCounts(data: 1, options: 0);
        run.Counters.TemplatesAdded.ShouldBe(2);
        var record = run.Records[0];
        record.Domain.ShouldBe(2228226u);
        record.ShouldHave(
            ("flowId", 3389049088UL),
            ("sourceIPv4Address", Ip("10.0.1.228")),
            ("destinationIPv4Address", Ip("10.0.0.34")),
            ("sourceTransportPort", 5878UL),
            ("destinationTransportPort", 80UL),
            ("flowStartMilliseconds", Utc("2017-12-14T07:23:45.148Z")),
            ("protocolIdentifier", 6UL),
            // Nokia (PEN 637) 91, 92, 93, which tshark does not name: 00 64, 00 00, and a
            // variable-length (24 bytes) "USER1@10.10.0.123" padded with NULs.
            ("aluInsideServiceId", 100UL),
            ("aluOutsideServiceId", 0UL),
            ("aluNatSubString", "USER1@10.10.0.123"));
        record.Start.ShouldBe(Utc("2017-12-14T07:23:45.148Z"));
    }

    [Fact]
    public void Barracuda_firewall()
    {
        var run = CorpusReplay.Decode("vendors/ipfix_test_barracuda_tpl.dat", "vendors/ipfix_test_barracuda_data256.dat");

        run.ShouldHaveNoErrors();
        run.ShouldHaveCounts(data: 8, options: 0);
        var first = run.Records[0];
        first.ShouldHave(
            ("ingressInterface", 48660UL),
            ("protocolIdentifier", 17UL),
            ("sourceIPv4Address", Ip("10.99.130.239")),
            ("sourceTransportPort", 65105UL),
            ("destinationIPv4Address", Ip("10.99.252.50")),
            ("destinationTransportPort", 53UL),
            ("egressInterface", 26092UL),
            ("sourceMacAddress", "00:00:00:00:00:00"),
            ("octetTotalCount", 65UL),
            ("packetTotalCount", 1UL),
            ("flowDurationMilliseconds", 20269UL),
            ("octetDeltaCount", 0UL),
            ("packetDeltaCount", 0UL),
            ("firewallEvent", 2UL),
            ("flowStartSysUpTime", 2395375053UL),
            ("flowEndSysUpTime", 2395395322UL));
        first.Start.ShouldBeNull(); // sysUpTime-relative, and no systemInitTimeMilliseconds was sent
    }

    [Fact]
    public void Barracuda_extended_uniflow_enterprise_fields()
    {
        var run = CorpusReplay.Decode(
            "vendors/ipfix_test_barracuda_extended_uniflow_tpl256.dat", "vendors/ipfix_test_barracuda_extended_uniflow_data256.dat");

        run.ShouldHaveNoErrors();
        run.ShouldHaveCounts(data: 2, options: 0);
        // PEN 10704 elements as tshark names them (Timestamp, LogOp, TrafficType, FW Rule, ...).
        run.Records[0].ShouldHave(
            ("pen10704_Timestamp", 1524039407UL), // tshark: Apr 18, 2018 08:16:47 UTC; the dictionaries type it unsigned32
            ("pen10704_LogOp", 1UL), // Allow
            ("pen10704_TrafficType", 0UL), // Forwarding
            ("ingressInterface", 35233UL),
            ("protocolIdentifier", 6UL),
            ("pen10704_FW_Rule", "MTH:MTH-MC-to-Inet"),
            ("sourceIPv4Address", Ip("10.236.5.4")),
            ("sourceTransportPort", 51917UL),
            ("destinationIPv4Address", Ip("64.235.151.76")),
            ("destinationTransportPort", 443UL),
            ("pen10704_ServiceName", "https"),
            ("pen10704_Reason", 0UL),
            ("pen10704_ReasonText", "Normal Operation"),
            ("pen10704_BindIPv4Address", Ip("213.208.150.99")),
            ("pen10704_BindTransportPort", 64238UL),
            ("pen10704_ConnIPv4Address", Ip("64.235.151.76")),
            ("pen10704_ConnTransportPort", 443UL),
            ("egressInterface", 3689UL),
            ("sourceMacAddress", "00:50:56:b9:26:46"),
            ("pen10704_AuditCounter", 4157725UL),
            ("firewallEvent", 1UL));
        run.Records[1].ShouldHave(
            ("sourceIPv4Address", Ip("64.235.151.76")),
            ("sourceTransportPort", 443UL),
            ("destinationTransportPort", 51917UL),
            ("ingressInterface", 3689UL));
    }

    [Fact]
    public void Vmware_vds_enterprise_fields()
    {
        var run = CorpusReplay.Decode(
            "vendors/ipfix_test_vmware_vds_tpl.dat",
            "vendors/ipfix_test_vmware_vds_data264.dat",
            "vendors/ipfix_test_vmware_vds_data266.dat",
            "vendors/ipfix_test_vmware_vds_data266_267.dat");

        run.ShouldHaveNoErrors();
        run.ShouldHaveCounts(data: 1 + 2 + 2, options: 0);
        run.Counters.TemplatesAdded.ShouldBe(13); // tshark: 256..268
        var first = run.Records[0];
        first.TemplateId.ShouldBe((ushort)264);
        first.ShouldHave(
            ("sourceIPv4Address", Ip("172.18.65.21")),
            ("destinationIPv4Address", Ip("172.18.65.211")),
            ("octetDeltaCount", 100UL),
            ("packetDeltaCount", 2UL),
            ("flowStartMilliseconds", Utc("2016-12-22T12:17:37Z")),
            ("flowEndMilliseconds", Utc("2016-12-22T12:17:37Z")),
            ("sourceTransportPort", 61209UL),
            ("destinationTransportPort", 5985UL),
            ("ingressInterface", 3UL),
            ("egressInterface", 11UL),
            ("layer2SegmentId", 0UL),
            ("protocolIdentifier", 6UL),
            ("flowEndReason", 1UL),
            ("tcpControlBits", 0x02UL),
            ("maximumTTL", 128UL),
            ("flowDirection", 1UL),
            // VMware (PEN 6876) 890, 888, 889, which tshark shows as raw 00 01, 00 02, 00.
            ("ingressInterfaceAttr", 1UL),
            ("egressInterfaceAttr", 2UL),
            ("vxlanExportRole", 0UL));
        first.ShouldHaveTimes("2016-12-22T12:17:37Z", "2016-12-22T12:17:37Z");
        run.OfTemplate(266).Select(r => r["ingressInterface"]).ShouldBe([2UL, 3UL, 3UL]);
        run.OfTemplate(267).ShouldHaveSingleItem().ShouldHave(
            ("sourceIPv6Address", Ip("fe80::5187:5cd8:d750:cdc9")),
            ("destinationIPv6Address", Ip("ff02::1:3")),
            ("octetDeltaCount", 144UL),
            ("destinationTransportPort", 5355UL),
            ("maximumTTL", 1UL),
            ("ingressInterfaceAttr", 1UL));
    }

    /// <summary>
    /// YAF: biflow records with RFC 5103 reverse elements (PEN 29305, and CERT's own reverse bit
    /// 0x4000 in PEN 6871) and a subTemplateMultiList (RFC 6313) of MAC addresses. tshark 4.0 does
    /// not decode the list; it shows its bytes: 03 (allOf) c0 04 (template 49156) 00 10 (16 bytes)
    /// 00 0c 29 70 86 09 00 0c 29 8d af c3, and template 49156 is SRC_MAC (56), DESTINATION_MAC (80).
    /// </summary>
    [Fact]
    public void Yaf_biflow_reverse_elements_and_sub_template_multi_list()
    {
        var run = CorpusReplay.Decode(
            "vendors/ipfix_test_yaf_tpls_option_tpl.dat",
            "vendors/ipfix_test_yaf_tpl45841.dat",
            "vendors/ipfix_test_yaf_data45841.dat",
            "vendors/ipfix_test_yaf_data45873.dat",
            "vendors/ipfix_test_yaf_data53248.dat");

        run.ShouldHaveNoErrors();
        run.ShouldHaveCounts(data: 2, options: 1);
        // tshark: 15 template records, 45873 twice (the same bytes both times).
        run.Counters.TemplatesAdded.ShouldBe(14);
        run.Counters.TemplatesRefreshed.ShouldBe(1);

        var dns = run.OfTemplate(45841).ShouldHaveSingleItem();
        dns.ShouldHave(
            ("flowStartMilliseconds", Utc("2016-12-25T12:58:35.818Z")),
            ("flowEndMilliseconds", Utc("2016-12-25T12:58:35.819Z")),
            ("octetTotalCount", 132UL),
            ("reverseOctetTotalCount", 200UL),
            ("packetTotalCount", 2UL),
            ("reversePacketTotalCount", 2UL),
            ("sourceIPv4Address", Ip("172.16.32.201")),
            ("destinationIPv4Address", Ip("172.16.32.100")),
            ("sourceTransportPort", 46086UL),
            ("destinationTransportPort", 53UL),
            ("flowAttributes", 1UL), // CERT 40: 00 01
            ("reverseFlowAttributes", 0UL), // CERT 16424 = 40 | 0x4000
            ("protocolIdentifier", 17UL),
            ("flowEndReason", 1UL),
            ("silkAppLabel", 53UL), // CERT 33: 00 35
            ("reverseFlowDeltaMilliseconds", 1UL), // CERT 21: 00 00 00 01
            ("vlanId", 0UL),
            ("reverseVlanId", 0UL),
            ("ipClassOfService", 0UL),
            ("reverseIpClassOfService", 0UL));
        dns.ShouldHaveTimes("2016-12-25T12:58:35.818Z", "2016-12-25T12:58:35.819Z");
        var macs = dns["subTemplateMultiList"].ShouldBeOfType<DecodedSubTemplateList>();
        macs.Status.ShouldBe(DecodeStatus.Ok);
        macs.Semantic.ShouldBe(Records.ListSemantic.AllOf);
        var mac = macs.Records.ShouldHaveSingleItem();
        mac.TemplateId.ShouldBe((ushort)49156);
        mac.ShouldHave(("sourceMacAddress", "00:0c:29:70:86:09"), ("destinationMacAddress", "00:0c:29:8d:af:c3"));

        var tcp = run.OfTemplate(45873).ShouldHaveSingleItem();
        tcp.ShouldHave(
            ("octetTotalCount", 172UL),
            ("reverseOctetTotalCount", 92UL),
            ("packetTotalCount", 4UL),
            ("reversePacketTotalCount", 2UL),
            ("sourceIPv4Address", Ip("172.16.32.100")),
            ("destinationIPv4Address", Ip("172.16.32.215")),
            ("sourceTransportPort", 63499UL),
            ("destinationTransportPort", 9997UL),
            ("protocolIdentifier", 6UL),
            ("flowEndReason", 3UL),
            ("tcpSequenceNumber", 340533701UL),
            ("reverseTcpSequenceNumber", 3788795034UL),
            ("initialTCPFlags", 0xc2UL), // CERT 14
            ("unionTCPFlags", 0x11UL), // CERT 15
            ("reverseInitialTCPFlags", 0x12UL), // CERT 16398
            ("reverseUnionTCPFlags", 0x11UL), // CERT 16399
            ("ipClassOfService", 0x02UL),
            ("reverseIpClassOfService", 0UL));
        tcp.ShouldHaveTimes("2016-12-25T12:58:33.345Z", "2016-12-25T12:58:34.347Z");
        // tshark: 03 c0 04 00 10 00 0c 29 8d af c3 00 0c 29 a8 6e 2f
        var tcpMacs = tcp["subTemplateMultiList"].ShouldBeOfType<DecodedSubTemplateList>().Records.ShouldHaveSingleItem();
        tcpMacs.ShouldHave(("sourceMacAddress", "00:0c:29:8d:af:c3"), ("destinationMacAddress", "00:0c:29:a8:6e:2f"));

        // tshark: options template 53248 with two scope fields; CERT 100..105 shown as raw bytes.
        run.Options.ShouldHaveSingleItem().ShouldHave(
            ("systemInitTimeMilliseconds", Utc("2016-12-25T12:58:32Z")),
            ("exportedFlowRecordTotalCount", 31UL),
            ("packetTotalCount", 1960UL),
            ("droppedPacketTotalCount", 0UL),
            ("ignoredPacketTotalCount", 58UL),
            ("notSentPacketTotalCount", 0UL),
            ("expiredFragmentCount", 0UL),
            ("assembledFragmentCount", 0UL),
            ("flowTableFlushEventCount", 39UL),
            ("flowTablePeakCount", 58UL),
            ("exporterIPv4Address", Ip("172.16.32.201")),
            ("exportingProcessId", 0UL),
            ("meanFlowRate", 0UL),
            ("meanPacketRate", 6UL));
    }
}
