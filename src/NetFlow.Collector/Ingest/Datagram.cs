namespace NetFlow.Collector.Ingest;

/// <summary>
/// One receive on its way to a decode worker: a pooled buffer (returned by the worker after
/// decoding), who sent it and when. It holds one datagram, or with UDP GRO several of one sender
/// that the kernel coalesced: <see cref="SegmentSize"/> bytes each, back to back, the last maybe
/// shorter. Handing a coalesced receive over whole (its receive slot, exchanged for a fresh one)
/// saves a copy, a buffer and a queue operation per datagram. A value type, so queuing it allocates nothing.
/// </summary>
/// <param name="SegmentSize">With several datagrams, each one's size (the last may be shorter); 0 for one datagram.</param>
public readonly record struct Datagram(byte[] Buffer, int Length, ExporterKey Exporter, DateTime ReceivedUtc, int SegmentSize = 0)
{
    public ReadOnlySpan<byte> Payload => Buffer.AsSpan(0, Length);

    /// <summary>The datagrams it holds: 1, or the coalesced receive's.</summary>
    public int Count => Segments.Count;

    /// <summary>Datagram <paramref name="index"/> of <see cref="Count"/>.</summary>
    public ReadOnlySpan<byte> Segment(int index)
    {
        var segments = Segments;
        return Buffer.AsSpan(segments.OffsetOf(index), segments.LengthOf(index));
    }

    private Segments Segments => Segments.Of(Length, SegmentSize);
}
