using System.Text.Json;
using NetFlow.Integration.Tests.Peers;

namespace NetFlow.Integration.Tests.Collect;

/// <summary>What one `netflow generate` run sent, from its JSON report.</summary>
public sealed record GeneratedStream(long Packets, long TemplatePackets, long Records);

/// <summary>`netflow generate` (NetFlow v9, the generator's default stream) run to a collector, as an operator would.</summary>
public static class GeneratorCli
{
    /// <summary>Sends to <paramref name="collector"/> with the given rate and length options; fails on any send error.</summary>
    public static GeneratedStream Send(CollectorProcess collector, params string[] arguments)
    {
        var result = ExternalProcess.Run(CollectorProcess.DotnetHost(),
            [CollectorProcess.NetflowDll(), "generate", "--target", collector.EndPoint.ToString(), "--version", "9", "--report", "json", .. arguments],
            TimeSpan.FromSeconds(60)).EnsureSuccess();
        using var json = JsonDocument.Parse(result.StandardOutput.Trim().Split('\n')[^1]);
        var report = json.RootElement;
        report.GetProperty("sendErrors").GetInt64().ShouldBe(0, result.StandardOutput);
        return new GeneratedStream(report.GetProperty("packets").GetInt64(), report.GetProperty("templatePackets").GetInt64(), report.GetProperty("records").GetInt64());
    }
}
