using NetFlow.Storage.Writing.Parquet;

namespace NetFlow.Storage.Tests.Writing.ParquetFiles;

/// <summary>The Thrift compact protocol as the spec lays it out byte by byte (thrift-compact-protocol.md).</summary>
public sealed class ThriftCompactWriterTests
{
    [Fact]
    public void Fields_carry_their_id_as_a_delta_and_values_zigzag_varints()
    {
        var bytes = Written(w =>
        {
            w.BeginStruct();
            w.I32Field(1, 1);       // delta 1, type 5; zigzag(1) = 2
            w.I64Field(3, -1);      // delta 2, type 6; zigzag(-1) = 1
            w.I32Field(4, 300);     // zigzag(300) = 600 = 0xD8 0x04
            w.StringField(20, "a"); // delta 16: the long form, type then zigzag varint id (40)
            w.BoolField(21, true);  // a bool's value is its type: 1 true
            w.BoolField(22, false); // 2 false
            w.EndStruct();
        });
        bytes.ShouldBe(new byte[] { 0x15, 0x02, 0x26, 0x01, 0x15, 0xD8, 0x04, 0x08, 0x28, 0x01, (byte)'a', 0x11, 0x12, 0x00 });
    }

    [Fact]
    public void A_nested_struct_counts_its_field_ids_afresh_and_the_outer_one_goes_on_after_it()
    {
        var bytes = Written(w =>
        {
            w.BeginStruct();
            w.BeginStructField(5);
            w.I32Field(1, 0);
            w.EndStruct();
            w.I32Field(6, 0);
            w.EndStruct();
        });
        bytes.ShouldBe(new byte[] { 0x5C, 0x15, 0x00, 0x00, 0x15, 0x00, 0x00 });
    }

    [Fact]
    public void A_list_header_holds_a_short_size_with_the_element_type_and_a_long_one_after_it()
    {
        Written(w =>
        {
            w.BeginStruct();
            w.BeginListField(1, ThriftType.I32, 2);
            w.I32(1);
            w.I32(-2);
            w.EndStruct();
        }).ShouldBe(new byte[] { 0x19, 0x25, 0x02, 0x03, 0x00 });
        Written(w =>
        {
            w.BeginStruct();
            w.BeginListField(1, ThriftType.Struct, 20);
        }).ShouldBe(new byte[] { 0x19, 0xFC, 0x14 });
    }

    private static byte[] Written(Action<ThriftCompactWriter> write)
    {
        var buffer = new ByteBuffer(4);
        write(new ThriftCompactWriter(buffer));
        return buffer.Written.ToArray();
    }
}
