using NetFlow.Generator.Tests.Support;

namespace NetFlow.Generator.Tests.Generate;

/// <summary>The rate asked for is the rate sent, measured by the generator and by the receiver's clock.</summary>
[Collection(TimingSensitive.Name)]
public sealed class RatePacingTests
{
    [Fact]
    public void Twenty_thousand_packets_a_second_for_a_second_sends_twenty_thousand_within_2_percent()
    {
        var run = GeneratedRun.Send(new GeneratorOptions { Rate = SendRate.PacketsPerSecond(20_000), Duration = TimeSpan.FromSeconds(1) });

        run.Report.Packets.ShouldBeInRange(19_600, 20_400);
        run.Report.Seconds.ShouldBeInRange(0.98, 1.02);
        run.Report.PacketsPerSecond.ShouldBeInRange(19_600, 20_400);
        // The receiver's view: the span from the first to the last arrival is one second less one batch slot (1 ms).
        var span = (run.Datagrams[^1].ReceivedUtc - run.Datagrams[0].ReceivedUtc).TotalSeconds;
        span.ShouldBeInRange(0.97, 1.02);
    }

    [Fact]
    public void A_records_rate_paces_data_records()
    {
        var run = GeneratedRun.Send(new GeneratorOptions { Rate = SendRate.RecordsPerSecond(280_000), Duration = TimeSpan.FromSeconds(0.5) });

        run.Report.Records!.Value.ShouldBeInRange(137_200, 142_800);
        run.Report.RecordsPerSecond!.Value.ShouldBeInRange(274_400, 285_600);
    }

    [Fact]
    public void A_count_at_a_rate_takes_the_time_it_should()
    {
        var run = GeneratedRun.Send(new GeneratorOptions { Rate = SendRate.PacketsPerSecond(5_000), Count = 1_000 });

        run.Report.Packets.ShouldBe(1_000);
        // Never faster than the rate; a late wake of the sender on a loaded machine may only add time.
        run.Report.Seconds.ShouldBeInRange(0.196, 0.22);
    }
}
