using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace NetFlow.Generator;

/// <summary>
/// The values of synthetic flow number <see cref="Index"/> (0 to --flows - 1). Every field is a
/// simple function of the index, so a test (or an operator reading a collector's output) can tell
/// which flow a record is and check every value: sources count up from 10.0.0.0 (IPv6
/// 2001:db8:1::), destinations from 172.16.0.0 (2001:db8:2::), and the rest cycles with the index.
/// </summary>
public readonly record struct SyntheticFlow(int Index)
{
    /// <summary>Flow indexes must fit the 24 bits added to 10.0.0.0, so every flow key is distinct.</summary>
    public const int MaxFlows = 1 << 24;

    private static ReadOnlySpan<ushort> TcpPorts => [443, 80, 22, 8080, 25, 993];

    public uint SourceIPv4 => 0x0A00_0000u + (uint)Index;
    public uint DestinationIPv4 => 0xAC10_0000u + (uint)(Index & 0xF_FFFF);
    /// <summary>192.0.2.254 (RFC 5737 documentation range).</summary>
    public uint NextHopIPv4 => 0xC000_02FEu;

    public byte Protocol => Index % 4 == 3 ? (byte)17 : (byte)6;
    public ushort SourcePort => (ushort)(1024 + Index % 60_000);
    public ushort DestinationPort => Protocol == 17 ? (ushort)53 : TcpPorts[Index % TcpPorts.Length];
    /// <summary>FIN, SYN, PSH, ACK for TCP (a whole short connection); none for UDP.</summary>
    public byte TcpFlags => Protocol == 6 ? (byte)0x1B : (byte)0;
    /// <summary>DSCP 0, 8, 16 ... 56 in the upper six bits.</summary>
    public byte Tos => (byte)((Index % 8) << 5);
    public uint Packets => 1 + (uint)(Index % 1000);
    public uint Bytes => Packets * (40 + (uint)(Index % 1461));
    public ushort InputInterface => (ushort)(1 + Index % 16);
    public ushort OutputInterface => (ushort)(17 + Index % 16);
    public ushort SourceAs => (ushort)(64512 + Index % 1000);
    public ushort DestinationAs => (ushort)(65000 + Index % 500);
    public byte SourceMask => 24;
    public byte DestinationMask => 12;
    public byte SourceMaskIPv6 => 64;
    public byte DestinationMaskIPv6 => 48;

    /// <summary>interfaceName (IPFIX variable length, sent with a 1-byte length): eth0 ... eth15, after the input interface.</summary>
    public string InterfaceName => "eth" + (InputInterface - 1);

    /// <summary>
    /// applicationName (IPFIX variable length, always sent with the 3-byte length of RFC 7011 §7): "app-N";
    /// every 32nd flow's name is 300 bytes long, so a length that only the 3-byte form can carry is exercised too.
    /// </summary>
    public string ApplicationName => Index % 32 == 31 ? $"app-{Index}-".PadRight(LongApplicationNameLength, 'x') : $"app-{Index % 1000}";

    public const int LongApplicationNameLength = 300;

    public IPAddress SourceAddress(bool ipv6) => ipv6 ? new IPAddress(Ipv6(1, (uint)Index)) : Ipv4(SourceIPv4);
    public IPAddress DestinationAddress(bool ipv6) => ipv6 ? new IPAddress(Ipv6(2, (uint)Index)) : Ipv4(DestinationIPv4);
    public IPAddress NextHopAddress(bool ipv6) => ipv6 ? new IPAddress(Ipv6(0, 0xFE)) : Ipv4(NextHopIPv4);

    internal void WriteSourceIPv6(Span<byte> destination) => WriteIpv6(destination, 1, (uint)Index);
    internal void WriteDestinationIPv6(Span<byte> destination) => WriteIpv6(destination, 2, (uint)Index);
    internal static void WriteNextHopIPv6(Span<byte> destination) => WriteIpv6(destination, 0, 0xFE);

    internal int WriteInterfaceName(Span<byte> destination) => Encoding.ASCII.GetBytes(InterfaceName, destination);
    internal int WriteApplicationName(Span<byte> destination) => Encoding.ASCII.GetBytes(ApplicationName, destination);

    /// <summary>2001:db8:NET::INDEX, in the RFC 3849 documentation prefix.</summary>
    private static void WriteIpv6(Span<byte> destination, ushort network, uint low)
    {
        destination[..16].Clear();
        BinaryPrimitives.WriteUInt32BigEndian(destination, 0x2001_0DB8u);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], network);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], low);
    }

    private static byte[] Ipv6(ushort network, uint low)
    {
        var bytes = new byte[16];
        WriteIpv6(bytes, network, low);
        return bytes;
    }

    private static IPAddress Ipv4(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }
}
