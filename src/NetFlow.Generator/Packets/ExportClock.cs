namespace NetFlow.Generator.Packets;

/// <summary>
/// The time a batch of packets is stamped with: read once per batch, so every header of the batch
/// agrees, and sysUptime and the export time come from the same reading of the wall clock.
/// </summary>
internal readonly struct ExportClock
{
    /// <summary>
    /// How long the pretend exporter has been up when the generator starts: flows started up to a
    /// minute before the first packet must still have a positive uptime.
    /// </summary>
    public static readonly TimeSpan UptimeAtStart = TimeSpan.FromHours(1);

    public ExportClock(DateTime utc, DateTime bootUtc)
    {
        long ticks = utc.Ticks - DateTime.UnixEpoch.Ticks;
        UnixMilliseconds = ticks / TimeSpan.TicksPerMillisecond;
        UnixSeconds = (uint)(ticks / TimeSpan.TicksPerSecond);
        Nanoseconds = (uint)(ticks % TimeSpan.TicksPerSecond * 100);
        // sysUptime is a 32-bit millisecond counter that wraps after 49.7 days (RFC 3954 §5.1).
        UptimeMilliseconds = unchecked((uint)((utc.Ticks - bootUtc.Ticks) / TimeSpan.TicksPerMillisecond));
    }

    public long UnixMilliseconds { get; }
    public uint UnixSeconds { get; }
    public uint Nanoseconds { get; }
    public uint UptimeMilliseconds { get; }
}
