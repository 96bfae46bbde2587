using System.Net;
using NetFlow.Collector.Ingest;

namespace NetFlow.Collector.Tests.Ingest;

public sealed class ExporterKeyTests
{
    [Theory]
    [InlineData("192.0.2.7")]
    [InlineData("::ffff:192.0.2.7")]
    [InlineData("2001:db8::1")]
    [InlineData("::1")]
    public void A_raw_Linux_sockaddr_gives_the_same_key_as_the_SocketAddress_and_the_address(string text)
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "the raw sockaddr layout read here is Linux's");
        var address = IPAddress.Parse(text);
        var socketAddress = new IPEndPoint(address, 2055).Serialize();

        var key = ExporterKey.FromLinuxSockaddr(socketAddress.Buffer.Span);

        key.ShouldBe(ExporterKey.From(socketAddress));
        key.ShouldBe(ExporterKey.From(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address));
    }
}
