namespace NetFlow.Collector.Sinks;

/// <summary>
/// A sink that keeps counters of its own (files finished, records lost ...) beyond what its
/// runner counts; the metrics endpoint exports each as a counter <c>Name{sink="..."}</c>.
/// </summary>
public interface ISinkCounters
{
    /// <summary>The current totals; called at each scrape, off the write path.</summary>
    IEnumerable<SinkCounter> ReadCounters();
}

/// <summary>A monotonic total: its Prometheus name (ending in _total), help text and value.</summary>
public readonly record struct SinkCounter(string Name, string Help, long Value);
