using System.Text;

namespace NetFlow.Cli.Output;

/// <summary>
/// Lets Utf8JsonWriter write into a TextWriter (Console.Out, a StringWriter in tests): when the
/// writer is the console, bytes go straight to stdout; otherwise they are decoded as UTF-8.
/// </summary>
internal sealed class TextWriterStream(TextWriter writer) : Stream
{
    private readonly Stream? _direct = ReferenceEquals(writer, Console.Out) ? Console.OpenStandardOutput() : null;
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
    private readonly char[] _chars = new char[8192];

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_direct is not null)
        {
            _direct.Write(buffer);
            return;
        }
        while (!buffer.IsEmpty)
        {
            _decoder.Convert(buffer, _chars, flush: false, out int used, out int produced, out _);
            writer.Write(_chars, 0, produced);
            buffer = buffer[used..];
        }
    }

    public override void WriteByte(byte value) => Write([value]);

    public override void Flush()
    {
        _direct?.Flush();
        writer.Flush();
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
