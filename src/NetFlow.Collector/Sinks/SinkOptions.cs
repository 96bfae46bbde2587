namespace NetFlow.Collector.Sinks;

/// <summary>What a sink's queue does when the sink cannot keep up.</summary>
public enum SinkOverflowPolicy
{
    /// <summary>Decode workers wait for room: nothing is lost, the kernel socket buffer absorbs the burst (and drops, counted, when it is full).</summary>
    Block,
    /// <summary>The batch is dropped for this sink and counted; other sinks and decoding go on.</summary>
    Drop,
}

/// <summary>Queue and flush behaviour of one sink.</summary>
public sealed record SinkOptions
{
    public static SinkOptions Default { get; } = new();

    /// <summary>Batches waiting for this sink before the overflow policy applies.</summary>
    public int QueueCapacity { get; init; } = 64;
    public SinkOverflowPolicy Overflow { get; init; } = SinkOverflowPolicy.Block;
    /// <summary>Flush at least this often while records arrive.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>Flush after this many records since the last flush.</summary>
    public int FlushRecords { get; init; } = 100_000;
}
