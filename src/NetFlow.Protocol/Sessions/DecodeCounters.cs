namespace NetFlow.Protocol.Sessions;

/// <summary>
/// What one exporter session has decoded and refused, by kind. Plain fields, written by the one
/// worker that owns the session; readers elsewhere may see slightly stale values, never torn ones
/// on 64-bit platforms.
/// </summary>
public sealed class DecodeCounters
{
    private readonly long[] _errors = new long[Enum.GetValues<DecodeStatus>().Length];
    private readonly long[] _dataByVersion = new long[5];
    private readonly long[] _optionsByVersion = new long[5];

    /// <summary>The protocol versions, in the order of the per-version counters: 1, 5, 7, 9, 10.</summary>
    public static ReadOnlySpan<ushort> Versions => [1, 5, 7, 9, 10];

    public long Messages;
    public long MessagesV1;
    public long MessagesV5;
    public long MessagesV7;
    public long MessagesV9;
    public long MessagesIpfix;
    public long DataRecords;
    public long OptionsRecords;
    public long TemplatesAdded;
    public long TemplatesReplaced;
    public long TemplatesRefreshed;
    public long TemplatesWithdrawn;
    /// <summary>Templates dropped to make room when the exporter reached its template limit.</summary>
    public long TemplatesEvicted;
    /// <summary>Messages from domains beyond the per-exporter domain limit: decoded, but without per-domain state.</summary>
    public long UntrackedDomainMessages;
    public long PendingSetsHeld;
    public long PendingRecordsDecoded;
    public long PaddingBytes;
    /// <summary>Data sets whose bytes after the last record were not all zero (informational).</summary>
    public long NonZeroPaddingSets;

    public long Errors(DecodeStatus status) => _errors[(int)status];

    /// <summary>Data records decoded from messages of one version.</summary>
    public long DataRecordsOf(ushort version) => VersionIndex(version) is int i and >= 0 ? Volatile.Read(ref _dataByVersion[i]) : 0;

    /// <summary>Options records decoded from messages of one version.</summary>
    public long OptionsRecordsOf(ushort version) => VersionIndex(version) is int i and >= 0 ? Volatile.Read(ref _optionsByVersion[i]) : 0;

    internal void CountRecords(ushort version, bool options, int count)
    {
        int i = VersionIndex(version);
        if (options)
        {
            OptionsRecords += count;
            if (i >= 0)
                _optionsByVersion[i] += count;
        }
        else
        {
            DataRecords += count;
            if (i >= 0)
                _dataByVersion[i] += count;
        }
    }

    private static int VersionIndex(ushort version) => version switch { 1 => 0, 5 => 1, 7 => 2, 9 => 3, 10 => 4, _ => -1 };

    public long TotalErrors
    {
        get
        {
            long sum = 0;
            for (int i = 1; i < _errors.Length; i++)
                sum += _errors[i];
            return sum;
        }
    }

    internal void Count(DecodeStatus status) => _errors[(int)status]++;

    internal void CountMessage(ushort version)
    {
        Messages++;
        switch (version)
        {
            case 1: MessagesV1++; break;
            case 5: MessagesV5++; break;
            case 7: MessagesV7++; break;
            case 9: MessagesV9++; break;
            case 10: MessagesIpfix++; break;
        }
    }

    /// <summary>Adds another session's counts into this one (for totals over exporters).</summary>
    public void Add(DecodeCounters other)
    {
        Messages += other.Messages;
        MessagesV1 += other.MessagesV1;
        MessagesV5 += other.MessagesV5;
        MessagesV7 += other.MessagesV7;
        MessagesV9 += other.MessagesV9;
        MessagesIpfix += other.MessagesIpfix;
        DataRecords += other.DataRecords;
        OptionsRecords += other.OptionsRecords;
        TemplatesAdded += other.TemplatesAdded;
        TemplatesReplaced += other.TemplatesReplaced;
        TemplatesRefreshed += other.TemplatesRefreshed;
        TemplatesWithdrawn += other.TemplatesWithdrawn;
        TemplatesEvicted += other.TemplatesEvicted;
        UntrackedDomainMessages += other.UntrackedDomainMessages;
        PendingSetsHeld += other.PendingSetsHeld;
        PendingRecordsDecoded += other.PendingRecordsDecoded;
        PaddingBytes += other.PaddingBytes;
        NonZeroPaddingSets += other.NonZeroPaddingSets;
        for (int i = 0; i < _errors.Length; i++)
            _errors[i] += other._errors[i];
        for (int i = 0; i < _dataByVersion.Length; i++)
        {
            _dataByVersion[i] += other._dataByVersion[i];
            _optionsByVersion[i] += other._optionsByVersion[i];
        }
    }
}
