using System.Buffers.Binary;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using NetFlow.Protocol.InformationElements;

namespace NetFlow.Protocol.Records;

/// <summary>
/// One field's bytes and the element that says how to read them (RFC 7011 §6). Reading never
/// throws: a value of a length its type does not allow answers false from the Try methods.
/// </summary>
public readonly ref struct FieldValue(InformationElement element, ReadOnlySpan<byte> bytes)
{
    /// <summary>NTP era 0 (1900-01-01) to the Unix epoch, RFC 7011 §6.1.9.</summary>
    private const long NtpToUnixSeconds = 2_208_988_800L;

    public InformationElement Element { get; } = element;
    public ReadOnlySpan<byte> Bytes { get; } = bytes;
    public int Length => Bytes.Length;

    /// <summary>Unsigned big-endian integer of 1 to 8 bytes (RFC 7011 §6.2 reduced-size encoding).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGetUInt64(out ulong value) => TryReadUInt64(Bytes, out value);

    /// <summary>
    /// <see cref="TryGetUInt64"/> over raw field bytes, for readers that hold a field's bytes
    /// without its <see cref="FieldValue"/> (the flow store's column setters).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryReadUInt64(ReadOnlySpan<byte> b, out ulong value)
    {
        switch (b.Length)
        {
            case 1: value = b[0]; return true;
            case 2: value = BinaryPrimitives.ReadUInt16BigEndian(b); return true;
            case 4: value = BinaryPrimitives.ReadUInt32BigEndian(b); return true;
            case 8: value = BinaryPrimitives.ReadUInt64BigEndian(b); return true;
            case 3 or 5 or 6 or 7:
                ulong v = 0;
                foreach (byte x in b)
                    v = (v << 8) | x;
                value = v;
                return true;
            default:
                value = 0;
                return false;
        }
    }

    /// <summary>Signed big-endian integer of 1 to 8 bytes, sign-extended from its reduced size.</summary>
    public bool TryGetInt64(out long value)
    {
        if (!TryGetUInt64(out ulong raw))
        {
            value = 0;
            return false;
        }
        int shift = 64 - 8 * Bytes.Length;
        value = (long)(raw << shift) >> shift;
        return true;
    }

    /// <summary>float32 or float64; RFC 7011 §6.2 allows a float64 to be sent as float32.</summary>
    public bool TryGetDouble(out double value)
    {
        switch (Bytes.Length)
        {
            case 4: value = BinaryPrimitives.ReadSingleBigEndian(Bytes); return true;
            case 8: value = BinaryPrimitives.ReadDoubleBigEndian(Bytes); return true;
            default: value = 0; return false;
        }
    }

    /// <summary>RFC 7011 §6.1.5: 1 is true, 2 is false; anything else is not a boolean.</summary>
    public bool TryGetBoolean(out bool value)
    {
        value = Bytes.Length == 1 && Bytes[0] == 1;
        return Bytes.Length == 1 && Bytes[0] is 1 or 2;
    }

    /// <summary>An address of 4 or 16 bytes (whatever the element's declared type).</summary>
    public bool TryGetIPAddress(out IPAddress? address)
    {
        address = Bytes.Length is 4 or 16 ? new IPAddress(Bytes) : null;
        return address is not null;
    }

    /// <summary>
    /// Absolute time of a dateTime* value. Seconds and milliseconds count from 1970;
    /// micro- and nanoseconds are NTP timestamps (seconds since 1900 and a 2^-32 fraction).
    /// </summary>
    public bool TryGetDateTime(out DateTime value)
    {
        value = default;
        switch (Element.DataType)
        {
            case IeDataType.DateTimeSeconds when TryGetUInt64(out ulong s) && s <= MaxUnixSeconds:
                value = DateTime.UnixEpoch.AddTicks((long)s * TimeSpan.TicksPerSecond);
                return true;
            case IeDataType.DateTimeMilliseconds when TryGetUInt64(out ulong ms) && ms <= MaxUnixSeconds * 1000:
                value = DateTime.UnixEpoch.AddTicks((long)ms * TimeSpan.TicksPerMillisecond);
                return true;
            case IeDataType.DateTimeMicroseconds or IeDataType.DateTimeNanoseconds when Bytes.Length == 8:
                long seconds = BinaryPrimitives.ReadUInt32BigEndian(Bytes) - NtpToUnixSeconds;
                ulong fraction = BinaryPrimitives.ReadUInt32BigEndian(Bytes[4..]);
                if (Element.DataType == IeDataType.DateTimeMicroseconds)
                    fraction &= 0xFFFFF800; // §6.1.9: the 11 low bits of a microsecond timestamp are ignored
                long ticks = seconds * TimeSpan.TicksPerSecond + (long)((fraction * (ulong)TimeSpan.TicksPerSecond) >> 32);
                if (ticks < -DateTime.UnixEpoch.Ticks || ticks > DateTime.MaxValue.Ticks - DateTime.UnixEpoch.Ticks)
                    return false;
                value = DateTime.UnixEpoch.AddTicks(ticks);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Text of a string element: UTF-8 (RFC 7011 §6.1.6), trailing NULs that fixed-size exporters pad with removed.</summary>
    public string GetString()
    {
        var b = Bytes;
        int end = b.IndexOf((byte)0);
        if (end >= 0)
            b = b[..end];
        return Encoding.UTF8.GetString(b);
    }

    /// <summary>aa:bb:cc:dd:ee:ff, or hex if not 6 bytes.</summary>
    public string GetMacAddress() =>
        Bytes.Length == 6
            ? string.Create(17, this.Bytes.ToArray(), static (span, mac) =>
            {
                for (int i = 0; i < 6; i++)
                {
                    if (i > 0)
                        span[3 * i - 1] = ':';
                    mac[i].TryFormat(span[(3 * i)..], out _, "x2");
                }
            })
            : GetHex();

    public string GetHex() => Convert.ToHexStringLower(Bytes);

    private const ulong MaxUnixSeconds = 253_402_300_799; // 9999-12-31T23:59:59Z
}
