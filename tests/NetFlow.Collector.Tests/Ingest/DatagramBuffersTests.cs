using NetFlow.Collector.Ingest;

namespace NetFlow.Collector.Tests.Ingest;

/// <summary>The datagram buffer pool: small datagrams share one size of buffer that is kept for reuse, up to a bound.</summary>
public sealed class DatagramBuffersTests
{
    [Fact]
    public void Datagrams_up_to_the_small_size_get_small_buffers_and_larger_ones_big_enough_ones()
    {
        DatagramBuffers.Rent(1).Length.ShouldBe(DatagramBuffers.SmallBytes);
        DatagramBuffers.Rent(1500).Length.ShouldBe(DatagramBuffers.SmallBytes);
        DatagramBuffers.Rent(DatagramBuffers.SmallBytes).Length.ShouldBe(DatagramBuffers.SmallBytes);
        var jumbo = DatagramBuffers.Rent(9000);
        jumbo.Length.ShouldBeGreaterThanOrEqualTo(9000);
        DatagramBuffers.Return(jumbo);
        DatagramBuffers.Rent(65_527).Length.ShouldBeGreaterThanOrEqualTo(65_527);
    }

    [Fact]
    public void What_is_kept_for_reuse_is_bounded()
    {
        // Other tests receive datagrams in parallel, so only the bound is certain, not which array comes back.
        var returned = Enumerable.Range(0, DatagramBuffers.MaxKept + 500).Select(_ => new byte[DatagramBuffers.SmallBytes]).ToList();
        foreach (var buffer in returned)
            DatagramBuffers.Return(buffer);
        DatagramBuffers.Kept.ShouldBeLessThanOrEqualTo(DatagramBuffers.MaxKept);
        DatagramBuffers.Kept.ShouldBeGreaterThan(DatagramBuffers.MaxKept / 2);

        // First in, first out: what other tests gave back earlier comes first, then ours.
        var reused = new HashSet<byte[]>(returned, ReferenceEqualityComparer.Instance);
        var rented = new List<byte[]>();
        bool found = false;
        for (int i = 0; i < DatagramBuffers.MaxKept + 1000 && !found; i++)
        {
            rented.Add(DatagramBuffers.Rent(1000));
            found = reused.Contains(rented[^1]);
        }
        found.ShouldBeTrue("buffers given back are handed out again");
        rented.ForEach(DatagramBuffers.Return);
    }
}
