using Microsoft.Extensions.Logging;
using NetFlow.Collector;
using NetFlow.Collector.Access;
using NetFlow.Collector.Sinks;
using NetFlow.Collector.Sinks.JsonLines;
using NetFlow.Storage;
using NetFlow.Storage.Text;
using NetFlow.Storage.Writing;
using Parquet;

namespace NetFlow.Cli.Commands;

/// <summary>The sinks `netflow collect` writes to, from its options.</summary>
internal static class CollectSinks
{
    public static IReadOnlyList<(IFlowSink Sink, SinkOptions Options)> Create(CollectorOptions options, ILoggerFactory logs)
    {
        var sinks = new List<(IFlowSink, SinkOptions)>();
        var configured = new ConfiguredSampling(options.Sampling);
        // The store is the default: used when named, or when no other output is.
        string? store = options.Store ?? (options.Json is null ? CollectorDefaults.StoreDirectory : null);
        if (store is not null)
        {
            var storeOptions = StoreOptions(options, store) with
            {
                Renormalize = options.Renormalize,
                ConfiguredSampling = configured.IsEmpty ? null : configured.For,
            };
            var log = logs.CreateLogger("NetFlow.Store");
            var sink = new FlowStoreSink(storeOptions, log);
            log.LogInformation("writing flows to {Store} (Parquet, a file every {Rotation}, {Compression}{Retention})",
                Path.GetFullPath(store), DurationText.Format(storeOptions.RotationInterval), options.StoreCompression.ToLowerInvariant(), RetentionText(options));
            WarmUp(storeOptions, log);
            sinks.Add((sink, options.StoreSink));
        }
        if (options.Json is not null)
        {
            var json = JsonLinesSinkOptions.ForPath(options.Json) with
            {
                Renormalize = options.Renormalize,
                ConfiguredSampling = configured.IsEmpty ? null : configured.For,
            };
            sinks.Add((new JsonLinesSink(json), options.JsonSink));
        }
        return sinks;
    }

    /// <summary>
    /// The store's write path run once before the collector listens (see <see cref="StoreWarmup"/>).
    /// It only saves a first second's compiling under load: if it fails (no writable temp
    /// directory), the collector starts anyway and says so.
    /// </summary>
    private static void WarmUp(FlowStoreOptions storeOptions, ILogger log)
    {
        try
        {
            var warmup = StoreWarmup.Run(storeOptions);
            log.LogInformation("store: write path warmed up in {Milliseconds} ms ({Records} synthetic records in {Passes} passes, written and removed)",
                (int)warmup.Elapsed.TotalMilliseconds, warmup.Records, warmup.Passes);
        }
#pragma warning disable CA1031 // any failure of the warm-up leaves the collector as it would be without it
        catch (Exception e)
#pragma warning restore CA1031
        {
            log.LogWarning("store: write path not warmed up ({Error}); the first second of traffic may be dropped while it compiles", e.Message);
        }
    }

    /// <summary>The store's settings from the collector's text options; a bad value is a FormatException naming the option.</summary>
    public static FlowStoreOptions StoreOptions(CollectorOptions options, string directory) => FlowStoreOptions.Default with
    {
        Directory = directory,
        RotationInterval = Rotation(options.StoreRotation),
        Compression = options.StoreCompression.ToLowerInvariant() switch
        {
            "snappy" => CompressionMethod.Snappy,
            "zstd" => CompressionMethod.Zstd,
            "lz4" => CompressionMethod.Lz4Raw,
            "none" => CompressionMethod.None,
            _ => throw new FormatException($"StoreCompression: '{options.StoreCompression}' is not snappy, zstd, lz4 or none"),
        },
        RetentionAge = options.StoreRetentionAge is { } age ? DurationText.Parse(age, "StoreRetentionAge") : null,
        RetentionBytes = options.StoreRetentionSize is { } size ? ByteSizeText.Parse(size, "StoreRetentionSize") : null,
    };

    private static TimeSpan Rotation(string text)
    {
        var value = DurationText.Parse(text, "StoreRotation");
        return value >= TimeSpan.FromSeconds(1) && value <= TimeSpan.FromHours(1)
            ? value
            : throw new FormatException($"StoreRotation: '{text}' must be between 1s and 1h");
    }

    private static string RetentionText(CollectorOptions options) =>
        (options.StoreRetentionAge, options.StoreRetentionSize) switch
        {
            (null, null) => ", kept until removed",
            ({ } age, null) => $", kept {age}",
            (null, { } size) => $", kept up to {size}",
            ({ } age, { } size) => $", kept {age} and up to {size}",
        };
}
