using System.Diagnostics;
using System.Runtime.CompilerServices;
using NetFlow.Generator.Packets;
using NetFlow.Generator.Sending;

namespace NetFlow.Generator;

/// <summary>
/// One exporter's domain (v9 source id, IPFIX observation domain, v5 engine): its own sequence
/// number, template schedule and place in the flow cycle. Its data packets are encoded once into a
/// pinned ring that holds whole cycles over the flows; each send stamps the next one in place (only
/// the sequence number and times change) and the batch points the kernel at it, so a packet is
/// neither encoded nor copied again. The ring holds at least a batch's worth of packets, so no
/// packet is stamped twice before its batch has gone. A cycle too long to keep (many flows, many
/// streams) is encoded packet by packet into the batch instead: more CPU, no memory.
/// </summary>
internal sealed class ExportStream
{
    private readonly PacketFormat _format;
    private readonly TemplateRefresh _refresh;
    private readonly int _flows;
    private readonly byte[]? _ring;
    private readonly int[] _ringLengths = [];
    private readonly int _slotLength;
    private readonly byte[] _template;
    private readonly long _refreshTicks;
    private int _nextSlot;
    private int _nextFlow;
    private uint _sequence;
    private bool _templateSent;
    private long _lastTemplateTicks;
    private int _dataPacketsSinceTemplate;

    public ExportStream(PacketFormat format, uint domain, int flows, TemplateRefresh refresh, int batchCapacity, long ringBudgetBytes)
    {
        _format = format;
        _refresh = refresh;
        _flows = flows;
        Domain = domain;
        _slotLength = format.MaxDataPacketLength;
        _refreshTicks = refresh.Interval is { } interval ? (long)(interval.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
        _template = new byte[format.TemplatePacketLength];
        format.WriteTemplate(_template, domain);

        // Packets until the flows line up with packet boundaries again; whole cycles, at least a batch.
        long cycle = flows / (long)GreatestCommonDivisor(flows, format.RecordsPerPacket);
        long slots = cycle * ((batchCapacity + cycle - 1) / cycle);
        if (slots * _slotLength <= ringBudgetBytes)
        {
            _ring = GC.AllocateUninitializedArray<byte>((int)(slots * _slotLength), pinned: true);
            _ringLengths = new int[slots];
            for (int slot = 0; slot < slots; slot++)
            {
                int firstFlow = (int)(slot * (long)format.RecordsPerPacket % flows);
                _ringLengths[slot] = format.WriteData(_ring.AsSpan(slot * _slotLength, _slotLength), domain, firstFlow, flows);
            }
        }
    }

    public uint Domain { get; }

    /// <summary>
    /// Adds this stream's next packet to <paramref name="batch"/>: the template when it is due, else
    /// the next data packet, stamped with <paramref name="clock"/> and the stream's sequence number.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs per packet: optimised from the first call, not after tiering
    public void AppendNext(DatagramBatch batch, in ExportClock clock, long nowTicks)
    {
        if (TemplateDue(nowTicks))
        {
            var slot = batch.NextSlot;
            _template.CopyTo(slot);
            _format.StampTemplate(slot, clock, _sequence);
            batch.Commit(_template.Length, 0, isTemplate: true);
            _sequence += _format.TemplateSequenceStep;
            _templateSent = true;
            _lastTemplateTicks = nowTicks;
            _dataPacketsSinceTemplate = 0;
            return;
        }

        if (_ring is not null)
        {
            int offset = _nextSlot * _slotLength;
            int length = _ringLengths[_nextSlot];
            _format.StampData(_ring.AsSpan(offset, length), clock, _sequence);
            batch.AddPinned(_ring, offset, length, _format.RecordsPerPacket);
            if (++_nextSlot == _ringLengths.Length)
                _nextSlot = 0;
        }
        else
        {
            var slot = batch.NextSlot;
            int length = _format.WriteData(slot, Domain, _nextFlow, _flows);
            _format.StampData(slot, clock, _sequence);
            batch.Commit(length, _format.RecordsPerPacket);
            _nextFlow = (int)((_nextFlow + (long)_format.RecordsPerPacket) % _flows);
        }
        _sequence += _format.DataSequenceStep;
        _dataPacketsSinceTemplate++;
    }

    private bool TemplateDue(long nowTicks)
    {
        if (_template.Length == 0)
            return false;
        if (!_templateSent)
            return true;
        return nowTicks - _lastTemplateTicks >= _refreshTicks
            || (_refresh.DataPackets is { } packets && _dataPacketsSinceTemplate >= packets);
    }

    private static int GreatestCommonDivisor(int a, int b)
    {
        while (b != 0)
            (a, b) = (b, a % b);
        return a;
    }
}
