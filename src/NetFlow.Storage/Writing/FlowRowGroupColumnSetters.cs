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

    /// <summary>
    /// The field of <paramref name="count"/> records of a fixed layout into rows <paramref name="row"/>
    /// on: record i's field lies at <paramref name="offset"/> + i × <paramref name="stride"/>. False as
    /// soon as a value does not fit (what it stored by then is overwritten when the records are added one by one).
    /// </summary>
    public virtual bool TrySetRun(int row, ReadOnlySpan<byte> data, int stride, int offset, int length, int count)
    {
        LoseBounds();
        for (int i = 0, p = offset; i < count; i++, p += stride)
        {
            if (!TrySet(row + i, data.Slice(p, length)))
                return false;
        }
        return true;
    }

    /// <summary>Values go in without their bounds kept: the columns' writer reads them for their statistics.</summary>
    protected virtual void LoseBounds()
    {
    }
}

/// <summary>An unsigned integer of 1 to 8 bytes (RFC 7011 §6.2 reduced size) into a column of <typeparamref name="T"/>, when it fits.</summary>
internal sealed class IntegerSetter<T>(FlowRowGroup.ValueColumn<T> column) : ColumnSetter(column.Bit)
    where T : struct, IBinaryInteger<T>, IMinMaxValue<T>
{
    /// <summary>
    /// Not a static readonly field: that of a generic class, compiled before the class is initialised
    /// (tiered compilation is off), cost an initialisation check and two spilled locals per value in
    /// the run loops. The loops take it into a local.
    /// </summary>
    private static ulong Max => ulong.CreateTruncating(T.MaxValue);
    private readonly T[] _values = column.Values;

    protected override void LoseBounds() => column.LoseBounds();

    public override bool TrySet(int row, ReadOnlySpan<byte> value)
    {
        if (!FieldValue.TryReadUInt64(value, out ulong v) || v > Max)
            return false;
        _values[row] = T.CreateTruncating(v);
        return true;
    }

    /// <summary>
    /// One loop per field width, so the width is not switched on per value; the run's bounds are
    /// checked once (<see cref="StridedField"/>), not per value.
    /// </summary>
    public override bool TrySetRun(int row, ReadOnlySpan<byte> data, int stride, int offset, int length, int count)
    {
        if (length is not (1 or 2 or 4 or 8) || !StridedField.InBounds(data, stride, offset, length, count))
            return base.TrySetRun(row, data, stride, offset, length, count);
        var values = _values.AsSpan(row, count);
        ref byte first = ref StridedField.First(data, offset);
        ulong least = ulong.MaxValue, greatest = 0;
        bool filled = length switch
        {
            1 => Fill<StridedField.Byte>(values, ref first, stride, ref least, ref greatest),
            2 => Fill<StridedField.BigEndian16>(values, ref first, stride, ref least, ref greatest),
            4 => Fill<StridedField.BigEndian32>(values, ref first, stride, ref least, ref greatest),
            _ => Fill<StridedField.BigEndian64>(values, ref first, stride, ref least, ref greatest),
        };
        if (filled && count > 0)
            column.Widen(T.CreateTruncating(least), T.CreateTruncating(greatest));
        return filled;
    }

    /// <summary>
    /// A loop compiled per width (<typeparamref name="TWidth"/> is a struct, so the read is inlined).
    /// It keeps the least and greatest value as it goes, in registers: the writer then takes the
    /// column's statistics from them instead of reading every value once more.
    /// </summary>
    private static bool Fill<TWidth>(Span<T> values, ref byte first, int stride, ref ulong least, ref ulong greatest) where TWidth : struct, StridedField.IWidth
    {
        ulong max = Max, lo = least, hi = greatest;
        nint p = 0;
        for (int i = 0; i < values.Length; i++, p += stride)
        {
            ulong v = TWidth.Read(ref first, p);
            if (v > max)
                return false;
            values[i] = T.CreateTruncating(v);
            lo = Math.Min(lo, v);
            hi = Math.Max(hi, v);
        }
        (least, greatest) = (lo, hi);
        return true;
    }
}

/// <summary>An IPv4 address (4 bytes) as its 32-bit value in network order.</summary>
internal sealed class Ipv4Setter(FlowRowGroup.ValueColumn<uint> column) : ColumnSetter(column.Bit)
{
    private readonly uint[] _values = column.Values;

    protected override void LoseBounds() => column.LoseBounds();

    public override bool TrySet(int row, ReadOnlySpan<byte> value)
    {
        if (value.Length != 4)
            return false;
        _values[row] = BinaryPrimitives.ReadUInt32BigEndian(value);
        return true;
    }

    public override bool TrySetRun(int row, ReadOnlySpan<byte> data, int stride, int offset, int length, int count)
    {
        if (length != 4 || !StridedField.InBounds(data, stride, offset, length, count))
            return false;
        var values = _values.AsSpan(row, count);
        ref byte first = ref StridedField.First(data, offset);
        uint lo = uint.MaxValue, hi = 0;
        nint p = 0;
        for (int i = 0; i < values.Length; i++, p += stride)
        {
            uint address = StridedField.U32(ref first, p);
            values[i] = address;
            lo = Math.Min(lo, address);
            hi = Math.Max(hi, address);
        }
        if (count > 0)
            column.Widen(lo, hi);
        return true;
    }
}

/// <summary>A MAC address (6 bytes) as its 48-bit value.</summary>
internal sealed class MacSetter(FlowRowGroup.ValueColumn<ulong> column) : ColumnSetter(column.Bit)
{
    private readonly ulong[] _values = column.Values;

    protected override void LoseBounds() => column.LoseBounds();

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

    protected override void LoseBounds()
    {
        type.LoseBounds();
        code.LoseBounds();
    }

    public override bool TrySet(int row, ReadOnlySpan<byte> value)
    {
        if (!FieldValue.TryReadUInt64(value, out ulong v) || v > ushort.MaxValue)
            return false;
        _types[row] = (byte)(v >> 8);
        _codes[row] = (byte)v;
        return true;
    }
}
