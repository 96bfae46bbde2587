using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using NetFlow.Integration.Tests.Differential;
using NetFlow.Integration.Tests.Peers;

namespace NetFlow.Integration.Tests.Collect;

/// <summary>How a collector run writes its records.</summary>
public enum CollectorOutput
{
    /// <summary>`--json DIR/`: rotated JSON lines files, renamed to their final name when finished.</summary>
    Files,
    /// <summary>`--json -`: JSON lines on stdout, visible while the collector runs.</summary>
    StandardOutput,
    /// <summary>No `--json`: the flow store (`--store DIR` among the extra arguments) is the only output.</summary>
    None,
}

/// <summary>What a collector left behind after SIGTERM.</summary>
/// <param name="Records">Every JSON line of its output, data and options alike.</param>
/// <param name="HandedToSinks">N of its log line "stopped: N records written to sink json" (sink store with <see cref="CollectorOutput.None"/>).</param>
/// <param name="StopTime">From SIGTERM to the process's exit.</param>
public sealed record CollectorStopped(int ExitCode, IReadOnlyList<JsonElement> Records, long HandedToSinks, string StandardError, TimeSpan StopTime)
{
    public IEnumerable<JsonElement> Data => Records.Where(r => r.GetProperty("kind").GetString() == "data");

    public IEnumerable<JsonElement> From(string exporter) => Records.Where(r => r.GetProperty("exporter").GetString() == exporter);
}

/// <summary>
/// `netflow collect` as an operator runs it: `dotnet netflow.dll collect` in its own process, on a
/// free UDP port of 127.0.0.1, with its output in a directory of its own (or on stdout) and its logs
/// on stderr; stopped with SIGTERM. The port is picked here (the CLI does not report port 0 back);
/// if another process takes it first, the collector exits and another port is tried.
/// </summary>
public sealed partial class CollectorProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly ExternalProcess _process;

    private CollectorProcess(ExternalProcess process, int port, string outputDirectory, CollectorOutput output)
    {
        _process = process;
        Port = port;
        OutputDirectory = outputDirectory;
        Output = output;
    }

    public int Port { get; }
    public int Id => _process.Id;
    public IPEndPoint EndPoint => new(IPAddress.Loopback, Port);
    public string OutputDirectory { get; }
    public CollectorOutput Output { get; }
    public bool HasExited => _process.HasExited;
    public string StandardErrorSoFar => _process.StandardErrorSoFar;

    /// <summary>
    /// Starts a collector in <paramref name="directory"/> (its output goes to <c>DIRECTORY/out/</c>)
    /// and waits for its "listening on udp://127.0.0.1:PORT" log line.
    /// </summary>
    public static CollectorProcess Start(string directory, CollectorOutput output = CollectorOutput.Files, params string[] extraArguments)
    {
        var dll = NetflowDll();
        var outputDirectory = Path.Combine(directory, "out") + Path.DirectorySeparatorChar;
        Directory.CreateDirectory(outputDirectory);
        for (int attempt = 1; ; attempt++)
        {
            var port = LoopbackUdp.FreePort();
            string[] arguments =
            [
                dll, "collect",
                "--listen", $"udp://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
                .. output switch
                {
                    CollectorOutput.Files => ["--json", outputDirectory],
                    CollectorOutput.StandardOutput => ["--json", "-"],
                    _ => Array.Empty<string>(),
                },
                .. extraArguments,
            ];
            var process = ExternalProcess.Start(DotnetHost(), arguments, workingDirectory: directory);
            try
            {
                if (WaitUntilListening(process, port, lastAttempt: attempt == 3))
                    return new CollectorProcess(process, port, outputDirectory, output);
            }
            catch
            {
                process.Dispose();
                throw;
            }
            process.Dispose(); // the free port was taken in between: try another one
        }
    }

    /// <summary>True once the collector logs that it listens; false if it exited because the port was taken.</summary>
    private static bool WaitUntilListening(ExternalProcess process, int port, bool lastAttempt)
    {
        var listening = $"listening on udp://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        var clock = Stopwatch.StartNew();
        while (!process.StandardErrorSoFar.Contains(listening, StringComparison.Ordinal))
        {
            if (process.HasExited)
            {
                var result = process.WaitForExit(TimeSpan.FromSeconds(5));
                if (!lastAttempt && result.StandardError.Contains("in use", StringComparison.OrdinalIgnoreCase))
                    return false;
                throw new InvalidOperationException(
                    $"netflow collect exited with {result.ExitCode} before logging '{listening}'.\nstderr:\n{result.StandardError}");
            }
            if (clock.Elapsed > StartTimeout)
                throw new TimeoutException($"netflow collect did not log '{listening}' within {StartTimeout.TotalSeconds:0} s.\nstderr:\n{process.StandardErrorSoFar}");
            Thread.Sleep(20);
        }
        return true;
    }

    /// <summary>The collector's resident set (VmRSS of /proc/PID/status), in bytes; null once it has exited.</summary>
    public long? ResidentBytes()
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{Id.ToString(CultureInfo.InvariantCulture)}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), NumberStyles.None, CultureInfo.InvariantCulture) * 1024;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return null;
    }

    /// <summary>CPU time the collector has used so far (utime + stime of /proc/PID/stat, in clock ticks of 10 ms); null once it has exited.</summary>
    public TimeSpan? CpuTime()
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{Id.ToString(CultureInfo.InvariantCulture)}/stat");
            // After "pid (comm) ", the fields from state on; utime and stime are fields 14 and 15.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromMilliseconds(ticks * 10);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The JSON lines on stdout so far (<see cref="CollectorOutput.StandardOutput"/> only).</summary>
    public IReadOnlyList<JsonElement> RecordsSoFar() => JsonLinesText.Parse(_process.StandardOutputSoFar, "stdout");

    /// <summary>SIGSTOP: the collector stops running (its sockets go on queueing what arrives) until <see cref="Stop"/> with <c>resume</c>.</summary>
    public void Pause() => Signal("-STOP");

    /// <summary>
    /// SIGTERM, then waits for the exit and reads everything it wrote. Fails if it is still running
    /// after <paramref name="timeout"/>. With <paramref name="resume"/>, a collector stopped by
    /// <see cref="Pause"/> gets SIGCONT right after the SIGTERM, so the signal is pending when it runs again.
    /// </summary>
    public CollectorStopped Stop(TimeSpan timeout, bool resume = false)
    {
        if (_process.HasExited)
            throw new InvalidOperationException($"netflow collect exited before it was told to stop.\nstderr:\n{_process.StandardErrorSoFar}");
        var clock = Stopwatch.StartNew();
        _process.Terminate();
        if (resume)
            Signal("-CONT");
        var result = _process.WaitForExit(timeout);
        var stopTime = clock.Elapsed;

        var sink = Output == CollectorOutput.None ? "store" : "json";
        var stopped = StoppedLine().Matches(result.StandardError).FirstOrDefault(m => m.Groups["sink"].Value == sink);
        if (stopped is null)
            throw new InvalidOperationException(
                $"netflow collect (exit code {result.ExitCode}) did not log 'stopped: N records written to sink {sink}'.\nstderr:\n{Tail(result.StandardError)}");
        var records = Output switch
        {
            CollectorOutput.StandardOutput => JsonLinesText.Parse(result.StandardOutput, "stdout"),
            CollectorOutput.Files => ReadFinishedFiles(OutputDirectory),
            _ => [],
        };
        return new CollectorStopped(result.ExitCode, records, long.Parse(stopped.Groups["records"].Value, CultureInfo.InvariantCulture),
            result.StandardError, stopTime);
    }

    /// <summary>
    /// The records of every finished JSON lines file in <paramref name="directory"/> (the --json
    /// directory, or the --store directory), in name order; a file still under its temporary name
    /// after the collector exited is an error.
    /// </summary>
    public static List<JsonElement> ReadFinishedFiles(string directory)
    {
        var leftovers = Directory.GetFiles(directory, "*.tmp");
        if (leftovers.Length > 0)
            throw new InvalidOperationException($"netflow collect exited with files still under their temporary name: {string.Join(", ", leftovers)}");
        var records = new List<JsonElement>();
        foreach (var file in Directory.GetFiles(directory, "*.jsonl").Order(StringComparer.Ordinal))
            records.AddRange(JsonLinesText.Parse(File.ReadAllText(file), file));
        return records;
    }

    private void Signal(string signal) =>
        ExternalProcess.Run(PeerLocator.Kill, [signal, Id.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10)).EnsureSuccess();

    public void Dispose() => _process.Dispose();

    /// <summary>netflow.dll, which the NetFlow.Cli project reference copies next to the tests.</summary>
    internal static string NetflowDll()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "netflow.dll");
        if (!File.Exists(dll) || !File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json")))
            throw new InvalidOperationException($"{dll} (with its runtimeconfig.json) is missing: the NetFlow.Cli project reference did not copy it.");
        return dll;
    }

    /// <summary>The dotnet executable of the runtime running the tests (.../dotnet/shared/Microsoft.NETCore.App/VERSION/ is three levels below it).</summary>
    internal static string DotnetHost()
    {
        var fromHost = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromHost) && File.Exists(fromHost))
            return fromHost;
        var dotnet = Path.Combine(Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..")), "dotnet");
        return File.Exists(dotnet) ? dotnet : PeerLocator.Require("dotnet");
    }

    private static string Tail(string text) => text.Length <= 6000 ? text : "..." + text[^6000..];

    [GeneratedRegex(@"stopped: (?<records>\d+) records written to sink (?<sink>\w+)")]
    private static partial Regex StoppedLine();
}
