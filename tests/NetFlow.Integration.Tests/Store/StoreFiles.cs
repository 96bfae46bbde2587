using System.Diagnostics;
using System.Globalization;

namespace NetFlow.Integration.Tests.Store;

/// <summary>
/// What a store directory holds, seen from outside: finished files
/// (<c>flows/date=YYYY-MM-DD/hour=HH/flows-YYYYMMDDTHHMMSSZ[-N].parquet</c>) and the hidden
/// <c>.NAME.tmp</c> file of an interval still being written.
/// </summary>
public static class StoreFiles
{
    /// <summary>Finished flow files, by path, with their sizes.</summary>
    public static SortedDictionary<string, long> Finished(string store) => Files(store, "*.parquet");

    /// <summary>Files still under their temporary name, flows and options.</summary>
    public static IReadOnlyList<string> Temporary(string store) =>
        Directory.Exists(store) ? Directory.GetFiles(store, ".*.tmp", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList() : [];

    /// <summary>
    /// The interval start a finished file's name begins with: flows-20261126T122948Z.parquet,
    /// flows-20261126T122948Z-1.parquet and flows-20261126T122948Z_FIRST-LAST.parquet (the span of
    /// its flows' times) all start at 12:29:48Z.
    /// </summary>
    public static DateTime Start(string path)
    {
        const string format = "yyyyMMdd'T'HHmmss'Z'";
        var name = Path.GetFileName(path);
        var stamp = name[(name.IndexOf('-', StringComparison.Ordinal) + 1)..][..16];
        return DateTime.ParseExact(stamp, format, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
    }

    /// <summary>Polls <paramref name="condition"/> every 20 ms; fails with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static TimeSpan WaitUntil(Func<bool> condition, TimeSpan timeout, Func<string> what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"not within {timeout.TotalSeconds:0} s: {what()}");
            Thread.Sleep(20);
        }
        return clock.Elapsed;
    }

    private static SortedDictionary<string, long> Files(string store, string pattern)
    {
        var files = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var flows = Path.Combine(store, "flows");
        if (!Directory.Exists(flows))
            return files;
        foreach (var path in Directory.GetFiles(flows, pattern, SearchOption.AllDirectories))
        {
            try
            {
                files[path] = new FileInfo(path).Length;
            }
            catch (FileNotFoundException)
            {
                // removed by retention meanwhile
            }
        }
        return files;
    }
}
