using System.Net;
using NetFlow.Capture;
using NetFlow.Capture.Internal;
using Shouldly;
using Xunit;

namespace NetFlow.Protocol.Tests.Capture;

/// <summary>Link layers, IP variants and every skip reason, one frame at a time.</summary>
public sealed class FrameDecodingTests
{
    private static readonly byte[] NetflowPayload = TestFrames.Payload(24);
    private static readonly byte[] Ipv4Packet = TestFrames.Ipv4Udp("192.0.2.10", 40000, "198.51.100.1", 2055, NetflowPayload);
    private static readonly byte[] Ipv6Packet = TestFrames.Ipv6Udp("2001:db8::10", 40001, "2001:db8::1", 4739, NetflowPayload);

    private static FrameStatus Decode(uint linkType, byte[] frame, out UdpDatagramView view) =>
        FrameDecoder.Decode(linkType, frame, out view);

    private static void ShouldBeTheIpv4Datagram(byte[] frame, UdpDatagramView view)
    {
        view.SourceAddress.ShouldBe(IPAddress.Parse("192.0.2.10"));
        view.DestinationAddress.ShouldBe(IPAddress.Parse("198.51.100.1"));
        view.SourcePort.ShouldBe((ushort)40000);
        view.DestinationPort.ShouldBe((ushort)2055);
        frame.AsSpan(view.PayloadOffset, view.PayloadLength).ToArray().ShouldBe(NetflowPayload);
    }

    private static void ShouldBeTheIpv6Datagram(byte[] frame, UdpDatagramView view)
    {
        view.SourceAddress.ShouldBe(IPAddress.Parse("2001:db8::10"));
        view.DestinationAddress.ShouldBe(IPAddress.Parse("2001:db8::1"));
        view.SourcePort.ShouldBe((ushort)40001);
        view.DestinationPort.ShouldBe((ushort)4739);
        frame.AsSpan(view.PayloadOffset, view.PayloadLength).ToArray().ShouldBe(NetflowPayload);
    }

    [Fact]
    public void Ethernet_ipv4_ignores_the_padding_after_the_ip_packet()
    {
        // Ethernet pads to 60 bytes and may append an FCS: lengths must come from IP and UDP.
        byte[] frame = [.. TestFrames.Ethernet(TestFrames.EtherTypeIpv4, Ipv4Packet), 0, 0, 0, 0, 0xDE, 0xAD, 0xBE, 0xEF];
        Decode(LinkType.Ethernet, frame, out var view).ShouldBe(FrameStatus.Udp);
        ShouldBeTheIpv4Datagram(frame, view);
    }

    [Fact]
    public void Ethernet_stacked_802_1ad_and_802_1q_tags_are_skipped()
    {
        var frame = TestFrames.Ethernet(TestFrames.EtherTypeIpv6, Ipv6Packet, (0x88A8, 100), (0x8100, 200));
        Decode(LinkType.Ethernet, frame, out var view).ShouldBe(FrameStatus.Udp);
        ShouldBeTheIpv6Datagram(frame, view);
    }

    [Fact]
    public void Ipv4_options_move_the_udp_header_by_the_ihl()
    {
        byte[] options = [0x94, 0x04, 0x00, 0x00, 0x01, 0x01, 0x01, 0x00]; // router alert + NOPs + EOL
        var packet = TestFrames.Ipv4("192.0.2.10", "198.51.100.1", TestFrames.Udp,
            TestFrames.UdpHeaderAndPayload(40000, 2055, NetflowPayload), options);
        Decode(LinkType.Ipv4, packet, out var view).ShouldBe(FrameStatus.Udp);
        ShouldBeTheIpv4Datagram(packet, view);
        view.PayloadOffset.ShouldBe(28 + 8);
    }

    [Fact]
    public void Ipv6_hop_by_hop_routing_and_destination_options_are_skipped()
    {
        byte[] content =
        [
            .. TestFrames.Ipv6Extension(nextHeader: 43),          // hop-by-hop -> routing
            .. TestFrames.Ipv6Extension(nextHeader: 60, units: 2), // routing (24 bytes) -> destination options
            .. TestFrames.Ipv6Extension(nextHeader: TestFrames.Udp),
            .. TestFrames.UdpHeaderAndPayload(40001, 4739, NetflowPayload),
        ];
        var packet = TestFrames.Ipv6("2001:db8::10", "2001:db8::1", nextHeader: 0, content);
        Decode(LinkType.Ipv6, packet, out var view).ShouldBe(FrameStatus.Udp);
        ShouldBeTheIpv6Datagram(packet, view);
    }

    public static TheoryData<uint, byte[], string> LinkLayers => new()
    {
        { LinkType.LinuxSll, TestFrames.LinuxSll(TestFrames.EtherTypeIpv4, Ipv4Packet), "v4" },
        { LinkType.LinuxSll, TestFrames.LinuxSll(0x8100, [0x00, 0x07, 0x86, 0xDD, .. Ipv6Packet]), "v6" },
        { LinkType.LinuxSll2, TestFrames.LinuxSll2(TestFrames.EtherTypeIpv6, Ipv6Packet), "v6" },
        { LinkType.Null, TestFrames.Loopback(2, Ipv4Packet, bigEndian: false), "v4" },
        { LinkType.Null, TestFrames.Loopback(2, Ipv4Packet, bigEndian: true), "v4" },
        { LinkType.Null, TestFrames.Loopback(30, Ipv6Packet, bigEndian: false), "v6" }, // macOS
        { LinkType.Null, TestFrames.Loopback(28, Ipv6Packet, bigEndian: true), "v6" },  // FreeBSD
        { LinkType.Null, TestFrames.Loopback(24, Ipv6Packet, bigEndian: false), "v6" }, // NetBSD/OpenBSD
        { LinkType.Loop, TestFrames.Loopback(2, Ipv4Packet, bigEndian: true), "v4" },
        { LinkType.Raw, Ipv4Packet, "v4" },
        { LinkType.Raw, Ipv6Packet, "v6" },
        { LinkType.Ipv4, Ipv4Packet, "v4" },
        { LinkType.Ipv6, Ipv6Packet, "v6" },
    };

    [Theory]
    [MemberData(nameof(LinkLayers))]
    public void Every_supported_link_layer_reaches_the_udp_payload(uint linkType, byte[] frame, string version)
    {
        Decode(linkType, frame, out var view).ShouldBe(FrameStatus.Udp);
        if (version == "v4")
            ShouldBeTheIpv4Datagram(frame, view);
        else
            ShouldBeTheIpv6Datagram(frame, view);
    }

    public static TheoryData<string, uint, byte[], string> SkippedFrames => new()
    {
        { "802.11 link type", 105, Ipv4Packet, nameof(FrameStatus.UnsupportedLinkType) },
        { "ARP", LinkType.Ethernet, TestFrames.Ethernet(TestFrames.EtherTypeArp, new byte[28]), nameof(FrameStatus.NonIp) },
        { "ARP in a VLAN", LinkType.Ethernet, TestFrames.Ethernet(TestFrames.EtherTypeArp, new byte[28], (0x8100, 5)), nameof(FrameStatus.NonIp) },
        { "AF_UNIX loopback", LinkType.Null, TestFrames.Loopback(1, Ipv4Packet, bigEndian: false), nameof(FrameStatus.NonIp) },
        { "raw, version 5", LinkType.Raw, [0x50, .. Ipv4Packet[1..]], nameof(FrameStatus.NonIp) },
        { "TCP over IPv4", LinkType.Ipv4, TestFrames.Ipv4("192.0.2.1", "192.0.2.2", TestFrames.Tcp, new byte[20]), nameof(FrameStatus.NonUdp) },
        { "TCP after IPv6 hop-by-hop", LinkType.Ipv6,
            TestFrames.Ipv6("2001:db8::1", "2001:db8::2", 0, [.. TestFrames.Ipv6Extension(TestFrames.Tcp), .. new byte[20]]), nameof(FrameStatus.NonUdp) },
        { "IPv4 first fragment (MF)", LinkType.Ipv4,
            TestFrames.Ipv4("192.0.2.1", "192.0.2.2", TestFrames.Udp, TestFrames.UdpHeaderAndPayload(1, 2, new byte[16]), flagsAndFragmentOffset: 0x2000), nameof(FrameStatus.IpFragment) },
        { "IPv4 later fragment", LinkType.Ipv4,
            TestFrames.Ipv4("192.0.2.1", "192.0.2.2", TestFrames.Udp, new byte[16], flagsAndFragmentOffset: 0x00B9), nameof(FrameStatus.IpFragment) },
        { "IPv6 fragment header", LinkType.Ipv6,
            TestFrames.Ipv6("2001:db8::1", "2001:db8::2", 44, [.. TestFrames.Ipv6Extension(TestFrames.Udp), .. TestFrames.UdpHeaderAndPayload(1, 2, new byte[8])]), nameof(FrameStatus.IpFragment) },
        { "Ethernet header cut", LinkType.Ethernet, new byte[13], nameof(FrameStatus.Truncated) },
        { "VLAN tag cut", LinkType.Ethernet, TestFrames.Ethernet(0x8100, [0x00]), nameof(FrameStatus.Truncated) },
        { "SLL header cut", LinkType.LinuxSll, new byte[15], nameof(FrameStatus.Truncated) },
        { "SLL2 header cut", LinkType.LinuxSll2, new byte[19], nameof(FrameStatus.Truncated) },
        { "IPv4 packet cut by the snap length", LinkType.Ipv4, Ipv4Packet[..^1], nameof(FrameStatus.Truncated) },
        { "IPv6 packet cut by the snap length", LinkType.Ipv6, Ipv6Packet[..^1], nameof(FrameStatus.Truncated) },
        { "IPv4 IHL below 5", LinkType.Ipv4, [0x44, .. Ipv4Packet[1..]], nameof(FrameStatus.BadIpHeader) },
        { "IPv4 total length below the header", LinkType.Ipv4,
            TestFrames.Ipv4("192.0.2.1", "192.0.2.2", TestFrames.Udp, new byte[8], totalLengthField: 19), nameof(FrameStatus.BadIpHeader) },
        { "IPv6 ethertype, IPv4 packet", LinkType.Ethernet, TestFrames.Ethernet(TestFrames.EtherTypeIpv6, [.. Ipv4Packet, .. new byte[40]]), nameof(FrameStatus.BadIpHeader) },
        { "IPv6 extension header overruns the payload", LinkType.Ipv6,
            TestFrames.Ipv6("2001:db8::1", "2001:db8::2", 0, [TestFrames.Udp, 4, 0, 0, 0, 0, 0, 0]), nameof(FrameStatus.BadIpHeader) },
        { "UDP length below 8", LinkType.Ipv4,
            TestFrames.Ipv4("192.0.2.1", "192.0.2.2", TestFrames.Udp, TestFrames.UdpHeaderAndPayload(1, 2, new byte[8], lengthField: 7)), nameof(FrameStatus.BadUdpLength) },
        { "UDP length beyond the IP payload", LinkType.Ipv4,
            TestFrames.Ipv4("192.0.2.1", "192.0.2.2", TestFrames.Udp, TestFrames.UdpHeaderAndPayload(1, 2, new byte[8], lengthField: 17)), nameof(FrameStatus.BadUdpLength) },
        { "IPv4 payload shorter than a UDP header", LinkType.Ipv4,
            TestFrames.Ipv4("192.0.2.1", "192.0.2.2", TestFrames.Udp, new byte[7]), nameof(FrameStatus.BadUdpLength) },
    };

    [Theory]
    [MemberData(nameof(SkippedFrames))]
    public void Unusable_frames_get_their_reason(string description, uint linkType, byte[] frame, string expected)
    {
        // The status by name: FrameStatus is internal and cannot appear in a public test signature.
        Decode(linkType, frame, out _).ToString().ShouldBe(expected, description);
    }

    [Fact]
    public void Udp_length_shorter_than_the_ip_payload_ends_the_payload()
    {
        var udp = TestFrames.UdpHeaderAndPayload(1, 2, NetflowPayload, lengthField: 8 + 10);
        var packet = TestFrames.Ipv4("192.0.2.1", "192.0.2.2", TestFrames.Udp, udp);
        Decode(LinkType.Ipv4, packet, out var view).ShouldBe(FrameStatus.Udp);
        view.PayloadLength.ShouldBe(10);
    }

    [Fact]
    public void Every_skip_reason_is_counted_by_name_and_nothing_throws()
    {
        var file = new ClassicPcapBuilder(linkType: LinkType.Ethernet)
            .Record(1, 0, TestFrames.Ethernet(TestFrames.EtherTypeIpv4, Ipv4Packet))
            .Record(2, 0, TestFrames.Ethernet(TestFrames.EtherTypeArp, new byte[28]))
            .Record(3, 0, TestFrames.Ethernet(TestFrames.EtherTypeIpv4, TestFrames.Ipv4("192.0.2.1", "192.0.2.2", TestFrames.Tcp, new byte[20])))
            .Record(4, 0, TestFrames.Ethernet(TestFrames.EtherTypeIpv4,
                TestFrames.Ipv4("192.0.2.1", "192.0.2.2", TestFrames.Udp, new byte[16], flagsAndFragmentOffset: 0x2000)))
            .Record(5, 0, TestFrames.Ethernet(TestFrames.EtherTypeIpv4, Ipv4Packet)[..30], originalLength: 66)
            .Record(6, 0, TestFrames.Ethernet(TestFrames.EtherTypeIpv4, [0x43, .. Ipv4Packet[1..]]))
            .Record(7, 0, TestFrames.Ethernet(TestFrames.EtherTypeIpv4,
                TestFrames.Ipv4("192.0.2.1", "192.0.2.2", TestFrames.Udp, TestFrames.UdpHeaderAndPayload(1, 2, [], lengthField: 3))))
            .Record(8, 0, TestFrames.Ethernet(TestFrames.EtherTypeIpv6, Ipv6Packet))
            .ToArray();

        var stats = new CaptureReadStats();
        var datagrams = CaptureBytes.Read(file, stats);

        datagrams.Count.ShouldBe(2);
        stats.Frames.ShouldBe(8);
        stats.Datagrams.ShouldBe(2);
        stats.NonIp.ShouldBe(1);
        stats.NonUdp.ShouldBe(1);
        stats.IpFragments.ShouldBe(1);
        stats.TruncatedFrames.ShouldBe(1);
        stats.BadIpHeader.ShouldBe(1);
        stats.BadUdpLength.ShouldBe(1);
        stats.UnsupportedLinkType.ShouldBe(0);
        stats.SkippedFrames.ShouldBe(6);
    }
}
