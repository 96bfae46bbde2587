using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetFlow.Generator.Sending;

/// <summary>
/// Up to <see cref="Capacity"/> datagrams handed to the kernel in one sendmmsg(2) call. A datagram
/// is either written into the batch's own slots (<see cref="NextSlot"/>, <see cref="Commit"/>) or
/// lives in another pinned buffer and is only pointed at (<see cref="AddPinned"/>), which spares a
/// copy per packet. Everything is on the pinned object heap, so the addresses given to the kernel
/// stay valid without a fixed block or a GCHandle per send.
/// </summary>
internal sealed class DatagramBatch
{
    private readonly byte[] _buffer;
    private readonly nint[] _addresses;
    private readonly int[] _lengths;
    private readonly int[] _records;
    private readonly bool[] _templates;

    public DatagramBatch(int capacity, int slotLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(slotLength, 1);
        Capacity = capacity;
        SlotLength = slotLength;
        _buffer = GC.AllocateUninitializedArray<byte>(checked(capacity * slotLength), pinned: true);
        _addresses = new nint[capacity];
        _lengths = new int[capacity];
        _records = new int[capacity];
        _templates = new bool[capacity];
    }

    public int Capacity { get; }
    public int SlotLength { get; }
    public int Count { get; private set; }
    public bool IsFull => Count == Capacity;
    /// <summary>Data records in the datagrams of the batch (0 for template packets and replayed datagrams).</summary>
    public int Records { get; private set; }

    /// <summary>The batch's own slot for the next datagram; <see cref="Commit"/> adds what was written there.</summary>
    public Span<byte> NextSlot => _buffer.AsSpan(Count * SlotLength, SlotLength);

    public void Commit(int length, int records, bool isTemplate = false)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, SlotLength);
        Add(PinnedAddress(_buffer, Count * SlotLength), length, records, isTemplate);
    }

    /// <summary>
    /// Adds a datagram that stays where it is: <paramref name="buffer"/> must be pinned (allocated
    /// with GC.AllocateArray(pinned: true)) and left unchanged until the batch has been sent.
    /// </summary>
    public void AddPinned(byte[] buffer, int offset, int length, int records)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)offset + (uint)length, (uint)buffer.Length, nameof(length));
        Add(PinnedAddress(buffer, offset), length, records, isTemplate: false);
    }

    public void Clear()
    {
        Count = 0;
        Records = 0;
    }

    public unsafe ReadOnlySpan<byte> this[int index] => new((void*)_addresses[index], _lengths[index]);

    public int LengthOf(int index) => _lengths[index];

    public int RecordsOf(int index) => _records[index];

    public bool IsTemplate(int index) => _templates[index];

    /// <summary>The address of datagram <paramref name="index"/>, for the kernel.</summary>
    public nint AddressOf(int index) => _addresses[index];

    private void Add(nint address, int length, int records, bool isTemplate)
    {
        if (Count == Capacity)
            throw new InvalidOperationException($"the batch already holds {Capacity} datagrams");
        _addresses[Count] = address;
        _lengths[Count] = length;
        _records[Count] = records;
        _templates[Count] = isTemplate;
        Records += records;
        Count++;
    }

    private static unsafe nint PinnedAddress(byte[] buffer, int offset) =>
        (nint)Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(buffer), offset));
}
