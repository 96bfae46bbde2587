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
/// Larger datagrams (jumbo frames, up to 64 KiB) still use the shared pool.
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

    private static readonly ConcurrentQueue<byte[]> Small = new();
    private static int _kept;

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
}
