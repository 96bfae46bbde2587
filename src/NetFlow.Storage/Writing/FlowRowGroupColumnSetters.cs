using System.Buffers.Binary;
using System.Numerics;
using NetFlow.Protocol.Records;

namespace NetFlow.Storage.Writing;

/// <summary>
/// Puts one field's value into its typed column of a <see cref="FlowRowGroup"/>: one setter per
/// column and row group, bound to the column's array, so a record's fields are stored by a loop
/// of calls without a switch on the column. False when the value does not fit the column's type
/// (an address of the wrong length, a number too large): the field then goes to extra as the wire had it.
/// </summary>
internal abstract class ColumnSetter(ulong bits)
{
    /// <summary>The presence bits of the columns it fills (two for the combined ICMP type and code).</summary>
    public ulong Bits { get; } = bits;

    /// <summary>
    /// Takes the field's bytes, not a <see cref="FieldValue"/>: a span travels in two registers,
    /// where the larger struct was copied through the stack for every field (a measured stall).
    /// </summary>
    public abstract bool TrySet(int row, ReadOnlySpan<byte> value);
}

/// <summary>An unsigned integer of 1 to 8 bytes (RFC 7011 §6.2 reduced size) into a column of <typeparamref name="T"/>, when it fits.</summary>
internal sealed class IntegerSetter<T>(FlowRowGroup.ValueColumn<T> column) : ColumnSetter(column.Bit)
    where T : struct, IBinaryInteger<T>, IMinMaxValue<T>
{
    private static readonly ulong Max = ulong.CreateTruncating(T.MaxValue);
    private readonly T[] _values = column.Values;

    public override bool TrySet(int row, ReadOnlySpan<byte> value)
    {
        if (!FieldValue.TryReadUInt64(value, out ulong v) || v > Max)
            return false;
        _values[row] = T.CreateTruncating(v);
        return true;
    }
}

/// <summary>An IPv4 address (4 bytes) as its 32-bit value in network order.</summary>
internal sealed class Ipv4Setter(FlowRowGroup.ValueColumn<uint> column) : ColumnSetter(column.Bit)
{
    private readonly uint[] _values = column.Values;

    public override bool TrySet(int row, ReadOnlySpan<byte> value)
    {
        if (value.Length != 4)
            return false;
        _values[row] = BinaryPrimitives.ReadUInt32BigEndian(value);
        return true;
    }
}

/// <summary>A MAC address (6 bytes) as its 48-bit value.</summary>
internal sealed class MacSetter(FlowRowGroup.ValueColumn<ulong> column) : ColumnSetter(column.Bit)
{
    private readonly ulong[] _values = column.Values;

    public override bool TrySet(int row, ReadOnlySpan<byte> value)
    {
        if (value.Length != 6)
            return false;
        _values[row] = ((ulong)BinaryPrimitives.ReadUInt16BigEndian(value) << 32) | BinaryPrimitives.ReadUInt32BigEndian(value[2..]);
        return true;
    }
}

/// <summary>Bytes as they are (<paramref name="length"/> of them, or any length when null): IPv6 addresses, application ids.</summary>
internal sealed class BytesSetter(FlowRowGroup.ReferenceColumn<byte[]> column, int? length) : ColumnSetter(column.Bit)
{
    private readonly byte[]?[] _values = column.Values;

    public override bool TrySet(int row, ReadOnlySpan<byte> value)
    {
        if (length is { } l && value.Length != l)
            return false;
        _values[row] = value.ToArray();
        return true;
    }
}

/// <summary>icmpTypeCodeIPv4/IPv6 (type × 256 + code) into the two columns.</summary>
internal sealed class IcmpTypeCodeSetter(FlowRowGroup.ValueColumn<byte> type, FlowRowGroup.ValueColumn<byte> code) : ColumnSetter(type.Bit | code.Bit)
{
    private readonly byte[] _types = type.Values;
    private readonly byte[] _codes = code.Values;

    public override bool TrySet(int row, ReadOnlySpan<byte> value)
    {
        if (!FieldValue.TryReadUInt64(value, out ulong v) || v > ushort.MaxValue)
            return false;
        _types[row] = (byte)(v >> 8);
        _codes[row] = (byte)v;
        return true;
    }
}
