namespace NetFlow.Collector.Ingest;

/// <summary>
/// The datagrams of a receive: one, as sent, or with GRO the <see cref="Count"/> the kernel
/// coalesced, each <see cref="Size"/> bytes but the last. A zero-length receive is one (empty) datagram.
/// </summary>
internal readonly record struct Segments(int Total, int Size, int Count)
{
    /// <param name="total">The receive's bytes.</param>
    /// <param name="size">The kernel's segment size (UDP_GRO); 0 or the whole for one datagram.</param>
    public static Segments Of(int total, int size) =>
        size <= 0 || size >= total ? new(total, total, 1) : new(total, size, (total + size - 1) / size);

    public int OffsetOf(int segment) => segment * Size;
    public int LengthOf(int segment) => Count == 1 ? Total : Math.Min(Size, Total - segment * Size);
}
