namespace NetFlow.Storage.Writing;

/// <summary>What the store has done, for metrics and logs. Written by the store's task, read by anyone.</summary>
public sealed class FlowStoreCounters
{
    internal long _flowRecords, _optionsRecords, _files, _bytes, _lostRecords, _removedFiles, _removedBytes, _leftoversRemoved, _rollupFiles, _rollupsSkipped;

    /// <summary>Flow records in finished files.</summary>
    public long FlowRecords => Interlocked.Read(ref _flowRecords);
    public long OptionsRecords => Interlocked.Read(ref _optionsRecords);
    public long FilesFinished => Interlocked.Read(ref _files);
    public long BytesFinished => Interlocked.Read(ref _bytes);
    /// <summary>Records taken but not in a finished file because writing failed (disk full ...).</summary>
    public long LostRecords => Interlocked.Read(ref _lostRecords);
    public long RetentionRemovedFiles => Interlocked.Read(ref _removedFiles);
    public long RetentionRemovedBytes => Interlocked.Read(ref _removedBytes);
    public long LeftoversRemoved => Interlocked.Read(ref _leftoversRemoved);
    /// <summary>Rollup files written (one per key and hour segment).</summary>
    public long RollupFiles => Interlocked.Read(ref _rollupFiles);
    /// <summary>Rollups not written (a key with too many groups, a lost file, a write error): queries read those flows raw.</summary>
    public long RollupsSkipped => Interlocked.Read(ref _rollupsSkipped);
}
