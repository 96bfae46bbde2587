using System.Buffers.Binary;
using System.Net;

namespace NetFlow.Protocol.Tests.Capture;

/// <summary>
/// Hand-built frames for reader tests, written independently of PcapWriter so a shared bug in
/// header layout cannot make a round trip pass.
/// </summary>
internal static class TestFrames
{
    public const byte Udp = 17;
    public const byte Tcp = 6;
    public const ushort EtherTypeIpv4 = 0x0800;
    public const ushort EtherTypeIpv6 = 0x86DD;
    public const ushort EtherTypeArp = 0x0806;

    public static byte[] Payload(int length, byte seed = 1) =>
        Enumerable.Range(0, length).Select(i => (byte)(seed + i)).ToArray();

    public static byte[] UdpHeaderAndPayload(ushort sourcePort, ushort destinationPort, byte[] payload, int? lengthField = null)
    {
        var udp = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(udp, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(udp.AsSpan(2), destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(udp.AsSpan(4), (ushort)(lengthField ?? udp.Length));
        payload.CopyTo(udp, 8);
        return udp;
    }

    public static byte[] Ipv4(string source, string destination, byte protocol, byte[] content,
        byte[]? options = null, ushort flagsAndFragmentOffset = 0, int? totalLengthField = null)
    {
        options ??= [];
        var headerLength = 20 + options.Length;
        var packet = new byte[headerLength + content.Length];
        packet[0] = (byte)(0x40 | headerLength / 4);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)(totalLengthField ?? packet.Length));
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(6), flagsAndFragmentOffset);
        packet[8] = 64;
        packet[9] = protocol;
        IPAddress.Parse(source).GetAddressBytes().CopyTo(packet, 12);
        IPAddress.Parse(destination).GetAddressBytes().CopyTo(packet, 16);
        options.CopyTo(packet, 20);
        content.CopyTo(packet, headerLength);
        return packet;
    }

    public static byte[] Ipv4Udp(string source, ushort sourcePort, string destination, ushort destinationPort, byte[] payload) =>
        Ipv4(source, destination, Udp, UdpHeaderAndPayload(sourcePort, destinationPort, payload));

    /// <param name="content">Extension headers (already chained) and the upper-layer packet.</param>
    public static byte[] Ipv6(string source, string destination, byte nextHeader, byte[] content)
    {
        var packet = new byte[40 + content.Length];
        packet[0] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), (ushort)content.Length);
        packet[6] = nextHeader;
        packet[7] = 64;
        IPAddress.Parse(source).GetAddressBytes().CopyTo(packet, 8);
        IPAddress.Parse(destination).GetAddressBytes().CopyTo(packet, 24);
        content.CopyTo(packet, 40);
        return packet;
    }

    public static byte[] Ipv6Udp(string source, ushort sourcePort, string destination, ushort destinationPort, byte[] payload) =>
        Ipv6(source, destination, Udp, UdpHeaderAndPayload(sourcePort, destinationPort, payload));

    /// <summary>A generic IPv6 extension header (RFC 8200 §4) of (units + 1) * 8 bytes.</summary>
    public static byte[] Ipv6Extension(byte nextHeader, int units = 0)
    {
        var header = new byte[(units + 1) * 8];
        header[0] = nextHeader;
        header[1] = (byte)units;
        return header;
    }

    public static byte[] Ethernet(ushort etherType, byte[] packet, params (ushort Tpid, ushort Vid)[] vlanTags)
    {
        var frame = new List<byte>();
        frame.AddRange([0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x00, 0x66, 0x77, 0x88, 0x99, 0xAA]);
        foreach (var (tpid, vid) in vlanTags)
        {
            AddBigEndian(frame, tpid);
            AddBigEndian(frame, vid);
        }
        AddBigEndian(frame, etherType);
        frame.AddRange(packet);
        return [.. frame];
    }

    /// <summary>Linux cooked v1: packet type, ARPHRD_ETHER, address length 6, address padded to 8, protocol.</summary>
    public static byte[] LinuxSll(ushort protocol, byte[] packet)
    {
        byte[] header = [0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 1, 2, 3, 4, 5, 6, 0, 0, (byte)(protocol >> 8), (byte)protocol];
        return [.. header, .. packet];
    }

    /// <summary>Linux cooked v2: protocol, reserved, interface index, ARPHRD_ETHER, packet type, address length, address.</summary>
    public static byte[] LinuxSll2(ushort protocol, byte[] packet)
    {
        byte[] header = [(byte)(protocol >> 8), (byte)protocol, 0, 0, 0, 0, 0, 3, 0x00, 0x01, 0x00, 6, 1, 2, 3, 4, 5, 6, 0, 0];
        return [.. header, .. packet];
    }

    public static byte[] Loopback(uint family, byte[] packet, bool bigEndian)
    {
        var header = new byte[4];
        if (bigEndian)
            BinaryPrimitives.WriteUInt32BigEndian(header, family);
        else
            BinaryPrimitives.WriteUInt32LittleEndian(header, family);
        return [.. header, .. packet];
    }

    private static void AddBigEndian(List<byte> bytes, ushort value)
    {
        bytes.Add((byte)(value >> 8));
        bytes.Add((byte)value);
    }
}
