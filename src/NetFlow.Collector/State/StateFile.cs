using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using NetFlow.Protocol.Sessions;
using NetFlow.Protocol.Templates;

namespace NetFlow.Collector.State;

/// <summary>
/// The templates (and sampling rates) of every exporter, kept across restarts so the first data packet after a restart
/// decodes at once instead of waiting for the exporter's next template refresh. Written to a
/// temporary file and renamed, so a crash mid-write leaves the previous state intact.
/// </summary>
/// <summary>What is kept of one exporter: its templates and the sampling rates its options data gave.</summary>
internal sealed record ExporterSnapshot(IPAddress Exporter, IReadOnlyList<TemplateSnapshot> Templates, IReadOnlyList<SamplingSnapshot> Sampling)
{
    public bool IsEmpty => Templates.Count == 0 && Sampling.Count == 0;

    public static ExporterSnapshot Of(IPAddress exporter, ExporterSession session) =>
        new(exporter, session.ExportTemplates(), session.ExportSampling());
}

internal static class StateFile
{
    private const int FormatVersion = 1;
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };

    public static async Task SaveAsync(string path, IEnumerable<ExporterSnapshot> exporters, CancellationToken cancellationToken = default)
    {
        var state = new StateDocument(FormatVersion, DateTime.UtcNow,
            exporters.Select(e => new ExporterDocument(e.Exporter.ToString(),
                e.Templates.Select(t => new TemplateDocument(t.Version, t.Domain, t.TemplateId, t.Kind, t.LastSeenUtc, Convert.ToBase64String(t.WireBytes))).ToList(),
                [.. e.Sampling])).ToList());
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temporary = full + ".tmp";
        await using (var stream = File.Create(temporary))
        {
            await JsonSerializer.SerializeAsync(stream, state, Json, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, full, overwrite: true);
    }

    /// <summary>The saved exporters; none if the file does not exist. A file that cannot be read throws <see cref="InvalidDataException"/>.</summary>
    public static IReadOnlyList<ExporterSnapshot> Load(string path)
    {
        if (!File.Exists(path))
            return [];
        StateDocument? state;
        try
        {
            using var stream = File.OpenRead(path);
            state = JsonSerializer.Deserialize<StateDocument>(stream, Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"state file {path} is not valid: {e.Message}", e);
        }
        if (state is null || state.Format != FormatVersion)
            throw new InvalidDataException($"state file {path} has format {state?.Format}, expected {FormatVersion}");
        return state.Exporters.Select(e => new ExporterSnapshot(IPAddress.Parse(e.Address),
            e.Templates.Select(t => new TemplateSnapshot(t.Version, t.Domain, t.TemplateId, t.Kind, Convert.FromBase64String(t.Wire), t.LastSeenUtc)).ToList(),
            e.Sampling ?? [])).ToList();
    }

    private sealed record StateDocument(int Format, DateTime SavedUtc, List<ExporterDocument> Exporters);
    private sealed record ExporterDocument(string Address, List<TemplateDocument> Templates, List<SamplingSnapshot>? Sampling);
    private sealed record TemplateDocument(ushort Version, uint Domain, ushort TemplateId, TemplateKind Kind, DateTime LastSeenUtc, string Wire);
}
