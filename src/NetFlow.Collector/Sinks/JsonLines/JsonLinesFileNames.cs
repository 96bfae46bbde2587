using System.Globalization;

namespace NetFlow.Collector.Sinks.JsonLines;

/// <summary>
/// The names of one sink's files: <c>DIR/PREFIX-yyyyMMddTHHmmssZ[_NNN].jsonl[.gz|.zst]</c> when
/// finished, <c>DIR/.NAME.tmp</c> while written. The leading dot hides a file being written from
/// shell globs and from DuckDB, Spark and Hadoop, which skip dot files; the <c>.tmp</c> suffix
/// keeps it out of <c>*.jsonl*</c> patterns. Renaming in the same directory is atomic, so a
/// reader sees a whole file or none.
/// </summary>
internal sealed class JsonLinesFileNames
{
    public const string TempSuffix = ".tmp";
    /// <summary>A recovered copy being made of a temp file (see <see cref="JsonLinesRecovery"/>).</summary>
    public const string RecoverSuffix = ".recover";
    private const string DefaultPrefix = "flows";
    private const string TimeFormat = "yyyyMMdd'T'HHmmss'Z'";
    private const int TimeLength = 16;

    private static readonly string[] KnownExtensions = [".gz", ".zst", ".zstd", ".jsonl", ".ndjson", ".json"];

    private string? _lastStamp;
    private int _lastSequence;

    private JsonLinesFileNames(string directory, string prefix, JsonLinesCompression compression)
    {
        Directory = directory;
        Prefix = prefix;
        Extension = ExtensionOf(compression);
    }

    public string Directory { get; }
    public string Prefix { get; }
    /// <summary><c>.jsonl</c>, <c>.jsonl.gz</c> or <c>.jsonl.zst</c>.</summary>
    public string Extension { get; }

    public static JsonLinesFileNames FromPath(string path, JsonLinesCompression compression)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (Path.EndsInDirectorySeparator(path) || System.IO.Directory.Exists(path))
            return new JsonLinesFileNames(Path.GetFullPath(path), DefaultPrefix, compression);
        string full = Path.GetFullPath(path);
        string stem = Path.GetFileName(full);
        while (KnownExtensions.Any(e => stem.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
            stem = Path.GetFileNameWithoutExtension(stem);
        return new JsonLinesFileNames(Path.GetDirectoryName(full)!, stem.Length == 0 ? DefaultPrefix : stem, compression);
    }

    public static string ExtensionOf(JsonLinesCompression compression) => compression switch
    {
        JsonLinesCompression.Gzip => ".jsonl.gz",
        JsonLinesCompression.Zstd => ".jsonl.zst",
        _ => ".jsonl",
    };

    /// <summary>What a file name's suffix says: <c>.gz</c> gzip, <c>.zst</c>/<c>.zstd</c> zstd, else none.</summary>
    public static JsonLinesCompression CompressionOf(string path)
    {
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            return JsonLinesCompression.Gzip;
        if (path.EndsWith(".zst", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".zstd", StringComparison.OrdinalIgnoreCase))
            return JsonLinesCompression.Zstd;
        return JsonLinesCompression.None;
    }

    /// <summary>
    /// The final path for a file started at <paramref name="startUtc"/> that no finished file and
    /// no file being written holds yet: the sink never overwrites, not even its own earlier output.
    /// </summary>
    public string FreeFinalPath(DateTimeOffset startUtc)
    {
        string stamp = startUtc.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);
        // Many files in one second (a small size limit) look from the last number used, not from 0 each time.
        int first = stamp == _lastStamp ? _lastSequence + 1 : 0;
        for (int sequence = first; ; sequence++)
        {
            string name = sequence == 0
                ? $"{Prefix}-{stamp}{Extension}"
                : $"{Prefix}-{stamp}_{sequence.ToString("D3", CultureInfo.InvariantCulture)}{Extension}";
            string path = Path.Combine(Directory, name);
            if (!IsTaken(path))
            {
                _lastStamp = stamp;
                _lastSequence = sequence;
                return path;
            }
        }
    }

    /// <summary>
    /// The same file name, or with the first free <c>_NNN</c> before its extension if it is taken
    /// (for a recovered file); <paramref name="own"/> is the caller's hidden file, which does not count.
    /// </summary>
    public static string FreeVariantOf(string finalPath, string own)
    {
        if (!IsTaken(finalPath, own))
            return finalPath;
        string directory = Path.GetDirectoryName(finalPath)!;
        string name = Path.GetFileName(finalPath);
        int dot = name.IndexOf(".jsonl", StringComparison.Ordinal);
        string stem = dot < 0 ? name : name[..dot];
        string extension = dot < 0 ? "" : name[dot..];
        for (int sequence = 1; ; sequence++)
        {
            string path = Path.Combine(directory, $"{stem}_{sequence.ToString("D3", CultureInfo.InvariantCulture)}{extension}");
            if (!IsTaken(path, own))
                return path;
        }
    }

    public static string TempPathOf(string finalPath) => HiddenPath(finalPath, TempSuffix);

    public static string RecoverPathOf(string finalPath) => HiddenPath(finalPath, RecoverSuffix);

    /// <summary>The final path a hidden <c>.NAME.tmp</c> or <c>.NAME.recover</c> file stands for.</summary>
    public static string FinalPathOf(string hiddenPath)
    {
        string name = Path.GetFileName(hiddenPath);
        string suffix = name.EndsWith(TempSuffix, StringComparison.Ordinal) ? TempSuffix : RecoverSuffix;
        return Path.Combine(Path.GetDirectoryName(hiddenPath)!, name[1..^suffix.Length]);
    }

    /// <summary>This sink's hidden files with the given suffix, and nothing else in the directory.</summary>
    public IEnumerable<string> Hidden(string suffix)
    {
        if (!System.IO.Directory.Exists(Directory))
            return [];
        return System.IO.Directory.EnumerateFiles(Directory, $".{Prefix}-*{suffix}")
            .Where(p => IsOurs(Path.GetFileName(p), suffix))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary><c>.PREFIX-yyyyMMddTHHmmssZ</c> then anything with <c>.jsonl</c>, then the suffix: not another prefix's files that start alike.</summary>
    private bool IsOurs(string name, string suffix)
    {
        int start = 1 + Prefix.Length + 1;
        if (name.Length < start + TimeLength + suffix.Length || !name.EndsWith(suffix, StringComparison.Ordinal))
            return false;
        var stamp = name.AsSpan(start, TimeLength);
        return stamp[8] == 'T' && stamp[15] == 'Z' && stamp[..8].ContainsOnlyDigits() && stamp[9..15].ContainsOnlyDigits()
            && name.AsSpan(start + TimeLength).Contains(".jsonl", StringComparison.Ordinal);
    }

    private static string HiddenPath(string finalPath, string suffix) =>
        Path.Combine(Path.GetDirectoryName(finalPath)!, "." + Path.GetFileName(finalPath) + suffix);

    private static bool IsTaken(string finalPath, string? own = null) =>
        File.Exists(finalPath) || System.IO.Directory.Exists(finalPath)
        || IsOther(TempPathOf(finalPath), own) || IsOther(RecoverPathOf(finalPath), own);

    private static bool IsOther(string hiddenPath, string? own) => hiddenPath != own && File.Exists(hiddenPath);
}

file static class SpanDigits
{
    public static bool ContainsOnlyDigits(this ReadOnlySpan<char> span) => !span.ContainsAnyExceptInRange('0', '9');
}
