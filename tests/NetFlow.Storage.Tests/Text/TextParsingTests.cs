using NetFlow.Storage.Query.Output;
using NetFlow.Storage.Text;

namespace NetFlow.Storage.Tests.Text;

public sealed class TextParsingTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("15m", 900)]
    [InlineData("1h", 3600)]
    [InlineData("7d", 604800)]
    [InlineData("2w", 1209600)]
    [InlineData("1.5h", 5400)]
    [InlineData("01:00:00", 3600)]
    public void Durations(string text, double seconds) => DurationText.Parse(text, "x").TotalSeconds.ShouldBe(seconds);

    [Theory]
    [InlineData("")]
    [InlineData("5x")]
    [InlineData("-1h")]
    [InlineData("h")]
    public void Bad_durations_name_the_option(string text) =>
        Should.Throw<FormatException>(() => DurationText.Parse(text, "--last")).Message.ShouldStartWith("--last");

    [Theory]
    [InlineData("500M", 500_000_000L)]
    [InlineData("20G", 20_000_000_000L)]
    [InlineData("1.5T", 1_500_000_000_000L)]
    [InlineData("512MiB", 512L << 20)]
    [InlineData("4096", 4096L)]
    [InlineData("2gib", 2L << 30)]
    public void Sizes(string text, long bytes) => ByteSizeText.Parse(text, "x").ShouldBe(bytes);

    [Theory]
    [InlineData("12Q")]
    [InlineData("G")]
    [InlineData("-5G")]
    public void Bad_sizes(string text) => ByteSizeText.TryParse(text, out _).ShouldBeFalse();

    [Theory]
    [InlineData(0, "B", "0 B")]
    [InlineData(999, "B", "999 B")]
    [InlineData(1000, "B", "1.0 kB")]
    [InlineData(1_234_567_890, "B", "1.23 GB")]
    [InlineData(3_400_000, "pps", "3.4 Mpps")]
    [InlineData(850_000, "bps", "850 kbps")]
    [InlineData(48_597_961, "", "48.6 M")]
    public void Human_units(double value, string unit, string text) => HumanUnits.Format(value, unit).ShouldBe(text);

    [Theory]
    [InlineData(0x1b, "...AP.SF")]
    [InlineData(0x12, "...A..S.")]
    [InlineData(0xff, "CEUAPRSF")]
    [InlineData(0, "........")]
    public void Tcp_flags_read_as_nfdump_prints_them(ushort flags, string text) => ValueText.TcpFlagsText(flags).ShouldBe(text);
}
