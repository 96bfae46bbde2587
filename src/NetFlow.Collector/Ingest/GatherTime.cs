namespace NetFlow.Collector.Ingest;

/// <summary>
/// How long a receive thread lets datagrams gather in the kernel queue after a batch that drained
/// it, before it reads again. Every wakeup costs: on this project's 2-core test machine each context
/// switch of the receive thread and of the workers it wakes cost about 25 µs of CPU, and at 100k
/// datagrams/s a 1 ms gather made 5 000 of them a second, an eighth of the collector's CPU. A
/// longer gather makes fewer, larger batches, but the kernel drops what does not fit the socket's
/// receive buffer, so the gather is the time the recent rate, or a burst at <see cref="BurstBytesPerSecond"/>,
/// takes to fill a quarter of it: with a 4 MiB buffer, 8 ms at most, 4 ms at 260 MB/s
/// (200k datagrams/s of 1.3 kB coalesced by GRO); with a small buffer, 1 ms as before. The kernel
/// charges a queued datagram its buffer's whole size, about a kilobyte more than the datagram
/// (<see cref="QueuedOverheadBytes"/>): uncoalesced 1.3 kB datagrams fill the buffer nearly twice
/// as fast as their bytes say, and a gather that left that out lost datagrams without GRO.
/// </summary>
internal static class GatherTime
{
    public static readonly TimeSpan Least = TimeSpan.FromMilliseconds(1);
    public static readonly TimeSpan Most = TimeSpan.FromMilliseconds(10);

    /// <summary>A burst the gather leaves room for whatever the recent rate: 1 Gbit/s.</summary>
    public const double BurstBytesPerSecond = 125e6;

    /// <summary>What a queued receive costs the buffer beyond its bytes (the kernel's sk_buff and the rest of its allocation).</summary>
    public const int QueuedOverheadBytes = 1024;

    /// <param name="dataReceiveBuffer">What the socket's receive buffer holds of datagrams.</param>
    /// <param name="bytes">What the last batch read.</param>
    /// <param name="receives">In how many receives (a coalesced run is one).</param>
    /// <param name="elapsed">Since the read before it: the time those bytes took to come.</param>
    public static TimeSpan For(int dataReceiveBuffer, long bytes, int receives, TimeSpan elapsed)
    {
        double quarter = Math.Max(0, dataReceiveBuffer) / 4.0;
        double queued = Math.Max(bytes, 0) + (double)Math.Max(receives, 0) * QueuedOverheadBytes;
        double rate = elapsed > TimeSpan.Zero ? queued / elapsed.TotalSeconds : 0;
        double seconds = quarter / Math.Max(rate, BurstBytesPerSecond);
        var gather = TimeSpan.FromSeconds(Math.Min(seconds, Most.TotalSeconds));
        return gather < Least ? Least : gather;
    }
}
