using System.Collections.Concurrent;
using NetFlow.Integration.Tests.Differential;
using NetFlow.Integration.Tests.Peers;
using NetFlow.Integration.Tests.Traffic;

[assembly: AssemblyFixture(typeof(DifferentialRun))]

namespace NetFlow.Integration.Tests.Differential;

/// <summary>
/// The expensive, shared steps, each done once per test run and only when a test first asks for it:
/// the traffic capture, each exporter's export of it per version, and our CLI's decode of that export.
/// A failure (a missing peer included) is cached and rethrown to every test that needs the step.
/// Everything lives in one temp directory, removed at the end unless KEEP_NETFLOW_TEST_TEMP is set.
/// </summary>
public sealed class DifferentialRun : IDisposable
{
    private readonly Lazy<TrafficCapture> _traffic;
    private readonly ConcurrentDictionary<(string, int), Lazy<ExportCapture>> _exports = new();
    private readonly ConcurrentDictionary<(string, int), Lazy<NetflowDecodeOutput>> _decoded = new();

    public DifferentialRun()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("netflow-differential-").FullName;
        _traffic = new Lazy<TrafficCapture>(() => TrafficCapture.Write(Directory));
    }

    public string Directory { get; }

    public TrafficCapture Traffic => _traffic.Value;

    /// <summary>
    /// <paramref name="exporter"/>'s export of <see cref="Traffic"/> as NetFlow
    /// <paramref name="version"/> (5, 9, or 10 for IPFIX).
    /// </summary>
    public ExportCapture Export(string exporter, int version) => _exports.GetOrAdd((exporter, version), key => new Lazy<ExportCapture>(() =>
        key.Item1 switch
        {
            ExportCases.Softflowd => SoftflowdExporter.Run(Traffic.PcapPath, key.Item2, Directory),
            ExportCases.Pmacctd => PmacctExporter.Run(Traffic.PcapPath, key.Item2, Directory),
            _ => throw new ArgumentOutOfRangeException(nameof(exporter), exporter, "unknown exporter"),
        })).Value;

    /// <summary>`netflow decode` of <see cref="Export"/>.</summary>
    public NetflowDecodeOutput Ours(string exporter, int version) => _decoded.GetOrAdd((exporter, version), key => new Lazy<NetflowDecodeOutput>(() =>
        NetflowDecodeCli.Decode(Export(key.Item1, key.Item2).ExportPcap))).Value;

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("KEEP_NETFLOW_TEST_TEMP") is { Length: > 0 })
            return;
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A peer killed at the last moment may still hold a file; the OS cleans temp.
        }
    }
}
