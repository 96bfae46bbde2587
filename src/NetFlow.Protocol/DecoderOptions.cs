namespace NetFlow.Protocol;

/// <summary>Limits that keep one exporter, however hostile, from taking unbounded memory or time.</summary>
public sealed record DecoderOptions
{
    public static DecoderOptions Default { get; } = new();

    /// <summary>Templates (data and options, all domains) one exporter may hold.</summary>
    public int MaxTemplatesPerExporter { get; init; } = 4096;
    /// <summary>Fields one template may have; RFC 7011 allows 65535, real exporters stay under a few hundred.</summary>
    public int MaxFieldsPerTemplate { get; init; } = 512;
    /// <summary>
    /// Observation domains (v9 source ids, IPFIX domains, v5 engines) one exporter may have per-domain
    /// state for (sequence tracking, options data such as systemInitTime). Messages of further
    /// domains still decode, without that state, and are counted.
    /// </summary>
    public int MaxDomainsPerExporter { get; init; } = 1024;
    /// <summary>Bytes of data sets held while their template has not arrived.</summary>
    public int MaxPendingBytesPerExporter { get; init; } = 1 << 20;
    /// <summary>Data sets held while their template has not arrived.</summary>
    public int MaxPendingSetsPerExporter { get; init; } = 1024;
    /// <summary>How long a data set waits for its template before it is dropped (and counted).</summary>
    public TimeSpan PendingTimeout { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>
    /// RFC 7011 §8.4: a collector receiving over UDP MUST ignore template withdrawals (a lost or
    /// reordered datagram would otherwise drop live templates). Sessions fed by UDP sockets set
    /// this to false; TCP sessions and offline decoding of captures keep the default, true.
    /// </summary>
    public bool ApplyTemplateWithdrawals { get; init; } = true;
    /// <summary>Template fields held over all sessions that share these options (null: no overall limit).</summary>
    public SharedBudget? TemplateFieldBudget { get; init; }
    /// <summary>Bytes of pending data held over all sessions that share these options (null: no overall limit).</summary>
    public SharedBudget? PendingByteBudget { get; init; }
}
