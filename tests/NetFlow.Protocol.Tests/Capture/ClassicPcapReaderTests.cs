using System.Net;
using System.Text;
using NetFlow.Capture;
using Shouldly;
using Xunit;

namespace NetFlow.Protocol.Tests.Capture;

public sealed class ClassicPcapReaderTests
{
    private static readonly byte[] Payload = TestFrames.Payload(20);
    private static readonly byte[] Frame = TestFrames.Ethernet(TestFrames.EtherTypeIpv4,
        TestFrames.Ipv4Udp("10.1.2.3", 50000, "10.9.8.7", 2055, Payload));

    // 2024-01-02T03:04:05Z
    private const uint Seconds = 1_704_164_645;
    private static readonly DateTime Second = new(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Microsecond_files_of_either_byte_order_are_read(bool bigEndian)
    {
        var file = new ClassicPcapBuilder(bigEndian).Record(Seconds, 123_456, Frame).ToArray();
        var stats = new CaptureReadStats();

        var datagram = CaptureBytes.Read(file, stats).ShouldHaveSingleItem();

        datagram.Source.ShouldBe(new IPEndPoint(IPAddress.Parse("10.1.2.3"), 50000));
        datagram.Destination.ShouldBe(new IPEndPoint(IPAddress.Parse("10.9.8.7"), 2055));
        datagram.TimestampUtc.ShouldBe(Second.AddTicks(1_234_560));
        datagram.TimestampUtc.Kind.ShouldBe(DateTimeKind.Utc);
        datagram.Payload.ToArray().ShouldBe(Payload);
        stats.Datagrams.ShouldBe(1);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Nanosecond_magic_reads_the_fraction_as_nanoseconds(bool bigEndian)
    {
        var file = new ClassicPcapBuilder(bigEndian, nanoseconds: true).Record(Seconds, 123_456_789, Frame).ToArray();

        var datagram = CaptureBytes.Read(file, new CaptureReadStats()).ShouldHaveSingleItem();

        // DateTime holds 100 ns ticks: the last two digits are dropped, not rounded into the next tick.
        datagram.TimestampUtc.ShouldBe(Second.AddTicks(1_234_567));
    }

    [Fact]
    public void Nanosecond_file_written_by_editcap_is_read()
    {
        // An independent writer: TZ=UTC text2pcap -F pcap -u 50001,4739 -6 2001:db8::1,2001:db8::2
        //   -t '%Y-%m-%d %H:%M:%S.%f' (payload 000a0010deadbeef0102030405060708 at 2024-01-02 03:04:05.123456789),
        // then editcap -F nsecpcap. text2pcap keeps microseconds, hence ...123456000 ns.
        var file = Convert.FromHexString(
            "4d3cb2a10200040000000000000000000000040001000000257d936500ca5b074e0000004e0000002052454356002053454e4400" +
            "86dd600000000018112020010db800000000000000000000000120010db8000000000000000000000002c3511283001820a9" +
            "000a0010deadbeef0102030405060708");

        var datagram = CaptureBytes.Read(file, new CaptureReadStats()).ShouldHaveSingleItem();

        datagram.Source.ShouldBe(new IPEndPoint(IPAddress.Parse("2001:db8::1"), 50001));
        datagram.Destination.ShouldBe(new IPEndPoint(IPAddress.Parse("2001:db8::2"), 4739));
        datagram.TimestampUtc.ShouldBe(Second.AddTicks(1_234_560));
        datagram.Payload.ToArray().ShouldBe(Convert.FromHexString("000a0010deadbeef0102030405060708"));
    }

    [Fact]
    public void A_linux_any_device_capture_from_tcpdump_is_read()
    {
        // A real capture: tcpdump 4.99.3 -i any -w (Linux cooked v2, link type 276), while a script sent
        // "hello-v4-1" from 127.0.0.1:56321 and "hello-v6-1" from [::1]:43106 to port 39999.
        var file = Convert.FromHexString(
            "d4c3b2a102000400000000000000000000000400140100007efe076b910303003a0000003a00000008000000000000010304" +
            "0006000000000000000045000026a4b04000401198147f0000017f000001dc019c3f0012fe2568656c6c6f2d76342d317efe" +
            "076b890503004e0000004e00000086dd000000000001030400060000000000000000600890d0001211400000000000000000" +
            "000000000000000100000000000000000000000000000001a8629c3f0012002568656c6c6f2d76362d31");
        var stats = new CaptureReadStats();

        var datagrams = CaptureBytes.Read(file, stats);

        datagrams.Select(d => (d.Source.ToString(), d.Destination.ToString(), Encoding.ASCII.GetString(d.Payload.Span)))
            .ShouldBe([("127.0.0.1:56321", "127.0.0.1:39999", "hello-v4-1"), ("[::1]:43106", "[::1]:39999", "hello-v6-1")]);
        datagrams[0].TimestampUtc.ShouldBe(DateTime.UnixEpoch.AddSeconds(1_795_686_014).AddTicks(1_975_210));
        stats.SkippedFrames.ShouldBe(0);
    }

    [Fact]
    public void A_last_record_cut_inside_its_data_is_counted_not_thrown()
    {
        var file = new ClassicPcapBuilder().Record(Seconds, 0, Frame).Record(Seconds + 1, 0, Frame).ToArray();
        var stats = new CaptureReadStats();

        var datagrams = CaptureBytes.Read(file[..^5], stats);

        datagrams.Count.ShouldBe(1);
        stats.TruncatedRecords.ShouldBe(1);
        stats.Frames.ShouldBe(1);
    }

    [Fact]
    public void A_last_record_cut_inside_its_header_is_counted_not_thrown()
    {
        var builder = new ClassicPcapBuilder().Record(Seconds, 0, Frame);
        var firstRecordEnd = builder.Length;
        var file = builder.Record(Seconds + 1, 0, Frame).ToArray();
        var stats = new CaptureReadStats();

        var datagrams = CaptureBytes.Read(file[..(firstRecordEnd + 10)], stats);

        datagrams.Count.ShouldBe(1);
        stats.TruncatedRecords.ShouldBe(1);
    }

    [Fact]
    public void A_frame_cut_by_the_snap_length_is_counted_as_a_truncated_frame()
    {
        var file = new ClassicPcapBuilder(snapLength: 40).Record(Seconds, 0, Frame[..40], originalLength: (uint)Frame.Length)
            .Record(Seconds, 1, Frame).ToArray();
        var stats = new CaptureReadStats();

        CaptureBytes.Read(file, stats).Count.ShouldBe(1);

        stats.TruncatedFrames.ShouldBe(1);
        stats.TruncatedRecords.ShouldBe(0);
    }

    [Fact]
    public void The_fcs_bits_above_the_link_type_are_ignored()
    {
        // draft-ietf-opsawg-pcap §4: bit 26 "FCS present" and bits 28-31 its length in 16-bit words.
        var file = new ClassicPcapBuilder(linkType: 0x2400_0001).Record(Seconds, 0, [.. Frame, 1, 2, 3, 4]).ToArray();

        CaptureBytes.Read(file, new CaptureReadStats()).ShouldHaveSingleItem().Payload.ToArray().ShouldBe(Payload);
    }

    [Fact]
    public void An_impossible_record_length_throws_with_the_record_offset()
    {
        var builder = new ClassicPcapBuilder().Record(Seconds, 0, Frame);
        var badRecordOffset = builder.Length;
        var file = builder.Record(Seconds, 0, Frame, capturedLengthField: 0x7000_0000).ToArray();

        var error = Should.Throw<CaptureFormatException>(() => CaptureBytes.Read(file, new CaptureReadStats(), "big.pcap"));

        error.Offset.ShouldBe(badRecordOffset);
        error.SourceName.ShouldBe("big.pcap");
        error.Message.ShouldContain("big.pcap");
        error.Message.ShouldContain($"offset {badRecordOffset}");
    }

    [Fact]
    public void A_file_header_cut_short_throws()
    {
        var file = new ClassicPcapBuilder().ToArray()[..10];

        Should.Throw<CaptureFormatException>(() => CaptureBytes.Read(file, new CaptureReadStats()));
    }

    [Fact]
    public void An_unknown_major_version_throws_at_offset_4()
    {
        var file = new ClassicPcapBuilder().Record(Seconds, 0, Frame).ToArray();
        file[4] = 3;

        Should.Throw<CaptureFormatException>(() => CaptureBytes.Read(file, new CaptureReadStats())).Offset.ShouldBe(4);
    }
}
