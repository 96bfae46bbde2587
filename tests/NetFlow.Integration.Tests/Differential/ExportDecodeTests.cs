namespace NetFlow.Integration.Tests.Differential;

/// <summary>Our decoder reads every record an exporter sent, and reports no error doing so.</summary>
public sealed class ExportDecodeTests(DifferentialRun run)
{
    [Theory]
    [InlineData(5)]
    [InlineData(9)]
    [InlineData(10)]
    public void Decodes_as_many_data_records_as_softflowd_says_it_exported(int version)
    {
        var export = run.Export(ExportCases.Softflowd, version);
        var ours = run.Ours(ExportCases.Softflowd, version);

        export.ExportedRecords.ShouldNotBeNull();
        export.ExportedRecords.Value.ShouldBeGreaterThan(0, $"softflowd -v {version} exported nothing:\n{export.ExporterOutput}");
        ours.Data.Count().ShouldBe(export.ExportedRecords.Value,
            $"softflowd -v {version}: {export.ExporterOutput}\nnetflow decode: {ours.Summary}");
    }

    /// <summary>Both exporters make one record per direction of every flow (v5: IPv4 flows only).</summary>
    [Theory]
    [MemberData(nameof(ExportCases.All), MemberType = typeof(ExportCases))]
    public void Decodes_one_data_record_per_generated_flow(string exporter, int version)
    {
        var ours = run.Ours(exporter, version);
        var flows = run.Traffic.Flows.Count(f => version != 5 || !f.IsIPv6);

        flows.ShouldBeGreaterThan(0);
        ours.Data.Count().ShouldBe(flows, ours.Summary);
        ours.Data.ShouldAllBe(r => r.GetProperty("version").GetInt32() == version && r.GetProperty("exporter").GetString() == "127.0.0.1");
    }

    [Theory]
    [MemberData(nameof(ExportCases.All), MemberType = typeof(ExportCases))]
    public void Reports_no_decode_errors(string exporter, int version)
    {
        var ours = run.Ours(exporter, version);

        ours.Summary.ShouldContain("errors: 0", Case.Sensitive, ours.Summary);
        ours.Summary.ShouldContain("stillWaiting=0", Case.Sensitive, ours.Summary);
    }
}
