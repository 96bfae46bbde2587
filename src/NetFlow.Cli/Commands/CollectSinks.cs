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
