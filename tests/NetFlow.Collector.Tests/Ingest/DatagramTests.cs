using System.Net;
using NetFlow.Collector.Ingest;

namespace NetFlow.Collector.Tests.Ingest;

/// <summary>A receive on its way to a worker: one datagram, or a coalesced run of them cut at the segment size.</summary>
public sealed class DatagramTests
{
    private static readonly ExporterKey Exporter = ExporterKey.From(IPAddress.Loopback);

    [Fact]
    public void A_coalesced_receive_is_cut_into_its_datagrams_the_last_one_shorter()
    {
        var buffer = Enumerable.Range(0, DatagramBuffers.ReceiveSlotBytes).Select(i => (byte)(i / 100)).ToArray();
        var receive = new Datagram(buffer, 250, Exporter, DateTime.UnixEpoch, SegmentSize: 100);
        receive.Count.ShouldBe(3);
        receive.Segment(0).ToArray().ShouldBe(Enumerable.Repeat((byte)0, 100));
        receive.Segment(1).ToArray().ShouldBe(Enumerable.Repeat((byte)1, 100));
        receive.Segment(2).ToArray().ShouldBe(Enumerable.Repeat((byte)2, 50));
    }

    [Fact]
    public void One_datagram_is_its_bytes()
    {
        var buffer = new byte[DatagramBuffers.SmallBytes];
        var single = new Datagram(buffer, 1300, Exporter, DateTime.UnixEpoch);
        (single.Count, single.Segment(0).Length).ShouldBe((1, 1300));
        // A segment size of the whole (the kernel's way of saying one) is one datagram too.
        new Datagram(buffer, 1300, Exporter, DateTime.UnixEpoch, SegmentSize: 1300).Count.ShouldBe(1);
        new Datagram(buffer, 0, Exporter, DateTime.UnixEpoch).Count.ShouldBe(1);
    }

    [Fact]
    public void Receive_slots_are_pinned_reused_and_bounded()
    {
        var slot = DatagramBuffers.RentReceiveSlot();
        slot.Length.ShouldBe(DatagramBuffers.ReceiveSlotBytes);
        // On the pinned object heap: its address may be handed to the kernel.
        GC.GetGeneration(slot).ShouldBe(GC.MaxGeneration);
        DatagramBuffers.Return(slot);
        // Other tests rent and return slots in parallel, so take until none is left: no more than the bound are ever made.
        var taken = new List<byte[]>();
        while (DatagramBuffers.TryRentReceiveSlot() is { } next && taken.Count <= DatagramBuffers.MaxReceiveSlots)
            taken.Add(next);
        DatagramBuffers.ReceiveSlotsMade.ShouldBeLessThanOrEqualTo(DatagramBuffers.MaxReceiveSlots + 64 * 8, "the bound, and receive batches' own slots");
        taken.Count.ShouldBeLessThanOrEqualTo(DatagramBuffers.MaxReceiveSlots);
        taken.ForEach(DatagramBuffers.Return);
        DatagramBuffers.TryRentReceiveSlot().ShouldNotBeNull("returned, they are there again");
    }
}
