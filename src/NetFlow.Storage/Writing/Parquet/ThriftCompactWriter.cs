using System.Text;

namespace NetFlow.Storage.Writing.Parquet;

/// <summary>
/// Writes Thrift structs in the compact protocol (Apache Thrift, doc/specs/thrift-compact-protocol.md),
/// which is how Parquet stores its page headers and its footer. The caller writes a struct's fields
/// in increasing id order; each field header carries the id as a delta from the previous one.
/// </summary>
internal sealed class ThriftCompactWriter(ByteBuffer output)
{
    private const int MaxDepth = 16;

    private readonly short[] _lastFieldId = new short[MaxDepth];
    private int _depth = -1;

    public ByteBuffer Output { get; } = output;

    /// <summary>Starts a struct that is not a field: the top-level one, or an element of a list.</summary>
    public void BeginStruct()
    {
        if (++_depth == MaxDepth)
            throw new InvalidOperationException("Thrift structs nested too deep");
        _lastFieldId[_depth] = 0;
    }

    public void EndStruct()
    {
        Output.WriteByte(0); // stop
        _depth--;
    }

    public void BeginStructField(short id)
    {
        FieldHeader(id, ThriftType.Struct);
        BeginStruct();
    }

    /// <summary>A field whose value is an empty struct (the empty structs of Parquet's unions: StringType, MilliSeconds ...).</summary>
    public void EmptyStructField(short id)
    {
        BeginStructField(id);
        EndStruct();
    }

    public void BoolField(short id, bool value) => FieldHeader(id, value ? ThriftType.BooleanTrue : ThriftType.BooleanFalse);

    public void ByteField(short id, sbyte value)
    {
        FieldHeader(id, ThriftType.Byte);
        Output.WriteByte((byte)value);
    }

    public void I16Field(short id, short value)
    {
        FieldHeader(id, ThriftType.I16);
        Output.WriteVarint(ZigZag(value));
    }

    public void I32Field(short id, int value)
    {
        FieldHeader(id, ThriftType.I32);
        Output.WriteVarint(ZigZag(value));
    }

    public void I64Field(short id, long value)
    {
        FieldHeader(id, ThriftType.I64);
        Output.WriteVarint(ZigZag(value));
    }

    public void BinaryField(short id, ReadOnlySpan<byte> value)
    {
        FieldHeader(id, ThriftType.Binary);
        Binary(value);
    }

    public void StringField(short id, string value)
    {
        FieldHeader(id, ThriftType.Binary);
        String(value);
    }

    public void BeginListField(short id, ThriftType element, int count)
    {
        FieldHeader(id, ThriftType.List);
        if (count < 15)
        {
            Output.WriteByte((byte)(count << 4 | (int)element));
            return;
        }
        Output.WriteByte((byte)(0xF0 | (int)element));
        Output.WriteVarint((uint)count);
    }

    /// <summary>An element of a list of i32 (enums are i32).</summary>
    public void I32(int value) => Output.WriteVarint(ZigZag(value));

    public void Binary(ReadOnlySpan<byte> value)
    {
        Output.WriteVarint((uint)value.Length);
        Output.Write(value);
    }

    public void String(string value)
    {
        Output.WriteVarint((uint)Encoding.UTF8.GetByteCount(value));
        var span = Output.GetSpan(Encoding.UTF8.GetMaxByteCount(value.Length));
        Output.Advance(Encoding.UTF8.GetBytes(value, span));
    }

    private void FieldHeader(short id, ThriftType type)
    {
        int delta = id - _lastFieldId[_depth];
        if (delta is > 0 and <= 15)
        {
            Output.WriteByte((byte)(delta << 4 | (int)type));
        }
        else
        {
            Output.WriteByte((byte)type);
            Output.WriteVarint(ZigZag(id));
        }
        _lastFieldId[_depth] = id;
    }

    private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));
}

/// <summary>The compact protocol's type ids (field headers and list headers).</summary>
internal enum ThriftType
{
    BooleanTrue = 1,
    BooleanFalse = 2,
    Byte = 3,
    I16 = 4,
    I32 = 5,
    I64 = 6,
    Binary = 8,
    List = 9,
    Struct = 12,
}
