using System.IO.Compression;
using System.Text;
using OstreeSharp.Compression;

namespace OstreeSharp.Tests.Compression;

/// <summary>
/// <see cref="LzmaRawBlocks"/>: already-compressed blocks are coded without match search, their repeats found by
/// <see cref="LzmaFarMatches"/> however near; segments are balanced by the estimated coding time.
/// </summary>
public sealed class LzmaRawBlocksTests
{
    private const int Block = 1 << LzmaRawBlocks.BlockShift;

    private static byte[] RandomBytes(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    private static byte[] Text(int length)
    {
        var sb = new StringBuilder();
        for (int i = 0; sb.Length < length; i++)
        {
            sb.Append("usr/lib/x86_64-linux-gnu/libexample.so.").Append(i % 97).Append(" depends on libc6 (>= 2.").Append(i % 37).Append(")\n");
        }

        return Encoding.ASCII.GetBytes(sb.ToString(0, length));
    }

    [Fact]
    public void RandomAndDeflatedBlocksAreRawTextAndZerosAreNot()
    {
        byte[] random = RandomBytes((3 * Block) + 100, 1);
        Assert.Equal([1, 1, 1], LzmaRawBlocks.Find(random)); // the partial block at the end has no flag

        Assert.All(LzmaRawBlocks.Find(Text(16 * Block)), flag => Assert.Equal(0, flag));
        Assert.All(LzmaRawBlocks.Find(new byte[8 * Block]), flag => Assert.Equal(0, flag));

        // A deflate stream of real content (what .gz files and .deb members hold) looks random too: here the runtime's
        // core library, deflated. (Deflated synthetic text this repetitive stays near 7.2 bits per byte: not raw.)
        byte[] library = File.ReadAllBytes(typeof(object).Assembly.Location);
        using var deflated = new MemoryStream();
        using (var z = new ZLibStream(deflated, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(library.AsSpan(0, Math.Min(library.Length, 4 << 20)));
        }

        byte[] flags = LzmaRawBlocks.Find(deflated.ToArray());
        Assert.True(flags.Length >= 64, $"{flags.Length} blocks");
        Assert.True(flags.Count(f => f != 0) >= flags.Length * 9 / 10, $"{flags.Count(f => f != 0)} of {flags.Length} raw");
    }

    [Fact]
    public void PlanBalancesSearchedAgainstRawBlocks()
    {
        const int blocks = 2048; // 8 MiB: large enough to be split
        int length = blocks * Block;
        byte[] rawFirst = [.. Enumerable.Repeat((byte)1, blocks / 2), .. new byte[blocks / 2]];
        byte[] rawLast = [.. new byte[blocks / 2], .. Enumerable.Repeat((byte)1, blocks / 2)];

        // Without flags (or with none raw) the split is the byte share; with raw blocks first, the first segment takes
        // them all and part of the searched ones, and the other way round.
        Assert.Equal(XzSegmentedEncoder.Plan(length, 2), XzSegmentedEncoder.Plan(length, 2, null));
        Assert.Equal([0, length / 2, length], XzSegmentedEncoder.Plan(length, 2, new byte[blocks]));
        int[] a = XzSegmentedEncoder.Plan(length, 2, rawFirst);
        int[] b = XzSegmentedEncoder.Plan(length, 2, rawLast);
        Assert.Equal(3, a.Length);
        Assert.Equal(length, a[2]);
        Assert.Equal(0, a[1] % Block);
        Assert.Equal(0, b[1] % Block);
        Assert.InRange(a[1], ((blocks / 2) + (blocks / 8)) * Block, (blocks - (blocks / 8)) * Block);
        Assert.InRange(b[1], (blocks / 8) * Block, ((blocks / 2) - (blocks / 8)) * Block);

        // The weights keep each segment at least an eighth of the input: the extreme is every searched block first.
        byte[] searchedEighth = [.. new byte[blocks / 8], .. Enumerable.Repeat((byte)1, blocks - (blocks / 8))];
        Assert.Equal(blocks / 8 * Block, XzSegmentedEncoder.Plan(length, 2, searchedEighth)[1]);
    }

    [Fact]
    public void ANearRepeatInRawBlocksIsFoundWithoutTheTree()
    {
        // Random data, text, the same random data again: all within the tree's reach, but the tree does not search
        // raw blocks, so only far matches (near ones allowed there) can code the copy.
        byte[] random = RandomBytes(1 << 20, 3);
        byte[] text = Text(256 << 10);
        byte[] data = [.. random, .. text, .. random];
        byte[] Encode(bool inMemory, int segments)
        {
            using var output = new MemoryStream();
            var options = new XzEncoderOptions { Preset = 6, DictionarySize = 8 << 20, MatchWindow = inMemory ? 4 << 20 : null, FarMatches = inMemory };
            XzSegmentedEncoder.Compress(data, output, options, segments, 2, null);
            return output.ToArray();
        }

        byte[] one = Encode(true, 1);
        foreach (int segments in new[] { 1, 2 })
        {
            byte[] xz = segments == 1 ? one : Encode(true, segments);
            Assert.Equal(data, Xz.Decompress(xz));
            Assert.True(xz.Length < random.Length + (text.Length / 4), $"{segments} segment(s): {xz.Length} bytes");
            if (XzTool.Available())
            {
                Assert.Equal(data, XzTool.Decompress(xz));
            }
        }

        // The tree alone (no raw blocks) finds the copy too: the raw path costs at most a little size.
        byte[] tree = Encode(false, 1);
        Assert.True(one.Length < tree.Length + 4096, $"raw {one.Length} vs tree {tree.Length}");
    }
}
