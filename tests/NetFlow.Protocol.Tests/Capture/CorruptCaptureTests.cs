using NetFlow.Capture;
using Shouldly;
using Xunit;

namespace NetFlow.Protocol.Tests.Capture;

/// <summary>
/// Every truncated and every single-byte-corrupted copy of a valid capture either reads or throws
/// <see cref="CaptureFormatException"/>: never an index error, never a hang.
/// </summary>
public sealed class CorruptCaptureTests
{
    private static readonly byte[] Ipv4Packet = TestFrames.Ipv4("192.0.2.1", "192.0.2.2", TestFrames.Udp,
        TestFrames.UdpHeaderAndPayload(1000, 2055, TestFrames.Payload(12)), options: [1, 1, 1, 0]);
    private static readonly byte[] Ipv6Packet = TestFrames.Ipv6("2001:db8::1", "2001:db8::2", 60,
        [.. TestFrames.Ipv6Extension(TestFrames.Udp), .. TestFrames.UdpHeaderAndPayload(1000, 4739, TestFrames.Payload(12))]);

    public static TheoryData<string> Captures => new() { "pcap", "pcap-be-ns", "pcapng" };

    private static byte[] Build(string kind) => kind switch
    {
        "pcap" => new ClassicPcapBuilder()
            .Record(1, 2, TestFrames.Ethernet(TestFrames.EtherTypeIpv4, Ipv4Packet, (0x88A8, 1), (0x8100, 2)))
            .Record(3, 4, TestFrames.Ethernet(TestFrames.EtherTypeIpv6, Ipv6Packet))
            .ToArray(),
        "pcap-be-ns" => new ClassicPcapBuilder(bigEndian: true, nanoseconds: true, linkType: 276)
            .Record(1, 2, TestFrames.LinuxSll2(TestFrames.EtherTypeIpv4, Ipv4Packet))
            .ToArray(),
        _ => new PcapNgBuilder()
            .Section()
            .Interface(113, tsresol: 0x85)
            .EnhancedPacketBlock(0, 12345, TestFrames.LinuxSll(TestFrames.EtherTypeIpv6, Ipv6Packet))
            .SimplePacketBlock(TestFrames.LinuxSll(TestFrames.EtherTypeIpv4, Ipv4Packet))
            .Section(bigEndian: true)
            .Interface(0)
            .EnhancedPacketBlock(0, 1, TestFrames.Loopback(2, Ipv4Packet, bigEndian: true))
            .ToArray(),
    };

    private static void ReadsOrThrowsFormatError(byte[] file)
    {
        try
        {
            var stats = new CaptureReadStats();
            var datagrams = CaptureBytes.Read(file, stats);
            stats.Datagrams.ShouldBe(datagrams.Count);
        }
        catch (CaptureFormatException)
        {
        }
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void Every_truncation_reads_or_throws_a_format_error(string kind)
    {
        var file = Build(kind);
        CaptureBytes.Read(file, new CaptureReadStats()).ShouldNotBeEmpty();

        for (var length = 0; length < file.Length; length++)
            ReadsOrThrowsFormatError(file[..length]);
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void Every_corrupted_byte_reads_or_throws_a_format_error(string kind)
    {
        var file = Build(kind);
        foreach (byte mask in (byte[])[0xFF, 0x80, 0x01])
        {
            for (var i = 0; i < file.Length; i++)
            {
                var copy = (byte[])file.Clone();
                copy[i] ^= mask;
                ReadsOrThrowsFormatError(copy);
            }
        }
    }
}
