using NetFlow.Protocol.Sessions;

namespace NetFlow.Collector.Metrics;

/// <summary>
/// What one session's counters said at the previous scrape, so each scrape adds only what changed
/// to the totals behind the metrics. Totals kept this way stay monotonic when a session goes
/// away (a TCP connection closes), and let each change be attributed to one label set.
/// </summary>
internal sealed class SessionObservation(string exporter)
{
    public string Exporter { get; } = exporter;
    public long Generation;

    public long Datagrams;
    public long Bytes;
    public long TemplatesExpired;

    public readonly long[] Messages = new long[CollectorMetrics.VersionLabels.Length];
    public readonly long[] DataRecords = new long[CollectorMetrics.VersionLabels.Length];
    public readonly long[] OptionsRecords = new long[CollectorMetrics.VersionLabels.Length];

    public long TemplatesAdded;
    public long TemplatesReplaced;
    public long TemplatesRefreshed;
    public long TemplatesWithdrawn;
    public long TemplatesEvicted;
    public long PendingSetsHeld;
    public long PendingRecordsDecoded;
    public readonly long[] Errors = new long[Enum.GetValues<NetFlow.Protocol.DecodeStatus>().Length];

    public readonly List<SequenceObservation> Sequences = [];
}

/// <summary>One (version, domain) of a session's sequence tracker, and where its changes are added.</summary>
internal sealed class SequenceObservation(SequenceCounts counts, SequenceSeries series)
{
    public SequenceCounts Counts { get; } = counts;
    public SequenceSeries Series { get; } = series;
    public long Gaps;
    public long LostUnits;
    public long Duplicates;
    public long Resets;
}

/// <summary>The totals behind one (exporter, version, domain) label set of the sequence metrics.</summary>
internal sealed class SequenceSeries(string exporter, string version, string domain)
{
    public string[] Labels { get; } = [exporter, version, domain];
    public long Gaps;
    public long LostUnits;
    public long Duplicates;
    public long Resets;
}
