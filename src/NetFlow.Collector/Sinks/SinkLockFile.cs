namespace NetFlow.Collector.Sinks;

/// <summary>
/// The lock a file-writing sink holds on its directory, so a second collector pointed at the same
/// place fails at start instead of racing the first for its files (an exclusive lock that .NET
/// takes with flock on Unix; it goes when the process does, crash included).
/// </summary>
public static class SinkLockFile
{
    /// <summary>Takes the lock at <paramref name="path"/>; an IOException with <paramref name="heldMessage"/> when another holds it.</summary>
    public static FileStream Take(string path, string heldMessage, FileOptions options = FileOptions.None)
    {
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, options);
        }
        catch (IOException e)
        {
            throw new IOException(heldMessage, e);
        }
    }
}
