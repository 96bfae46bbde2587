using System.Net;
using NetFlow.Protocol.Records;
using NetFlow.Protocol.Sessions;

namespace NetFlow.Storage.Tests.Support;

/// <summary>
/// Real records for store tests: corpus datagrams (tests/data/corpus/README.md) fed in order into
/// one exporter session, every record copied into one batch as a decode worker does.
/// </summary>
internal static class CorpusBatch
{
    public static readonly DateTime Received = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>softflowd's v9 template packet and three data packets: 44 records of template 1024.</summary>
    public static FlowRecordBatch SoftflowdV9(string exporter = "192.0.2.1") =>
        Decode(exporter, "softflowd/packet_v9_template.bin", "softflowd/packets_v9_0.bin", "softflowd/packets_v9_1.bin", "softflowd/packets_v9_2.bin");

    /// <summary>Files (relative to the corpus) decoded in order by one session; decode errors are allowed (some corpus files are hostile on purpose).</summary>
    public static FlowRecordBatch Decode(string exporter, params string[] files)
    {
        var filler = new BatchFiller(new FlowRecordBatch());
        var session = new ExporterSession(IPAddress.Parse(exporter));
        foreach (string file in files)
        {
            byte[] datagram = File.ReadAllBytes(Path(file));
            session.Decode(datagram, Received, ref filler);
            Array.Clear(datagram); // the batch must hold copies, not views of the datagram
        }
        return filler.Batch;
    }

    public static string Path(string file) => System.IO.Path.Combine(AppContext.BaseDirectory, "data", "corpus", file);

    /// <summary>Every line of files in the corpus that decodes as one stream, for the "nothing lost" tests.</summary>
    public static IEnumerable<string[]> Streams()
    {
        yield return ["softflowd/packet_v9_template.bin", "softflowd/packets_v9_0.bin", "softflowd/packets_v9_1.bin", "softflowd/packets_v9_2.bin"];
        yield return ["softflowd/packet_ipfix_template.bin", "softflowd/packet_ipfix.bin"];
        yield return ["softflowd/packet_ipfix_template_ether.bin", "softflowd/packet_ipfix_ether.bin"];
        yield return ["softflowd/packet_ipfix_padding.bin"];
        yield return ["softflowd/packet_v5.bin"];
        yield return ["softflowd/packet_v1.bin"];
        string vendors = System.IO.Path.Combine(AppContext.BaseDirectory, "data", "corpus", "vendors");
        // Each vendor's files in name order: templates sort before data in this corpus ("_tpl" < "_data" is not
        // guaranteed, so all of them go in twice: the second pass decodes what arrived before its template).
        foreach (var group in Directory.GetFiles(vendors, "*.dat").GroupBy(VendorOf))
        {
            var names = group.Order(StringComparer.Ordinal).Select(f => "vendors/" + System.IO.Path.GetFileName(f)).ToArray();
            yield return [.. names, .. names];
        }
    }

    private static string VendorOf(string path)
    {
        string name = System.IO.Path.GetFileNameWithoutExtension(path);
        var parts = name.Split('_');
        return parts.Length > 3 ? string.Join('_', parts.Take(4)) : name;
    }
}
