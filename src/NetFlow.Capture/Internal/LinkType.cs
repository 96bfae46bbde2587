namespace NetFlow.Capture.Internal;

/// <summary>
/// The LINKTYPE_ values this reader decodes (tcpdump.org/linktypes.html, also the pcapng
/// LinkType registry). Values in files are LINKTYPE_, never the OS-specific DLT_ numbers.
/// </summary>
internal static class LinkType
{
    /// <summary>BSD loopback: a 4-byte address family in the capturing host's byte order.</summary>
    public const uint Null = 0;
    public const uint Ethernet = 1;
    /// <summary>Raw IP; the version nibble tells IPv4 from IPv6.</summary>
    public const uint Raw = 101;
    /// <summary>OpenBSD loopback: like <see cref="Null"/> but the family is big-endian.</summary>
    public const uint Loop = 108;
    /// <summary>Linux "any" device, cooked header v1 (16 bytes).</summary>
    public const uint LinuxSll = 113;
    public const uint Ipv4 = 228;
    public const uint Ipv6 = 229;
    /// <summary>Linux cooked header v2 (20 bytes).</summary>
    public const uint LinuxSll2 = 276;
}
