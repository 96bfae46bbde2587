namespace NetFlow.Generator.Replay;

/// <summary>When replayed datagrams go out.</summary>
public enum ReplayTiming
{
    /// <summary>With the gaps between their capture timestamps (raw datagram files carry none: back to back).</summary>
    Original,
    /// <summary>As fast as the socket takes them.</summary>
    AsFast,
    /// <summary>At <see cref="ReplayOptions.PacketsPerSecond"/>.</summary>
    Pps,
}
