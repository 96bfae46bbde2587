using System.Net;
using NetFlow.Collector.Ingest;
using NetFlow.Collector.Metrics;

namespace NetFlow.Collector.Tests.Metrics;

public sealed class ExporterLabelsTests
{
    [Fact]
    public void The_first_exporters_keep_their_address_later_ones_are_other()
    {
        var labels = new ExporterLabels(2);
        var a = ExporterKey.From(IPAddress.Parse("192.0.2.1"));
        var b = ExporterKey.From(IPAddress.Parse("2001:db8::1"));
        var c = ExporterKey.From(IPAddress.Parse("192.0.2.3"));

        labels.For(a).ShouldBe("192.0.2.1");
        labels.For(b).ShouldBe("2001:db8::1");
        labels.For(c).ShouldBe(ExporterLabels.Other);
        labels.For(a).ShouldBe("192.0.2.1");
        labels.For(c).ShouldBe(ExporterLabels.Other);
        labels.Count.ShouldBe(2);
    }

    [Fact]
    public void A_flood_of_sources_does_not_grow_the_labels()
    {
        var labels = new ExporterLabels(1000);

        for (uint i = 0; i < 100_000; i++)
            labels.For(new ExporterKey(0, 0x0000_FFFF_0000_0000UL | i));

        labels.Count.ShouldBe(1000);
    }
}
