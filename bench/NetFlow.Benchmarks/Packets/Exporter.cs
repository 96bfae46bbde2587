namespace NetFlow.Benchmarks.Packets;

/// <summary>The clock and identity every built packet shares.</summary>
internal static class Exporter
{
    /// <summary>About 14 days since the exporter booted.</summary>
    public const uint SysUptimeMs = 1_234_567_890;
    /// <summary>2026-01-01T00:00:00Z.</summary>
    public const uint ExportSeconds = 1_767_225_600;
    public const ulong ExportUnixMs = ExportSeconds * 1000UL;
    public const uint SourceId = 0x0000_0101;
    public const ushort TemplateId = 256;

    public static readonly DateTime ReceivedUtc = DateTime.UnixEpoch.AddSeconds(ExportSeconds);
}
