using System.Numerics;
using System.Runtime.CompilerServices;

namespace NetFlow.Storage.Rollups;

/// <summary>
/// IPv4 address to group number, the table an address key looks every row up in: open
/// addressing with linear probing over a power-of-two array of (address, group) pairs, the slot
/// picked by a multiplicative (Fibonacci) hash, at most half full. A look-up is one probe into
/// one 8-byte entry most of the time, where a <c>Dictionary</c> goes through a bucket array, then
/// an entry array, with a call to a comparer.
/// </summary>
internal sealed class Ipv4GroupTable
{
    public const int MinCapacity = 1024;

    /// <summary>Past this many entries a cleared table is given back, not kept for the next segment.</summary>
    private const int KeptCapacity = 1 << 17;

    private Entry[] _entries = new Entry[MinCapacity];
    private int _shift = 32 - BitOperations.Log2(MinCapacity);

    /// <summary>Addresses in the table.</summary>
    public int Count { get; private set; }

    /// <summary>Slots in the table (a power of two, at least twice <see cref="Count"/>).</summary>
    public int Capacity => _entries.Length;

    /// <summary>The group of <paramref name="address"/>; when it has none yet, <paramref name="group"/> becomes its group and is returned.</summary>
    public int GetOrAdd(uint address, int group)
    {
        var entries = _entries;
        int mask = entries.Length - 1;
        for (int i = SlotOf(address, _shift); ; i = (i + 1) & mask)
        {
            ref var entry = ref entries[i];
            if (entry.GroupPlusOne == 0)
                return Count < entries.Length / 2 ? Insert(ref entry, address, group) : GrowAndAdd(address, group);
            if (entry.Address == address)
                return entry.GroupPlusOne - 1;
        }
    }

    /// <summary>
    /// The group of each address from <paramref name="from"/> on, into <paramref name="groups"/>, up to
    /// the first address the table does not have: that one gets <paramref name="newGroup"/> (added,
    /// and written to its place in <paramref name="groups"/>) and its index is returned, for the
    /// caller to make the group and go on after it. Returns the addresses' length when all were there.
    /// </summary>
    public int FindGroups(ReadOnlySpan<uint> addresses, Span<int> groups, int from, int newGroup)
    {
        var entries = _entries;
        int mask = entries.Length - 1, shift = _shift;
        uint multiplier = Multiplier;
        for (int row = from; row < addresses.Length; row++)
        {
            uint address = addresses[row];
            for (int i = SlotOf(address, multiplier, shift); ; i = (i + 1) & mask)
            {
                ref readonly var entry = ref entries[i];
                if (entry.GroupPlusOne == 0)
                {
                    groups[row] = GetOrAdd(address, newGroup);
                    return row;
                }
                if (entry.Address == address)
                {
                    groups[row] = entry.GroupPlusOne - 1;
                    break;
                }
            }
        }
        return addresses.Length;
    }

    /// <summary>
    /// Reads the home slot of every address, for <see cref="FindGroups"/> to find them in the cache.
    /// In a table larger than the cache, this loop's loads miss all at once, where the look-ups,
    /// with a branch on each load, would wait for them nearly one at a time. Returns what it read,
    /// so the reads are not optimised away.
    /// </summary>
    public int Touch(ReadOnlySpan<uint> addresses)
    {
        var entries = _entries;
        int shift = _shift, read = 0;
        uint multiplier = Multiplier;
        foreach (uint address in addresses)
            read += entries[SlotOf(address, multiplier, shift)].GroupPlusOne;
        return read;
    }

    /// <summary>The group of <paramref name="address"/>, or -1 when it has none.</summary>
    public int GroupOf(uint address)
    {
        var entries = _entries;
        int mask = entries.Length - 1;
        for (int i = SlotOf(address, _shift); ; i = (i + 1) & mask)
        {
            ref readonly var entry = ref entries[i];
            if (entry.GroupPlusOne == 0)
                return -1;
            if (entry.Address == address)
                return entry.GroupPlusOne - 1;
        }
    }

    public void Clear()
    {
        if (_entries.Length > KeptCapacity)
        {
            _entries = new Entry[MinCapacity];
            _shift = 32 - BitOperations.Log2(MinCapacity);
        }
        else
        {
            Array.Clear(_entries);
        }
        Count = 0;
    }

    /// <summary>The slot an address hashes to in a table of <paramref name="capacity"/> slots (tests make collisions with it).</summary>
    internal static int HomeSlotOf(uint address, int capacity) => SlotOf(address, 32 - BitOperations.Log2((uint)capacity));

    /// <summary>
    /// A random odd multiplier per process (multiply-shift hashing): addresses come from the traffic,
    /// so with a fixed one (2^32 / φ) anyone who knows it could send flows whose addresses all fall
    /// on one slot and turn every look-up into a walk along the table.
    /// </summary>
    private static readonly uint Multiplier = (uint)Random.Shared.NextInt64() | 0x8000_0001u; // odd, and never a small one

    /// <summary>The top bits of the address times <see cref="Multiplier"/>: every address bit moves them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SlotOf(uint address, int shift) => SlotOf(address, Multiplier, shift);

    /// <summary>
    /// For loops: they read <see cref="Multiplier"/> into a local once. A static field read in a loop
    /// compiled before the class is initialised (tiered compilation is off) kept an initialisation
    /// check per address.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SlotOf(uint address, uint multiplier, int shift) => (int)((address * multiplier) >> shift);

    private int Insert(ref Entry entry, uint address, int group)
    {
        entry.Address = address;
        entry.GroupPlusOne = group + 1;
        Count++;
        return group;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int GrowAndAdd(uint address, int group)
    {
        var old = _entries;
        var entries = new Entry[old.Length * 2];
        int shift = _shift - 1, mask = entries.Length - 1;
        foreach (var entry in old)
        {
            if (entry.GroupPlusOne == 0)
                continue;
            int i = SlotOf(entry.Address, shift);
            while (entries[i].GroupPlusOne != 0)
                i = (i + 1) & mask;
            entries[i] = entry;
        }
        _entries = entries;
        _shift = shift;
        return GetOrAdd(address, group);
    }

    /// <summary>An address and its group plus one, so that an all-zero entry is an empty slot.</summary>
    private struct Entry
    {
        public uint Address;
        public int GroupPlusOne;
    }
}
