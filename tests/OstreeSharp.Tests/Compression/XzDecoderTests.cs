using System.Text;
using OstreeSharp.Compression;

namespace OstreeSharp.Tests.Compression;

public class XzDecoderTests
{
    internal static byte[] Text(int size)
    {
        var sb = new StringBuilder();
        var rng = new Random(size);
        string[] words = ["ostree", "commit", "dirtree", "the", "a", "repository", "static", "delta", "xz", "lzma", "\n", "of", "object"];
        while (sb.Length < size)
        {
            sb.Append(words[rng.Next(words.Length)]).Append(' ');
        }

        return Encoding.ASCII.GetBytes(sb.ToString()[..size]);
    }

    internal static byte[] Random(int size, int seed = 7)
    {
        var b = new byte[size];
        new Random(seed).NextBytes(b);
        return b;
    }

    private static void RoundTrip(byte[] original, params string[] xzArgs)
    {
        byte[] compressed = XzTool.Compress(original, xzArgs);
        Assert.Equal(original, Xz.Decompress(compressed));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(70_000)]
    [InlineData(3_000_000)]
    public void TextRoundTrips(int size)
    {
        if (!XzTool.Available())
        {
            return;
        }

        RoundTrip(Text(size));
    }
}
