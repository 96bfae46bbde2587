using System.Numerics;

namespace NetFlow.Storage.Query.Filter;

/// <summary>
/// The first and last address of a network. Host bits set in the given address are masked off,
/// as nfdump does: <c>net 10.1.2.3/8</c> is 10.0.0.0 - 10.255.255.255.
/// </summary>
internal static class NetworkRange
{
    public static (uint Low, uint High) OfIpv4(uint address, int prefixLength)
    {
        uint mask = Ipv4Netmask(prefixLength);
        uint low = address & mask;
        return (low, low | ~mask);
    }

    public static (UInt128 Low, UInt128 High) OfIpv6(UInt128 address, int prefixLength)
    {
        UInt128 mask = prefixLength == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - prefixLength);
        UInt128 low = address & mask;
        return (low, low | ~mask);
    }

    /// <summary>The prefix length of a netmask such as 255.255.240.0; false when its one-bits are not contiguous.</summary>
    public static bool TryGetPrefixLength(uint netmask, out int prefixLength)
    {
        prefixLength = BitOperations.LeadingZeroCount(~netmask);
        return netmask == Ipv4Netmask(prefixLength);
    }

    private static uint Ipv4Netmask(int prefixLength) =>
        prefixLength == 0 ? 0u : uint.MaxValue << (32 - prefixLength);
}
