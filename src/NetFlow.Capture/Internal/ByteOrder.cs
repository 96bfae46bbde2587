using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace NetFlow.Capture.Internal;

/// <summary>
/// File-level integers in the byte order the writer used: pcap and each pcapng section declare
/// theirs with a magic number. Packet contents are always network (big-endian) order.
/// </summary>
internal readonly record struct ByteOrder(bool IsBigEndian)
{
    public static readonly ByteOrder Big = new(true);
    public static readonly ByteOrder Little = new(false);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ushort UInt16(ReadOnlySpan<byte> source) =>
        IsBigEndian ? BinaryPrimitives.ReadUInt16BigEndian(source) : BinaryPrimitives.ReadUInt16LittleEndian(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint UInt32(ReadOnlySpan<byte> source) =>
        IsBigEndian ? BinaryPrimitives.ReadUInt32BigEndian(source) : BinaryPrimitives.ReadUInt32LittleEndian(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong UInt64(ReadOnlySpan<byte> source) =>
        IsBigEndian ? BinaryPrimitives.ReadUInt64BigEndian(source) : BinaryPrimitives.ReadUInt64LittleEndian(source);
}
