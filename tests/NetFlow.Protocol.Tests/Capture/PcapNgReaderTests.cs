using System.Buffers.Binary;
using System.Net;
using NetFlow.Capture;
using Shouldly;
using Xunit;

namespace NetFlow.Protocol.Tests.Capture;

public sealed class PcapNgReaderTests
{
    private const ushort Ethernet = 1;
    private const ushort LinuxSll2 = 276;
    private const ushort RawIpv4 = 228;

    private static readonly byte[] PayloadA = TestFrames.Payload(16, seed: 0x10);
    private static readonly byte[] PayloadB = TestFrames.Payload(32, seed: 0x80);
    private static readonly byte[] VlanFrame = TestFrames.Ethernet(TestFrames.EtherTypeIpv4,
        TestFrames.Ipv4Udp("192.0.2.1", 1001, "192.0.2.254", 2055, PayloadA), (0x8100, 42));
    private static readonly byte[] Sll2Frame = TestFrames.LinuxSll2(TestFrames.EtherTypeIpv6,
        TestFrames.Ipv6Udp("2001:db8::5", 1002, "2001:db8::fe", 4739, PayloadB));

    private static readonly DateTime Epoch2024 = new(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc);
    private const ulong Seconds2024 = 1_704_164_645;

    [Fact]
    public void Two_interfaces_with_different_link_types_and_a_vlan_tagged_frame()
    {
        var file = new PcapNgBuilder()
            .Section()
            .Interface(Ethernet)
            .Interface(LinuxSll2, tsresol: 9)
            .EnhancedPacketBlock(0, Seconds2024 * 1_000_000 + 250_000, VlanFrame)
            .EnhancedPacketBlock(1, Seconds2024 * 1_000_000_000 + 750_000_100, Sll2Frame)
            .ToArray();
        var stats = new CaptureReadStats();

        var datagrams = CaptureBytes.Read(file, stats);

        datagrams.Count.ShouldBe(2);
        datagrams[0].Source.ShouldBe(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 1001));
        datagrams[0].Destination.ShouldBe(new IPEndPoint(IPAddress.Parse("192.0.2.254"), 2055));
        datagrams[0].TimestampUtc.ShouldBe(Epoch2024.AddMilliseconds(250));
        datagrams[0].Payload.ToArray().ShouldBe(PayloadA);
        datagrams[1].Source.ShouldBe(new IPEndPoint(IPAddress.Parse("2001:db8::5"), 1002));
        datagrams[1].Destination.ShouldBe(new IPEndPoint(IPAddress.Parse("2001:db8::fe"), 4739));
        datagrams[1].TimestampUtc.ShouldBe(Epoch2024.AddTicks(7_500_001));
        datagrams[1].Payload.ToArray().ShouldBe(PayloadB);
        stats.Frames.ShouldBe(2);
    }

    [Fact]
    public void Sections_of_different_byte_order_each_number_their_own_interfaces()
    {
        var file = new PcapNgBuilder()
            .Section(bigEndian: false)
            .Interface(Ethernet)
            .EnhancedPacketBlock(0, Seconds2024 * 1_000_000, VlanFrame)
            .Section(bigEndian: true)
            .Interface(LinuxSll2) // interface 0 again: IDs restart in every section (§4.2)
            .EnhancedPacketBlock(0, Seconds2024 * 1_000_000, Sll2Frame)
            .ToArray();

        var datagrams = CaptureBytes.Read(file, new CaptureReadStats());

        datagrams.Select(d => d.Payload.ToArray()).ShouldBe([PayloadA, PayloadB]);
        datagrams.ShouldAllBe(d => d.TimestampUtc == Epoch2024);
    }

    [Theory]
    [InlineData((byte)3, 1_000UL, 0L, 1_000UL * Seconds2024 + 5)]           // milliseconds
    [InlineData((byte)0x80 + 10, 1_024UL, 0L, 1_024UL * Seconds2024 + 512)] // 2^-10 s
    [InlineData((byte)6, 1_000_000UL, 3_600L, 1_000_000UL * (Seconds2024 - 3_600))] // if_tsoffset adds seconds
    public void If_tsresol_and_if_tsoffset_set_the_timestamp_units(byte tsresol, ulong unitsPerSecond, long tsoffset, ulong timestamp)
    {
        var file = new PcapNgBuilder().Section().Interface(Ethernet, tsresol: tsresol, tsoffset: tsoffset)
            .EnhancedPacketBlock(0, timestamp, VlanFrame).ToArray();

        var datagram = CaptureBytes.Read(file, new CaptureReadStats()).ShouldHaveSingleItem();

        var seconds = timestamp / unitsPerSecond;
        var fractionTicks = (long)(timestamp % unitsPerSecond * TimeSpan.TicksPerSecond / unitsPerSecond);
        datagram.TimestampUtc.ShouldBe(DateTime.UnixEpoch.AddSeconds(seconds + (ulong)tsoffset).AddTicks(fractionTicks));
    }

    [Fact]
    public void Blocks_that_carry_no_packet_are_skipped_by_their_length()
    {
        var file = new PcapNgBuilder()
            .Section()
            .Block(PcapNgBuilder.NameResolution, [0, 0, 0, 0])
            .Interface(RawIpv4)
            .Block(0x4000_0BAD, TestFrames.Payload(13))  // a custom block (§4.8), odd length padded
            .EnhancedPacketBlock(0, 0, TestFrames.Ipv4Udp("192.0.2.1", 9, "192.0.2.2", 9, PayloadA))
            .Block(PcapNgBuilder.InterfaceStatistics, new byte[12])
            .ToArray();
        var stats = new CaptureReadStats();

        CaptureBytes.Read(file, stats).ShouldHaveSingleItem().Payload.ToArray().ShouldBe(PayloadA);

        stats.SkippedBlocks.ShouldBe(3);
    }

    [Fact]
    public void Simple_packet_blocks_belong_to_interface_0_and_obey_its_snap_length()
    {
        var packet = TestFrames.Ipv4Udp("192.0.2.1", 9, "192.0.2.2", 9, PayloadA);
        var file = new PcapNgBuilder()
            .Section()
            .Interface(RawIpv4, snapLength: 30)
            .SimplePacketBlock(packet)
            .Section()
            .Interface(RawIpv4)
            .SimplePacketBlock(packet)
            .ToArray();
        var stats = new CaptureReadStats();

        var datagram = CaptureBytes.Read(file, stats).ShouldHaveSingleItem();

        stats.TruncatedFrames.ShouldBe(1);
        datagram.Payload.ToArray().ShouldBe(PayloadA);
        datagram.TimestampUtc.ShouldBe(DateTime.UnixEpoch); // §4.4: no timestamp in a simple packet block
    }

    [Fact]
    public void A_pcapng_file_written_by_editcap_is_read()
    {
        // An independent writer: the classic file of ClassicPcapReaderTests' IPv4 twin
        // (text2pcap -F pcap -u 50000,2055 -4 192.0.2.1,198.51.100.7), converted by editcap -F pcapng.
        // The Ethernet frame is padded to 60 bytes.
        var file = Convert.FromHexString(
            "0a0d0d0a6c0000004d3c2b1a01000000ffffffffffffffff0400450045646974636170202857697265736861726b2920342e" +
            "302e313720284769742076342e302e3137207061636b6167656420617320342e302e31372d302b6465623132753329000000" +
            "000000006c0000000100000014000000010000000000040014000000060000005c00000000000000ed0d060080b54fc03c00" +
            "00003c0000002052454356002053454e440008004500002c12340000ff11bd50c0000201c6336407c350080700189a5e000a" +
            "0010deadbeef010203040506070800005c000000");
        var stats = new CaptureReadStats();

        var datagram = CaptureBytes.Read(file, stats).ShouldHaveSingleItem();

        datagram.Source.ShouldBe(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 50000));
        datagram.Destination.ShouldBe(new IPEndPoint(IPAddress.Parse("198.51.100.7"), 2055));
        datagram.TimestampUtc.ShouldBe(Epoch2024.AddTicks(1_234_560));
        datagram.Payload.ToArray().ShouldBe(Convert.FromHexString("000a0010deadbeef0102030405060708"));
    }

    [Theory]
    [InlineData(7u)]           // below the 12-byte minimum and not a multiple of 4 (§3.1)
    [InlineData(30u)]          // not a multiple of 4
    [InlineData(0x4000_0000u)] // far beyond any real block
    public void A_corrupt_block_length_throws_with_its_offset(uint corruptLength)
    {
        var builder = new PcapNgBuilder().Section().Interface(Ethernet);
        var blockOffset = builder.Length;
        var file = builder.EnhancedPacketBlock(0, 0, VlanFrame).ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(blockOffset + 4), corruptLength); // a little-endian section

        var error = Should.Throw<CaptureFormatException>(() => CaptureBytes.Read(file, new CaptureReadStats(), "bad.pcapng"));

        error.Offset.ShouldBe(blockOffset + 4);
        error.Message.ShouldContain("bad.pcapng");
        error.Message.ShouldContain($"byte offset {blockOffset + 4}");
    }

    [Fact]
    public void A_trailing_length_that_differs_from_the_leading_one_throws()
    {
        var file = new PcapNgBuilder().Section().Interface(Ethernet).EnhancedPacketBlock(0, 0, VlanFrame).ToArray();
        file[^4] ^= 0x04;

        Should.Throw<CaptureFormatException>(() => CaptureBytes.Read(file, new CaptureReadStats()))
            .Offset.ShouldBe(file.Length - 4);
    }

    [Fact]
    public void A_last_block_cut_short_is_counted_not_thrown()
    {
        var file = new PcapNgBuilder().Section().Interface(Ethernet)
            .EnhancedPacketBlock(0, 0, VlanFrame).EnhancedPacketBlock(0, 0, VlanFrame).ToArray();
        var stats = new CaptureReadStats();

        CaptureBytes.Read(file[..^9], stats).Count.ShouldBe(1);

        stats.TruncatedRecords.ShouldBe(1);
    }

    [Fact]
    public void A_packet_citing_an_undescribed_interface_throws()
    {
        var file = new PcapNgBuilder().Section().Interface(Ethernet).EnhancedPacketBlock(1, 0, VlanFrame).ToArray();

        Should.Throw<CaptureFormatException>(() => CaptureBytes.Read(file, new CaptureReadStats()))
            .Message.ShouldContain("interface 1");
    }

    [Fact]
    public void A_bad_byte_order_magic_throws_at_its_offset()
    {
        var file = new PcapNgBuilder().Section().ToArray();
        file[8] = 0x00;

        Should.Throw<CaptureFormatException>(() => CaptureBytes.Read(file, new CaptureReadStats())).Offset.ShouldBe(8);
    }

    [Fact]
    public void A_section_header_cut_short_throws()
    {
        var file = new PcapNgBuilder().Section().ToArray()[..20];

        Should.Throw<CaptureFormatException>(() => CaptureBytes.Read(file, new CaptureReadStats())).Offset.ShouldBe(0);
    }
}
