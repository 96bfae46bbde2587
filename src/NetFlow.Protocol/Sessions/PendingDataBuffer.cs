using NetFlow.Protocol.Messages;
using NetFlow.Protocol.Templates;

namespace NetFlow.Protocol.Sessions;

/// <summary>
/// Data sets that arrived before their template (RFC 7011 §8: a collector MAY keep them), held
/// per exporter up to a byte, count and age limit. Oldest out first; every drop is counted by
/// the session. Copies are made only on this slow path, never for data with a known template.
/// </summary>
internal sealed class PendingDataBuffer(DecoderOptions options)
{
    private readonly LinkedList<PendingSet> _sets = new();

    public int Count => _sets.Count;
    public long Bytes { get; private set; }

    /// <summary>Holds a copy of the set body; returns how many older sets had to go to make room.</summary>
    public int Hold(TemplateKey key, in MessageContext context, ReadOnlySpan<byte> body, int offset, DateTime receivedUtc)
    {
        if (body.Length > options.MaxPendingBytesPerExporter || options.MaxPendingSetsPerExporter <= 0)
            return 1; // cannot ever fit: drop it at once, as an overflow
        int evicted = 0;
        while (_sets.Count > 0 && (_sets.Count >= options.MaxPendingSetsPerExporter || Bytes + body.Length > options.MaxPendingBytesPerExporter))
        {
            RemoveFirst();
            evicted++;
        }
        var budget = options.PendingByteBudget;
        if (budget is not null && !budget.TryTake(body.Length))
        {
            // The collector-wide budget is spent: this exporter's own oldest make room, else the set is dropped.
            while (_sets.Count > 0 && !budget.TryTake(body.Length))
            {
                RemoveFirst();
                evicted++;
            }
            if (_sets.Count == 0 && !budget.TryTake(body.Length))
                return evicted + 1;
        }
        _sets.AddLast(new PendingSet(key, context, body.ToArray(), offset, receivedUtc));
        Bytes += body.Length;
        return evicted;
    }

    /// <summary>Removes and returns, oldest first, the sets waiting for this template.</summary>
    public List<PendingSet>? TakeFor(TemplateKey key)
    {
        List<PendingSet>? taken = null;
        var node = _sets.First;
        while (node is not null)
        {
            var next = node.Next;
            if (node.Value.Key == key)
            {
                (taken ??= []).Add(node.Value);
                Bytes -= node.Value.Body.Length;
                options.PendingByteBudget?.Give(node.Value.Body.Length);
                _sets.Remove(node);
            }
            node = next;
        }
        return taken;
    }

    /// <summary>Drops sets received before the cutoff; returns how many.</summary>
    public int ExpireBefore(DateTime cutoffUtc)
    {
        int expired = 0;
        while (_sets.First is { } first && first.Value.ReceivedUtc < cutoffUtc)
        {
            RemoveFirst();
            expired++;
        }
        return expired;
    }

    private void RemoveFirst()
    {
        int length = _sets.First!.Value.Body.Length;
        Bytes -= length;
        options.PendingByteBudget?.Give(length);
        _sets.RemoveFirst();
    }

    /// <summary>Drops everything held (the exporter is being forgotten), giving the budget back.</summary>
    public void Clear()
    {
        while (_sets.Count > 0)
            RemoveFirst();
    }
}

internal sealed record PendingSet(TemplateKey Key, MessageContext Context, byte[] Body, int Offset, DateTime ReceivedUtc);
