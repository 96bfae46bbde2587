using System.Globalization;

namespace NetFlow.Storage.Writing;

/// <summary>
/// Where files go in a store: <c>DIR/flows/date=YYYY-MM-DD/hour=HH/flows-YYYYMMDDTHHMMSSZ.parquet</c>
/// for flow records and the same under <c>DIR/options/</c> for options data, named by the start
/// of the rotation interval they cover (by the collector's clock). The date/hour directories are
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

    /// <summary>A free final path for a file of <paramref name="dataset"/> covering the interval from <paramref name="start"/>.</summary>
    public static string NewFilePath(string root, string dataset, DateTime start)
    {
        string directory = Path.Combine(root, dataset, PartitionOf(start));
        string stem = dataset + "-" + start.ToString(NameTimeFormat, CultureInfo.InvariantCulture);
        string path = Path.Combine(directory, stem + ".parquet");
        // A restart within the same interval must not overwrite the file the last run finished.
        for (int n = 1; File.Exists(path) || File.Exists(TempPathOf(path)); n++)
            path = Path.Combine(directory, $"{stem}-{n}.parquet");
        return path;
    }

    public static string TempPathOf(string finalPath) =>
        Path.Combine(Path.GetDirectoryName(finalPath)!, "." + Path.GetFileName(finalPath) + TempSuffix);

    /// <summary>The interval start a file's name carries; false for names this store did not make.</summary>
    public static bool TryParseStart(string path, out DateTime start)
    {
        string name = Path.GetFileNameWithoutExtension(path);
        int dash = name.IndexOf('-');
        string stamp = dash < 0 ? "" : name[(dash + 1)..];
        int extra = stamp.IndexOf('-');
        if (extra >= 0)
            stamp = stamp[..extra];
        return DateTime.TryParseExact(stamp, NameTimeFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out start);
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
