using System.Net;
using System.Text.Json;
using NetFlow.Cli.Commands;

namespace NetFlow.Generator.Tests.Generate;

/// <summary>Options that cannot run are refused with a sentence naming the option; targets and refresh intervals parse as typed.</summary>
public sealed class GeneratorOptionsTests
{
    [Fact]
    public void The_defaults_are_the_reference_stream()
    {
        GeneratorOptions.Default.Validate().ShouldBeEmpty();
        GeneratorOptions.Default.Protocol.ShouldBe(ExportProtocol.NetFlowV9);
        GeneratorOptions.Default.EffectiveRecordsPerPacket.ShouldBe(28);
        (GeneratorOptions.Default with { Protocol = ExportProtocol.NetFlowV5 }).EffectiveRecordsPerPacket.ShouldBe(30);
    }

    [Theory]
    [InlineData(ExportProtocol.NetFlowV5, true, false, null, "--ipv6")]
    [InlineData(ExportProtocol.NetFlowV9, false, true, null, "--variable-length")]
    [InlineData(ExportProtocol.NetFlowV5, false, false, 31, "at most 30")]
    [InlineData(ExportProtocol.NetFlowV9, false, false, 0, "--records-per-packet")]
    [InlineData(ExportProtocol.NetFlowV9, false, false, 2000, "longer than a UDP datagram")]
    [InlineData((ExportProtocol)7, false, false, null, "--version")]
    public void Options_that_cannot_run_are_refused_by_name(ExportProtocol protocol, bool ipv6, bool variableLength, int? recordsPerPacket, string named)
    {
        var options = new GeneratorOptions { Protocol = protocol, Ipv6 = ipv6, VariableLength = variableLength, RecordsPerPacket = recordsPerPacket };
        options.Validate().ShouldContain(p => p.Contains(named));
        Should.Throw<ArgumentException>(() => new LoadGenerator(new IPEndPoint(IPAddress.Loopback, 9), options));
    }

    [Theory]
    [InlineData("127.0.0.1:2055", "127.0.0.1:2055")]
    [InlineData("[::1]:4739", "[::1]:4739")]
    [InlineData("localhost:9995", "127.0.0.1:9995")]
    public void Targets_parse(string text, string expected) => TargetEndpoint.Parse(text).ToString().ShouldBe(expected);

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("127.0.0.1:0")]
    [InlineData("127.0.0.1:70000")]
    public void Targets_without_a_usable_port_are_refused(string text) => Should.Throw<FormatException>(() => TargetEndpoint.Parse(text));

    [Fact]
    public void Template_refresh_is_a_time_a_packet_count_or_none()
    {
        GenerateCommand.ParseTemplateRefresh("20s").ShouldBe(TemplateRefresh.Every(TimeSpan.FromSeconds(20)));
        GenerateCommand.ParseTemplateRefresh("1m").ShouldBe(TemplateRefresh.Every(TimeSpan.FromMinutes(1)));
        GenerateCommand.ParseTemplateRefresh("100p").ShouldBe(TemplateRefresh.EveryPackets(100));
        GenerateCommand.ParseTemplateRefresh("100").ShouldBe(TemplateRefresh.EveryPackets(100));
        GenerateCommand.ParseTemplateRefresh("none").ShouldBe(TemplateRefresh.OnlyFirst);
        Should.Throw<FormatException>(() => GenerateCommand.ParseTemplateRefresh("0p"));
        Should.Throw<FormatException>(() => GenerateCommand.ParseTemplateRefresh("soon"));
    }

    [Fact]
    public void The_json_report_is_one_object_with_every_figure()
    {
        var report = new SendReport
        {
            Command = "generate",
            Target = "127.0.0.1:2055",
            Rate = "unlimited",
            Packets = 1000,
            Records = 27_972,
            TemplatePackets = 1,
            Bytes = 1_283_000,
            Seconds = 0.5,
            SendErrors = 3,
            SendErrorsByReason = new Dictionary<string, long> { ["ENOBUFS"] = 3 },
        };
        using var json = JsonDocument.Parse(report.ToJson());
        var root = json.RootElement;
        root.GetProperty("packets").GetInt64().ShouldBe(1000);
        root.GetProperty("records").GetInt64().ShouldBe(27_972);
        root.GetProperty("bytes").GetInt64().ShouldBe(1_283_000);
        root.GetProperty("seconds").GetDouble().ShouldBe(0.5);
        root.GetProperty("pps").GetDouble().ShouldBe(2000);
        root.GetProperty("rps").GetDouble().ShouldBe(55_944);
        root.GetProperty("sendErrors").GetInt64().ShouldBe(3);
        root.GetProperty("sendErrorsByReason").GetProperty("ENOBUFS").GetInt64().ShouldBe(3);
        report.ToText().ShouldBe("netflow generate: sent 1000 packets (1 of them templates), 27972 records, 1283000 bytes to 127.0.0.1:2055 in 0.500 s: 2000 packets/s, 55944 records/s (unlimited); 3 send errors (ENOBUFS 3)");
    }
}
