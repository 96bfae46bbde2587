using NetFlow.Capture;

namespace NetFlow.Protocol.Tests.Capture;

internal static class CaptureBytes
{
    /// <summary>Reads an in-memory capture to the end, through the public stream overload.</summary>
    public static List<CapturedDatagram> Read(byte[] file, CaptureReadStats stats, string name = "test.cap") =>
        [.. CaptureReader.Read(new MemoryStream(file), stats, name, rawTimestampUtc: DateTime.UnixEpoch)];
}
