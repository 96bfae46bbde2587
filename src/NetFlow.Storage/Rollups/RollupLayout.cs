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
    public static string FlowsDirectoryOf(string root, string rollupPath) =>
        Path.Combine(root, StoreLayout.FlowsDirectory, PartitionOfFile(rollupPath));

    /// <summary>The rollups directory of the partition a flow file lies in; null for a file that is not under flows/.</summary>
    public static string? DirectoryBeside(string root, string flowFile)
    {
        string dataset = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(flowFile)))) ?? "";
        return dataset == StoreLayout.FlowsDirectory ? Path.Combine(root, Directory, PartitionOfFile(flowFile)) : null;
    }

    /// <summary>"date=.../hour=..." of a file in a partition directory.</summary>
    private static string PartitionOfFile(string path)
    {
        string hour = Path.GetDirectoryName(path)!;
        return Path.Combine(Path.GetFileName(Path.GetDirectoryName(hour)!), Path.GetFileName(hour));
    }
}
