using NetFlow.Generator.Tests.Support;

namespace NetFlow.Generator.Tests.Generate;

/// <summary>Templates go first and again when the refresh interval (packets or time) says.</summary>
public sealed class TemplateRefreshTests
{
    [Theory]
    [InlineData(ExportProtocol.NetFlowV9)]
    [InlineData(ExportProtocol.Ipfix)]
    public void Every_N_data_packets_the_template_is_sent_again(ExportProtocol protocol)
    {
        var run = GeneratedRun.Send(new GeneratorOptions { Protocol = protocol, Count = 4 * 6, TemplateRefresh = TemplateRefresh.EveryPackets(5) });

        // T D D D D D, four times over.
        run.Headers.Select(h => h.IsTemplateOnly)
            .ShouldBe(Enumerable.Range(0, 24).Select(i => i % 6 == 0));
        run.Report.TemplatePackets.ShouldBe(4);
        var decoded = run.Decode();
        decoded.Errors.ShouldBeEmpty();
        decoded.Totals.TemplatesAdded.ShouldBe(1);
        decoded.Totals.TemplatesRefreshed.ShouldBe(3);
        decoded.SequenceTotals.Gaps.ShouldBe(0);
    }

    [Fact]
    public void Every_interval_the_template_is_sent_again()
    {
        var options = new GeneratorOptions
        {
            Rate = SendRate.PacketsPerSecond(2000),
            Duration = TimeSpan.FromSeconds(1),
            TemplateRefresh = TemplateRefresh.Every(TimeSpan.FromMilliseconds(100)),
        };
        var run = GeneratedRun.Send(options);

        // The first, then one a batch after each 100 ms: 10, give or take the batch at the edge.
        run.Report.TemplatePackets.ShouldBeInRange(9, 11);
        run.Decode().Totals.TemplatesRefreshed.ShouldBe(run.Report.TemplatePackets - 1);
    }

    [Fact]
    public void With_no_refresh_only_the_first_packet_is_a_template()
    {
        var run = GeneratedRun.Send(new GeneratorOptions { Count = 50, TemplateRefresh = TemplateRefresh.OnlyFirst });

        run.Headers.Count(h => h.IsTemplateOnly).ShouldBe(1);
        run.Headers[0].IsTemplateOnly.ShouldBeTrue();
    }
}
