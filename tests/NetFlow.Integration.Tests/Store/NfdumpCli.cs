using NetFlow.Integration.Tests.Peers;

namespace NetFlow.Integration.Tests.Store;

/// <summary>
/// nfdump 1.7.1 reading an nfcapd directory with `-o csv` (TZ=UTC: it prints local time without a
/// zone). Statistics (`-s dstport/bytes`) print "ts,te,td,pr,val,fl,flP,pkt,pktP,byt,bytP,pps,bps,bpp"
/// (ipkt/ibyt/... for address statistics), a listing its long flow CSV; both end with a Summary
/// block, which <see cref="CsvTable"/> leaves out.
/// </summary>
public static class NfdumpCli
{
    private static readonly Dictionary<string, string> Utc = new() { ["TZ"] = "UTC" };

    /// <summary>`nfdump -R DIR -s STATISTIC -n TOP -o csv [FILTER]`; TOP 0 prints every group.</summary>
    public static CsvTable Statistics(string directory, string statistic, int top, string? filter = null) =>
        Run(directory, ["-s", statistic, "-n", top.ToString(System.Globalization.CultureInfo.InvariantCulture), "-o", "csv", .. Filter(filter)]);

    /// <summary>`nfdump -R DIR -o csv [FILTER]`: every flow that matches.</summary>
    public static CsvTable Listing(string directory, string? filter = null) => Run(directory, ["-o", "csv", .. Filter(filter)]);

    private static string[] Filter(string? filter) => filter is null ? [] : [filter];

    private static CsvTable Run(string directory, string[] arguments)
    {
        var result = ExternalProcess.Run(PeerLocator.Nfdump, ["-R", directory, .. arguments], TimeSpan.FromSeconds(30), Utc).EnsureSuccess();
        return CsvTable.Parse(result.StandardOutput, $"`{result.CommandLine}`:\n{result.StandardOutput}");
    }
}
