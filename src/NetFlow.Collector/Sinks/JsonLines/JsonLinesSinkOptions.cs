using System.IO.Compression;

namespace NetFlow.Collector.Sinks.JsonLines;

/// <summary>Where and how the JSON lines sink writes.</summary>
public sealed record JsonLinesSinkOptions
{
    /// <summary>The <see cref="Path"/> that means standard output.</summary>
    public const string StandardOutput = "-";

    public static JsonLinesSinkOptions Default { get; } = new();

    /// <summary>
    /// <c>-</c> for standard output. Otherwise files: a directory (one that exists, or a path
    /// ending in a separator) gets <c>flows-20261126T103000Z.jsonl</c>; a file path names them by
    /// its stem: <c>/var/flows/edge.jsonl.gz</c> gives <c>/var/flows/edge-20261126T103000Z.jsonl.gz</c>.
    /// The time is the UTC second the file was started; a second file started in the same second
    /// is <c>..Z_001.jsonl</c>, which sorts after <c>..Z.jsonl</c>.
    /// </summary>
    public string Path { get; init; } = StandardOutput;

    public JsonLinesCompression Compression { get; init; } = JsonLinesCompression.None;

    /// <summary>
    /// gzip takes it as is; zstd maps Fastest to level 1, Optimal to 3 (zstd's default),
    /// SmallestSize to 19, NoCompression to 1. Fastest by default: a collector has to keep up.
    /// </summary>
    public CompressionLevel CompressionLevel { get; init; } = CompressionLevel.Fastest;

    /// <summary>
    /// A file is finished at the next multiple of this interval (UTC, counted from the Unix
    /// epoch, like nfcapd): hourly files end at :00 whenever they started. Zero or
    /// <see cref="Timeout.InfiniteTimeSpan"/>: no rotation by time.
    /// </summary>
    public TimeSpan RotationInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// A file is finished after the record that takes it to this many bytes of JSON, counted
    /// before compression (so a compressed file stays well below it). 0: no rotation by size.
    /// </summary>
    public long RotationBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Multiply octet and packet counters by each record's sampling rate.</summary>
    public bool Renormalize { get; init; }

    /// <summary>The operator's sampling rate for an exporter whose export does not carry one (0: none).</summary>
    public Func<System.Net.IPAddress, uint>? ConfiguredSampling { get; init; }

    /// <summary>Encoded records are handed to the file (and compressor) in chunks of about this size.</summary>
    public int BufferBytes { get; init; } = 64 * 1024;

    /// <summary>The options for <c>--json PATH</c>: compression from the name's <c>.gz</c> / <c>.zst</c> suffix.</summary>
    public static JsonLinesSinkOptions ForPath(string path) => Default with
    {
        Path = path,
        Compression = JsonLinesFileNames.CompressionOf(path),
    };

    internal bool IsStandardOutput => Path == StandardOutput;
    internal bool RotatesByTime => RotationInterval > TimeSpan.Zero && RotationInterval != Timeout.InfiniteTimeSpan;
}
