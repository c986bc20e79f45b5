using FsCheck;
using FsCheck.Fluent;
using OstreeSharp.Compression;

namespace OstreeSharp.Tests.Compression;

/// <summary>
/// <see cref="LzmaFarMatches"/> and encoders whose tree covers only part of the dictionary
/// (<see cref="LzmaEncoderSettings.MatchWindow"/>).
/// </summary>
public sealed class LzmaFarMatchesTests
{
    /// <summary>A random block, random filler, the block again with a few bytes changed, then a random tail.</summary>
    private static (byte[] Data, int BlockAt, int CopyAt, int BlockLength) RepeatAfterFiller(int block, int filler, int seed = 5)
    {
        var rng = new Random(seed);
        var a = new byte[block];
        rng.NextBytes(a);
        var fill = new byte[filler];
        rng.NextBytes(fill);
        var copy = (byte[])a.Clone();
        for (int i = 1; i <= 3; i++)
        {
            copy[i * block / 4] ^= 0x5A;
        }

        var tail = new byte[4096];
        rng.NextBytes(tail);
        return ([.. a, .. fill, .. copy, .. tail], 0, block + filler, block);
    }

    /// <summary>Checks what every result must satisfy and returns the bytes covered.</summary>
    private static long CheckInvariants(ReadOnlySpan<byte> data, int codeStart, int minDistance, int maxDistance, LzmaFarMatches far)
    {
        long covered = 0;
        int previousEnd = codeStart;
        for (int i = 0; i < far.Count; i++)
        {
            int start = far.Start(i), length = far.Length(i), distance = far.Distance(i);
            Assert.True(start >= previousEnd, $"match {i} at {start} overlaps the previous one or starts before the coded range");
            Assert.True(length >= LzmaFarMatches.BlockLength, $"match {i} is {length} bytes");
            Assert.InRange(distance, minDistance + 1, maxDistance);
            Assert.True(start - distance >= 0, $"match {i} reaches before the data");
            Assert.True(start + length <= data.Length);
            Assert.True(data.Slice(start, length).SequenceEqual(data.Slice(start - distance, length)), $"match {i} copies different bytes");
            previousEnd = start + length;
            covered += length;
        }

        return covered;
    }

    [Fact]
    public void FindsADistantRepeatNearlyWhole()
    {
        (byte[] data, _, int copyAt, int block) = RepeatAfterFiller(1 << 20, 3 << 20);
        LzmaFarMatches far = LzmaFarMatches.Find(data, 0, minDistance: 1 << 20, maxDistance: 8 << 20);
        long covered = CheckInvariants(data, 0, 1 << 20, 8 << 20, far);

        // Three changed bytes split the copy in four; each piece is found up to a few bytes from its ends.
        Assert.True(covered > block - 1024, $"{covered} of {block} bytes covered");
        Assert.True(far.Count is >= 4 and <= 8, $"{far.Count} matches");
        for (int i = 0; i < far.Count; i++)
        {
            Assert.Equal(copyAt, far.Distance(i));
        }
    }

    [Fact]
    public void LeavesCloseAndOutOfReachRepeatsAlone()
    {
        (byte[] data, _, int copyAt, _) = RepeatAfterFiller(256 << 10, 3 << 20);
        Assert.Equal(0, LzmaFarMatches.Find(data, 0, minDistance: copyAt, maxDistance: 8 << 20).Count);
        Assert.Equal(0, LzmaFarMatches.Find(data, 0, minDistance: 1 << 20, maxDistance: copyAt - 1).Count);

        // A code start after the copy: the copy is history, not to be coded.
        Assert.Equal(0, LzmaFarMatches.Find(data, data.Length - 4096, minDistance: 1 << 20, maxDistance: 8 << 20).Count);

        // A code start inside the first block: the copy is still found (its source is history).
        Assert.True(LzmaFarMatches.Find(data, 100_000, minDistance: 1 << 20, maxDistance: 8 << 20).Count > 0);
    }

    [Fact]
    public void SatisfiesItsInvariantsOnRepetitiveInput()
    {
        // Inputs built from a few random chunks repeated at random places, with random edits: many candidate
        // blocks, collisions and overlapping repeats.
        Gen<(byte[] Data, int CodeStart, int MinDistance)> inputs =
            from seed in Gen.Choose(0, int.MaxValue)
            from size in Gen.Choose(1, 200_000)
            from startShare in Gen.Choose(0, 100)
            from minDistance in Gen.Choose(0, 50_000)
            select Build(seed, size, startShare, minDistance);
        Prop.ForAll(Arb.From(inputs), input =>
        {
            int maxDistance = 150_000;
            LzmaFarMatches far = LzmaFarMatches.Find(input.Data, input.CodeStart, input.MinDistance, maxDistance);
            CheckInvariants(input.Data, input.CodeStart, input.MinDistance, maxDistance, far);
            return true;
        }).QuickCheckThrowOnFailure();

        static (byte[], int, int) Build(int seed, int size, int startShare, int minDistance)
        {
            var rng = new Random(seed);
            var pieces = new byte[4][];
            for (int i = 0; i < pieces.Length; i++)
            {
                pieces[i] = new byte[rng.Next(1, 5000)];
                rng.NextBytes(pieces[i]);
            }

            var data = new byte[size];
            int at = 0;
            while (at < size)
            {
                byte[] piece = pieces[rng.Next(pieces.Length)];
                int n = Math.Min(piece.Length, size - at);
                piece.AsSpan(0, n).CopyTo(data.AsSpan(at));
                if (rng.Next(3) == 0)
                {
                    data[at + rng.Next(n)] ^= 1;
                }

                at += n;
            }

            return (data, (int)((long)size * startShare / 100), minDistance);
        }
    }

    [Fact]
    public void AnEncoderWithASmallTreeFindsTheDistantCopyThroughFarMatches()
    {
        // The copy is 3 MiB back: beyond a 1 MiB tree, within the 8 MiB dictionary.
        (byte[] data, _, _, int block) = RepeatAfterFiller(1 << 20, 2 << 20);
        byte[] Encode(int? window, bool far, int segments)
        {
            using var output = new MemoryStream();
            var options = new XzEncoderOptions { Preset = 6, DictionarySize = 8 << 20, MatchWindow = window, FarMatches = far };
            XzSegmentedEncoder.Compress(data, output, options, segments, 2, null);
            return output.ToArray();
        }

        byte[] full = Encode(null, false, 1);
        byte[] small = Encode(1 << 20, false, 1);
        byte[] smallFar = Encode(1 << 20, true, 1);
        byte[] smallFarTwo = Encode(1 << 20, true, 2);
        foreach (byte[] xz in new[] { full, small, smallFar, smallFarTwo })
        {
            Assert.Equal(data, Xz.Decompress(xz));
        }

        // Without far matches the small tree codes the copy again; with them it costs about what the full tree pays.
        Assert.True(small.Length > data.Length - 1024, $"small tree alone: {small.Length} bytes");
        Assert.True(smallFar.Length < data.Length - block + 8192, $"small tree and far matches: {smallFar.Length} bytes");
        Assert.True(smallFar.Length < full.Length + 1024, $"{smallFar.Length} vs full tree {full.Length}");

        // Split in two segments (the copy lies in the second, its source in the first's history) it still works.
        Assert.True(smallFarTwo.Length < data.Length - block + 8192, $"two segments: {smallFarTwo.Length} bytes");
        if (XzTool.Available())
        {
            Assert.Equal(data, XzTool.Decompress(smallFarTwo));
        }
    }

    [Fact]
    public void SmallTreesRoundTripOnMixedInput()
    {
        // Short-range text structure for the tree, long-range repeats for the far matches, small windows so that
        // the tree's cyclic buffer wraps many times.
        Gen<(byte[] Data, int Window)> inputs =
            from seed in Gen.Choose(0, int.MaxValue)
            from size in Gen.Choose(1, 300_000)
            from window in Gen.Elements(4096, 10_000, 65_536)
            select (Mixed(seed, size), window);
        Prop.ForAll(Arb.From(inputs), input =>
        {
            using var output = new MemoryStream();
            var options = new XzEncoderOptions { Preset = 7, DictionarySize = 1 << 20, MatchWindow = input.Window, FarMatches = true };
            XzSegmentedEncoder.Compress(input.Data, output, options, 1, 1, null);
            return Xz.Decompress(output.ToArray()).AsSpan().SequenceEqual(input.Data);
        }).QuickCheckThrowOnFailure();

        static byte[] Mixed(int seed, int size)
        {
            var rng = new Random(seed);
            var data = new byte[size];
            for (int i = 0; i < size;)
            {
                int len = Math.Min(size - i, rng.Next(1, 20_000));
                if (i > 0 && rng.Next(2) == 0)
                {
                    int from = rng.Next(i);
                    for (int k = 0; k < len; k++)
                    {
                        data[i + k] = data[from + k];
                    }
                }
                else
                {
                    for (int k = 0; k < len; k++)
                    {
                        data[i + k] = (byte)("ostree delta \n"[rng.Next(3) == 0 ? rng.Next(14) : (i + k) % 14]);
                    }
                }

                i += len;
            }

            return data;
        }
    }
}
