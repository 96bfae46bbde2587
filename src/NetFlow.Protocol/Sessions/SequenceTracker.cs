namespace NetFlow.Protocol.Sessions;

/// <summary>
/// Follows the header sequence number per (version, domain) in the unit each version counts:
/// v5/v7 flows, v9 export packets (RFC 3954 §5.1), IPFIX data records (RFC 7011 §3.1).
/// A jump forward is a gap (that many units lost); a small step back is a duplicate or a
/// reordered message; a large step either way is an exporter restart, after which we resync.
/// </summary>
public sealed class SequenceTracker
{
    /// <summary>Steps back up to this many units are taken as reordering/duplicates, not a restart.</summary>
    public const int ReorderWindow = 1 << 16;
    /// <summary>Jumps forward beyond this are taken as a restart rather than loss.</summary>
    public const uint RestartJump = 1u << 30;

    private readonly Dictionary<ulong, uint> _expected = [];
    // Concurrent so metrics can enumerate it from another thread while the decoder adds a domain.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ulong, SequenceCounts> _counts = new();

    /// <summary>Counts for every (version, domain) seen; safe to read from other threads.</summary>
    public IReadOnlyDictionary<ulong, SequenceCounts> Counts => _counts;

    public SequenceCounts Totals
    {
        get
        {
            var total = new SequenceCounts();
            foreach (var c in _counts.Values)
            {
                total.Gaps += c.Gaps;
                total.LostUnits += c.LostUnits;
                total.Duplicates += c.Duplicates;
                total.Resets += c.Resets;
            }
            return total;
        }
    }

    public static ulong Key(ushort version, uint domain) => ((ulong)version << 32) | domain;

    public SequenceCounts For(ushort version, uint domain) =>
        _counts.TryGetValue(Key(version, domain), out var c) ? c : new SequenceCounts();

    /// <summary>
    /// Checks a message's sequence number, then records what the next one should be.
    /// <paramref name="units"/> is what this message adds to the counter; null when it cannot be
    /// known yet (IPFIX data held for a missing template), in which case the next message resyncs.
    /// </summary>
    internal void Observe(ushort version, uint domain, uint sequence, uint? units)
    {
        ulong key = Key(version, domain);
        if (!_counts.TryGetValue(key, out var counts))
        {
            counts = new SequenceCounts();
            _counts[key] = counts;
        }

        if (_expected.TryGetValue(key, out uint expected))
        {
            uint ahead = unchecked(sequence - expected);
            if (ahead == 0)
            {
                // in order
            }
            else if (ahead < RestartJump)
            {
                counts.Gaps++;
                counts.LostUnits += ahead;
            }
            else if (unchecked(expected - sequence) <= ReorderWindow)
            {
                counts.Duplicates++;
                return; // keep expecting what we expected: this one is old news
            }
            else
            {
                counts.Resets++;
            }
        }

        if (units is { } u)
            _expected[key] = unchecked(sequence + u);
        else
            _expected.Remove(key);
    }
}

public sealed class SequenceCounts
{
    public long Gaps;
    public long LostUnits;
    public long Duplicates;
    public long Resets;
}
