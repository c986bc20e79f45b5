using FsCheck;
using FsCheck.Fluent;
using OstreeSharp.Deltas;

namespace OstreeSharp.Tests.Deltas;

public class BsdiffTests
{
    private static byte[] RandomBytes(Random rng, int size, int alphabet = 256)
    {
        var b = new byte[size];
        for (int i = 0; i < size; i++)
        {
            b[i] = (byte)rng.Next(alphabet);
        }

        return b;
    }

    /// <summary>Builds an (old, new) pair of one of several shapes from a seed.</summary>
    internal static (byte[] Old, byte[] New) Pair(int kind, int seed, int size)
    {
        var rng = new Random(seed);
        int alphabet = rng.Next(2) == 0 ? 256 : 1 + rng.Next(4);
        var old = RandomBytes(rng, size, alphabet);
        var list = new List<byte>(old);
        switch (kind)
        {
            case 0: // a few small edits
                for (int e = rng.Next(1, 6); e > 0 && list.Count > 0; e--)
                {
                    int at = rng.Next(list.Count);
                    for (int j = at; j < Math.Min(list.Count, at + rng.Next(1, 12)); j++)
                    {
                        list[j] = (byte)rng.Next(256);
                    }
                }

                break;
            case 1: // insertions
                for (int e = rng.Next(1, 4); e > 0; e--)
                {
                    list.InsertRange(rng.Next(list.Count + 1), RandomBytes(rng, rng.Next(1, 200)));
                }

                break;
            case 2: // deletions
                for (int e = rng.Next(1, 4); e > 0 && list.Count > 0; e--)
                {
                    int at = rng.Next(list.Count);
                    list.RemoveRange(at, Math.Min(list.Count - at, rng.Next(1, 300)));
                }

                break;
            case 3: // empty on one or both sides
                return rng.Next(3) switch
                {
                    0 => ([], old),
                    1 => (old, []),
                    _ => ([], []),
                };
            case 4: // blocks of old shuffled with junk
                list.Clear();
                while (list.Count < size && old.Length > 0)
                {
                    int at = rng.Next(old.Length);
                    int len = Math.Min(old.Length - at, rng.Next(1, 500));
                    list.AddRange(old.AsSpan(at, len).ToArray());
                    if (rng.Next(3) == 0)
                    {
                        list.AddRange(RandomBytes(rng, rng.Next(1, 50)));
                    }
                }

                break;
            default: // unrelated data
                return (old, RandomBytes(rng, rng.Next(size + 1), alphabet));
        }

        return (old, list.ToArray());
    }

    [Fact]
    public void RoundTripProperty()
    {
        var gen = Gen.Choose(0, 5).SelectMany(kind => Gen.Choose(0, int.MaxValue).SelectMany(seed => Gen.Choose(0, 6000).Select(size => (kind, seed, size))));
        Prop.ForAll(Arb.From(gen), t =>
        {
            var (old, @new) = Pair(t.kind, t.seed, t.size);
            var patch = BsDiff.Create(old, @new);
            Assert.Equal(@new, BsPatch.Apply(old, patch, @new.Length));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void RoundTripArbitrarySmallInputs()
    {
        var bytes = Gen.ArrayOf(Gen.Choose(0, 3).Select(i => (byte)i));
        Prop.ForAll(Arb.From(bytes), Arb.From(bytes), (old, @new) =>
        {
            var patch = BsDiff.Create(old, @new);
            Assert.Equal(@new, BsPatch.Apply(old, patch, @new.Length));
            using var ms = new MemoryStream();
            BsPatch.Apply(old, patch, @new.Length, ms);
            Assert.Equal(@new, ms.ToArray());
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(2, 3)]
    [InlineData(4, 4)]
    [InlineData(5, 5)]
    public void RoundTripLarge(int kind, int seed)
    {
        var (old, @new) = Pair(kind, seed, 200_000);
        var patch = BsDiff.Create(old, @new);
        Assert.Equal(@new, BsPatch.Apply(old, patch, @new.Length));
        var span = new byte[@new.Length];
        BsPatch.Apply(old, patch, span);
        Assert.Equal(@new, span);
    }

    [Fact]
    public void HandWrittenVectorMatchesSpecShape()
    {
        // Spec §8.5: a 300000-byte file with one 10-byte change → one control triple + 300000 diff bytes.
        var old = RandomBytes(new Random(42), 300_000);
        var @new = (byte[])old.Clone();
        for (int i = 0; i < 10; i++)
        {
            @new[123_456 + i] ^= (byte)(0x11 + i);
        }

        var patch = new byte[24 + 300_000];
        patch[0] = 0xE0; patch[1] = 0x93; patch[2] = 0x04; // 300000 = 0x0493E0, little-endian
        for (int i = 0; i < 10; i++)
        {
            patch[24 + 123_456 + i] = (byte)(@new[123_456 + i] - old[123_456 + i]);
        }

        Assert.Equal(@new, BsPatch.Apply(old, patch, 300_000));

        var generated = BsDiff.Create(old, @new);
        Assert.Equal(24 + 300_000, generated.Length);
        Assert.Equal(patch.AsSpan(0, 8).ToArray(), generated.AsSpan(0, 8).ToArray());
        Assert.Equal(0L, BitConverter.ToInt64(generated, 8));
        Assert.Equal(@new, BsPatch.Apply(old, generated, @new.Length));
    }

    [Fact]
    public void MatchesPatchEmittedByOstree()
    {
        // Black-box vector: ostree 2022.7 `static-delta generate` chose bsdiff for this edit (every 1500th byte
        // flipped, 180 bytes inserted at 50000, 500 bytes deleted at 120000); the "B" op's patch in the part blob
        // was 199752 bytes (3 control triples) with this SHA-256.
        var old = DeltaTestData.XorShift(200_000, 0x9E3779B97F4A7C15);
        var list = new List<byte>(old);
        for (int i = 0; i < list.Count; i += 1500)
        {
            list[i] ^= 0x41;
        }

        list.InsertRange(50_000, Enumerable.Repeat("hello world insert"u8.ToArray(), 10).SelectMany(b => b));
        list.RemoveRange(120_000, 500);
        var @new = list.ToArray();

        var patch = BsDiff.Create(old, @new);
        Assert.Equal(199_752, patch.Length);
        Assert.Equal("50335cb78ef9436ab785e6da8ffd08a60b9f8a0fd42f7893f670e2fe1e927fbb", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(patch)));
        Assert.Equal(@new, BsPatch.Apply(old, patch, @new.Length));
    }

    [Fact]
    public void SignMagnitudeIntegers()
    {
        // Two blocks: "ab" from extra, then seek −0 (negative zero), then diff against old[0..2) with seek −2.
        byte[] old = [10, 20, 30];
        var patch = new List<byte>();
        void Ctrl(ulong a, ulong b, ulong c)
        {
            patch.AddRange(BitConverter.GetBytes(a));
            patch.AddRange(BitConverter.GetBytes(b));
            patch.AddRange(BitConverter.GetBytes(c));
        }

        Ctrl(0, 2, 0x8000_0000_0000_0000UL);
        patch.AddRange("ab"u8.ToArray());
        Ctrl(3, 0, 0x8000_0000_0000_0003UL);
        patch.AddRange(new byte[] { 1, 255, 0 });
        Ctrl(1, 0, 0);
        patch.Add(5);
        Assert.Equal(new byte[] { (byte)'a', (byte)'b', 11, 19, 30, 15 }, BsPatch.Apply(old, patch.ToArray(), 6));
    }

    [Fact]
    public void OneByteChangeInOneMegabyteIsMostlyZeroDiff()
    {
        var old = RandomBytes(new Random(7), 1 << 20);
        var @new = (byte[])old.Clone();
        @new[500_000] ^= 0x5A;
        var patch = BsDiff.Create(old, @new);
        Assert.True(patch.Length <= (1 << 20) + 3 * 24, $"patch {patch.Length}");
        int nonZero = patch.Skip(24).Count(b => b != 0);
        Assert.True(nonZero <= 4, $"{nonZero} non-zero payload bytes");
    }

    private static void AssertOnlyFormatError(byte[] old, byte[] patch, long newSize)
    {
        try
        {
            BsPatch.Apply(old, patch, newSize);
        }
        catch (BsdiffFormatException)
        {
        }

        try
        {
            BsPatch.Apply(old, patch, newSize, Stream.Null);
        }
        catch (BsdiffFormatException)
        {
        }
    }

    [Fact]
    public void EveryTruncationIsRejected()
    {
        var (old, @new) = Pair(4, 99, 2000);
        var patch = BsDiff.Create(old, @new);
        Assert.True(patch.Length > 48);
        for (int cut = 0; cut < patch.Length; cut++)
        {
            Assert.Throws<BsdiffFormatException>(() => BsPatch.Apply(old, patch.AsSpan(0, cut), @new.Length));
            Assert.Throws<BsdiffFormatException>(() => BsPatch.Apply(old, patch.AsSpan(0, cut), @new.Length, Stream.Null));
        }
    }

    [Fact]
    public void WrongSizeOrLeftoverIsRejected()
    {
        var (old, @new) = Pair(0, 5, 3000);
        var patch = BsDiff.Create(old, @new);
        Assert.Throws<BsdiffFormatException>(() => BsPatch.Apply(old, patch, @new.Length + 1));
        Assert.Throws<BsdiffFormatException>(() => BsPatch.Apply(old, patch, @new.Length - 1));
        Assert.Throws<BsdiffFormatException>(() => BsPatch.Apply(old, [.. patch, 0], @new.Length));
        Assert.Throws<BsdiffFormatException>(() => BsPatch.Apply(old, patch, long.MaxValue));
        Assert.Throws<ArgumentOutOfRangeException>(() => BsPatch.Apply(old, patch, -1));
        Assert.Throws<BsdiffFormatException>(() => BsPatch.Apply(old, patch, new byte[@new.Length + 5]));
    }

    [Fact]
    public void SignFlipsAndHugeLengths()
    {
        var (old, @new) = Pair(1, 11, 1500);
        var patch = BsDiff.Create(old, @new);
        // Walk the control triples to know where they are.
        var controls = new List<int>();
        for (int p = 0; p < patch.Length;)
        {
            controls.Add(p);
            p += 24 + (int)BitConverter.ToInt64(patch, p) + (int)BitConverter.ToInt64(patch, p + 8);
        }

        foreach (int c in controls)
        {
            for (int field = 0; field < 3; field++)
            {
                int at = c + (field * 8);
                var flipped = (byte[])patch.Clone();
                flipped[at + 7] ^= 0x80;
                if (field < 2 && BitConverter.ToInt64(patch, at) != 0)
                {
                    Assert.Throws<BsdiffFormatException>(() => BsPatch.Apply(old, flipped, @new.Length));
                }
                else
                {
                    AssertOnlyFormatError(old, flipped, @new.Length);
                }

                foreach (ulong huge in new[] { 0x7FFF_FFFF_FFFF_FFFFUL, 0xFFFF_FFFF_FFFF_FFFFUL, 1UL << 40, (ulong)int.MaxValue + 1, (ulong)patch.Length })
                {
                    var h = (byte[])patch.Clone();
                    BitConverter.TryWriteBytes(h.AsSpan(at, 8), huge);
                    AssertOnlyFormatError(old, h, @new.Length);
                    if (field < 2)
                    {
                        Assert.Throws<BsdiffFormatException>(() => BsPatch.Apply(old, h, @new.Length));
                    }
                }
            }
        }
    }

    [Fact]
    public void ReadOutsideOldIsRejected()
    {
        var patch = new byte[24 + 4];
        patch[0] = 4;
        patch[16] = 1;
        Assert.Throws<BsdiffFormatException>(() => BsPatch.Apply(new byte[3], patch, 4));
        patch[16] = 0;
        var twoBlocks = new byte[(2 * 24) + 2];
        twoBlocks[0] = 1; twoBlocks[16] = 5; // diff 1, seek +5
        twoBlocks[25] = 1; // second block diff 1 at old position 6 (outside 4-byte old)
        Assert.Throws<BsdiffFormatException>(() => BsPatch.Apply(new byte[4], twoBlocks, 2));
        twoBlocks[16] = 2; twoBlocks[23] = 0x80; // seek −2 → old position −1
        Assert.Throws<BsdiffFormatException>(() => BsPatch.Apply(new byte[4], twoBlocks, 2));
        Assert.Equal(new byte[] { 0, 0, 0, 0 }, BsPatch.Apply(new byte[4], patch, 4));
    }

    [Fact]
    public void RandomCorruptionOnlyRaisesFormatErrors()
    {
        var (old, @new) = Pair(4, 3, 1200);
        var patch = BsDiff.Create(old, @new);
        var gen = Gen.ListOf(Gen.Choose(0, patch.Length - 1).SelectMany(at => Gen.Choose(0, 255).Select(v => (at, v))));
        Prop.ForAll(Arb.From(gen), Arb.From(Gen.Choose(-2, 2)), (edits, sizeDelta) =>
        {
            var p = (byte[])patch.Clone();
            foreach (var (at, v) in edits)
            {
                p[at] = (byte)v;
            }

            AssertOnlyFormatError(old, p, Math.Max(0, @new.Length + sizeDelta));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void SuffixArrayIsSorted()
    {
        var bytes = Gen.ArrayOf(Gen.Choose(0, 2).Select(i => (byte)i));
        Prop.ForAll(Arb.From(bytes), data =>
        {
            var expected = Enumerable.Range(0, data.Length).ToArray();
            Array.Sort(expected, (a, b) => data.AsSpan(a).SequenceCompareTo(data.AsSpan(b)));
            Assert.Equal(expected, SuffixArray.Build(data));
        }).QuickCheckThrowOnFailure();
    }
}
