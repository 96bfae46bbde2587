using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using NetFlow.Protocol.Templates;

namespace NetFlow.Protocol.Records;

/// <summary>Where each field of one record lies, for templates with variable-length fields.</summary>
internal static class RecordLayout
{
    /// <summary>
    /// Fills start/end pairs for each field of the record that begins at <paramref name="data"/>[0]
    /// and returns the record's length; -1 when a length prefix points past the data.
    /// RFC 7011 §7: a length below 255 takes one byte; 255 is followed by a two-byte length.
    /// </summary>
    public static int Measure(Template template, ReadOnlySpan<byte> data, Span<int> bounds)
    {
        var fields = template.Fields;
        var prefix = template.FixedPrefixBounds;
        int offset = template.FixedPrefixLength;
        if (offset > data.Length)
            return -1;
        prefix.CopyTo(bounds);
        for (int i = prefix.Length / 2; i < fields.Length; i++)
        {
            int length = fields[i].Length;
            if (length == TemplateField.VariableLength)
            {
                if (!TryReadVariableLength(data, ref offset, out length))
                    return -1;
            }
            if (length > data.Length - offset)
                return -1;
            bounds[2 * i] = offset;
            offset += length;
            bounds[2 * i + 1] = offset;
        }
        return offset;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryReadVariableLength(ReadOnlySpan<byte> data, ref int offset, out int length)
    {
        if (offset >= data.Length)
        {
            length = 0;
            return false;
        }
        length = data[offset++];
        if (length < 255)
            return true;
        if (data.Length - offset < 2)
            return false;
        length = BinaryPrimitives.ReadUInt16BigEndian(data[offset..]);
        offset += 2;
        return true;
    }
}
