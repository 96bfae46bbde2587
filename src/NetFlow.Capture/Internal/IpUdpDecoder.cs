using System.Buffers.Binary;
using System.Net;

namespace NetFlow.Capture.Internal;

/// <summary>
/// Finds the UDP datagram inside an IPv4 or IPv6 packet. Lengths come from the IP and UDP
/// headers, never from the frame length: Ethernet pads short frames and may carry an FCS.
/// </summary>
internal static class IpUdpDecoder
{
    private const byte UdpProtocol = 17;
    private const int UdpHeaderLength = 8;
    private const int Ipv4MinHeaderLength = 20;
    private const int Ipv6HeaderLength = 40;

    // IPv6 extension headers that may precede UDP and share the generic
    // (next header, length in 8-octet units minus one) layout: RFC 8200 §4.3, §4.4, §4.6.
    private const byte HopByHopOptions = 0;
    private const byte Routing = 43;
    private const byte Fragment = 44;
    private const byte DestinationOptions = 60;

    public static FrameStatus DecodeIpv4(ReadOnlySpan<byte> frame, int offset, out UdpDatagramView datagram)
    {
        datagram = default;
        var ip = frame[offset..];
        if (ip.Length < Ipv4MinHeaderLength)
            return FrameStatus.Truncated;
        if (ip[0] >> 4 != 4)
            return FrameStatus.BadIpHeader;

        // RFC 791 §3.1: IHL counts 32-bit words, so options make the header longer than 20 bytes.
        var headerLength = (ip[0] & 0x0F) * 4;
        int totalLength = BinaryPrimitives.ReadUInt16BigEndian(ip[2..]);
        if (headerLength < Ipv4MinHeaderLength || totalLength < headerLength)
            return FrameStatus.BadIpHeader;
        if (ip.Length < totalLength)
            return FrameStatus.Truncated;

        // A set More-Fragments bit or a non-zero offset: only the whole datagram has a usable payload,
        // and fragments are not reassembled.
        var flagsAndOffset = BinaryPrimitives.ReadUInt16BigEndian(ip[6..]);
        if ((flagsAndOffset & 0x3FFF) != 0)
            return FrameStatus.IpFragment;
        if (ip[9] != UdpProtocol)
            return FrameStatus.NonUdp;

        return DecodeUdp(frame, offset + headerLength, totalLength - headerLength,
            new IPAddress(ip.Slice(12, 4)), new IPAddress(ip.Slice(16, 4)), out datagram);
    }

    public static FrameStatus DecodeIpv6(ReadOnlySpan<byte> frame, int offset, out UdpDatagramView datagram)
    {
        datagram = default;
        var ip = frame[offset..];
        if (ip.Length < Ipv6HeaderLength)
            return FrameStatus.Truncated;
        if (ip[0] >> 4 != 6)
            return FrameStatus.BadIpHeader;

        // Payload length 0 means a jumbogram (RFC 2675); a collector never receives one.
        int payloadLength = BinaryPrimitives.ReadUInt16BigEndian(ip[4..]);
        if (payloadLength == 0)
            return FrameStatus.BadIpHeader;
        if (ip.Length < Ipv6HeaderLength + payloadLength)
            return FrameStatus.Truncated;

        var nextHeader = ip[6];
        var headerEnd = Ipv6HeaderLength;
        var packetEnd = Ipv6HeaderLength + payloadLength;
        while (nextHeader != UdpProtocol)
        {
            switch (nextHeader)
            {
                case HopByHopOptions:
                case Routing:
                case DestinationOptions:
                    if (packetEnd - headerEnd < 2)
                        return FrameStatus.BadIpHeader;
                    var extensionLength = (ip[headerEnd + 1] + 1) * 8;
                    if (packetEnd - headerEnd < extensionLength)
                        return FrameStatus.BadIpHeader;
                    nextHeader = ip[headerEnd];
                    headerEnd += extensionLength;
                    break;
                case Fragment:
                    return FrameStatus.IpFragment;
                default:
                    return FrameStatus.NonUdp;
            }
        }

        return DecodeUdp(frame, offset + headerEnd, packetEnd - headerEnd,
            new IPAddress(ip.Slice(8, 16)), new IPAddress(ip.Slice(24, 16)), out datagram);
    }

    /// <param name="udpOffset">Where the UDP header starts in <paramref name="frame"/>.</param>
    /// <param name="ipPayloadLength">Bytes the IP header says follow it; already known to be captured.</param>
    private static FrameStatus DecodeUdp(ReadOnlySpan<byte> frame, int udpOffset, int ipPayloadLength,
        IPAddress source, IPAddress destination, out UdpDatagramView datagram)
    {
        datagram = default;
        if (ipPayloadLength < UdpHeaderLength)
            return FrameStatus.BadUdpLength;

        var udp = frame.Slice(udpOffset, ipPayloadLength);
        int udpLength = BinaryPrimitives.ReadUInt16BigEndian(udp[4..]);
        if (udpLength < UdpHeaderLength || udpLength > ipPayloadLength)
            return FrameStatus.BadUdpLength;

        datagram = new UdpDatagramView(source, destination,
            BinaryPrimitives.ReadUInt16BigEndian(udp),
            BinaryPrimitives.ReadUInt16BigEndian(udp[2..]),
            udpOffset + UdpHeaderLength,
            udpLength - UdpHeaderLength);
        return FrameStatus.Udp;
    }
}
