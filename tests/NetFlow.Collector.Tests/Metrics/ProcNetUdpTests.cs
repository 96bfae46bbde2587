using System.Net;
using NetFlow.Collector.Metrics;

namespace NetFlow.Collector.Tests.Metrics;

public sealed class ProcNetUdpTests
{
    [Fact]
    public void An_ipv4_row_gives_address_port_queue_and_drops()
    {
        const string line = "  123: 0100007F:0807 00000000:0000 07 00000000:00000A00 00:00000000 00000000  1000        0 12345 2 0000000000000000 42";

        ProcNetUdp.TryParse(line, out var row).ShouldBeTrue();

        row.ShouldBe(new UdpSocketRow(IPAddress.Loopback, 2055, 0xA00, 42));
    }

    [Fact]
    public void An_ipv6_row_reads_each_word_in_machine_order()
    {
        // [::1]:4739 and [::]:2055 as Linux prints them on a little-endian machine.
        const string loopback = "  456: 00000000000000000000000001000000:1283 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 999 2 0000000000000000 3";
        const string any = "  457: 00000000000000000000000000000000:0807 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 998 2 0000000000000000 0";
        Assert.SkipUnless(BitConverter.IsLittleEndian, "the sample rows are a little-endian machine's");

        ProcNetUdp.TryParse(loopback, out var row).ShouldBeTrue();
        row.ShouldBe(new UdpSocketRow(IPAddress.IPv6Loopback, 4739, 0, 3));
        ProcNetUdp.TryParse(any, out var anyRow).ShouldBeTrue();
        anyRow.Address.ShouldBe(IPAddress.IPv6Any);
        CollectorMetrics.Matches(new IPEndPoint(IPAddress.IPv6Any, 2055), anyRow).ShouldBeTrue();
        CollectorMetrics.Matches(new IPEndPoint(IPAddress.Any, 2055), anyRow).ShouldBeFalse();
    }

    [Theory]
    [InlineData("   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops")]
    [InlineData("")]
    [InlineData("  1: 0100007F 00000000:0000 07 00000000:00000000 00:00000000 00000000 0 0 1 2 0 0")]
    [InlineData("  1: 0100007:0807 00000000:0000 07 00000000:00000000 00:00000000 00000000 0 0 1 2 0 0")]
    [InlineData("  1: 0100007F:0807 00000000:0000 07 00000000:00000000 00:00000000 00000000 0 0 1 2 0 -1")]
    public void Lines_that_are_not_socket_rows_are_skipped(string line)
    {
        ProcNetUdp.TryParse(line, out _).ShouldBeFalse();
    }

    [Fact]
    public void A_missing_table_reads_as_no_sockets()
    {
        ProcNetUdp.Read("/nonexistent-proc-net").ShouldBeEmpty();
    }
}
