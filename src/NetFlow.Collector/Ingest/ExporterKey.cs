using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace NetFlow.Collector.Ingest;

/// <summary>
/// An exporter's address as a value: IPv4 addresses are kept IPv4-mapped in 16 bytes, so the
/// same router reaching a dual-stack socket by either family is one exporter. Built straight from
/// the bytes of a received <see cref="SocketAddress"/> or sockaddr, without allocating.
/// </summary>
public readonly record struct ExporterKey(ulong High, ulong Low)
{
    private const ulong MappedPrefix = 0x0000_FFFF_0000_0000UL;
    private const ushort LinuxAfInet = 2;

    public static ExporterKey From(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            address.MapToIPv6().TryWriteBytes(bytes, out _);
        }
        else
        {
            address.TryWriteBytes(bytes, out _);
        }
        return new(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));
    }

    /// <summary>From a Linux sockaddr_in / sockaddr_in6 as .NET lays it out in <see cref="SocketAddress.Buffer"/>.</summary>
    public static ExporterKey From(SocketAddress address) =>
        address.Family == AddressFamily.InterNetwork ? FromSockaddrIn(address.Buffer.Span) : FromSockaddrIn6(address.Buffer.Span);

    /// <summary>
    /// From the raw sockaddr_in / sockaddr_in6 the Linux kernel wrote (recvmmsg's msg_name): the
    /// family is the first two bytes in host order, AF_INET 2, AF_INET6 10.
    /// </summary>
    internal static ExporterKey FromLinuxSockaddr(ReadOnlySpan<byte> sockaddr) =>
        MemoryMarshal.Read<ushort>(sockaddr) == LinuxAfInet ? FromSockaddrIn(sockaddr) : FromSockaddrIn6(sockaddr);

    /// <summary>sockaddr_in: family, port, then the address at byte 4.</summary>
    private static ExporterKey FromSockaddrIn(ReadOnlySpan<byte> b) => new(0, MappedPrefix | BinaryPrimitives.ReadUInt32BigEndian(b[4..8]));

    /// <summary>sockaddr_in6: family, port, flow info, then the address at byte 8.</summary>
    private static ExporterKey FromSockaddrIn6(ReadOnlySpan<byte> b) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(b[8..16]), BinaryPrimitives.ReadUInt64BigEndian(b[16..24]));

    public bool IsIPv4 => High == 0 && (Low & 0xFFFF_FFFF_0000_0000UL) == MappedPrefix;

    public IPAddress ToIPAddress()
    {
        if (IsIPv4)
        {
            Span<byte> v4 = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(v4, (uint)Low);
            return new IPAddress(v4);
        }
        Span<byte> v6 = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(v6, High);
        BinaryPrimitives.WriteUInt64BigEndian(v6[8..], Low);
        return new IPAddress(v6);
    }

    /// <summary>Spreads exporters over decode workers; stable for one exporter.</summary>
    public int WorkerIndex(int workers) => (int)((uint)HashCode.Combine(High, Low) % (uint)workers);

    public override string ToString() => ToIPAddress().ToString();
}
