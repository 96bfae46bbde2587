using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetFlow.Storage.Writing.Parquet;

/// <summary>
/// The indices <see cref="HybridEncoder"/> packs, read where they are. Implementations are ref
/// structs the encoder is generic over, so each kind compiles to its own loop with the reads inlined.
/// Callers check lengths once: the reads do not.
/// </summary>
internal interface IHybridIndices
{
    int Length { get; }

    /// <summary>The index at <paramref name="i"/>.</summary>
    int this[int i] { get; }

    /// <summary>Whether the 8 indices from <paramref name="i"/> are all the same.</summary>
    bool Uniform(int i);

    /// <summary>The 8 indices from <paramref name="i"/>, of <paramref name="bitWidth"/> bits (8 at most), packed from the least significant bit.</summary>
    ulong Group(int i, int bitWidth);
}

/// <summary>
/// Indices stored one per value: ints, as a hashed or ranged dictionary maps wider values to them,
/// or bytes, as a byte or ushort column's dictionary leaves them when it has at most 256 entries.
/// 8 byte indices are one 64-bit word, the same when its bytes are, and packed by folding the
/// word's bytes together in three steps.
/// </summary>
internal readonly ref struct StoredIndices<T> : IHybridIndices where T : unmanaged, IBinaryInteger<T>
{
    private readonly ref T _first;

    public StoredIndices(ReadOnlySpan<T> indices)
    {
        if (typeof(T) != typeof(byte) && typeof(T) != typeof(int))
            throw new NotSupportedException($"indices are ints or bytes, not {typeof(T)}");
        _first = ref MemoryMarshal.GetReference(indices);
        Length = indices.Length;
    }

    public int Length { get; }

    public int this[int i]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => int.CreateTruncating(Unsafe.Add(ref _first, i));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Uniform(int i)
    {
        ref T group = ref Unsafe.Add(ref _first, i);
        if (typeof(T) == typeof(byte))
            return Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<T, byte>(ref group)) == ulong.CreateTruncating(group) * 0x0101_0101_0101_0101UL;
        ref int ints = ref Unsafe.As<T, int>(ref group);
        return Vector256.EqualsAll(Vector256.LoadUnsafe(ref ints), Vector256.Create(ints));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Group(int i, int bitWidth)
    {
        if (typeof(T) != typeof(byte))
            return HybridEncoder.Join(this, i, bitWidth);
        // Byte k holds index k (under 2^bitWidth). Each step joins neighbouring lanes, the upper one
        // shifted down onto the lower one's end: 16-bit lanes of 2 indices, 32-bit of 4, then all 8.
        ulong w = Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<T, byte>(ref Unsafe.Add(ref _first, i)));
        w = (w & 0x00FF_00FF_00FF_00FFUL) | ((w & 0xFF00_FF00_FF00_FF00UL) >> (8 - bitWidth));
        w = (w & 0x0000_FFFF_0000_FFFFUL) | ((w & 0xFFFF_0000_FFFF_0000UL) >> (16 - 2 * bitWidth));
        return (w & 0x0000_0000_FFFF_FFFFUL) | ((w & 0xFFFF_FFFF_0000_0000UL) >> (32 - 4 * bitWidth));
    }
}

/// <summary>
/// Unsigned short values and their dictionary's table (a slot per value, index + 1), for chunks of
/// more than 256 entries: a value's index is read from the table as it is packed, and 8 values are
/// the same when their 16 bytes are one value repeated.
/// </summary>
internal readonly ref struct MappedUShorts : IHybridIndices
{
    private readonly ref ushort _first;
    private readonly ref int _slots;

    public MappedUShorts(ReadOnlySpan<ushort> values, ReadOnlySpan<int> slots)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots.Length, 1 << 16, nameof(slots));
        _first = ref MemoryMarshal.GetReference(values);
        _slots = ref MemoryMarshal.GetReference(slots);
        Length = values.Length;
    }

    public int Length { get; }

    public int this[int i]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Unsafe.Add(ref _slots, Unsafe.Add(ref _first, i)) - 1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Uniform(int i)
    {
        ref ushort group = ref Unsafe.Add(ref _first, i);
        return Vector128.EqualsAll(Vector128.LoadUnsafe(ref group), Vector128.Create(group));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Group(int i, int bitWidth) => HybridEncoder.Join(this, i, bitWidth);
}
