using System.Net;
using NetFlow.Capture;
using Shouldly;
using Xunit;

namespace NetFlow.Protocol.Tests.Capture;

/// <summary>Anything that is neither pcap nor pcapng is one UDP payload, as the packet corpus is stored.</summary>
public sealed class RawDatagramFileTests
{
    [Fact]
    public void A_garbage_file_is_one_datagram_from_0_0_0_0_stamped_with_the_file_time()
    {
        using var directory = new TempDirectory();
        var path = directory.File("garbage.bin");
        var content = TestFrames.Payload(333, seed: 0x37);
        File.WriteAllBytes(path, content);
        var modified = new DateTime(2023, 3, 4, 5, 6, 7, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, modified);
        var stats = new CaptureReadStats();

        // Materialised once: every enumeration reads the file again and counts again.
        var datagram = CaptureReader.Read(path, stats).ToList().ShouldHaveSingleItem();

        datagram.Payload.ToArray().ShouldBe(content);
        datagram.Source.ShouldBe(new IPEndPoint(IPAddress.Any, 0));
        datagram.Destination.ShouldBe(new IPEndPoint(IPAddress.Any, 0));
        datagram.TimestampUtc.ShouldBe(modified);
        stats.Frames.ShouldBe(1);
        stats.Datagrams.ShouldBe(1);
    }

    [Fact]
    public void The_source_of_a_raw_datagram_can_be_given()
    {
        var source = new IPEndPoint(IPAddress.Parse("192.0.2.7"), 9995);

        var datagram = CaptureReader.Read(new MemoryStream([0x00, 0x09]), new CaptureReadStats(), rawSource: source)
            .ToList().ShouldHaveSingleItem();

        datagram.Source.ShouldBe(source);
        datagram.Payload.ToArray().ShouldBe(new byte[] { 0x00, 0x09 });
    }

    [Fact]
    public void An_empty_file_yields_nothing()
    {
        var stats = new CaptureReadStats();

        CaptureBytes.Read([], stats).ShouldBeEmpty();

        stats.Frames.ShouldBe(0);
    }

    [Fact]
    public void A_file_larger_than_any_udp_payload_is_counted_not_read()
    {
        var stats = new CaptureReadStats();

        CaptureBytes.Read(new byte[CaptureReader.MaxRawDatagramLength + 1], stats).ShouldBeEmpty();
        CaptureBytes.Read(new byte[CaptureReader.MaxRawDatagramLength], stats).Count.ShouldBe(1);

        stats.OversizedRawFiles.ShouldBe(1);
        stats.Datagrams.ShouldBe(1);
    }

    [Fact]
    public void A_missing_file_throws_the_normal_io_exception()
    {
        using var directory = new TempDirectory();

        Should.Throw<FileNotFoundException>(() => CaptureReader.Read(directory.File("absent.pcap"), new CaptureReadStats()).ToList());
    }
}
