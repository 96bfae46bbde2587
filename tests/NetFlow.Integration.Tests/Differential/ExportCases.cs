namespace NetFlow.Integration.Tests.Differential;

/// <summary>The real exporters and versions every differential test runs against.</summary>
public static class ExportCases
{
    public const string Softflowd = "softflowd";
    public const string Pmacctd = "pmacctd";

    public static TheoryData<string, int> All => new()
    {
        { Softflowd, 5 },
        { Softflowd, 9 },
        { Softflowd, 10 },
        { Pmacctd, 5 },
        { Pmacctd, 9 },
        { Pmacctd, 10 },
    };
}
