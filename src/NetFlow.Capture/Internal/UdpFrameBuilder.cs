using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace NetFlow.Capture.Internal;

/// <summary>
/// Builds the Ethernet + IPv4/IPv6 + UDP frame around a payload, with every length and the
/// checksums a dissector verifies, so the frame reads as if captured on the wire.
/// </summary>
internal static class UdpFrameBuilder
{
    public const int EthernetHeaderLength = 14;
    public const int Ipv4HeaderLength = 20;
    public const int Ipv6HeaderLength = 40;
    public const int UdpHeaderLength = 8;

    private const byte UdpProtocol = 17;
    private const byte DefaultHopLimit = 64;

    // Locally administered unicast addresses (bit 1 of the first octet): never a real vendor's NIC.
    private static ReadOnlySpan<byte> SourceMac => [0x02, 0x00, 0x00, 0x00, 0x00, 0x01];
    private static ReadOnlySpan<byte> DestinationMac => [0x02, 0x00, 0x00, 0x00, 0x00, 0x02];

    /// <summary>The largest payload that fits the 16-bit IP length fields for this address family.</summary>
    public static int MaxPayloadLength(AddressFamily family) => family == AddressFamily.InterNetwork
        ? ushort.MaxValue - Ipv4HeaderLength - UdpHeaderLength  // IPv4 total length counts its header
        : ushort.MaxValue - UdpHeaderLength;                    // IPv6 payload length does not

    public static int FrameLength(AddressFamily family, int payloadLength) =>
        EthernetHeaderLength + (family == AddressFamily.InterNetwork ? Ipv4HeaderLength : Ipv6HeaderLength)
        + UdpHeaderLength + payloadLength;

    /// <summary>Writes the frame; the caller has checked the families match and the payload fits.</summary>
    public static int Write(in CapturedDatagram datagram, ushort identification, Span<byte> frame)
    {
        var isIpv4 = datagram.Source.AddressFamily == AddressFamily.InterNetwork;
        var payload = datagram.Payload.Span;
        var udpLength = UdpHeaderLength + payload.Length;

        DestinationMac.CopyTo(frame);
        SourceMac.CopyTo(frame[6..]);
        BinaryPrimitives.WriteUInt16BigEndian(frame[12..], isIpv4 ? EtherType.Ipv4 : EtherType.Ipv6);

        var ip = frame[EthernetHeaderLength..];
        var ipHeaderLength = isIpv4 ? Ipv4HeaderLength : Ipv6HeaderLength;
        if (isIpv4)
            WriteIpv4Header(ip, datagram, identification, udpLength);
        else
            WriteIpv6Header(ip, datagram, udpLength);

        var udp = ip.Slice(ipHeaderLength, udpLength);
        BinaryPrimitives.WriteUInt16BigEndian(udp, (ushort)datagram.Source.Port);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], (ushort)datagram.Destination.Port);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)udpLength);
        BinaryPrimitives.WriteUInt16BigEndian(udp[6..], 0);
        payload.CopyTo(udp[UdpHeaderLength..]);

        // RFC 768: 0 means "no checksum" over IPv4; RFC 8200 §8.1 makes it mandatory over IPv6.
        if (!isIpv4)
            BinaryPrimitives.WriteUInt16BigEndian(udp[6..], Ipv6UdpChecksum(ip[8..40], udp));

        return EthernetHeaderLength + ipHeaderLength + udpLength;
    }

    private static void WriteIpv4Header(Span<byte> ip, in CapturedDatagram datagram, ushort identification, int udpLength)
    {
        ip[0] = 0x45;                                            // version 4, IHL 5 (no options)
        ip[1] = 0;                                               // DSCP/ECN
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(Ipv4HeaderLength + udpLength));
        BinaryPrimitives.WriteUInt16BigEndian(ip[4..], identification);
        BinaryPrimitives.WriteUInt16BigEndian(ip[6..], 0x4000); // Don't Fragment, offset 0
        ip[8] = DefaultHopLimit;
        ip[9] = UdpProtocol;
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], 0);
        datagram.Source.Address.TryWriteBytes(ip[12..16], out _);
        datagram.Destination.Address.TryWriteBytes(ip[16..20], out _);

        var checksum = new InternetChecksum();
        checksum.Add(ip[..Ipv4HeaderLength]);
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], checksum.Finish());
    }

    private static void WriteIpv6Header(Span<byte> ip, in CapturedDatagram datagram, int udpLength)
    {
        BinaryPrimitives.WriteUInt32BigEndian(ip, 0x6000_0000);  // version 6, traffic class 0, flow label 0
        BinaryPrimitives.WriteUInt16BigEndian(ip[4..], (ushort)udpLength);
        ip[6] = UdpProtocol;
        ip[7] = DefaultHopLimit;
        datagram.Source.Address.TryWriteBytes(ip[8..24], out _);
        datagram.Destination.Address.TryWriteBytes(ip[24..40], out _);
    }

    /// <summary>RFC 8200 §8.1: the checksum covers a pseudo-header of both addresses, the upper-layer length and next header.</summary>
    private static ushort Ipv6UdpChecksum(ReadOnlySpan<byte> addresses, ReadOnlySpan<byte> udp)
    {
        var checksum = new InternetChecksum();
        checksum.Add(addresses);
        checksum.Add((uint)udp.Length);
        checksum.Add((uint)UdpProtocol);
        checksum.Add(udp);
        var result = checksum.Finish();
        // RFC 768: a computed 0 is sent as all ones, since 0 would mean "no checksum".
        return result == 0 ? (ushort)0xFFFF : result;
    }
}
