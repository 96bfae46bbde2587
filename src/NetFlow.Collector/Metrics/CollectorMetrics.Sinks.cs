using Prometheus;

namespace NetFlow.Collector.Metrics;

/// <summary>The sink runners: what each wrote, lost and still holds. Sinks sharing a name are summed.</summary>
public sealed partial class CollectorMetrics
{
    private readonly Counter _sinkRecords;
    private readonly Counter _sinkBatches;
    private readonly Counter _sinkRecordsDropped;
    private readonly Counter _sinkWriteErrors;
    private readonly Counter _sinkFlushes;
    private readonly Gauge _sinkLag;
    private readonly Gauge _sinkQueued;

    private void UpdateSinks()
    {
        foreach (var sink in RuntimeLists.Snapshot(_runtime.SinkRunners).GroupBy(r => r.Name, StringComparer.Ordinal))
        {
            string name = sink.Key;
            long records = 0, batches = 0, dropped = 0, batchesDropped = 0, errors = 0, flushes = 0, queued = 0;
            double lag = 0;
            foreach (var runner in sink)
            {
                records += Interlocked.Read(ref runner.RecordsWritten);
                batches += Interlocked.Read(ref runner.BatchesWritten);
                dropped += Interlocked.Read(ref runner.RecordsDropped);
                batchesDropped += Interlocked.Read(ref runner.BatchesDropped);
                errors += Interlocked.Read(ref runner.WriteErrors);
                flushes += Interlocked.Read(ref runner.Flushes);
                queued += runner.QueuedBatches;
                lag = Math.Max(lag, runner.LastLag.TotalSeconds);
            }
            _sinkRecords.WithLabels(name).IncTo(records);
            _sinkBatches.WithLabels(name).IncTo(batches);
            _sinkRecordsDropped.WithLabels(name).IncTo(dropped);
            _sinkWriteErrors.WithLabels(name).IncTo(errors);
            _sinkFlushes.WithLabels(name).IncTo(flushes);
            _sinkLag.WithLabels(name).Set(lag);
            _sinkQueued.WithLabels(name).Set(queued);
            _queueDrops.WithLabels($"sink:{name}").IncTo(batchesDropped);
            UpdateSinkCounters(name, sink);
        }
    }

    private readonly Dictionary<string, Counter> _sinkOwnCounters = new(StringComparer.Ordinal);

    /// <summary>Counters a sink keeps itself (the store's files, retention, losses), summed over its runners.</summary>
    private void UpdateSinkCounters(string name, IEnumerable<Sinks.SinkRunner> runners)
    {
        var totals = new Dictionary<string, (string Help, long Value)>(StringComparer.Ordinal);
        foreach (var runner in runners)
        {
            if (runner.Sink is not Sinks.ISinkCounters own)
                continue;
            foreach (var c in own.ReadCounters())
                totals[c.Name] = (c.Help, (totals.TryGetValue(c.Name, out var t) ? t.Value : 0) + c.Value);
        }
        foreach (var (metric, (help, value)) in totals)
        {
            if (!_sinkOwnCounters.TryGetValue(metric, out var counter))
            {
                counter = Prometheus.Metrics.WithCustomRegistry(Registry).CreateCounter(metric, help, "sink");
                _sinkOwnCounters.Add(metric, counter);
            }
            counter.WithLabels(name).IncTo(value);
        }
    }
}
