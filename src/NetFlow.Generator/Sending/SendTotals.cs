namespace NetFlow.Generator.Sending;

/// <summary>What the senders have handed to the kernel, and what the kernel refused (by errno name).</summary>
internal sealed class SendTotals
{
    public long Packets;
    public long Records;
    public long Bytes;
    public long TemplatePackets;
    public long Errors;
    public Dictionary<string, long> ErrorsByReason { get; } = new(StringComparer.Ordinal);

    /// <summary>Packets the senders tried, whether the kernel took them or not.</summary>
    public long Attempted => Packets + Errors;

    public void CountSent(DatagramBatch batch, int index)
    {
        Packets++;
        Records += batch.RecordsOf(index);
        Bytes += batch.LengthOf(index);
        if (batch.IsTemplate(index))
            TemplatePackets++;
    }

    public void CountError(string reason)
    {
        Errors++;
        ErrorsByReason[reason] = ErrorsByReason.GetValueOrDefault(reason) + 1;
    }
}
