using NetFlow.Collector.Ingest;
using NetFlow.Protocol.Sessions;

namespace NetFlow.Collector.Pipeline;

/// <summary>One exporter as a decode worker sees it: its session and what it has sent. Written by that worker only.</summary>
public sealed class ExporterState(ExporterKey key, ExporterSession session)
{
    /// <summary>This exporter's rate-limited decode error log (set by the worker that owns it).</summary>
    internal DecodeErrorLog? ErrorLog { get; init; }
    public ExporterKey Key { get; } = key;
    public ExporterSession Session { get; } = session;
    public long Datagrams;
    public long Bytes;
    public long TemplatesExpired;
    public DateTime LastSeenUtc;
}
