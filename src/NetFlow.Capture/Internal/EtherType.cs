namespace NetFlow.Capture.Internal;

internal static class EtherType
{
    public const ushort Ipv4 = 0x0800;
    public const ushort Ipv6 = 0x86DD;
    /// <summary>IEEE 802.1Q customer VLAN tag.</summary>
    public const ushort Vlan = 0x8100;
    /// <summary>IEEE 802.1ad service VLAN tag (the outer tag of Q-in-Q).</summary>
    public const ushort ServiceVlan = 0x88A8;
    /// <summary>Pre-802.1ad Q-in-Q outer tag some switches still send.</summary>
    public const ushort LegacyQinQ = 0x9100;
}
