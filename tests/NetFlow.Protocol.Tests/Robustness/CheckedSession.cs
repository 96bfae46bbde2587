using System.Net;
using NetFlow.Protocol.Sessions;

namespace NetFlow.Protocol.Tests.Robustness;

/// <summary>
/// An exporter session fed through a <see cref="CheckingHandler"/>, checked after every decode:
/// nothing thrown, the counters equal the errors and records the handler saw, and the templates
/// and pending data within their limits. The first breach throws <see cref="RobustnessException"/>
/// naming the input.
/// </summary>
internal sealed class CheckedSession
{
    private static readonly DateTime Start = new(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly DecodeStatus[] Statuses = Enum.GetValues<DecodeStatus>().Where(s => s != DecodeStatus.Ok).ToArray();

    private readonly CheckingHandler _handler = new();

    public CheckedSession(DecoderOptions? options = null, ProbeMemo? memo = null)
    {
        Options = options ?? DecoderOptions.Default;
        Session = new ExporterSession(IPAddress.Parse("192.0.2.1"), Options);
        _handler.Session = Session;
        _handler.Memo = memo;
    }

    public DecoderOptions Options { get; }
    public ExporterSession Session { get; }
    public DateTime Now { get; set; } = Start;
    /// <summary>How far the clock moves per datagram.</summary>
    public TimeSpan Tick { get; set; } = TimeSpan.FromMilliseconds(1);
    public long Records => _handler.Records;

    /// <summary>Whether records are read through every accessor; off for the unchanged packets that set a scenario up.</summary>
    public bool Probe
    {
        get => _handler.Probe;
        set => _handler.Probe = value;
    }

    /// <summary>Called with each record after it was checked.</summary>
    public RecordAction? OnRecord
    {
        get => _handler.Observer;
        set => _handler.Observer = value;
    }

    public void Feed(byte[] datagram, string label) => Feed(datagram, datagram.Length, label);

    public void Feed(byte[] buffer, int length, string label)
    {
        var handler = _handler;
        handler.Expect(buffer, length, SessionInternals.PendingCopies(Session));
        Now += Tick;
        try
        {
            Session.Decode(buffer.AsSpan(0, length), Now, ref handler);
        }
        catch (Exception e)
        {
            throw new RobustnessException("Decode threw", label, buffer.AsSpan(0, length), e);
        }
        Verify(label, buffer.AsSpan(0, length));
    }

    /// <summary>One TCP read: returns what <see cref="ExporterSession.DecodeStream{THandler}"/> consumed.</summary>
    public int FeedStream(byte[] buffer, int length, string label, out bool framingLost)
    {
        var handler = _handler;
        handler.Expect(buffer, length, SessionInternals.PendingCopies(Session));
        Now += Tick;
        int consumed;
        try
        {
            consumed = Session.DecodeStream(buffer.AsSpan(0, length), Now, ref handler, out framingLost);
        }
        catch (Exception e)
        {
            throw new RobustnessException("DecodeStream threw", label, buffer.AsSpan(0, length), e);
        }
        if (consumed < 0 || consumed > length)
            _handler.Violations.Add($"DecodeStream consumed {consumed} of {length} bytes");
        Verify(label, buffer.AsSpan(0, length));
        return consumed;
    }

    private void Verify(string label, ReadOnlySpan<byte> input)
    {
        var violations = _handler.Violations;
        var counters = Session.Counters;
        long total = 0;
        foreach (var status in Statuses)
        {
            long seen = _handler.ErrorsByStatus[(int)status];
            total += seen;
            if (counters.Errors(status) != seen)
                violations.Add($"counter {status} is {counters.Errors(status)}, the handler was told {seen}");
        }
        if (counters.TotalErrors != total)
            violations.Add($"TotalErrors is {counters.TotalErrors}, the handler was told {total}");
        if (counters.DataRecords + counters.OptionsRecords != _handler.Records)
            violations.Add($"DataRecords + OptionsRecords is {counters.DataRecords + counters.OptionsRecords}, the handler got {_handler.Records}");
        if (Session.Templates.Count > Options.MaxTemplatesPerExporter)
            violations.Add($"{Session.Templates.Count} templates held, the limit is {Options.MaxTemplatesPerExporter}");
        if (Session.PendingBytes > Options.MaxPendingBytesPerExporter || Session.PendingBytes < 0)
            violations.Add($"{Session.PendingBytes} pending bytes held, the limit is {Options.MaxPendingBytesPerExporter}");
        if (Session.PendingSets > Options.MaxPendingSetsPerExporter)
            violations.Add($"{Session.PendingSets} pending sets held, the limit is {Options.MaxPendingSetsPerExporter}");
        if (violations.Count > 0)
        {
            var message = string.Join(Environment.NewLine, violations.Take(20));
            violations.Clear();
            throw new RobustnessException(message, label, input, null);
        }
    }
}

/// <summary>A broken invariant, with the input that broke it as hex so it can be replayed.</summary>
internal sealed class RobustnessException(string problem, string label, ReadOnlySpan<byte> input, Exception? inner)
    : Exception($"{label}: {problem}{Environment.NewLine}input ({input.Length} bytes): {Hex(input)}", inner)
{
    private const int MaxHexBytes = 4096;

    private static string Hex(ReadOnlySpan<byte> input) =>
        input.Length <= MaxHexBytes ? Convert.ToHexStringLower(input) : Convert.ToHexStringLower(input[..MaxHexBytes]) + "...";
}
