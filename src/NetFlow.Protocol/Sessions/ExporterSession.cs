using System.Buffers.Binary;
using System.Net;
using NetFlow.Protocol.Messages;
using NetFlow.Protocol.Records;
using NetFlow.Protocol.Templates;

namespace NetFlow.Protocol.Sessions;

/// <summary>
/// Everything the collector knows about one exporter (a UDP source address, or one TCP
/// connection): its templates, the data waiting for templates, its sequence numbers and its
/// counters. <see cref="Decode{THandler}"/> turns one datagram into records for a handler.
/// One session is decoded by one thread at a time; that is what makes it lock-free.
/// </summary>
public sealed partial class ExporterSession
{
    private readonly DecoderOptions _options;
    private readonly PendingDataBuffer _pending;
    private readonly Dictionary<ulong, ExporterDomain> _domains = [];

    public ExporterSession(IPAddress exporter, DecoderOptions? options = null)
    {
        Exporter = exporter;
        _options = options ?? DecoderOptions.Default;
        Templates = new TemplateStore(_options.MaxTemplatesPerExporter, _options.TemplateFieldBudget);
        _pending = new PendingDataBuffer(_options);
    }

    public IPAddress Exporter { get; }
    public TemplateStore Templates { get; }
    public DecodeCounters Counters { get; } = new();
    public SequenceTracker Sequences { get; } = new();
    /// <summary>The domains this exporter has sent, with what their options data said.</summary>
    public IEnumerable<ExporterDomain> Domains => _domains.Values;

    /// <summary>Data sets waiting for their template.</summary>
    public int PendingSets => _pending.Count;
    public long PendingBytes => _pending.Bytes;

    /// <summary>
    /// Decodes one UDP datagram: a v1/v5/v7/v9 message, or one or more IPFIX messages.
    /// Never throws on what the datagram holds; problems go to the counters and the handler.
    /// </summary>
    public void Decode<THandler>(ReadOnlySpan<byte> datagram, DateTime receivedUtc, ref THandler handler)
        where THandler : IFlowRecordHandler
    {
        ExpirePending(receivedUtc, ref handler);
        int offset = 0;
        do
        {
            int consumed = DecodeMessage(datagram, offset, receivedUtc, ref handler);
            if (consumed <= 0)
                break;
            offset += consumed;
        }
        while (offset < datagram.Length && !IsZeroPadding(datagram[offset..]));
    }

    /// <summary>
    /// Decodes the complete IPFIX messages at the start of a stream buffer (RFC 7011 §10.4, TCP)
    /// and returns how many bytes they took; an incomplete message at the end is left for the next
    /// call. <paramref name="framingLost"/> is set when a header is invalid: the stream cannot be
    /// resynchronised and the connection should be closed.
    /// </summary>
    public int DecodeStream<THandler>(ReadOnlySpan<byte> buffer, DateTime receivedUtc, ref THandler handler, out bool framingLost)
        where THandler : IFlowRecordHandler
    {
        framingLost = false;
        int offset = 0;
        while (buffer.Length - offset >= IpfixHeaderLength)
        {
            ushort version = BinaryPrimitives.ReadUInt16BigEndian(buffer[offset..]);
            int length = BinaryPrimitives.ReadUInt16BigEndian(buffer[(offset + 2)..]);
            if (version != 10 || length < IpfixHeaderLength)
            {
                Report(ref handler, new DecodeError(version != 10 ? DecodeStatus.UnknownVersion : DecodeStatus.BadMessageLength, offset, version));
                framingLost = true;
                return offset;
            }
            if (length > buffer.Length - offset)
                break;
            ExpirePending(receivedUtc, ref handler);
            offset += DecodeMessage(buffer[..(offset + length)], offset, receivedUtc, ref handler);
        }
        return offset;
    }

    /// <summary>Decodes the message at <paramref name="offset"/>; returns the bytes it took, or 0 to stop.</summary>
    private int DecodeMessage<THandler>(ReadOnlySpan<byte> buffer, int offset, DateTime receivedUtc, ref THandler handler)
        where THandler : IFlowRecordHandler
    {
        var message = buffer[offset..];
        if (message.Length < 2)
        {
            Report(ref handler, new DecodeError(DecodeStatus.TruncatedHeader, offset, 0));
            return 0;
        }
        ushort version = BinaryPrimitives.ReadUInt16BigEndian(message);
        switch (version)
        {
            case 1 or 5 or 7:
                DecodeLegacy(message, offset, version, ref handler);
                return message.Length;
            case 9:
                DecodeV9(message, offset, receivedUtc, ref handler);
                return message.Length;
            case 10:
                return DecodeIpfix(message, offset, receivedUtc, ref handler);
            default:
                Report(ref handler, new DecodeError(DecodeStatus.UnknownVersion, offset, version));
                return 0;
        }
    }

    private void Report<THandler>(ref THandler handler, in DecodeError error)
        where THandler : IFlowRecordHandler
    {
        Counters.Count(error.Status);
        handler.OnError(in error);
    }

    private void ExpirePending<THandler>(DateTime receivedUtc, ref THandler handler)
        where THandler : IFlowRecordHandler
    {
        if (_pending.Count == 0)
            return;
        // Saturating: a receive time near DateTime.MinValue or a timeout of TimeSpan.MaxValue means "nothing is old yet".
        var cutoff = receivedUtc.Ticks > _options.PendingTimeout.Ticks ? receivedUtc - _options.PendingTimeout : DateTime.MinValue;
        int expired = _pending.ExpireBefore(cutoff);
        for (int i = 0; i < expired; i++)
            Report(ref handler, new DecodeError(DecodeStatus.PendingExpired, 0, 0));
    }

    /// <summary>
    /// The state of one domain, created on first sight; null once the exporter has as many domains as
    /// <see cref="DecoderOptions.MaxDomainsPerExporter"/> allows, so made-up domain ids cannot grow
    /// the session. Such messages still decode, without sequence tracking or remembered options data.
    /// </summary>
    /// <summary>
    /// Forgets the templates and held data, giving their share of the shared budgets back: for a
    /// session that is being dropped (idle exporter, closed connection). Counters stay readable.
    /// </summary>
    public void Release()
    {
        Templates.Clear();
        _pending.Clear();
    }

    private ExporterDomain? DomainFor(ushort version, uint id)
    {
        ulong key = SequenceTracker.Key(version, id);
        if (!_domains.TryGetValue(key, out var domain))
        {
            if (_domains.Count >= _options.MaxDomainsPerExporter)
            {
                Counters.UntrackedDomainMessages++;
                return null;
            }
            domain = new ExporterDomain(version, id);
            _domains.Add(key, domain);
        }
        return domain;
    }

    private static bool IsZeroPadding(ReadOnlySpan<byte> rest) => !rest.ContainsAnyExcept((byte)0);
}
