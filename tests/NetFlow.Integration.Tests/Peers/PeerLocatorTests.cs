namespace NetFlow.Integration.Tests.Peers;

public sealed class PeerLocatorTests
{
    /// <summary>Every peer the differential suite runs must be installed; each missing one fails here by name.</summary>
    [Theory]
    [InlineData("softflowd")]
    [InlineData("tshark")]
    [InlineData("nfcapd")]
    [InlineData("nfdump")]
    [InlineData("kill")]
    public void Every_peer_the_suite_runs_is_installed(string name)
    {
        var path = PeerLocator.Require(name);

        Path.IsPathRooted(path).ShouldBeTrue();
        File.Exists(path).ShouldBeTrue();
    }

    [Fact]
    public void Debian_python_has_scapy() => PeerLocator.PythonWithScapy.ShouldBe("/usr/bin/python3");

    [Fact]
    public void A_missing_peer_fails_loudly_with_what_to_install()
    {
        var error = Should.Throw<PeerMissingException>(() => PeerLocator.Require("netflow-no-such-peer"));

        error.Message.ShouldContain("'netflow-no-such-peer'");
        error.Message.ShouldContain("apt-get install");
        error.Message.ShouldContain("fails instead of skipping");
    }
}
