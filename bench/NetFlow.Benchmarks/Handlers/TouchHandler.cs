using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using NetFlow.Protocol;
using NetFlow.Protocol.Records;
using NetFlow.Protocol.Templates;

namespace NetFlow.Benchmarks.Handlers;

/// <summary>
/// Reads the key fields of every record through the template's field bounds (FlowRecord's
/// indexer, then FieldValue.Bytes / TryGetUInt64) and folds them into a checksum, as a consumer
/// that builds a flow key and counters would. The benchmark setup checks every template has them.
/// </summary>
internal struct TouchHandler : IBenchmarkHandler
{
    private Template? _template;
    private KeyFields _fields;
    private ulong _checksum;

    public long Records { get; private set; }
    public long Errors { get; private set; }
    public readonly ulong Checksum => _checksum;

    public void OnRecord(in FlowRecord record)
    {
        if (!ReferenceEquals(record.Template, _template))
            Resolve(record.Template);
        var f = _fields;
        ulong sum = _checksum;
        sum = Mix(sum, Address(record[f.SourceAddress].Bytes));
        sum = Mix(sum, Address(record[f.DestinationAddress].Bytes));
        sum = Mix(sum, Unsigned(record[f.SourcePort]));
        sum = Mix(sum, Unsigned(record[f.DestinationPort]));
        sum = Mix(sum, Unsigned(record[f.Protocol]));
        sum = Mix(sum, Unsigned(record[f.Octets]));
        sum = Mix(sum, Unsigned(record[f.Packets]));
        sum = Mix(sum, Unsigned(record[f.Start]));
        sum = Mix(sum, Unsigned(record[f.End]));
        _checksum = sum;
        Records++;
    }

    public void OnError(in DecodeError error) => Errors++;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Resolve(Template template)
    {
        _template = template;
        _fields = KeyFields.Of(template);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Unsigned(FieldValue value) => value.TryGetUInt64(out ulong v) ? v : 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Address(ReadOnlySpan<byte> bytes) => bytes.Length switch
    {
        4 => BinaryPrimitives.ReadUInt32BigEndian(bytes),
        16 => BinaryPrimitives.ReadUInt64BigEndian(bytes) ^ BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
        _ => 0,
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong hash, ulong value) => (hash ^ value) * 0x0000_0100_0000_01B3; // FNV-1a prime
}
