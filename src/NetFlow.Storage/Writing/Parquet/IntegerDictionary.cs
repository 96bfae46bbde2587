using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetFlow.Storage.Writing.Parquet;

/// <summary>
/// The distinct values of a column chunk, in order of first appearance, and each value's index among
/// them: what RLE_DICTIONARY stores. Bytes and unsigned shorts look their index up in a table with a
/// slot per possible value, or, while there are at most 16 of them, compare 32 values at a time with
/// every entry (<see cref="TryCollect"/>); wider values in an open-addressing hash (linear probing, Fibonacci hashing)
/// that gives up past <see cref="MaxEntries"/> (the caller may ask for fewer), when the chunk is better
/// off without a dictionary; but wider values that all lie within <see cref="RangeSlots"/> of the
/// chunk's least (an exporter's interfaces, a row group's export times, a prefix's addresses) look
/// theirs up in a table with a slot per value of that range (<see cref="TryMapRange"/>), which costs
/// a third of hashing. The tables stay from one chunk to the next and only the slots used are cleared.
/// </summary>
internal sealed class IntegerDictionary<T> where T : unmanaged, IBinaryInteger<T>
{
    /// <summary>
    /// Past this many distinct values a hashed chunk goes without a dictionary: indices would take 15
    /// bits and more, and the hash stops fitting the cache that makes it cheap.
    /// </summary>
    private const int MaxHashedEntries = 1 << 14;

    private static readonly bool Direct = typeof(T) == typeof(byte) || typeof(T) == typeof(ushort);

    /// <summary>True when values look their index up in a table (bytes, unsigned shorts), without hashing.</summary>
    public static bool IsDirect => Direct;

    /// <summary>The most distinct values this dictionary holds: every value of a byte or an unsigned short (a table lookup costs the same however many there are).</summary>
    public static readonly int MaxEntries = Direct ? 1 << (Unsafe.SizeOf<T>() * 8) : MaxHashedEntries;

    // Slot = index + 1, 0 = empty. Direct: a slot per value; hashed: twice as many slots as entries, keys beside them.
    private readonly int[] _slots = new int[Direct ? MaxEntries : MaxEntries * 2];
    private readonly T[] _keys = new T[Direct ? 0 : MaxEntries * 2];
    private readonly int[] _used = new int[MaxEntries];
    private readonly T[] _entries = new T[MaxEntries];
    private readonly int _shift = 64 - BitOperations.Log2((uint)MaxEntries * 2);
    /// <summary>For <see cref="TryMapRange"/>: a slot per offset from the chunk's least value (made at first use: 256 KiB).</summary>
    private int[]? _rangeSlots;
    /// <summary>The chunk being mapped is mapped by range: <see cref="_used"/> holds offsets into <see cref="_rangeSlots"/>.</summary>
    private bool _ranged;
    private int _count;

    /// <summary>How far apart a chunk's values may lie for <see cref="TryMapRange"/>.</summary>
    public const int RangeSlots = 1 << 16;

    public int Count => _count;

    /// <summary>The distinct values so far, in index order.</summary>
    public ReadOnlySpan<T> Entries => _entries.AsSpan(0, _count);

    public void Clear()
    {
        var slots = _ranged ? _rangeSlots! : _slots;
        foreach (int slot in _used.AsSpan(0, _count))
            slots[slot] = 0;
        _count = 0;
        _ranged = false;
    }

    /// <summary>
    /// As <see cref="TryMap"/>, for wider values that all lie in [<paramref name="min"/>, <paramref name="min"/> +
    /// <see cref="RangeSlots"/>): each value's offset from <paramref name="min"/> is its slot, no hashing. A chunk is
    /// mapped either this way or the other (calls after a <see cref="Clear"/> decide it), with the same least value.
    /// </summary>
    public bool TryMapRange(ReadOnlySpan<T> values, T min, Span<int> indices, int limit)
    {
        if (Direct)
            throw new InvalidOperationException("bytes and unsigned shorts have a slot per value already");
        if (indices.Length < values.Length)
            throw new ArgumentException("an index for every value", nameof(indices));
        if (_count > 0 && !_ranged)
            throw new InvalidOperationException("the chunk is being mapped by hash");
        limit = Math.Min(limit, MaxEntries);
        _ranged = true;
        return TryMapBySlot(values, indices, limit, _rangeSlots ??= new int[RangeSlots], min);
    }

    /// <summary>
    /// The index of each of <paramref name="values"/> into <paramref name="indices"/>, new values added;
    /// false (and the indices in part) once more than <paramref name="limit"/> distinct values are seen.
    /// </summary>
    public bool TryMap(ReadOnlySpan<T> values, Span<int> indices, int limit)
    {
        limit = Math.Min(limit, MaxEntries);
        if (indices.Length < values.Length)
            throw new ArgumentException("an index for every value", nameof(indices));
        if (_ranged)
            throw new InvalidOperationException("the chunk is being mapped by range");
        if (Direct)
            return TryMapDirect(values, indices, limit);
        return TryMapHashed(values, indices, limit);
    }

    /// <summary>
    /// Bytes and unsigned shorts: adds <paramref name="values"/>' new values, and writes each value's
    /// index cut to a byte into <paramref name="indexBytes"/>: the indices themselves when the chunk
    /// ends with at most 256 entries (a byte column always), else a writer reads them from
    /// <see cref="Slots"/> as it packs. False (some added) once more than <paramref name="limit"/>
    /// distinct values are seen.
    /// </summary>
    public bool TryCollect(ReadOnlySpan<T> values, int limit, Span<byte> indexBytes)
    {
        if (indexBytes.Length < values.Length)
            throw new ArgumentException("an index byte for every value", nameof(indexBytes));
        if (!Direct)
            throw new InvalidOperationException("only bytes and unsigned shorts have a slot per value to read indices from");
        if (_ranged)
            throw new InvalidOperationException("the chunk is being mapped by range");
        limit = Math.Min(limit, MaxEntries);
        int done = Vector256.IsHardwareAccelerated && _count <= FewEntries ? CollectFew(values, indexBytes, limit) : 0;
        return done >= 0 && TryMapBySlot(values[done..], indexBytes[done..], limit, _slots, T.Zero);
    }

    /// <summary>Up to this many entries, <see cref="CollectFew"/> finds indices by comparing a vector of values with each entry.</summary>
    private const int FewEntries = 16;

    /// <summary>
    /// <see cref="TryCollect"/> for a dictionary of a few entries (a protocol, a ToS, TCP flags, a
    /// handful of ports): 32 values at a time compared with every entry, the index of the one each
    /// equals ORed together, no look-up per value (a sixth of the table's cost with two entries).
    /// New values are added one by one, to the table as well, so it stays whole for the rest. Stops
    /// before the 32 values that would make entry 17, or at the last 32; returns how many values it
    /// did, or -1 past <paramref name="limit"/> (entries added by then, as the table way leaves them).
    /// </summary>
    private int CollectFew(ReadOnlySpan<T> values, Span<byte> indexBytes, int limit)
    {
        const int Stretch = 32;
        int count = _count;
        Span<Vector256<T>> entries = stackalloc Vector256<T>[FewEntries];
        Span<Vector256<T>> numbers = stackalloc Vector256<T>[FewEntries];
        for (int k = 0; k < count; k++)
        {
            entries[k] = Vector256.Create(_entries[k]);
            numbers[k] = Vector256.Create(T.CreateTruncating(k));
        }
        ref T value0 = ref MemoryMarshal.GetReference(values);
        ref byte index0 = ref MemoryMarshal.GetReference(indexBytes);
        int i = 0;
        while (i <= values.Length - Stretch)
        {
            if (TryIndicesOf(ref Unsafe.Add(ref value0, i), entries[..count], numbers[..count], out var indices))
            {
                indices.StoreUnsafe(ref index0, (nuint)i);
                i += Stretch;
                continue;
            }
            // Values not seen yet: into the dictionary, then the stretch again.
            foreach (T value in values.Slice(i, Stretch))
            {
                int key = int.CreateTruncating(value);
                if (_slots[key] != 0)
                    continue;
                if (count == FewEntries)
                {
                    _count = count;
                    return i;
                }
                if (count == limit)
                {
                    _count = count;
                    return -1;
                }
                _used[count] = key;
                _entries[count] = value;
                _slots[key] = count + 1;
                entries[count] = Vector256.Create(value);
                numbers[count] = Vector256.Create(T.CreateTruncating(count));
                count++;
            }
        }
        _count = count;
        return i;
    }

    /// <summary>The indices of the 32 values from <paramref name="first"/> as bytes; false when one of them is none of the entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryIndicesOf(ref T first, ReadOnlySpan<Vector256<T>> entries, ReadOnlySpan<Vector256<T>> numbers, out Vector256<byte> indices)
    {
        if (typeof(T) == typeof(byte))
        {
            bool all = TryIndicesOf(Vector256.LoadUnsafe(ref first), entries, numbers, out var lanes);
            indices = lanes.AsByte();
            return all;
        }
        // Unsigned shorts: 16 a vector, two vectors' indices narrowed to one of bytes.
        bool low = TryIndicesOf(Vector256.LoadUnsafe(ref first), entries, numbers, out var a);
        bool high = TryIndicesOf(Vector256.LoadUnsafe(ref first, (nuint)Vector256<T>.Count), entries, numbers, out var b);
        indices = Vector256.Narrow(a.AsUInt16(), b.AsUInt16());
        return low & high;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryIndicesOf(Vector256<T> values, ReadOnlySpan<Vector256<T>> entries, ReadOnlySpan<Vector256<T>> numbers, out Vector256<T> indices)
    {
        var found = Vector256<T>.Zero;
        var index = Vector256<T>.Zero;
        for (int k = 0; k < entries.Length; k++)
        {
            var equal = Vector256.Equals(values, entries[k]);
            found |= equal;
            index |= equal & numbers[k];
        }
        indices = index;
        return found == Vector256<T>.AllBitsSet;
    }

    /// <summary>Bytes and unsigned shorts: the table, a slot per value, holding a value's index + 1 once it is in the dictionary (0 before).</summary>
    public ReadOnlySpan<int> Slots => Direct ? _slots : throw new InvalidOperationException("wider values are hashed, not in a table");

    // The loops keep the count in a local and index through references: the checks the JIT kept on
    // each array access, and the reload of fields after every store, were half the cost of a value
    // (values and indices are checked to match by the callers; a slot index is below the table's
    // length: checked for an offset, by construction for a hash shifted down to the table's bits and masked).

    private bool TryMapDirect(ReadOnlySpan<T> values, Span<int> indices, int limit) => TryMapBySlot(values, indices, limit, _slots, T.Zero);

    /// <summary>Each value's slot is its offset from <paramref name="min"/> in <paramref name="table"/>: a byte or ushort itself, or a wider value's place in its chunk's range.</summary>
    /// <typeparam name="TIndex">An int per value, or a byte (the index cut to one) for <see cref="TryCollect"/>.</typeparam>
    private bool TryMapBySlot<TIndex>(ReadOnlySpan<T> values, Span<TIndex> indices, int limit, int[] table, T min)
        where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        int count = _count;
        ref int slots = ref MemoryMarshal.GetArrayDataReference(table);
        ref T value0 = ref MemoryMarshal.GetReference(values);
        ref TIndex index0 = ref MemoryMarshal.GetReference(indices);
        for (nint i = 0; i < values.Length; i++)
        {
            T value = Unsafe.Add(ref value0, i);
            ulong offset = ulong.CreateTruncating(value - min);
            // A range's caller's promise, kept (a byte or ushort always fits): a value outside would index past the table.
            if (offset >= (ulong)table.Length)
            {
                _count = count; // so that Clear empties the slots taken so far
                throw new ArgumentOutOfRangeException(nameof(values), $"a value lies {offset} past the least, more than the range");
            }
            nint key = (nint)offset;
            int slot = Unsafe.Add(ref slots, key);
            if (slot == 0)
            {
                if (count == limit)
                {
                    _count = count;
                    return false;
                }
                _used[count] = (int)key;
                _entries[count] = value;
                slot = Unsafe.Add(ref slots, key) = ++count;
            }
            Unsafe.Add(ref index0, i) = TIndex.CreateTruncating(slot - 1);
        }
        _count = count;
        return true;
    }

    private bool TryMapHashed(ReadOnlySpan<T> values, Span<int> indices, int limit)
    {
        int count = _count;
        int shift = _shift;
        nint mask = _slots.Length - 1;
        ref int slots = ref MemoryMarshal.GetArrayDataReference(_slots);
        ref T keys = ref MemoryMarshal.GetArrayDataReference(_keys);
        ref T value0 = ref MemoryMarshal.GetReference(values);
        ref int index0 = ref MemoryMarshal.GetReference(indices);
        // No shortcut for a value repeating the one before: a hash that finds its slot in the first
        // cache line costs about what the comparison and its branch did.
        for (nint i = 0; i < values.Length; i++)
        {
            T value = Unsafe.Add(ref value0, i);
            nint at = (nint)((ulong.CreateTruncating(value) * 0x9E3779B97F4A7C15UL) >> shift);
            int slot;
            while (true)
            {
                slot = Unsafe.Add(ref slots, at);
                if (slot != 0 && Unsafe.Add(ref keys, at) == value)
                    break;
                if (slot == 0)
                {
                    if (count == limit)
                    {
                        _count = count;
                        return false;
                    }
                    _used[count] = (int)at;
                    _entries[count] = value;
                    Unsafe.Add(ref keys, at) = value;
                    slot = Unsafe.Add(ref slots, at) = ++count;
                    break;
                }
                at = (at + 1) & mask;
            }
            Unsafe.Add(ref index0, i) = slot - 1;
        }
        _count = count;
        return true;
    }
}
