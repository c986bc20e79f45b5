using OstreeSharp.Maintenance;

namespace OstreeSharp.Tests.Maintenance;

public class ByteSizeTests
{
    // Expected strings recorded from GLib 2.74's g_format_size (python3-gi), which ostree 2022.7 prints.
    [Theory]
    [InlineData(0L, "0 bytes")]
    [InlineData(1L, "1 byte")]
    [InlineData(2L, "2 bytes")]
    [InlineData(999L, "999 bytes")]
    [InlineData(1000L, "1.0\u00a0kB")]
    [InlineData(1049L, "1.0\u00a0kB")]
    [InlineData(1050L, "1.1\u00a0kB")]
    [InlineData(1949L, "1.9\u00a0kB")]
    [InlineData(1950L, "1.9\u00a0kB")]
    [InlineData(999949L, "999.9\u00a0kB")]
    [InlineData(999950L, "1000.0\u00a0kB")]
    [InlineData(1000000L, "1.0\u00a0MB")]
    [InlineData(999999999L, "1000.0\u00a0MB")]
    [InlineData(1000000000L, "1.0\u00a0GB")]
    [InlineData(1234567890123L, "1.2\u00a0TB")]
    [InlineData(long.MaxValue, "9.2\u00a0EB")]
    public void MatchesGLib(long bytes, string expected) => Assert.Equal(expected, ByteSize.Format(bytes));

    [Theory]
    [InlineData(1.25, "1.2")] // exact tie: to even
    [InlineData(1.35, "1.4")] // 1.35 is slightly above in binary
    [InlineData(0.05, "0.1")]
    [InlineData(2.5, "2.5")]
    [InlineData(1000.0, "1000.0")]
    public void OneDecimalRoundsLikePrintf(double value, string expected) => Assert.Equal(expected, ByteSize.FormatOneDecimal(value));

    [Fact]
    public void AgreesWithGLibOnRandomSizes()
    {
        var oracle = Support.GLibOracle.TryGet(out string? problem);
        if (oracle is null)
        {
            Assert.True(problem is not null);
            return;
        }
        var rng = new Random(7);
        var sizes = Enumerable.Range(0, 200).Select(_ => (long)Math.Pow(10, rng.NextDouble() * 13)).ToList();
        var psi = new System.Diagnostics.ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("import sys\nfrom gi.repository import GLib\nfor l in sys.stdin: print(GLib.format_size(int(l)))");
        using var p = System.Diagnostics.Process.Start(psi)!;
        p.StandardInput.Write(string.Join('\n', sizes) + "\n");
        p.StandardInput.Close();
        var lines = p.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        p.WaitForExit();
        Assert.Equal(sizes.Count, lines.Length);
        for (int i = 0; i < sizes.Count; i++)
            Assert.Equal(lines[i], ByteSize.Format(sizes[i]));
    }
}
