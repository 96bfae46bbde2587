using System.Globalization;
using NetFlow.Capture;
using NetFlow.Generator.Tests.Support;

namespace NetFlow.Generator.Tests.Peers;

/// <summary>
/// tshark 4.0's cflow dissector, an independent decoder, reads a capture of the generated packets
/// (written with <see cref="PcapWriter"/> from what arrived) and agrees on the record count, the
/// sequence numbers and the fields of every record.
/// </summary>
public sealed class TsharkAgreementTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("netflow-generate-tshark-").FullName;

    [Theory]
    [InlineData(ExportProtocol.NetFlowV5, false)]
    [InlineData(ExportProtocol.NetFlowV9, false)]
    [InlineData(ExportProtocol.Ipfix, false)]
    [InlineData(ExportProtocol.Ipfix, true)]
    public void Tshark_reads_every_generated_record_with_the_same_values(ExportProtocol protocol, bool variableLength)
    {
        const int flows = 97;
        var run = GeneratedRun.Send(new GeneratorOptions { Protocol = protocol, Count = 25, Flows = flows, VariableLength = variableLength });
        var capture = Path.Combine(_directory, $"v{(int)protocol}.pcap");
        int port;
        using (var writer = new PcapWriter(capture))
        {
            port = run.Datagrams[0].Source.Port;
            foreach (var datagram in run.Datagrams)
                writer.Write(new CapturedDatagram(datagram.Source, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 2055), datagram.ReceivedUtc, datagram.Payload));
        }

        string[] fields = ["cflow.version", "cflow.sequence", "cflow.srcaddr", "cflow.dstaddr", "cflow.srcport", "cflow.dstport",
            "cflow.octets", "cflow.packets", "cflow.protocol", "cflow.inputint", "cflow.if_name", "cflow.appl_name"];
        var output = ChildProcess.Run(Support.Peers.Tshark,
            ["-r", capture, "-n", "-d", "udp.port==2055,cflow", "-T", "fields", "-E", "separator=|", .. fields.SelectMany(f => new[] { "-e", f })],
            TimeSpan.FromSeconds(60)).EnsureSuccess("tshark");

        var frames = output.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('|')).ToList();
        frames.Count.ShouldBe(run.Datagrams.Count);
        frames.ShouldAllBe(f => f[0] == ((int)protocol).ToString(CultureInfo.InvariantCulture));
        frames.Select(f => uint.Parse(f[1], CultureInfo.InvariantCulture)).ShouldBe(run.Headers.Select(h => h.Sequence));

        var records = frames.Where(f => f[2].Length > 0)
            .SelectMany(f => Enumerable.Range(0, f[2].Split(',').Length).Select(i => f.Select(column => column.Split(',') is var values && i < values.Length ? values[i] : "").ToArray()))
            .ToList();
        records.Count.ShouldBe((int)run.Report.Records!.Value);
        for (int i = 0; i < records.Count; i++)
        {
            var flow = new SyntheticFlow(i % flows);
            var r = records[i];
            string which = $"record {i}";
            r[2].ShouldBe(flow.SourceAddress(false).ToString(), which);
            r[3].ShouldBe(flow.DestinationAddress(false).ToString(), which);
            r[4].ShouldBe(flow.SourcePort.ToString(CultureInfo.InvariantCulture), which);
            r[5].ShouldBe(flow.DestinationPort.ToString(CultureInfo.InvariantCulture), which);
            r[6].ShouldBe(flow.Bytes.ToString(CultureInfo.InvariantCulture), which);
            r[7].ShouldBe(flow.Packets.ToString(CultureInfo.InvariantCulture), which);
            r[8].ShouldBe(flow.Protocol.ToString(CultureInfo.InvariantCulture), which);
            r[9].ShouldBe(flow.InputInterface.ToString(CultureInfo.InvariantCulture), which);
            if (variableLength)
            {
                r[10].ShouldBe(flow.InterfaceName, which);
                r[11].ShouldBe(flow.ApplicationName, which);
            }
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
