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
}

/// <summary>Indices in an array, as a hashed or ranged dictionary maps wider values to them.</summary>
internal readonly ref struct IndexArray(ReadOnlySpan<int> indices) : IHybridIndices
{
    private readonly ref int _first = ref MemoryMarshal.GetReference(indices);

    public int Length { get; } = indices.Length;

    public int this[int i]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Unsafe.Add(ref _first, i);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Uniform(int i)
    {
        ref int group = ref Unsafe.Add(ref _first, i);
        return Vector256.EqualsAll(Vector256.LoadUnsafe(ref group), Vector256.Create(group));
    }
}

/// <summary>
/// Byte or unsigned short values and their dictionary's table (a slot per value, index + 1): a
/// value's index is read from the table as it is packed, and 8 values are the same when their 8 or
/// 16 bytes are one value repeated.
/// </summary>
internal readonly ref struct MappedValues<T> : IHybridIndices where T : unmanaged, IBinaryInteger<T>
{
    private readonly ref T _first;
    private readonly ref int _slots;

    public MappedValues(ReadOnlySpan<T> values, ReadOnlySpan<int> slots)
    {
        if (typeof(T) != typeof(byte) && typeof(T) != typeof(ushort))
            throw new NotSupportedException($"only bytes and unsigned shorts have a table of their values, not {typeof(T)}");
        ArgumentOutOfRangeException.ThrowIfLessThan(slots.Length, 1 << (Unsafe.SizeOf<T>() * 8), nameof(slots));
        _first = ref MemoryMarshal.GetReference(values);
        _slots = ref MemoryMarshal.GetReference(slots);
        Length = values.Length;
    }

    public int Length { get; }

    public int this[int i]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Unsafe.Add(ref _slots, int.CreateTruncating(Unsafe.Add(ref _first, i))) - 1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Uniform(int i)
    {
        ref T group = ref Unsafe.Add(ref _first, i);
        if (typeof(T) == typeof(byte))
            return Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<T, byte>(ref group)) == ulong.CreateTruncating(group) * 0x0101_0101_0101_0101UL;
        return Vector128.EqualsAll(Vector128.LoadUnsafe(ref Unsafe.As<T, ushort>(ref group)), Vector128.Create(ushort.CreateTruncating(group)));
    }
}
