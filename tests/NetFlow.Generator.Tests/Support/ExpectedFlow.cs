using System.Net;

namespace NetFlow.Generator.Tests.Support;

/// <summary>Checks a decoded record field by field against the synthetic flow it should be.</summary>
public static class ExpectedFlow
{
    public static void ShouldBeFlow(this DecodedRecord record, int index, ExportProtocol protocol, bool ipv6 = false)
    {
        var flow = new SyntheticFlow(index);
        string which = $"flow {index}";
        record["octetDeltaCount"].ShouldBe((ulong)flow.Bytes, which);
        record["packetDeltaCount"].ShouldBe((ulong)flow.Packets, which);
        record["protocolIdentifier"].ShouldBe((ulong)flow.Protocol, which);
        record["ipClassOfService"].ShouldBe((ulong)flow.Tos, which);
        record["tcpControlBits"].ShouldBe((ulong)flow.TcpFlags, which);
        record["sourceTransportPort"].ShouldBe((ulong)flow.SourcePort, which);
        record["destinationTransportPort"].ShouldBe((ulong)flow.DestinationPort, which);
        record["ingressInterface"].ShouldBe((ulong)flow.InputInterface, which);
        record["egressInterface"].ShouldBe((ulong)flow.OutputInterface, which);
        record["bgpSourceAsNumber"].ShouldBe((ulong)flow.SourceAs, which);
        record["bgpDestinationAsNumber"].ShouldBe((ulong)flow.DestinationAs, which);
        if (ipv6)
        {
            record["sourceIPv6Address"].ShouldBe(flow.SourceAddress(true), which);
            record["destinationIPv6Address"].ShouldBe(flow.DestinationAddress(true), which);
            record["ipNextHopIPv6Address"].ShouldBe(IPAddress.Parse("2001:db8::fe"), which);
            record["sourceIPv6PrefixLength"].ShouldBe(64UL, which);
            record["destinationIPv6PrefixLength"].ShouldBe(48UL, which);
        }
        else
        {
            record["sourceIPv4Address"].ShouldBe(flow.SourceAddress(false), which);
            record["destinationIPv4Address"].ShouldBe(flow.DestinationAddress(false), which);
            record["ipNextHopIPv4Address"].ShouldBe(IPAddress.Parse("192.0.2.254"), which);
            record["sourceIPv4PrefixLength"].ShouldBe(24UL, which);
            record["destinationIPv4PrefixLength"].ShouldBe(12UL, which);
        }
        record.ShouldHavePlausibleTimes(protocol);
    }

    /// <summary>Started within the last minute, ended after it started and no later than the export (whole seconds, so up to 1 s early).</summary>
    public static void ShouldHavePlausibleTimes(this DecodedRecord record, ExportProtocol protocol)
    {
        var start = record.Start.ShouldNotBeNull("flow start");
        var end = record.End.ShouldNotBeNull("flow end");
        start.ShouldBeLessThan(end);
        (end - start).ShouldBeLessThanOrEqualTo(TimeSpan.FromSeconds(30));
        start.ShouldBeGreaterThan(record.ReceivedUtc - TimeSpan.FromMinutes(1));
        end.ShouldBeLessThanOrEqualTo(record.ReceivedUtc);
        // The export time is whole seconds (v9, IPFIX): an end up to a second after it is the truncation, no more.
        var export = record.Header.ExportTimeUtc;
        end.ShouldBeLessThan(export.AddSeconds(protocol == ExportProtocol.NetFlowV5 ? 0.001 : 1));
        (record.ReceivedUtc - export).ShouldBeLessThan(TimeSpan.FromSeconds(2));
    }
}
