using System.Buffers.Binary;
using System.Net;
using NetFlow.Capture;
using Shouldly;
using Xunit;

namespace NetFlow.Protocol.Tests.Capture;

public sealed class PcapWriterTests
{
    private static readonly DateTime Timestamp = new DateTime(2025, 6, 30, 23, 59, 58, DateTimeKind.Utc).AddTicks(1_234_567);

    private static byte[] WriteToBytes(params CapturedDatagram[] datagrams)
    {
        var stream = new MemoryStream();
        using (var writer = new PcapWriter(stream, leaveOpen: true))
        {
            foreach (var datagram in datagrams)
                writer.Write(datagram);
        }
        return stream.ToArray();
    }

    private static CapturedDatagram Datagram(string source, int sourcePort, string destination, int destinationPort, byte[] payload, DateTime? timestamp = null) =>
        new(new IPEndPoint(IPAddress.Parse(source), sourcePort), new IPEndPoint(IPAddress.Parse(destination), destinationPort),
            timestamp ?? Timestamp, payload);

    public static TheoryData<string, string> AddressPairs => new()
    {
        { "192.0.2.33", "203.0.113.250" },
        { "2001:db8:1::33", "fe80::1:2:3:4" },
    };

    [Theory]
    [MemberData(nameof(AddressPairs))]
    public void Datagrams_written_are_read_back_unchanged(string source, string destination)
    {
        CapturedDatagram[] written =
        [
            Datagram(source, 65535, destination, 2055, TestFrames.Payload(1400)),
            Datagram(source, 1, destination, 4739, [], Timestamp.AddSeconds(1)),
            Datagram(source, 40000, destination, 0, TestFrames.Payload(3, seed: 0xF0), Timestamp.AddSeconds(2)),
        ];
        using var directory = new TempDirectory();
        var path = directory.File("round-trip.pcap");
        using (var writer = new PcapWriter(path))
        {
            foreach (var datagram in written)
                writer.Write(datagram);
        }
        var stats = new CaptureReadStats();

        var read = CaptureReader.Read(path, stats).ToList();

        read.Count.ShouldBe(written.Length);
        for (var i = 0; i < written.Length; i++)
        {
            read[i].Source.ShouldBe(written[i].Source);
            read[i].Destination.ShouldBe(written[i].Destination);
            read[i].Payload.ToArray().ShouldBe(written[i].Payload.ToArray());
            // pcap keeps microseconds: the last tick digit is dropped.
            read[i].TimestampUtc.ShouldBe(written[i].TimestampUtc.AddTicks(-(written[i].TimestampUtc.Ticks % 10)));
        }
        stats.SkippedFrames.ShouldBe(0);
    }

    [Fact]
    public void The_file_header_is_little_endian_pcap_2_4_ethernet_microseconds()
    {
        var file = WriteToBytes();

        file.Length.ShouldBe(24);
        BinaryPrimitives.ReadUInt32LittleEndian(file).ShouldBe(0xA1B2C3D4u);
        BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(4)).ShouldBe((ushort)2);
        BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(6)).ShouldBe((ushort)4);
        BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(16)).ShouldBe((uint)PcapWriter.SnapLength);
        BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(20)).ShouldBe(1u);
    }

    [Fact]
    public void The_ipv4_header_checksum_and_lengths_verify()
    {
        var file = WriteToBytes(Datagram("10.0.0.1", 5000, "10.0.0.2", 2055, TestFrames.Payload(101)));
        var frame = file.AsSpan(24 + 16);
        var ip = frame[14..];

        BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(24 + 8)).ShouldBe((uint)(14 + 20 + 8 + 101));
        BinaryPrimitives.ReadUInt16BigEndian(frame[12..]).ShouldBe((ushort)0x0800);
        BinaryPrimitives.ReadUInt16BigEndian(ip[2..]).ShouldBe((ushort)(20 + 8 + 101));
        BinaryPrimitives.ReadUInt16BigEndian(ip[(20 + 4)..]).ShouldBe((ushort)(8 + 101));
        OnesComplementSum(ip[..20]).ShouldBe((ushort)0xFFFF); // RFC 1071: a valid header sums to all ones
    }

    [Fact]
    public void The_ipv6_udp_checksum_verifies()
    {
        var file = WriteToBytes(Datagram("2001:db8::1", 5000, "2001:db8::2", 4739, TestFrames.Payload(33)));
        var ip = file.AsSpan(24 + 16 + 14);
        var udp = ip.Slice(40, 8 + 33);

        BinaryPrimitives.ReadUInt16BigEndian(ip[4..]).ShouldBe((ushort)(8 + 33));
        BinaryPrimitives.ReadUInt16BigEndian(udp[6..]).ShouldNotBe((ushort)0);
        // RFC 8200 §8.1 pseudo-header: addresses, upper-layer length (32 bits), zeros, next header.
        byte[] pseudoHeader = [.. ip.Slice(8, 32), 0, 0, 0, (byte)udp.Length, 0, 0, 0, 17, .. udp];
        OnesComplementSum(pseudoHeader).ShouldBe((ushort)0xFFFF);
    }

    [Fact]
    public void Mixed_address_families_are_rejected()
    {
        var writer = new PcapWriter(new MemoryStream());

        Should.Throw<ArgumentException>(() => writer.Write(Datagram("10.0.0.1", 1, "2001:db8::1", 2, [])));
    }

    [Theory]
    [InlineData("10.0.0.1", "10.0.0.2", 65_507)]
    [InlineData("2001:db8::1", "2001:db8::2", 65_527)]
    public void A_payload_beyond_the_ip_length_field_is_rejected(string source, string destination, int maxPayload)
    {
        var writer = new PcapWriter(new MemoryStream());

        writer.Write(Datagram(source, 1, destination, 2, new byte[maxPayload]));
        Should.Throw<ArgumentException>(() => writer.Write(Datagram(source, 1, destination, 2, new byte[maxPayload + 1])));
    }

    [Fact]
    public void A_timestamp_before_1970_is_rejected()
    {
        var writer = new PcapWriter(new MemoryStream());

        Should.Throw<ArgumentOutOfRangeException>(() =>
            writer.Write(Datagram("10.0.0.1", 1, "10.0.0.2", 2, [], new DateTime(1969, 12, 31, 0, 0, 0, DateTimeKind.Utc))));
    }

    private static ushort OnesComplementSum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (var i = 0; i + 1 < data.Length; i += 2)
            sum += (uint)(data[i] << 8 | data[i + 1]);
        if (data.Length % 2 == 1)
            sum += (uint)data[^1] << 8;
        while (sum > 0xFFFF)
            sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)sum;
    }
}
