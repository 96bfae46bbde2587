namespace NetFlow.Integration.Tests.Peers;

/// <summary>
/// A real peer this test needs is not installed (or not usable). Thrown, never swallowed: a
/// differential test without its peer must fail, not skip or pass.
/// </summary>
public sealed class PeerMissingException : Exception
{
    public PeerMissingException()
    {
    }

    public PeerMissingException(string message) : base(message)
    {
    }

    public PeerMissingException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
