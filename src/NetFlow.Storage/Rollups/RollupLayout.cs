using NetFlow.Storage.Writing;

namespace NetFlow.Storage.Rollups;

/// <summary>
/// Where rollups go: <c>DIR/rollups/date=YYYY-MM-DD/hour=HH/KEY-YYYYMMDDTHHMMSSZ_FIRST-LAST.parquet</c>,
/// the partition of the flow files they sum, named by the key, the first interval they cover and
/// the span of flow time (as flow files are; see <see cref="StoreLayout"/>).
/// </summary>
internal static class RollupLayout
{
    public const string Directory = "rollups";

    public static string NewFilePath(string root, string partition, string key, DateTime firstInterval) =>
        StoreLayout.NewFilePathIn(Path.Combine(root, Directory, partition), key, firstInterval);

    /// <summary>The rollup files of <paramref name="key"/>.</summary>
    public static IEnumerable<string> FilesOf(string root, string key)
    {
        string directory = Path.Combine(root, Directory);
        return System.IO.Directory.Exists(directory)
            ? System.IO.Directory.EnumerateFiles(directory, key + "-*.parquet", SearchOption.AllDirectories)
            : [];
    }

    /// <summary>The flows partition directory a rollup's covered files lie in.</summary>
    public static string FlowsDirectoryOf(string root, string rollupPath)
    {
        string hour = Path.GetDirectoryName(rollupPath)!;
        string date = Path.GetDirectoryName(hour)!;
        return Path.Combine(root, StoreLayout.FlowsDirectory, Path.GetFileName(date), Path.GetFileName(hour));
    }
}
