using System.Globalization;
using NetFlow.Capture;
using NetFlow.Integration.Tests.Peers;

namespace NetFlow.Integration.Tests.Store;

/// <summary>
/// nfreplay (nfdump 1.7.1) replaying an nfcapd file as NetFlow v9 (`nfreplay -r FILE -H 127.0.0.1
/// -p PORT -v 9`) to our <see cref="ExportReceiver"/>, so the very same datagrams can then go to
/// nfcapd and to `netflow collect`.
/// </summary>
public static class NfreplayExporter
{
    public static IReadOnlyList<CapturedDatagram> Replay(string nfcapdFile, string workDirectory)
    {
        using var receiver = new ExportReceiver(9);
        string[] arguments = ["-r", nfcapdFile, "-H", "127.0.0.1", "-p", receiver.Port.ToString(CultureInfo.InvariantCulture), "-v", "9"];
        using (var process = ExternalProcess.Start(PeerLocator.Nfreplay, arguments, workingDirectory: workDirectory))
        {
            receiver.ReceiveWhileRunning(process, TimeSpan.FromSeconds(30));
            process.WaitForExit(TimeSpan.FromSeconds(5)).EnsureSuccess();
        }
        receiver.Drain(expected: null, TimeSpan.FromMilliseconds(300));
        if (receiver.Datagrams.Count == 0)
            throw new InvalidOperationException($"nfreplay -r {nfcapdFile} sent nothing.");
        return receiver.Datagrams.ToList();
    }
}
