using System.Buffers.Binary;

namespace NetFlow.Storage.Tests.Support;

/// <summary>Big-endian field values appended to a message being built, as exporters put them on the wire.</summary>
internal static class WireBytes
{
    /// <summary>The low <paramref name="bytes"/> bytes of <paramref name="value"/> (1 to 8: reduced-size encoding).</summary>
    public static void Put(List<byte> to, int bytes, ulong value)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(b, value);
        to.AddRange(b[(8 - bytes)..]);
    }

    public static void Put128(List<byte> to, UInt128 value)
    {
        Span<byte> b = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(b, value);
        to.AddRange(b);
    }
}
