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
        uint s1 = 0, s2 = 0;
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
