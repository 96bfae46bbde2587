using System.Globalization;

namespace NetFlow.Storage.Writing;

/// <summary>
/// Where files go in a store: <c>DIR/flows/date=YYYY-MM-DD/hour=HH/flows-YYYYMMDDTHHMMSSZ_FIRST-LAST.parquet</c>
/// for flow records and the same under <c>DIR/options/</c> for options data, named by the start
/// of the rotation interval they were written in (by the collector's clock), then the span of
/// flow time their records cover (whole seconds, FIRST rounded down, LAST up). Queries choose
/// files by that span, so a replay of old exports or an exporter with a wrong clock is still
/// found by its flows' own times. The date/hour directories are
/// Hive-style partitions, which DuckDB, Spark and Trino understand as they are. A file is written
/// as <c>.NAME.tmp</c> in its final directory and renamed when complete, so no reader ever
/// matches a partial file with <c>*.parquet</c>.
/// </summary>
public static class StoreLayout
{
    public const string FlowsDirectory = "flows";
    public const string OptionsDirectory = "options";
    public const string TempSuffix = ".tmp";
    private const string NameTimeFormat = "yyyyMMdd'T'HHmmss'Z'";

    public static string PartitionOf(DateTime utc) =>
        Path.Combine(
            "date=" + utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "hour=" + utc.ToString("HH", CultureInfo.InvariantCulture));

    /// <summary>
    /// A free path for a file of <paramref name="dataset"/> written in the interval from <paramref name="start"/>;
    /// its final name gets the span of its flows when it is finished (<see cref="WithSpan"/>).
    /// </summary>
    public static string NewFilePath(string root, string dataset, DateTime start) =>
        NewFilePathIn(Path.Combine(root, dataset, PartitionOf(start)), dataset, start);

    /// <summary>A free path in <paramref name="directory"/> for a file named <c>PREFIX-START</c> (a suffix -N when taken).</summary>
    public static string NewFilePathIn(string directory, string prefix, DateTime start)
    {
        string stem = prefix + "-" + start.ToString(NameTimeFormat, CultureInfo.InvariantCulture);
        // A restart within the same interval must not overwrite or shadow a file the last run finished.
        string candidate = stem;
        for (int n = 1; IsTaken(directory, candidate); n++)
            candidate = $"{stem}-{n}";
        return Path.Combine(directory, candidate + ".parquet");
    }

    private static bool IsTaken(string directory, string stem) =>
        Directory.Exists(directory)
        && (File.Exists(Path.Combine(directory, stem + ".parquet"))
            || File.Exists(TempPathOf(Path.Combine(directory, stem + ".parquet")))
            || Directory.EnumerateFiles(directory, stem + SpanSeparator + "*.parquet").Any());

    private const char SpanSeparator = '_';

    /// <summary>The final name: the path with the span of its flows' times before the extension.</summary>
    public static string WithSpan(string path, TimeRange span)
    {
        if (span.IsEmpty)
            return path;
        var first = new DateTime(span.First.Ticks - span.First.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        var last = new DateTime(span.Last.Ticks - span.Last.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        if (last < span.Last && last < DateTime.MaxValue.AddSeconds(-1))
            last = last.AddSeconds(1);
        string name = Path.GetFileNameWithoutExtension(path) + SpanSeparator
            + first.ToString(NameTimeFormat, CultureInfo.InvariantCulture) + "-" + last.ToString(NameTimeFormat, CultureInfo.InvariantCulture);
        return Path.Combine(Path.GetDirectoryName(path)!, name + ".parquet");
    }

    /// <summary>The span of flow time a file's name says it covers; false for names without one.</summary>
    public static bool TryParseSpan(string path, out TimeRange span)
    {
        span = TimeRange.Empty;
        string name = Path.GetFileNameWithoutExtension(path);
        int at = name.LastIndexOf(SpanSeparator);
        if (at < 0)
            return false;
        var parts = name[(at + 1)..].Split('-');
        if (parts.Length != 2 || !TryParseStamp(parts[0], out var first) || !TryParseStamp(parts[1], out var last))
            return false;
        span = new TimeRange(first, last);
        return true;
    }

    private static bool TryParseStamp(string text, out DateTime utc) =>
        DateTime.TryParseExact(text, NameTimeFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out utc);

    public static string TempPathOf(string finalPath) =>
        Path.Combine(Path.GetDirectoryName(finalPath)!, "." + Path.GetFileName(finalPath) + TempSuffix);

    /// <summary>The interval start a file's name carries; false for names this store did not make.</summary>
    public static bool TryParseStart(string path, out DateTime start)
    {
        string name = Path.GetFileNameWithoutExtension(path);
        int dash = name.IndexOf('-');
        const int StampLength = 16; // yyyyMMddTHHmmssZ
        start = default;
        return dash >= 0 && name.Length >= dash + 1 + StampLength && TryParseStamp(name.Substring(dash + 1, StampLength), out start);
    }

    /// <summary>Every finished file of a dataset.</summary>
    public static IEnumerable<string> FilesOf(string root, string dataset)
    {
        string directory = Path.Combine(root, dataset);
        return Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*.parquet", SearchOption.AllDirectories)
            : [];
    }

    /// <summary>The start of the rotation interval holding <paramref name="utc"/>.</summary>
    public static DateTime Floor(DateTime utc, TimeSpan interval) =>
        new(utc.Ticks - utc.Ticks % interval.Ticks, DateTimeKind.Utc);
}
