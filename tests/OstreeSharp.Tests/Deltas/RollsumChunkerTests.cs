using FsCheck;
using FsCheck.Fluent;
using OstreeSharp.Deltas;

namespace OstreeSharp.Tests.Deltas;

public class RollsumChunkerTests
{
    private static byte[] Data(int seed, int size)
    {
        var b = new byte[size];
        new Random(seed).NextBytes(b);
        return b;
    }

    /// <summary>Digest computed from scratch over the zero-padded window ending at <paramref name="end"/> (exclusive).</summary>
    private static uint ReferenceDigest(ReadOnlySpan<byte> chunk, int end, int w, uint off)
    {
        uint s1 = 0, s2 = unchecked((uint)((long)off * w * (w - 3) / 2));
        for (int k = 0; k < w; k++)
        {
            int idx = end - w + k;
            uint v = (idx >= 0 ? chunk[idx] : 0u) + off;
            unchecked
            {
                s1 += v;
                s2 += (uint)(w - k) * v;
            }
        }

        return (s1 << 16) | (s2 & 0xFFFF);
    }

    [Fact]
    public void BoundariesMatchClosedFormDigest()
    {
        foreach (var (w, bits) in new[] { (64, 13), (16, 6), (1, 3), (100, 18) })
        {
            var chunker = new RollsumChunker(new RollsumChunkerOptions { WindowSize = w, SplitBits = bits });
            uint mask = (1u << bits) - 1;
            var data = Data(w * 31 + bits, 60_000);
            var chunks = chunker.Split(data);
            Assert.Equal(data.Length, chunks.Sum(c => c.Length));
            for (int i = 0; i < chunks.Count; i++)
            {
                var c = chunks[i];
                Assert.Equal(i == 0 ? 0 : chunks[i - 1].End, c.Offset);
                var span = data.AsSpan(c.Offset, c.Length);
                for (int e = 1; e <= c.Length; e++)
                {
                    bool hit = (ReferenceDigest(span, e, w, 31) & mask) == mask;
                    bool isEnd = e == c.Length;
                    if (!isEnd || i != chunks.Count - 1)
                    {
                        Assert.Equal(isEnd, hit);
                    }
                    else
                    {
                        Assert.True(!hit || isEnd);
                    }
                }
            }
        }
    }

    [Fact]
    public void MatchesChunksReusedByOstree()
    {
        // Black-box vector: ostree 2022.7 `static-delta generate` on this 300000-byte file, modified by inserting
        // 2000 bytes at 150000, emitted a rollsum delta whose "w" ops (with the old file as read source) copied
        // exactly these (offset, length) chunks of the old file; all chunks except the one holding the edit.
        (int, int)[] reused =
        [
            (0, 3852), (3852, 841), (4693, 1055), (5748, 9267), (15015, 11659), (26674, 10179), (36853, 21920),
            (58773, 5538), (64311, 462), (64773, 4190), (68963, 7796), (76759, 82), (76841, 3644), (80485, 481),
            (80966, 4115), (85081, 6512), (91593, 1795), (93388, 6280), (99668, 281), (99949, 3120), (103069, 16162),
            (151770, 4877), (156647, 22542), (179189, 5960), (185149, 7573), (192722, 4615), (197337, 3040),
            (200377, 9966), (210343, 13316), (223659, 8076), (231735, 18256), (249991, 3297), (253288, 11247),
            (264535, 8451), (272986, 11683), (284669, 14616), (299285, 715),
        ];
        var old = DeltaTestData.XorShift(300_000, 0x9E3779B97F4A7C15);
        var chunks = new RollsumChunker().Split(old).Select(c => (c.Offset, c.Length)).ToList();
        var expected = reused.ToList();
        expected.Insert(21, (119231, 151770 - 119231));
        Assert.Equal(expected, chunks);
    }

    [Fact]
    public void DeterministicAndAverageSizeIsPlausible()
    {
        var data = Data(3, 2_000_000);
        var a = new RollsumChunker().Split(data);
        var b = new RollsumChunker().Split(data);
        Assert.Equal(a, b);
        double avg = (double)data.Length / a.Count;
        Assert.InRange(avg, 4096, 16384);
    }

    [Fact]
    public void EmptyAndConstantInputs()
    {
        var chunker = new RollsumChunker();
        Assert.Empty(chunker.Split([]));
        Assert.Equal(0, chunker.FindSplit([]));
        var zeros = new byte[100_000];
        var chunks = chunker.Split(zeros);
        Assert.Equal(zeros.Length, chunks.Sum(c => c.Length));
        Assert.All(chunks.Take(chunks.Count - 1), c => Assert.Equal(chunks[0].Length, c.Length));
    }

    [Fact]
    public void OptionsValidate()
    {
        var o = new RollsumChunkerOptions();
        Assert.Equal((64, 13, 31), (o.WindowSize, o.SplitBits, o.CharOffset));
        Assert.Throws<ArgumentOutOfRangeException>(() => o.WindowSize = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => o.SplitBits = 31);
        Assert.Throws<ArgumentOutOfRangeException>(() => o.CharOffset = -1);
    }

    [Fact]
    public void InsertionOnlyDisturbsNearbyChunks()
    {
        var chunker = new RollsumChunker(new RollsumChunkerOptions { SplitBits = 10 });
        var gen = Gen.Choose(0, int.MaxValue).SelectMany(seed => Gen.Choose(0, 1000).Select(insertLen => (seed, insertLen)));
        Prop.ForAll(Arb.From(gen), t =>
        {
            var old = Data(t.seed, 60_000);
            var rng = new Random(t.seed ^ 0x5555);
            int at = rng.Next(old.Length);
            var ins = Data(t.seed + 1, t.insertLen);
            byte[] @new = [.. old.AsSpan(0, at), .. ins, .. old.AsSpan(at)];

            var oldB = chunker.Split(old).Select(c => c.End).ToList();
            var newB = chunker.Split(@new).Select(c => c.End).ToHashSet();

            // Before the edit nothing changes.
            Assert.All(oldB.Where(b => b <= at), b => Assert.Contains(b, newB));

            // After the first boundary both agree on (past the edit), all later ones agree too.
            var after = oldB.Where(b => b > at).ToList();
            int firstCommon = after.FindIndex(b => newB.Contains(b + t.insertLen));
            Assert.True(firstCommon >= 0 || after.Count <= 1, "never resynchronised");
            if (firstCommon >= 0)
            {
                Assert.True(firstCommon <= 6, $"resynchronised only after {firstCommon} chunks");
                Assert.All(after.Skip(firstCommon), b => Assert.Contains(b + t.insertLen, newB));
            }
        }).QuickCheckThrowOnFailure();
    }
}
