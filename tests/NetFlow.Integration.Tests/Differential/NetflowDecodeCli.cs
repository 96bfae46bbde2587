using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using NetFlow.Integration.Tests.Peers;

namespace NetFlow.Integration.Tests.Differential;

/// <summary>Everything `netflow decode` printed for one capture.</summary>
/// <param name="Records">One JSON object per NDJSON line, data and options alike.</param>
/// <param name="Summary">The summary (and any decode errors) it wrote to stderr.</param>
public sealed record NetflowDecodeOutput(IReadOnlyList<JsonElement> Records, string Summary)
{
    public IEnumerable<JsonElement> Data => Records.Where(r => r.GetProperty("kind").GetString() == "data");
    public IEnumerable<JsonElement> Options => Records.Where(r => r.GetProperty("kind").GetString() == "options");

    public IReadOnlyList<FlowView> DataViews => Data.Select(OurRecord.ToView).ToList();
}

/// <summary>
/// Runs our CLI as a separate process (black box: only its stdout/stderr count), from the
/// netflow.dll that the project reference copies next to the tests, under the running dotnet.
/// </summary>
public static class NetflowDecodeCli
{
    public static NetflowDecodeOutput Decode(string capture)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "netflow.dll");
        if (!File.Exists(dll) || !File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json")))
            throw new InvalidOperationException($"{dll} (with its runtimeconfig.json) is missing: the NetFlow.Cli project reference did not copy it.");
        var result = ExternalProcess.Run(DotnetHost(), [dll, "decode", capture], TimeSpan.FromSeconds(60)).EnsureSuccess();

        var records = JsonLinesText.Parse(result.StandardOutput, $"netflow decode {capture}: stdout");
        return new NetflowDecodeOutput(records, result.StandardError);
    }

    /// <summary>The dotnet executable of the runtime running the tests: .../dotnet/shared/Microsoft.NETCore.App/VERSION/ is three levels below it.</summary>
    private static string DotnetHost()
    {
        var fromHost = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromHost) && File.Exists(fromHost))
            return fromHost;
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var dotnet = Path.Combine(root, "dotnet");
        return File.Exists(dotnet) ? dotnet : PeerLocator.Require("dotnet");
    }
}

/// <summary>Reads our NDJSON record (IANA element names as keys) into a <see cref="FlowView"/>.</summary>
public static class OurRecord
{
    public static FlowView ToView(JsonElement record) => new(
        Source: FlowView.Address(String(record, "sourceIPv4Address") ?? String(record, "sourceIPv6Address") ?? Missing(record, "source address")),
        Destination: FlowView.Address(String(record, "destinationIPv4Address") ?? String(record, "destinationIPv6Address") ?? Missing(record, "destination address")),
        Protocol: (int)(Number(record, "protocolIdentifier") ?? Missing<ulong>(record, "protocolIdentifier")),
        SourcePort: (int?)Number(record, "sourceTransportPort"),
        DestinationPort: (int?)Number(record, "destinationTransportPort"),
        IcmpTypeCode: (int?)(Number(record, "icmpTypeCodeIPv4") ?? Number(record, "icmpTypeCodeIPv6")),
        Octets: Number(record, "octetDeltaCount") ?? Missing<ulong>(record, "octetDeltaCount"),
        Packets: Number(record, "packetDeltaCount") ?? Missing<ulong>(record, "packetDeltaCount"),
        TcpFlags: (int?)Number(record, "tcpControlBits"),
        Start: Time(record, "flowStartMilliseconds"),
        End: Time(record, "flowEndMilliseconds"));

    private static string? String(JsonElement record, string name) =>
        record.TryGetProperty(name, out var value) ? value.GetString() : null;

    private static ulong? Number(JsonElement record, string name) =>
        record.TryGetProperty(name, out var value) ? value.GetUInt64() : null;

    private static DateTime? Time(JsonElement record, string name) =>
        record.TryGetProperty(name, out var value)
            ? DateTime.Parse(value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal)
            : null;

    private static string Missing(JsonElement record, string what) => Missing<string>(record, what);

    private static T Missing<T>(JsonElement record, string what) =>
        throw new InvalidOperationException($"our record has no {what}: {record.GetRawText()}");
}
