namespace NetFlow.Generator.Tests.Support;

/// <summary>A real peer this test needs is missing. Thrown, never swallowed: without its peer a test fails, it does not pass or skip.</summary>
public sealed class PeerMissingException(string message) : Exception(message);

/// <summary>
/// Finds the real peers (tshark, nfcapd, nfdump) on PATH or in the sbin directories Debian puts
/// daemons in, the way the integration tests do; a missing one names the package to install.
/// </summary>
public static class Peers
{
    private static readonly string[] ExtraDirectories = ["/usr/sbin", "/sbin", "/usr/local/sbin", "/usr/local/bin", "/usr/bin", "/bin"];

    public static string Tshark => Require("tshark", "tshark");
    public static string Nfcapd => Require("nfcapd", "nfdump");
    public static string Nfdump => Require("nfdump", "nfdump");
    public static string Kill => Require("kill", "procps");

    private static string Require(string name, string package)
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(ExtraDirectories).Distinct(StringComparer.Ordinal);
        foreach (var directory in directories)
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.OtherExecute)) != 0))
                return candidate;
        }
        throw new PeerMissingException(
            $"Real peer '{name}' is required by this test but was not found on PATH or in {string.Join(", ", ExtraDirectories)}. " +
            $"Install it: apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends {package}.");
    }
}
