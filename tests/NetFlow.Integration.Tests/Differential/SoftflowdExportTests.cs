namespace NetFlow.Integration.Tests.Differential;

/// <summary>Our decoder reads every record softflowd says it exported, and nothing else goes wrong.</summary>
public sealed class SoftflowdExportTests(DifferentialRun run)
{
    [Theory]
    [InlineData(5)]
    [InlineData(9)]
    [InlineData(10)]
    public void Decodes_as_many_data_records_as_softflowd_exported(int version)
    {
        var export = run.Export(version);
        var ours = run.Ours(version);

        export.ExportedRecords.ShouldBeGreaterThan(0, $"softflowd -v {version} exported nothing:\n{export.SoftflowdOutput}");
        export.Datagrams.Count.ShouldBe(export.ExportedPackets);
        ours.Data.Count().ShouldBe(export.ExportedRecords,
            $"softflowd -v {version}: {export.SoftflowdOutput}\nnetflow decode: {ours.Summary}");
        ours.Data.ShouldAllBe(r => r.GetProperty("version").GetInt32() == version && r.GetProperty("exporter").GetString() == "127.0.0.1");
    }

    [Theory]
    [InlineData(5)]
    [InlineData(9)]
    [InlineData(10)]
    public void Reports_no_decode_errors(int version)
    {
        var ours = run.Ours(version);

        ours.Summary.ShouldContain("errors: 0", Case.Sensitive, ours.Summary);
        ours.Summary.ShouldContain("stillWaiting=0", Case.Sensitive, ours.Summary);
    }
}
