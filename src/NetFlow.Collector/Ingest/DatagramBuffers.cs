using System.Buffers;
using System.Collections.Concurrent;

namespace NetFlow.Collector.Ingest;

/// <summary>
/// The buffers received datagrams wait in until a worker has decoded them. Most datagrams fit
/// <see cref="SmallBytes"/> (an Ethernet MTU's worth and more), and those buffers are kept here
/// for reuse, up to <see cref="MaxKept"/> of them. <see cref="ArrayPool{T}.Shared"/> keeps only a
/// few dozen arrays per size and core: when a worker's queue holds thousands of datagrams (a burst,
/// an overload) it ran dry and every datagram got a new array that lived long enough to be
/// promoted, so the collector spent its time in full garbage collections just when it had least to spare.
/// Larger datagrams (jumbo frames, up to 64 KiB) still use the shared pool. Receive slots that a
/// coalesced (GRO) receive is handed over in are kept apart, all of them (<see cref="MaxReceiveSlots"/>).
/// </summary>
internal static class DatagramBuffers
{
    public const int SmallBytes = 2048;
    /// <summary>
    /// 32 MiB of small buffers kept: a quarter of what the default decode queue may hold (128 MiB),
    /// enough for the usual depth; past it a deep queue's buffers are allocated and left to the GC,
    /// so an hour-old burst does not keep 128 MiB.
    /// </summary>
    public const int MaxKept = 16_384;

    /// <summary>
    /// A recvmmsg slot that holds any UDP datagram (64 KiB) and a cache line more: a length no
    /// <see cref="ArrayPool{T}"/> array has (they are powers of two), so only slots come back here.
    /// </summary>
    public const int ReceiveSlotBytes = 65_536 + 64;
    /// <summary>
    /// Receive slots made at most: enough for a full default decode queue (128 MiB of datagrams)
    /// of coalesced receives of 42 kB or more, and the receive batches' own; about 140 MB resident
    /// then. All are kept for reuse: a fresh slot costs the kernel a page fault per page it writes,
    /// which showed as 1.3% of the CPU when a deep queue got new ones. Past this, receives are
    /// copied out datagram by datagram instead (<see cref="TryRentReceiveSlot"/>); with 1024, an
    /// overloaded collector ran out and spent 6% of its CPU copying.
    /// </summary>
    public const int MaxReceiveSlots = 3072 + 256;

    private static readonly ConcurrentQueue<byte[]> Small = new();
    private static readonly ConcurrentQueue<byte[]> ReceiveSlots = new();
    private static int _kept;
    private static int _slotsMade;

    /// <summary>A receive slot for a receive batch's own use: pinned (on the pinned object heap), since the kernel writes into it by address.</summary>
    public static byte[] RentReceiveSlot() => TryTakeSlot() ?? MakeSlot();

    /// <summary>A slot to put in place of one handed over; null when <see cref="MaxReceiveSlots"/> are out (the receive is then copied instead).</summary>
    public static byte[]? TryRentReceiveSlot()
    {
        if (TryTakeSlot() is { } slot)
            return slot;
        if (Interlocked.Increment(ref _slotsMade) <= MaxReceiveSlots)
            return NewSlot();
        Interlocked.Decrement(ref _slotsMade);
        return null;
    }

    private static byte[]? TryTakeSlot() => ReceiveSlots.TryDequeue(out var slot) ? slot : null;

    private static byte[] MakeSlot()
    {
        Interlocked.Increment(ref _slotsMade);
        return NewSlot();
    }

    private static byte[] NewSlot() => GC.AllocateUninitializedArray<byte>(ReceiveSlotBytes, pinned: true);

    public static byte[] Rent(int length)
    {
        if (length > SmallBytes)
            return ArrayPool<byte>.Shared.Rent(length);
        if (Small.TryDequeue(out var buffer))
        {
            Interlocked.Decrement(ref _kept);
            return buffer;
        }
        return GC.AllocateUninitializedArray<byte>(SmallBytes);
    }

    public static void Return(byte[] buffer)
    {
        if (buffer.Length == ReceiveSlotBytes)
        {
            ReceiveSlots.Enqueue(buffer);
            return;
        }
        if (buffer.Length != SmallBytes)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return;
        }
        if (Interlocked.Increment(ref _kept) <= MaxKept)
            Small.Enqueue(buffer);
        else
            Interlocked.Decrement(ref _kept);
    }

    /// <summary>Small buffers waiting to be reused (for tests).</summary>
    internal static int Kept => Volatile.Read(ref _kept);

    /// <summary>Receive slots made so far (for tests).</summary>
    internal static int ReceiveSlotsMade => Volatile.Read(ref _slotsMade);
}
