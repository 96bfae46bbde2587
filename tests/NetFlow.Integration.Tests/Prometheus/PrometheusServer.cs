using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using NetFlow.Integration.Tests.Peers;

namespace NetFlow.Integration.Tests.Prometheus;

/// <summary>
/// Debian's prometheus (2.42) on a free loopback port with its TSDB in a temporary directory,
/// scraping one target every second. Disposing kills it and deletes the directory.
/// </summary>
public sealed class PrometheusServer : IDisposable
{
    private readonly ExternalProcess _process;
    private readonly DirectoryInfo _directory;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private PrometheusServer(ExternalProcess process, DirectoryInfo directory, Uri baseAddress)
    {
        _process = process;
        _directory = directory;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Output so far, for failure messages.</summary>
    public string Output => $"stdout:\n{_process.StandardOutputSoFar}\nstderr:\n{_process.StandardErrorSoFar}";

    /// <summary>Starts prometheus scraping http://<paramref name="target"/>/metrics as job "netflow"; waits until it is ready.</summary>
    public static async Task<PrometheusServer> StartAsync(IPEndPoint target, CancellationToken cancellationToken)
    {
        var prometheus = PeerLocator.Require("prometheus");
        // A free port is only free when looked up: another process may take it first, then we try again.
        for (int attempt = 1; ; attempt++)
        {
            var directory = Directory.CreateTempSubdirectory("netflow-prometheus-");
            int port = LoopbackPort.Free(ProtocolType.Tcp);
            var config = Path.Combine(directory.FullName, "prometheus.yml");
            await File.WriteAllTextAsync(config, $"""
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: netflow
                    static_configs:
                      - targets: ["{target}"]
                """, cancellationToken);
            var process = ExternalProcess.Start(prometheus,
            [
                $"--config.file={config}",
                $"--storage.tsdb.path={Path.Combine(directory.FullName, "data")}",
                $"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
                "--log.level=warn",
            ], workingDirectory: directory.FullName);
            var server = new PrometheusServer(process, directory, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/"));
            try
            {
                await server.WaitUntilReadyAsync(cancellationToken);
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3 && process.HasExited && server.Output.Contains("address already in use", StringComparison.Ordinal))
            {
                server.Dispose();
            }
            catch
            {
                server.Dispose();
                throw;
            }
        }
    }

    /// <summary>
    /// Runs an instant query until it returns a sample for which <paramref name="accept"/> holds;
    /// returns that sample's value. Fails with prometheus's own view of the target after the timeout.
    /// </summary>
    public async Task<double> QueryUntilAsync(string query, Func<double, bool> accept, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        string last = "";
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"prometheus exited while the test queried it.\n{Output}");
            last = await GetAsync($"api/v1/query?query={Uri.EscapeDataString(query)}", cancellationToken);
            using (var document = JsonDocument.Parse(last))
            {
                var data = document.RootElement.GetProperty("data");
                foreach (var sample in data.GetProperty("result").EnumerateArray())
                {
                    // "value": [ <unix time>, "<value as a string>" ]
                    double value = double.Parse(sample.GetProperty("value")[1].GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture);
                    if (accept(value))
                        return value;
                }
            }
            if (clock.Elapsed > timeout)
            {
                var targets = await GetAsync("api/v1/targets", cancellationToken);
                throw new TimeoutException(
                    $"prometheus had no accepted value for `{query}` after {timeout.TotalSeconds:0} s.\nlast answer: {last}\ntargets: {targets}\n{Output}");
            }
            await Task.Delay(250, cancellationToken);
        }
    }

    public async Task<string> GetAsync(string pathAndQuery, CancellationToken cancellationToken) =>
        await _http.GetStringAsync(new Uri(BaseAddress, pathAndQuery), cancellationToken);

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"prometheus exited before it was ready.\n{Output}");
            try
            {
                using var response = await _http.GetAsync(new Uri(BaseAddress, "-/ready"), cancellationToken);
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            if (clock.Elapsed > TimeSpan.FromSeconds(30))
                throw new TimeoutException($"prometheus was not ready on {BaseAddress} within 30 s.\n{Output}");
            await Task.Delay(100, cancellationToken);
        }
    }

    public void Dispose()
    {
        _process.Dispose(); // kills it if it still runs
        _http.Dispose();
        if (Environment.GetEnvironmentVariable("KEEP_NETFLOW_TEST_TEMP") != "1")
        {
            try
            {
                _directory.Delete(recursive: true);
            }
            catch (IOException)
            {
                // prometheus may still be closing its files: leave the temp directory behind
            }
        }
    }
}
