using System.Numerics;
using System.Runtime.CompilerServices;

namespace NetFlow.Storage.Writing.Parquet;

/// <summary>
/// The distinct values of a column chunk, in order of first appearance, and each value's index among
/// them: what RLE_DICTIONARY stores. Bytes and unsigned shorts look their index up in a table with a
/// slot per possible value; wider values in an open-addressing hash (linear probing, Fibonacci hashing)
/// that gives up past <see cref="MaxEntries"/> (the caller may ask for fewer), when the chunk is better
/// off without a dictionary. The tables stay from one chunk to the next and only the slots used are
/// cleared.
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
    private int _count;

    public int Count => _count;

    /// <summary>The distinct values so far, in index order.</summary>
    public ReadOnlySpan<T> Entries => _entries.AsSpan(0, _count);

    public void Clear()
    {
        foreach (int slot in _used.AsSpan(0, _count))
            _slots[slot] = 0;
        _count = 0;
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
        if (Direct)
            return TryMapDirect(values, indices, limit);
        return TryMapHashed(values, indices, limit);
    }

    private bool TryMapDirect(ReadOnlySpan<T> values, Span<int> indices, int limit)
    {
        var slots = _slots;
        for (int i = 0; i < values.Length; i++)
        {
            int key = int.CreateTruncating(values[i]);
            int slot = slots[key];
            if (slot == 0)
            {
                if (_count == limit)
                    return false;
                _used[_count] = key;
                _entries[_count] = values[i];
                slot = slots[key] = ++_count;
            }
            indices[i] = slot - 1;
        }
        return true;
    }

    private bool TryMapHashed(ReadOnlySpan<T> values, Span<int> indices, int limit)
    {
        var slots = _slots;
        var keys = _keys;
        int mask = slots.Length - 1;
        // Consecutive rows repeat values often (one exporter's template, one flow's peer): no hashing for them.
        int lastIndex = -1;
        T last = default;
        for (int i = 0; i < values.Length; i++)
        {
            T value = values[i];
            if (value == last && lastIndex >= 0)
            {
                indices[i] = lastIndex;
                continue;
            }
            int at = (int)((ulong.CreateTruncating(value) * 0x9E3779B97F4A7C15UL) >> _shift);
            while (true)
            {
                int slot = slots[at];
                if (slot == 0)
                {
                    if (_count == limit)
                        return false;
                    _used[_count] = at;
                    _entries[_count] = value;
                    keys[at] = value;
                    slot = slots[at] = ++_count;
                    lastIndex = slot - 1;
                    break;
                }
                if (keys[at] == value)
                {
                    lastIndex = slot - 1;
                    break;
                }
                at = (at + 1) & mask;
            }
            indices[i] = lastIndex;
            last = value;
        }
        return true;
    }
}
