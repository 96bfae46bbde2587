namespace NetFlow.Collector.Ingest;

/// <summary>
/// One received datagram on its way to a decode worker: a pooled buffer (returned by the worker
/// after decoding), who sent it and when. A value type, so queuing it allocates nothing.
/// </summary>
public readonly record struct Datagram(byte[] Buffer, int Length, ExporterKey Exporter, DateTime ReceivedUtc)
{
    public ReadOnlySpan<byte> Payload => Buffer.AsSpan(0, Length);
}
