using System.Net;
using NetFlow.Protocol;
using NetFlow.Protocol.Records;
using NetFlow.Protocol.Sessions;

namespace NetFlow.Collector.Tests.Sinks.JsonLines;

/// <summary>
/// Real records for sink tests: softflowd's v9 template packet and its three data packets (44
/// records of template 1024, tests/data/corpus/README.md), decoded by one exporter session into
/// one batch, the way a decode worker fills batches for the sinks.
/// </summary>
internal static class SoftflowdBatch
{
    public const int Records = 8 + 3 * 12;
    public const string Exporter = "192.0.2.1";
    private static readonly DateTime Received = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly string[] Files = ["packet_v9_template.bin", "packets_v9_0.bin", "packets_v9_1.bin", "packets_v9_2.bin"];

    /// <summary>The 44 records once per exporter, each exporter with its own session.</summary>
    public static FlowRecordBatch Create(params string[] exporters)
    {
        var filler = new BatchFiller(new FlowRecordBatch());
        foreach (string exporter in exporters.Length == 0 ? [Exporter] : exporters)
        {
            var session = new ExporterSession(IPAddress.Parse(exporter));
            for (int i = 0; i < Files.Length; i++)
            {
                byte[] datagram = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "data", "corpus", "softflowd", Files[i]));
                session.Decode(datagram, Received.AddSeconds(i), ref filler);
                Array.Clear(datagram); // the batch holds copies, not views of the datagram
            }
        }
        filler.Batch.Count.ShouldBe(Records * Math.Max(1, exporters.Length));
        return filler.Batch;
    }

    private readonly struct BatchFiller(FlowRecordBatch batch) : IFlowRecordHandler
    {
        public FlowRecordBatch Batch { get; } = batch;
        public void OnRecord(in FlowRecord record) => Batch.Add(record);
        public void OnError(in DecodeError error) => throw new InvalidOperationException(error.ToString());
    }
}
