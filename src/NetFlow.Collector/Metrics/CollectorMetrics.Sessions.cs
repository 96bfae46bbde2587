using System.Globalization;
using NetFlow.Collector.Ingest;
using NetFlow.Collector.Pipeline;
using NetFlow.Protocol;
using NetFlow.Protocol.Sessions;
using Prometheus;

namespace NetFlow.Collector.Metrics;

/// <summary>
/// The decode side: every UDP exporter's session (from <see cref="CollectorRuntime.Exporters"/>) and
/// every open TCP connection's. Each scrape adds what each session's counters gained since the
/// previous scrape to monotonic totals; a session that is gone keeps what it contributed.
/// </summary>
public sealed partial class CollectorMetrics
{
    /// <summary>Protocol versions as label values, in the order of the per-version message counters.</summary>
    internal static readonly string[] VersionLabels = ["1", "5", "7", "9", "10"];

    private readonly ExporterLabels _exporterLabels;
    private readonly Dictionary<ExporterSession, SessionObservation> _observed = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, ExporterTotals> _exporterTotals = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Exporter, string Version, string Domain), SequenceSeries> _sequenceSeries = [];
    private readonly List<ExporterSession> _gone = [];
    private readonly DecodeTotals _totals = new();
    private long _generation;

    private readonly Counter _exporterDatagrams;
    private readonly Counter _exporterBytes;
    private readonly Gauge _exporters;
    private readonly Counter _messages;
    private readonly Counter _records;
    private readonly Counter _errors;
    private readonly Gauge _templatesActive;
    private readonly Counter _templatesAdded;
    private readonly Counter _templatesReplaced;
    private readonly Counter _templatesRefreshed;
    private readonly Counter _templatesWithdrawn;
    private readonly Counter _templatesExpired;
    private readonly Counter _templatesEvicted;
    private readonly Gauge _pendingSets;
    private readonly Gauge _pendingBytes;
    private readonly Counter _pendingHeld;
    private readonly Counter _pendingDecoded;
    private readonly Counter _sequenceGaps;
    private readonly Counter _sequenceLost;
    private readonly Counter _sequenceDuplicates;
    private readonly Counter _sequenceResets;

    private void UpdateSessions()
    {
        long generation = ++_generation;
        long templates = 0, pendingSets = 0, pendingBytes = 0;

        foreach (var (key, state) in _runtime.Exporters)
        {
            var observation = Observe(state.Session, key, generation);
            AddExporterTraffic(state, observation);
            templates += state.Session.Templates.Count;
            pendingSets += state.Session.PendingSets;
            pendingBytes += state.Session.PendingBytes;
        }
        foreach (var listener in RuntimeLists.Snapshot(_runtime.TcpListeners))
        {
            // Closed connections first get one last look, so what they decoded since the previous scrape counts.
            while (listener.ClosedSessions.TryDequeue(out var closed))
                Observe(closed, ExporterKey.From(closed.Exporter), generation);
            foreach (var session in listener.OpenSessions.Keys)
            {
                Observe(session, ExporterKey.From(session.Exporter), generation);
                templates += session.Templates.Count;
                pendingSets += session.PendingSets;
                pendingBytes += session.PendingBytes;
            }
        }
        foreach (var (session, observation) in _observed)
        {
            if (observation.Generation != generation)
                _gone.Add(session);
        }
        foreach (var session in _gone)
            _observed.Remove(session);
        _gone.Clear();

        Publish();
        _templatesActive.Set(templates);
        _pendingSets.Set(pendingSets);
        _pendingBytes.Set(pendingBytes);
    }

    private SessionObservation Observe(ExporterSession session, ExporterKey exporter, long generation)
    {
        if (!_observed.TryGetValue(session, out var seen))
        {
            seen = new SessionObservation(_exporterLabels.For(exporter));
            _observed.Add(session, seen);
        }
        seen.Generation = generation;
        var c = session.Counters;
        var t = _totals;

        // Records before messages: a message is counted before its records, so a scrape that shows
        // a message's records also shows the message (read the other way round, it could show the
        // records of a message it does not count yet).
        var versions = DecodeCounters.Versions;
        for (int i = 0; i < versions.Length; i++)
        {
            t.Records[i, 0] += Gain(ref seen.DataRecords[i], c.DataRecordsOf(versions[i]));
            t.Records[i, 1] += Gain(ref seen.OptionsRecords[i], c.OptionsRecordsOf(versions[i]));
        }
        Span<long> messages = [Volatile.Read(ref c.MessagesV1), Volatile.Read(ref c.MessagesV5), Volatile.Read(ref c.MessagesV7),
            Volatile.Read(ref c.MessagesV9), Volatile.Read(ref c.MessagesIpfix)];
        for (int i = 0; i < versions.Length; i++)
            t.Messages[i] += Gain(ref seen.Messages[i], messages[i]);

        t.TemplatesAdded += Gain(ref seen.TemplatesAdded, c.TemplatesAdded);
        t.TemplatesReplaced += Gain(ref seen.TemplatesReplaced, c.TemplatesReplaced);
        t.TemplatesRefreshed += Gain(ref seen.TemplatesRefreshed, c.TemplatesRefreshed);
        t.TemplatesWithdrawn += Gain(ref seen.TemplatesWithdrawn, c.TemplatesWithdrawn);
        t.TemplatesEvicted += Gain(ref seen.TemplatesEvicted, c.TemplatesEvicted);
        t.PendingSetsHeld += Gain(ref seen.PendingSetsHeld, c.PendingSetsHeld);
        t.PendingRecordsDecoded += Gain(ref seen.PendingRecordsDecoded, c.PendingRecordsDecoded);
        foreach (var reason in Reasons)
            t.Errors[(int)reason] += Gain(ref seen.Errors[(int)reason], c.Errors(reason));

        ObserveSequences(session.Sequences, seen);
        return seen;
    }

    private void AddExporterTraffic(ExporterState state, SessionObservation seen)
    {
        if (!_exporterTotals.TryGetValue(seen.Exporter, out var totals))
        {
            totals = new ExporterTotals(_exporterDatagrams.WithLabels(seen.Exporter), _exporterBytes.WithLabels(seen.Exporter));
            _exporterTotals.Add(seen.Exporter, totals);
        }
        totals.Datagrams += Gain(ref seen.Datagrams, state.Datagrams);
        totals.Bytes += Gain(ref seen.Bytes, state.Bytes);
        _totals.TemplatesExpired += Gain(ref seen.TemplatesExpired, state.TemplatesExpired);
    }

    /// <summary>
    /// The tracker's dictionary belongs to the decoding thread. It only ever grows, so it is
    /// enumerated only when its count changed, and an enumeration that meets a concurrent insert
    /// (a version check failure, or an entry not written yet) is simply retried at the next scrape;
    /// the <see cref="SequenceCounts"/> objects found are then read directly.
    /// </summary>
    private void ObserveSequences(SequenceTracker tracker, SessionObservation seen)
    {
        var counts = tracker.Counts;
        if (counts.Count != seen.Sequences.Count)
        {
            try
            {
                var known = seen.Sequences.Select(s => s.Counts).ToHashSet(ReferenceEqualityComparer.Instance);
                var added = new List<SequenceObservation>();
                foreach (var (key, value) in counts)
                {
                    if (value is null)
                        throw new InvalidOperationException("entry being written");
                    if (!known.Contains(value))
                        added.Add(new SequenceObservation(value, SeriesFor(seen.Exporter, key)));
                }
                seen.Sequences.AddRange(added);
            }
            catch (InvalidOperationException)
            {
                // being added to right now: next scrape
            }
        }
        foreach (var s in seen.Sequences)
        {
            s.Series.Gaps += Gain(ref s.Gaps, s.Counts.Gaps);
            s.Series.LostUnits += Gain(ref s.LostUnits, s.Counts.LostUnits);
            s.Series.Duplicates += Gain(ref s.Duplicates, s.Counts.Duplicates);
            s.Series.Resets += Gain(ref s.Resets, s.Counts.Resets);
        }
    }

    private SequenceSeries SeriesFor(string exporter, ulong key)
    {
        string version = ((ushort)(key >> 32)).ToString(CultureInfo.InvariantCulture);
        string domain = ((uint)key).ToString(CultureInfo.InvariantCulture);
        if (exporter == ExporterLabels.Other)
            domain = ExporterLabels.Other;
        if (!_sequenceSeries.TryGetValue((exporter, version, domain), out var series))
        {
            if (_sequenceSeries.Count >= _options.MaxSequenceSeries)
            {
                domain = ExporterLabels.Other;
                if (_sequenceSeries.TryGetValue((exporter, version, domain), out series))
                    return series;
            }
            series = new SequenceSeries(exporter, version, domain);
            _sequenceSeries.Add((exporter, version, domain), series);
        }
        return series;
    }

    /// <summary>What a counter gained since it was last seen (never negative), and remembers the new value.</summary>
    private static long Gain(ref long seen, long now)
    {
        long gained = now - seen;
        if (gained <= 0)
            return 0;
        seen = now;
        return gained;
    }

    private void Publish()
    {
        var t = _totals;
        for (int i = 0; i < VersionLabels.Length; i++)
        {
            _messages.WithLabels(VersionLabels[i]).IncTo(t.Messages[i]);
            _records.WithLabels(VersionLabels[i], "data").IncTo(t.Records[i, 0]);
            _records.WithLabels(VersionLabels[i], "options").IncTo(t.Records[i, 1]);
        }
        foreach (var reason in Reasons)
            _errors.WithLabels(reason.ToString()).IncTo(t.Errors[(int)reason]);
        _templatesAdded.IncTo(t.TemplatesAdded);
        _templatesReplaced.IncTo(t.TemplatesReplaced);
        _templatesRefreshed.IncTo(t.TemplatesRefreshed);
        _templatesWithdrawn.IncTo(t.TemplatesWithdrawn);
        _templatesExpired.IncTo(t.TemplatesExpired);
        _templatesEvicted.IncTo(t.TemplatesEvicted);
        _pendingHeld.IncTo(t.PendingSetsHeld);
        _pendingDecoded.IncTo(t.PendingRecordsDecoded);

        foreach (var totals in _exporterTotals.Values)
        {
            totals.DatagramsCounter.IncTo(totals.Datagrams);
            totals.BytesCounter.IncTo(totals.Bytes);
        }
        foreach (var series in _sequenceSeries.Values)
        {
            _sequenceGaps.WithLabels(series.Labels).IncTo(series.Gaps);
            _sequenceLost.WithLabels(series.Labels).IncTo(series.LostUnits);
            _sequenceDuplicates.WithLabels(series.Labels).IncTo(series.Duplicates);
            _sequenceResets.WithLabels(series.Labels).IncTo(series.Resets);
        }
    }

    private sealed class DecodeTotals
    {
        public readonly long[] Messages = new long[VersionLabels.Length];
        public readonly long[,] Records = new long[VersionLabels.Length, 2];
        public readonly long[] Errors = new long[Enum.GetValues<DecodeStatus>().Length];
        public long TemplatesAdded;
        public long TemplatesReplaced;
        public long TemplatesRefreshed;
        public long TemplatesWithdrawn;
        public long TemplatesExpired;
        public long TemplatesEvicted;
        public long PendingSetsHeld;
        public long PendingRecordsDecoded;
    }

    private sealed class ExporterTotals(Counter.Child datagrams, Counter.Child bytes)
    {
        public Counter.Child DatagramsCounter { get; } = datagrams;
        public Counter.Child BytesCounter { get; } = bytes;
        public long Datagrams;
        public long Bytes;
    }
}
