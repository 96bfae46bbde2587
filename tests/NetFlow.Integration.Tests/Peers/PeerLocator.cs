using System.Collections.Concurrent;

namespace NetFlow.Integration.Tests.Peers;

/// <summary>
/// Finds the real peers (exporters, collectors, decoders) on this machine: first on PATH, then in
/// the sbin directories Debian installs daemons into (often missing from PATH). A missing peer is
/// a <see cref="PeerMissingException"/> naming the package to install, so the test fails loudly.
/// </summary>
public static class PeerLocator
{
    private const string AptInstall =
        "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends";

    private static readonly string[] ExtraDirectories = ["/usr/sbin", "/sbin", "/usr/local/sbin", "/usr/local/bin", "/usr/bin", "/bin"];
    private static readonly ConcurrentDictionary<string, Lazy<string>> Found = new(StringComparer.Ordinal);

    /// <summary>Debian package that ships each peer, for the failure message.</summary>
    private static readonly Dictionary<string, string> Packages = new(StringComparer.Ordinal)
    {
        ["softflowd"] = "softflowd",
        ["tshark"] = "tshark",
        ["nfcapd"] = "nfdump",
        ["nfdump"] = "nfdump",
        ["nfreplay"] = "nfdump",
        ["tcpdump"] = "tcpdump",
        ["pmacctd"] = "pmacct",
        ["nfacctd"] = "pmacct",
        ["kill"] = "procps",
        ["systemd-analyze"] = "systemd",
    };

    public static string Softflowd => Require("softflowd");
    public static string Tshark => Require("tshark");
    public static string Nfcapd => Require("nfcapd");
    public static string Nfdump => Require("nfdump");
    public static string Nfreplay => Require("nfreplay");
    public static string Pmacctd => Require("pmacctd");
    public static string Kill => Require("kill");

    /// <summary>
    /// Debian's python3 with scapy. Deliberately not the python3 on PATH: a pyenv interpreter can
    /// shadow it and lacks scapy.
    /// </summary>
    public static string PythonWithScapy => Found.GetOrAdd("python3+scapy", _ => new Lazy<string>(FindPythonWithScapy)).Value;

    /// <summary>The absolute path of executable <paramref name="name"/>, or a <see cref="PeerMissingException"/>.</summary>
    public static string Require(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return Found.GetOrAdd(name, n => new Lazy<string>(() => Locate(n))).Value;
    }

    private static string Locate(string name)
    {
        var pathDirectories = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var searched = pathDirectories.Concat(ExtraDirectories).Distinct(StringComparer.Ordinal).ToList();
        foreach (var directory in searched)
        {
            var candidate = Path.Combine(directory, name);
            if (IsExecutableFile(candidate))
                return candidate;
        }
        var package = Packages.GetValueOrDefault(name, name);
        throw new PeerMissingException(
            $"Real peer '{name}' is required by this differential test but was not found " +
            $"(searched PATH and {string.Join(", ", ExtraDirectories)}). Install it: {AptInstall} {package}. " +
            "The test fails instead of skipping so a missing peer is never mistaken for agreement.");
    }

    private static string FindPythonWithScapy()
    {
        const string python = "/usr/bin/python3";
        if (!IsExecutableFile(python))
            throw new PeerMissingException(
                $"{python} is required to write the traffic capture but does not exist. Install it: {AptInstall} python3 python3-scapy.");
        var probe = ExternalProcess.Run(python, ["-c", "import scapy.all; print(scapy.VERSION)"], TimeSpan.FromSeconds(60));
        if (probe.ExitCode != 0)
            throw new PeerMissingException(
                $"{python} cannot import scapy (exit {probe.ExitCode}: {probe.StandardError.Trim()}). " +
                $"Install it: {AptInstall} python3-scapy.");
        return python;
    }

    private static bool IsExecutableFile(string path)
    {
        if (!File.Exists(path))
            return false;
        if (OperatingSystem.IsWindows())
            return true;
        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(path) & anyExecute) != 0;
    }
}
