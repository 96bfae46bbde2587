using NetFlow.Collector.Ingest;

namespace NetFlow.Collector.Tests.Ingest;

/// <summary>
/// How long a receive thread lets datagrams gather after draining its socket: the time the recent
/// rate (counted as the kernel charges the buffer: each receive 1 kB more than its bytes), or a
/// 1 Gbit/s burst, takes to fill a quarter of the receive buffer, between 1 and 10 ms.
/// </summary>
public sealed class GatherTimeTests
{
    private const int FourMiB = 4 << 20;

    [Fact]
    public void At_200k_datagrams_a_second_a_4_MiB_buffer_gathers_for_4_ms_coalesced_and_2_ms_not()
    {
        // 200k datagrams of 1300 bytes a second in runs of 32 (GRO): 1.3 MB in 5 ms, in 31 receives
        // that the buffer holds at 1 kB more each. A quarter of 4 MiB is 1 048 576 bytes: 3.94 ms.
        GatherTime.For(FourMiB, 1_300_000, 31, TimeSpan.FromMilliseconds(5)).TotalMilliseconds.ShouldBe(3.94, 0.01);
        // The same datagrams one by one (no GRO) hold 2.3 kB each: 2.3 MB in 5 ms, a quarter in 2.26 ms.
        GatherTime.For(FourMiB, 1_300_000, 1000, TimeSpan.FromMilliseconds(5)).TotalMilliseconds.ShouldBe(2.26, 0.01);
    }

    [Fact]
    public void Below_a_burst_s_rate_the_burst_decides()
    {
        // 13 MB/s: a quarter of the buffer would last 80 ms, but a 1 Gbit/s burst fills it in 8.4 ms.
        GatherTime.For(FourMiB, 130_000, 100, TimeSpan.FromMilliseconds(10)).TotalMilliseconds.ShouldBe(8.39, 0.01);
        // Nothing measured yet (no time between reads): the same.
        GatherTime.For(FourMiB, 1300, 1, TimeSpan.Zero).TotalMilliseconds.ShouldBe(8.39, 0.01);
    }

    [Fact]
    public void The_gather_stays_between_1_and_10_ms()
    {
        // Linux's default buffer (208 KiB reported, 104 KiB of data): 0.2 ms at a burst; 1 ms, as the receive thread always slept.
        GatherTime.For(106_496, 1300, 1, TimeSpan.FromMilliseconds(1)).ShouldBe(GatherTime.Least);
        // A huge buffer never gathers for more than 10 ms.
        GatherTime.For(int.MaxValue, 1300, 1, TimeSpan.FromSeconds(1)).ShouldBe(GatherTime.Most);
        GatherTime.For(0, 0, 0, TimeSpan.Zero).ShouldBe(GatherTime.Least);
    }
}
