using NetFlow.Collector.Access;
using NetFlow.Collector.Pipeline;

namespace NetFlow.Collector.Ingest;

/// <summary>Sends each datagram to the worker that owns its exporter, after the allow list.</summary>
internal sealed class DatagramRouter(IReadOnlyList<DecodeWorker> workers, ExporterAllowList allowList)
{
    public IReadOnlyList<DecodeWorker> Workers { get; } = workers;
    public ExporterAllowList AllowList { get; } = allowList;

    public DecodeWorker WorkerFor(ExporterKey exporter) => Workers[exporter.WorkerIndex(Workers.Count)];
}
