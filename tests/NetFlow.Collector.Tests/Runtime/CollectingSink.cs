using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using NetFlow.Collector.Output;
using NetFlow.Collector.Sinks;
using NetFlow.Protocol.Records;

namespace NetFlow.Collector.Tests.Runtime;

/// <summary>A sink that keeps every record as its JSON text, as the JSON lines sink would write it.</summary>
internal sealed class CollectingSink : IFlowSink
{
    public ConcurrentQueue<JsonElement> Records { get; } = new();
    public int Flushes;
    public bool Disposed;

    public string Name => "test";

    public ValueTask WriteAsync(FlowRecordBatch batch, CancellationToken cancellationToken)
    {
        for (int i = 0; i < batch.Count; i++)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                var record = batch[i];
                FlowRecordJsonWriter.Write(writer, record, record.Context.Exporter.ToString());
            }
            Records.Enqueue(JsonDocument.Parse(Encoding.UTF8.GetString(buffer.WrittenSpan)).RootElement.Clone());
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Flushes);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }
}
