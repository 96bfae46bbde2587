using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetFlow.Storage.Writing;

/// <summary>
/// One field of every record of a fixed-length run: record i's field at offset + i × stride. The
/// whole run is bounds-checked once by <see cref="InBounds"/>, so the loops over it read big-endian
/// values without a check per value (a run is tens to thousands of records).
/// </summary>
internal static class StridedField
{
    public static bool InBounds(ReadOnlySpan<byte> data, int stride, int offset, int length, int count) =>
        count <= 0 || (offset >= 0 && stride >= 0 && length > 0 && (long)offset + (long)(count - 1) * stride + length <= data.Length);

    /// <summary>The first record's field; only after <see cref="InBounds"/> said yes.</summary>
    public static ref byte First(ReadOnlySpan<byte> data, int offset) => ref Unsafe.Add(ref MemoryMarshal.GetReference(data), offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong U8(ref byte first, nint at) => Unsafe.Add(ref first, at);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong U16(ref byte first, nint at) => BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref first, at)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint U32(ref byte first, nint at) => BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref first, at)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong U64(ref byte first, nint at) => BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, at)));

    /// <summary>How wide a field is: a type per width, so a generic loop over a run is compiled once per width.</summary>
    public interface IWidth
    {
        static abstract ulong Read(ref byte first, nint at);
    }

    public readonly struct Byte : IWidth
    {
        public static ulong Read(ref byte first, nint at) => U8(ref first, at);
    }

    public readonly struct BigEndian16 : IWidth
    {
        public static ulong Read(ref byte first, nint at) => U16(ref first, at);
    }

    public readonly struct BigEndian32 : IWidth
    {
        public static ulong Read(ref byte first, nint at) => U32(ref first, at);
    }

    public readonly struct BigEndian64 : IWidth
    {
        public static ulong Read(ref byte first, nint at) => U64(ref first, at);
    }
}
