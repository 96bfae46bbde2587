using System.Net;
using Parquet;

namespace NetFlow.Storage;

/// <summary>How the flow store writes: where, how often a file is finished, compression and retention.</summary>
public sealed record FlowStoreOptions
{
    public static FlowStoreOptions Default { get; } = new();

    /// <summary>The store's root directory (flows/ and options/ go under it).</summary>
    public string Directory { get; init; } = "flows";
    /// <summary>
    /// How long one file covers. A file becomes visible when its interval ends, and a crash
    /// (kill -9, power loss) loses the file being written: at most this much of the flows.
    /// </summary>
    public TimeSpan RotationInterval { get; init; } = TimeSpan.FromMinutes(1);
    /// <summary>Rows per Parquet row group: what is held in memory before it goes to the file.</summary>
    public int RowGroupRows { get; init; } = 128 * 1024;
    /// <summary>Snappy by default: the fastest to write; zstd makes files about half the size for about twice the CPU.</summary>
    public CompressionMethod Compression { get; init; } = CompressionMethod.Snappy;
    /// <summary>Files whose interval ended longer ago than this are removed; null keeps them.</summary>
    public TimeSpan? RetentionAge { get; init; }
    /// <summary>Past this many bytes of files, the oldest are removed; null for no limit.</summary>
    public long? RetentionBytes { get; init; }
    /// <summary>Scale bytes and packets by the sampling rate (as the JSON output's --renormalize).</summary>
    public bool Renormalize { get; init; }
    /// <summary>Hourly per-key totals (rollups) written beside the flow files, so top-N over long windows reads them instead of every flow.</summary>
    public bool Rollups { get; init; } = true;
    /// <summary>Groups one rollup key keeps per hour at most (distinct addresses, say); past it that key's rollup is skipped for the hour and queries read its flows.</summary>
    public int RollupMaxGroups { get; init; } = NetFlow.Storage.Rollups.KeyRollup.DefaultMaxGroups;
    /// <summary>The rate for exporters whose exports do not say (0 when none is configured).</summary>
    public Func<IPAddress, uint>? ConfiguredSampling { get; init; }
}
