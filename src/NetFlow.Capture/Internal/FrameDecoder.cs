using System.Buffers.Binary;

namespace NetFlow.Capture.Internal;

/// <summary>
/// Strips the link-layer header of one captured frame and hands the rest to
/// <see cref="IpUdpDecoder"/>. Never throws: a frame it cannot use gets a <see cref="FrameStatus"/>.
/// </summary>
internal static class FrameDecoder
{
    private const int EthernetHeaderLength = 14;
    private const int VlanTagLength = 4;
    private const int SllHeaderLength = 16;
    private const int Sll2HeaderLength = 20;
    private const int NullHeaderLength = 4;

    /// <summary>Decodes and counts one frame; true with the datagram when it carried UDP.</summary>
    public static bool TryDecode(uint linkType, ReadOnlySpan<byte> frame, DateTime timestampUtc,
        CaptureReadStats stats, out CapturedDatagram datagram)
    {
        var isUdp = stats.Count(Decode(linkType, frame, out var view));
        datagram = isUdp ? view.ToDatagram(frame, timestampUtc) : default;
        return isUdp;
    }

    public static FrameStatus Decode(uint linkType, ReadOnlySpan<byte> frame, out UdpDatagramView datagram)
    {
        datagram = default;
        switch (linkType)
        {
            case LinkType.Ethernet:
                if (frame.Length < EthernetHeaderLength)
                    return FrameStatus.Truncated;
                return DecodeEtherType(frame, BinaryPrimitives.ReadUInt16BigEndian(frame[12..]), EthernetHeaderLength, out datagram);
            case LinkType.LinuxSll:
                // SLL: packet type, ARPHRD type, address length, 8 address bytes, then the protocol.
                if (frame.Length < SllHeaderLength)
                    return FrameStatus.Truncated;
                return DecodeEtherType(frame, BinaryPrimitives.ReadUInt16BigEndian(frame[14..]), SllHeaderLength, out datagram);
            case LinkType.LinuxSll2:
                // SLL2 moved the protocol to the front (and added the interface index).
                if (frame.Length < Sll2HeaderLength)
                    return FrameStatus.Truncated;
                return DecodeEtherType(frame, BinaryPrimitives.ReadUInt16BigEndian(frame), Sll2HeaderLength, out datagram);
            case LinkType.Null:
            case LinkType.Loop:
                return DecodeLoopback(linkType, frame, out datagram);
            case LinkType.Raw:
                if (frame.IsEmpty)
                    return FrameStatus.Truncated;
                return (frame[0] >> 4) switch
                {
                    4 => IpUdpDecoder.DecodeIpv4(frame, 0, out datagram),
                    6 => IpUdpDecoder.DecodeIpv6(frame, 0, out datagram),
                    _ => FrameStatus.NonIp,
                };
            case LinkType.Ipv4:
                return IpUdpDecoder.DecodeIpv4(frame, 0, out datagram);
            case LinkType.Ipv6:
                return IpUdpDecoder.DecodeIpv6(frame, 0, out datagram);
            default:
                return FrameStatus.UnsupportedLinkType;
        }
    }

    /// <summary>Follows any number of stacked VLAN tags (802.1ad outer, 802.1Q inner) to the IP header.</summary>
    private static FrameStatus DecodeEtherType(ReadOnlySpan<byte> frame, ushort etherType, int offset, out UdpDatagramView datagram)
    {
        while (etherType is EtherType.Vlan or EtherType.ServiceVlan or EtherType.LegacyQinQ)
        {
            // A tag is 2 bytes of TCI then the next EtherType; the loop ends because offset grows.
            if (frame.Length < offset + VlanTagLength)
            {
                datagram = default;
                return FrameStatus.Truncated;
            }
            etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[(offset + 2)..]);
            offset += VlanTagLength;
        }

        switch (etherType)
        {
            case EtherType.Ipv4:
                return IpUdpDecoder.DecodeIpv4(frame, offset, out datagram);
            case EtherType.Ipv6:
                return IpUdpDecoder.DecodeIpv6(frame, offset, out datagram);
            default:
                datagram = default;
                return FrameStatus.NonIp;
        }
    }

    private static FrameStatus DecodeLoopback(uint linkType, ReadOnlySpan<byte> frame, out UdpDatagramView datagram)
    {
        datagram = default;
        if (frame.Length < NullHeaderLength)
            return FrameStatus.Truncated;

        uint family;
        if (linkType == LinkType.Loop)
        {
            family = BinaryPrimitives.ReadUInt32BigEndian(frame);
        }
        else
        {
            // LINKTYPE_NULL stores the family in the byte order of the host that captured, which the
            // file does not record. Families are small numbers, so a value with high bits set was
            // written by the other byte order (the same test libpcap and Wireshark use).
            family = BinaryPrimitives.ReadUInt32LittleEndian(frame);
            if ((family & 0xFFFF0000) != 0)
                family = BinaryPrimitives.ReverseEndianness(family);
        }

        return family switch
        {
            2 => IpUdpDecoder.DecodeIpv4(frame, NullHeaderLength, out datagram),
            // AF_INET6 differs per OS: Linux 10, NetBSD/OpenBSD 24, FreeBSD 28, macOS 30.
            10 or 24 or 28 or 30 => IpUdpDecoder.DecodeIpv6(frame, NullHeaderLength, out datagram),
            _ => FrameStatus.NonIp,
        };
    }
}
