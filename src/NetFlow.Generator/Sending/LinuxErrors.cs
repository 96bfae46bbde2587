namespace NetFlow.Generator.Sending;

/// <summary>The errno values a UDP send can meet on Linux, by name, and which of them end a run.</summary>
internal static class LinuxErrors
{
    private static readonly Dictionary<int, string> Names = new()
    {
        [1] = "EPERM", // a firewall rule refused it
        [5] = "EIO", // UDP segmentation offload on a device that cannot checksum
        [11] = "EAGAIN",
        [22] = "EINVAL",
        [90] = "EMSGSIZE",
        [92] = "ENOPROTOOPT",
        [95] = "EOPNOTSUPP",
        [101] = "ENETUNREACH",
        [105] = "ENOBUFS",
        [111] = "ECONNREFUSED", // an ICMP port unreachable came back for an earlier datagram
        [113] = "EHOSTUNREACH",
    };

    public static string Name(int errno) => Names.TryGetValue(errno, out var name) ? name : $"errno {errno}";

    /// <summary>
    /// What a network can do to a datagram (no buffer, no route, nobody listening, filtered) is
    /// counted and the run goes on; anything else (a bad descriptor, a datagram too long) is a bug
    /// or a bad option and would fail for every datagram, so it ends the run.
    /// </summary>
    public static bool IsFatal(int errno) => errno is not (1 or 11 or 101 or 105 or 111 or 113);

    /// <summary>What a kernel or device without UDP segmentation offload (or a segment too large for the MTU) answers.</summary>
    public static bool RefusesSegmentation(int errno) => errno is 5 or 22 or 92 or 95;
}
