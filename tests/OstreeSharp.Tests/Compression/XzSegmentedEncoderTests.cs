using OstreeSharp.Compression;

namespace OstreeSharp.Tests.Compression;

/// <summary>
/// <see cref="XzSegmentedEncoder"/>: one .xz block whose LZMA2 data is coded in segments that share the dictionary.
/// </summary>
public sealed class XzSegmentedEncoderTests
{
    /// <summary>6 MiB: 3 MiB of random bytes twice (only matches across the segment boundary can shrink the copy).</summary>
    private static byte[] Repeated()
    {
        var half = new byte[3 << 20];
        new Random(42).NextBytes(half);
        return [.. half, .. half];
    }

    private static byte[] Encode(byte[] data, int segments, int maxParallel, SemaphoreSlim? gate = null, int preset = 1)
    {
        using var output = new MemoryStream();
        // Fast preset, but a dictionary that spans the whole test input.
        var options = new XzEncoderOptions { Preset = preset, DictionarySize = preset < 4 ? 8 << 20 : null };
        XzSegmentedEncoder.Compress(data, output, options, segments, maxParallel, gate);
        return output.ToArray();
    }

    [Fact]
    public void PlanSplitsOnlyLargeInputsInTwo()
    {
        Assert.Equal([0, 1000], XzSegmentedEncoder.Plan(1000, 2));
        Assert.Equal([0, XzSegmentedEncoder.MinSplitLength - 1], XzSegmentedEncoder.Plan(XzSegmentedEncoder.MinSplitLength - 1, 2));
        Assert.Equal([0, 10 << 20], XzSegmentedEncoder.Plan(10 << 20, 1));
        int[] plan = XzSegmentedEncoder.Plan(10 << 20, 2);
        Assert.Equal(3, plan.Length);
        Assert.True(plan[1] >= (4 << 20) && plan[1] <= (6 << 20), $"split at {plan[1]}");
    }

    [Fact]
    public void TwoSegmentsRoundTripAndMatchAcrossTheBoundary()
    {
        byte[] data = Repeated();
        byte[] two = Encode(data, 2, 2);
        Assert.Equal(data, Xz.Decompress(two));

        // Independent blocks would store the second copy again (about 6 MiB in all); sharing the dictionary codes it
        // as matches into the first segment's data.
        Assert.True(two.Length < (3 << 20) + (256 << 10), $"{two.Length} bytes");
        using var oneBlockEach = new MemoryStream();
        Xz.Compress(new MemoryStream(data), oneBlockEach, new XzEncoderOptions { Preset = 1, DictionarySize = 8 << 20, BlockSize = 3_800_000 });
        Assert.True(oneBlockEach.Length > (5 << 20), $"independent blocks: {oneBlockEach.Length} bytes");
    }

    [Fact]
    public void AnIncompressibleFirstSegmentStillLeavesTheDecoderItsProperties()
    {
        // The first segment is random (coded as stored chunks only, which carry no LZMA properties); the second is text,
        // whose first LZMA chunk must therefore bring the properties although it follows the dictionary reset.
        byte[] random = new byte[6 << 20];
        new Random(11).NextBytes(random);
        byte[] text = System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 200_000).Select(i => $"line {i}\n")));
        byte[] data = [.. random, .. text];
        Assert.True(XzSegmentedEncoder.Plan(data.Length, 2)[1] < random.Length);
        byte[] two = Encode(data, 2, 2);
        Assert.Equal(data, Xz.Decompress(two));
        Assert.True(two.Length < random.Length + (text.Length / 2), $"{two.Length} bytes");
    }

    [Fact]
    public void OutputDoesNotDependOnParallelism()
    {
        byte[] data = Repeated();
        byte[] sequential = Encode(data, 2, 1);
        byte[] parallel = Encode(data, 2, 2);
        using var gate = new SemaphoreSlim(1);
        byte[] gated = Encode(data, 2, 2, gate);
        Assert.Equal(sequential, parallel);
        Assert.Equal(sequential, gated);
        Assert.Equal(1, gate.CurrentCount);
    }

    [Fact]
    public void ReusedMatchFinderArraysDoNotChangeTheOutput()
    {
        // Text-like data (so the tree and hash heads are busy) and the repeated random data: each encode after the
        // first works in arrays left by a different input, larger or smaller (so some tables are kept and others
        // replaced), one or two segments.
        var rng = new Random(3);
        var text = new byte[5 << 20];
        for (int i = 0; i < text.Length; i++)
        {
            text[i] = (byte)("abcdefgh \n"[rng.Next(3) == 0 ? rng.Next(10) : i % 10]);
        }

        byte[] repeated = Repeated();
        byte[] small = text[..(1 << 20)];
        var options = new XzEncoderOptions { Preset = 6 };
        byte[] Run(byte[] data, int segments, LzmaMatchFinderPool? pool)
        {
            using var output = new MemoryStream();
            XzSegmentedEncoder.Compress(data, output, options, segments, 2, null, pool: pool);
            return output.ToArray();
        }

        var pool = new LzmaMatchFinderPool(2);
        foreach ((byte[] data, int segments) in new[] { (small, 1), (text, 1), (repeated, 2), (small, 1), (text, 2), (repeated, 1) })
        {
            byte[] pooled = Run(data, segments, pool);
            Assert.Equal(Run(data, segments, null), pooled);
            Assert.Equal(data, Xz.Decompress(pooled));
        }

        LzmaMatchFinderStorage a = pool.Rent(), b = pool.Rent(), c = pool.Rent();
        Assert.True(a.Tree.Length > 0 && b.Tree.Length > 0, "two storages kept for reuse");
        Assert.Empty(c.Tree);
        Assert.True(a.Bytes >= b.Bytes, "the largest storage is handed out first");
    }

    [Fact]
    public void RealXzAcceptsTwoSegments()
    {
        if (!XzTool.Available())
        {
            return;
        }

        // Text-like data so most chunks are LZMA-coded (not stored) on both sides of the boundary.
        var rng = new Random(7);
        string[] words = ["ostree", "delta", "part", "segment", "dictionary", "match", "literal", "block", "stream", "chunk"];
        var text = new System.Text.StringBuilder();
        while (text.Length < (5 << 20))
        {
            text.Append(words[rng.Next(words.Length)]).Append(rng.Next(1000)).Append(rng.Next(8) == 0 ? '\n' : ' ');
        }

        byte[] data = System.Text.Encoding.ASCII.GetBytes(text.ToString());
        byte[] two = Encode(data, 2, 2, preset: 8);
        Assert.Equal(data, XzTool.Decompress(two));
        string list = XzTool.List(two);
        Assert.Contains("\nblock\t1\t1\t", list, StringComparison.Ordinal);
        Assert.DoesNotContain("\nblock\t1\t2\t", list, StringComparison.Ordinal);
    }

    [Fact]
    public void SmallInputIsOneSegmentWithASmallDictionary()
    {
        byte[] data = System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("hello static delta ", 100)));
        byte[] xz = Encode(data, 2, 2, preset: 8);
        Assert.Equal(data, Xz.Decompress(xz));
        if (XzTool.Available())
        {
            Assert.Equal(data, XzTool.Decompress(xz));

            // The header's dictionary is sized to the input, not preset 8's 32 MiB.
            Assert.DoesNotContain("dict=32MiB", XzTool.List(xz), StringComparison.Ordinal);
        }
    }
}
