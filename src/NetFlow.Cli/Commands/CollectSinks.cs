using Microsoft.Extensions.Logging;
using NetFlow.Collector;
using NetFlow.Collector.Access;
using NetFlow.Collector.Sinks;
using NetFlow.Collector.Sinks.JsonLines;

namespace NetFlow.Cli.Commands;

/// <summary>The sinks `netflow collect` writes to, from its options.</summary>
internal static class CollectSinks
{
    public static IReadOnlyList<(IFlowSink Sink, SinkOptions Options)> Create(CollectorOptions options, ILoggerFactory logs)
    {
        var sinks = new List<(IFlowSink, SinkOptions)>();
        var configured = new ConfiguredSampling(options.Sampling);
        JsonLinesSinkOptions WithSampling(JsonLinesSinkOptions o) => o with
        {
            Renormalize = options.Renormalize,
            ConfiguredSampling = configured.IsEmpty ? null : configured.For,
        };
        // The store is the default: used when named, or when no other output is.
        string? store = options.Store ?? (options.Json is null ? CollectorDefaults.StoreDirectory : null);
        if (store is not null)
        {
            // Until the Parquet store (issue 4): minute files of JSON lines, partitioned by nothing yet.
            Directory.CreateDirectory(store);
            var storeOptions = JsonLinesSinkOptions.Default with
            {
                Path = Path.TrimEndingDirectorySeparator(store) + Path.DirectorySeparatorChar,
                RotationInterval = TimeSpan.FromMinutes(1),
            };
            var sink = new JsonLinesSink(WithSampling(storeOptions));
            Report(logs, sink, store);
            sinks.Add((sink, options.JsonSink));
        }
        if (options.Json is not null)
            sinks.Add((new JsonLinesSink(WithSampling(JsonLinesSinkOptions.ForPath(options.Json))), options.JsonSink));
        return sinks;
    }

    private static void Report(ILoggerFactory logs, JsonLinesSink sink, string store)
    {
        var log = logs.CreateLogger("NetFlow.Store");
        foreach (var recovered in sink.Recovered)
            log.LogWarning("store {Store}: recovered {File} left by an earlier run", store, recovered);
        log.LogInformation("writing flows to {Store} (JSON lines, one file a minute)", Path.GetFullPath(store));
    }
}
