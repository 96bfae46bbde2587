using System.Buffers.Binary;

namespace NetFlow.Storage.Rollups;

/// <summary>
/// An address group as the flow files store it: the IPv4 column, the IPv6 column, either or
/// both NULL. A record may carry both (a template with IPv4 and IPv6 fields); each combination
/// is its own group, as GROUP BY over the two columns makes it.
/// </summary>
internal readonly struct AddressKey : IEquatable<AddressKey>
{
    private readonly UInt128 _v6;
    private readonly uint _v4;
    private readonly byte _has; // bit 0: IPv4, bit 1: IPv6

    private AddressKey(uint v4, UInt128 v6, byte has)
    {
        _v4 = v4;
        _v6 = v6;
        _has = has;
    }

    public static AddressKey Of(uint? v4, byte[]? v6)
    {
        byte has = (byte)((v4.HasValue ? 1 : 0) | (v6 is { Length: 16 } ? 2 : 0));
        return new AddressKey(v4 ?? 0, (has & 2) != 0 ? BinaryPrimitives.ReadUInt128BigEndian(v6) : 0, has);
    }

    /// <summary>True when only the IPv4 column is set: the common case, kept in a cheaper table.</summary>
    public bool IsIpv4Only => _has == 1;
    public uint Ipv4 => _v4;
    public uint? Ipv4OrNull => (_has & 1) != 0 ? _v4 : null;

    public static AddressKey Ipv4Only(uint v4) => new(v4, 0, 1);

    public byte[]? Ipv6OrNull()
    {
        if ((_has & 2) == 0)
            return null;
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, _v6);
        return bytes;
    }

    public bool Equals(AddressKey other) => _has == other._has && _v4 == other._v4 && _v6 == other._v6;
    public override bool Equals(object? obj) => obj is AddressKey other && Equals(other);
    public override int GetHashCode() => HashCode.Combine(_v4, _v6, _has);
}
