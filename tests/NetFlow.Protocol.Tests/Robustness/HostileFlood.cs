namespace NetFlow.Protocol.Tests.Robustness;

/// <summary>
/// Datagrams meant to make a session hold as much as it can: template floods over thousands of
/// ids and domains, templates with huge field counts, data for templates never sent (small sets
/// and sets of 60 KB), template redefinitions that release pending data, withdrawals and noise.
/// </summary>
internal sealed class HostileFlood(int seed)
{
    private readonly Random _random = new(seed);

    public byte[] Next(int index) => (index % 8) switch
    {
        0 => IpfixTemplateFlood(),
        1 => V9TemplateFlood(),
        2 => IpfixDataForMissingTemplates(),
        3 => V9DataForMissingTemplates(),
        4 => HugeFieldCounts(),
        5 => RedefinedTemplate(index),
        6 => WithdrawalsAndNoise(),
        _ => LargePendingSet(),
    };

    private uint Domain() => (uint)_random.Next(64);

    private int TemplateId() => _random.Next(256, 65536);

    private byte[] IpfixTemplateFlood() => WireWriter.Ipfix(Domain(), m => m
        .Set(2, s =>
        {
            for (int t = 0; t < 40; t++)
            {
                int fields = _random.Next(1, 4);
                s.U16(TemplateId()).U16(fields);
                for (int f = 0; f < fields; f++)
                    s.U16(_random.Next(1, 300)).U16(_random.Next(1, 9));
            }
        }));

    private byte[] V9TemplateFlood() => WireWriter.V9(Domain(), m => m
        .Set(0, s =>
        {
            for (int t = 0; t < 60; t++)
                s.U16(TemplateId()).U16(1).U16(_random.Next(1, 128)).U16(_random.Next(1, 9));
        }));

    private byte[] IpfixDataForMissingTemplates() => WireWriter.Ipfix(Domain(), m =>
    {
        for (int d = 0; d < 4; d++)
            m.Set(TemplateId(), s => s.Bytes(RandomBytes(300)));
    });

    private byte[] V9DataForMissingTemplates() => WireWriter.V9(Domain(), m => m.Set(TemplateId(), s => s.Bytes(RandomBytes(1400))));

    /// <summary>A v9 template claiming 65535 fields, one of 512 (accepted), an IPFIX options template of 513, a v9 options template of 16383 scopes.</summary>
    private byte[] HugeFieldCounts() => _random.Next(4) switch
    {
        0 => WireWriter.V9(Domain(), m => m.Set(0, s => s.U16(TemplateId()).U16(0xFFFF).Bytes(RandomBytes(1200)))),
        1 => WireWriter.V9(Domain(), m => m.Set(0, s =>
        {
            s.U16(TemplateId()).U16(512);
            for (int f = 0; f < 512; f++)
                s.U16(_random.Next(1, 128)).U16(0xFFFF);
        })),
        2 => WireWriter.Ipfix(Domain(), m => m.Set(3, s =>
        {
            s.U16(TemplateId()).U16(513).U16(1);
            for (int f = 0; f < 513; f++)
                s.U16(0x8000 | _random.Next(1, 300)).U16(4).U32(6871);
        })),
        _ => WireWriter.V9(Domain(), m => m.Set(1, s => s.U16(TemplateId()).U16(0xFFFC).U16(4).Bytes(RandomBytes(1000)))),
    };

    /// <summary>One id redefined over and over: each definition is new, so each releases the pending data waiting for it.</summary>
    private byte[] RedefinedTemplate(int index) => WireWriter.Ipfix(1, m => m
        .Set(2, s => s.U16(256).U16(1).U16(1).U16(index % 16 == 5 ? 4 : 8))
        .Set(256, s => s.Bytes(RandomBytes(64))));

    private byte[] WithdrawalsAndNoise() => _random.Next(3) switch
    {
        0 => WireWriter.Ipfix(Domain(), m => m.Set(2, s => s.U16(2).U16(0)).Set(3, s => s.U16(3).U16(0))),
        1 => WireWriter.Ipfix(Domain(), m => m.Set(2, s =>
        {
            for (int w = 0; w < 100; w++)
                s.U16(TemplateId()).U16(0);
        })),
        _ => RandomBytes(_random.Next(0, 1500)),
    };

    /// <summary>60 KB of data for a template never sent: 18 of these fill the default pending byte limit.</summary>
    private byte[] LargePendingSet()
    {
        var body = new byte[60_000];
        Array.Fill(body, (byte)_random.Next(1, 256));
        return WireWriter.Ipfix(Domain(), m => m.Set(TemplateId(), s => s.Bytes(body)));
    }

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }
}
