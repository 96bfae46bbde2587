using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace NetFlow.Storage.Query.Filter;

/// <summary>
/// Strict address parsing for filters. <see cref="IPAddress.TryParse(string, out IPAddress)"/> alone
/// is too lenient for IPv4 (it reads "10" as 0.0.0.10 and "10.1" as 10.0.0.1), which would turn
/// typos into silently wrong filters.
/// </summary>
internal static class AddressText
{
    /// <summary>Dotted quad, four decimal octets; the result is in network order as the columns store it.</summary>
    public static bool TryParseIpv4(string text, out uint address) =>
        TryParseIpv4Prefix(text, out address, out int octets) && octets == 4;

    /// <summary>
    /// One to four octets, the rest zero: the network part of nfdump's <c>net 172.16/16</c>.
    /// </summary>
    public static bool TryParseIpv4Prefix(string text, out uint address, out int octets)
    {
        address = 0;
        octets = 0;
        foreach (var part in text.Split('.'))
        {
            if (octets == 4 || part.Length is 0 or > 3
                || !byte.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out byte octet))
                return false;
            address |= (uint)octet << (24 - 8 * octets);
            octets++;
        }
        return true;
    }

    /// <summary>
    /// Any IPv6 text form .NET reads, without a zone (<c>%eth0</c>: the columns do not store one)
    /// and without a <c>/prefix</c>, which .NET would accept and silently drop.
    /// </summary>
    public static bool TryParseIpv6(string text, out UInt128 address)
    {
        address = 0;
        if (!text.Contains(':', StringComparison.Ordinal) || text.AsSpan().IndexOfAny('%', '/') >= 0
            || !IPAddress.TryParse(text, out var parsed) || parsed.AddressFamily != AddressFamily.InterNetworkV6)
            return false;
        Span<byte> bytes = stackalloc byte[16];
        parsed.TryWriteBytes(bytes, out _);
        address = BinaryPrimitives.ReadUInt128BigEndian(bytes);
        return true;
    }

    /// <summary>
    /// The address as the exporter column holds it: .NET's <see cref="IPAddress.ToString"/> form,
    /// so <c>2001:DB8:0::1</c> finds rows stored as <c>2001:db8::1</c>.
    /// </summary>
    public static bool TryNormalize(string text, out string normalized)
    {
        normalized = string.Empty;
        if (TryParseIpv4(text, out uint v4))
        {
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(bytes, v4);
            normalized = new IPAddress(bytes).ToString();
            return true;
        }
        if (TryParseIpv6(text, out UInt128 v6))
        {
            Span<byte> bytes = stackalloc byte[16];
            BinaryPrimitives.WriteUInt128BigEndian(bytes, v6);
            normalized = new IPAddress(bytes).ToString();
            return true;
        }
        return false;
    }
}
