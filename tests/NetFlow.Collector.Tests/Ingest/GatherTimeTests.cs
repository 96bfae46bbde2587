using NetFlow.Collector.Ingest;

namespace NetFlow.Collector.Tests.Ingest;

/// <summary>
/// How long a receive thread lets datagrams gather after draining its socket: the time the recent
/// rate, or a 1 Gbit/s burst, takes to fill a quarter of the receive buffer, between 1 and 10 ms.
/// </summary>
public sealed class GatherTimeTests
{
    private const int FourMiB = 4 << 20;

    [Fact]
    public void At_200k_datagrams_a_second_a_4_MiB_buffer_gathers_for_4_ms()
    {
        // 200k datagrams of 1300 bytes a second: 260 MB/s, 1.3 MB in 5 ms. A quarter of 4 MiB is 1 048 576 bytes: 4.03 ms.
        var gather = GatherTime.For(FourMiB, 1_300_000, TimeSpan.FromMilliseconds(5));
        gather.TotalMilliseconds.ShouldBe(4.03, 0.01);
    }

    [Fact]
    public void Below_a_burst_s_rate_the_burst_decides()
    {
        // 13 MB/s: a quarter of the buffer would last 80 ms, but a 1 Gbit/s burst fills it in 8.4 ms.
        GatherTime.For(FourMiB, 130_000, TimeSpan.FromMilliseconds(10)).TotalMilliseconds.ShouldBe(8.39, 0.01);
        // Nothing measured yet (no time between reads): the same.
        GatherTime.For(FourMiB, 1300, TimeSpan.Zero).TotalMilliseconds.ShouldBe(8.39, 0.01);
    }

    [Fact]
    public void The_gather_stays_between_1_and_10_ms()
    {
        // Linux's default buffer (208 KiB reported, 104 KiB of data): 0.2 ms at a burst; 1 ms, as the receive thread always slept.
        GatherTime.For(106_496, 1300, TimeSpan.FromMilliseconds(1)).ShouldBe(GatherTime.Least);
        // A huge buffer never gathers for more than 10 ms.
        GatherTime.For(int.MaxValue, 1300, TimeSpan.FromSeconds(1)).ShouldBe(GatherTime.Most);
        GatherTime.For(0, 0, TimeSpan.Zero).ShouldBe(GatherTime.Least);
    }
}
