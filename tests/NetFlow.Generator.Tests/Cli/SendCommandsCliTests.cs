using System.Runtime.InteropServices;
using System.Text.Json;
using NetFlow.Generator.Tests.Support;

namespace NetFlow.Generator.Tests.Cli;

/// <summary>`netflow generate` and `netflow replay` as a script runs them: a process, a JSON report on stdout, exit codes.</summary>
public sealed class SendCommandsCliTests
{
    [Fact]
    public void Generate_reports_what_it_sent_as_one_json_object()
    {
        using var receiver = new LoopbackReceiver();
        var output = Netflow("generate", "--target", receiver.Endpoint.ToString(), "--version", "10", "--count", "50", "--flows", "20", "--report", "json")
            .EnsureSuccess("netflow generate");

        using var json = JsonDocument.Parse(output.StandardOutput);
        var report = json.RootElement;
        report.GetProperty("command").GetString().ShouldBe("generate");
        report.GetProperty("packets").GetInt64().ShouldBe(50);
        report.GetProperty("templatePackets").GetInt64().ShouldBe(1);
        report.GetProperty("records").GetInt64().ShouldBe(49 * 20);
        report.GetProperty("sendErrors").GetInt64().ShouldBe(0);
        report.GetProperty("seconds").GetDouble().ShouldBeGreaterThan(0);
        var received = receiver.WaitFor(50);
        report.GetProperty("bytes").GetInt64().ShouldBe(received.Sum(d => (long)d.Payload.Length));
        var decoded = DecodedStream.Decode(received);
        decoded.Errors.ShouldBeEmpty();
        decoded.Records.Count.ShouldBe(49 * 20);
    }

    [Fact]
    public void Generate_prints_one_line_for_people_by_default()
    {
        using var receiver = new LoopbackReceiver();
        var output = Netflow("generate", "--target", receiver.Endpoint.ToString(), "--version", "5", "--count", "3").EnsureSuccess("netflow generate");
        output.StandardOutput.Trim().ShouldStartWith("netflow generate: sent 3 packets, 90 records, 4392 bytes to 127.0.0.1:");
        receiver.WaitFor(3);
    }

    [Fact]
    public void Generate_without_a_limit_runs_until_SIGINT_and_still_reports()
    {
        using var receiver = new LoopbackReceiver();
        using var generate = ChildProcess.Start(DotnetHost(),
            [NetflowDll(), "generate", "--target", receiver.Endpoint.ToString(), "--pps", "2000", "--report", "json"]);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (receiver.Count < 500 && clock.Elapsed < TimeSpan.FromSeconds(20))
            Thread.Sleep(20);
        receiver.Count.ShouldBeGreaterThanOrEqualTo(500, "datagrams before the signal");
        ChildProcess.Run(Support.Peers.Kill, ["-INT", generate.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
        var output = generate.WaitForExit(TimeSpan.FromSeconds(20)).EnsureSuccess("netflow generate stopped by SIGINT");

        using var json = JsonDocument.Parse(output.StandardOutput);
        long packets = json.RootElement.GetProperty("packets").GetInt64();
        packets.ShouldBeGreaterThanOrEqualTo(500);
        receiver.WaitFor(packets);
    }

    [Theory]
    [InlineData("--version", "7")]
    [InlineData("--pps", "10", "--rps", "10")]
    [InlineData("--variable-length")]
    [InlineData("--duration", "soon")]
    [InlineData("--template-refresh", "0p")]
    public void Generate_refuses_bad_options_with_exit_code_2(params string[] options)
    {
        var output = Netflow(["generate", "--target", "127.0.0.1:9", .. options]);
        output.ExitCode.ShouldBe(2, output.StandardError);
        output.StandardError.ShouldStartWith("netflow generate: ");
        output.StandardOutput.ShouldBeEmpty();
    }

    [Fact]
    public void Replay_resends_datagram_files_and_reports_as_json()
    {
        var corpus = Path.Combine(AppContext.BaseDirectory, "data", "corpus", "softflowd");
        string[] files = [Path.Combine(corpus, "packet_v9_template.bin"), Path.Combine(corpus, "packets_v9_0.bin"), Path.Combine(corpus, "packets_v9_1.bin")];
        using var receiver = new LoopbackReceiver();
        var output = Netflow(["replay", .. files, "--target", receiver.Endpoint.ToString(), "--timing", "as-fast", "--loop", "2", "--report", "json"])
            .EnsureSuccess("netflow replay");

        using var json = JsonDocument.Parse(output.StandardOutput);
        json.RootElement.GetProperty("packets").GetInt64().ShouldBe(6);
        json.RootElement.GetProperty("records").ValueKind.ShouldBe(JsonValueKind.Null);
        receiver.WaitFor(6).Select(d => d.Payload).ShouldBe([.. files.Select(File.ReadAllBytes), .. files.Select(File.ReadAllBytes)]);
    }

    [Fact]
    public void Replay_of_a_missing_file_fails_with_exit_code_1()
    {
        var output = Netflow("replay", "/nonexistent/capture.pcap", "--target", "127.0.0.1:9");
        output.ExitCode.ShouldBe(1);
        output.StandardError.ShouldContain("capture.pcap");
    }

    private static ProcessOutput Netflow(params string[] arguments) =>
        ChildProcess.Run(DotnetHost(), [NetflowDll(), .. arguments], TimeSpan.FromSeconds(60));

    private static string NetflowDll()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "netflow.dll");
        File.Exists(dll).ShouldBeTrue($"{dll} is missing: the NetFlow.Cli project reference should copy it");
        return dll;
    }

    /// <summary>The dotnet running the tests: .../dotnet/shared/Microsoft.NETCore.App/VERSION/ is three levels below it.</summary>
    private static string DotnetHost()
    {
        var fromHost = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromHost) && File.Exists(fromHost))
            return fromHost;
        return Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", "dotnet"));
    }
}
