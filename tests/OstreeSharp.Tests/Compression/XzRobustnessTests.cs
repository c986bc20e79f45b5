using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using OstreeSharp.Compression;

namespace OstreeSharp.Tests.Compression;

public class XzRobustnessTests
{
    /// <summary>Decodes, returning the output or null when (and only when) an <see cref="XzFormatException"/> is raised.</summary>
    private static byte[]? TryDecode(byte[] data, int readSize = 8192)
    {
        try
        {
            using var s = new XzDecoderStream(new MemoryStream(data));
            var output = new MemoryStream();
            var buf = new byte[readSize];
            int n;
            while ((n = s.Read(buf)) > 0)
            {
                output.Write(buf, 0, n);
            }

            return output.ToArray();
        }
        catch (XzFormatException)
        {
            return null;
        }
    }

    [Fact]
    public void EverySingleByteCorruptionIsDetected()
    {
        if (!XzTool.Available())
        {
            return;
        }

        byte[] original = XzDecoderTests.Text(3000);
        foreach (string[] args in new[] { new[] { "--check=crc64" }, ["--check=crc32", "--block-size=1000"], ["--check=sha256", "-0"] })
        {
            byte[] xz = XzTool.Compress(original, args);
            Assert.Equal(original, TryDecode(xz));
            for (int i = 0; i < xz.Length; i++)
            {
                foreach (byte mask in new byte[] { 0x01, 0x80, 0xFF })
                {
                    byte[] bad = (byte[])xz.Clone();
                    bad[i] ^= mask;
                    Assert.True(TryDecode(bad) is null, $"xz {string.Join(' ', args)}: flipping byte {i} with 0x{mask:X2} went unnoticed");
                }
            }
        }
    }

    [Fact]
    public void TruncationIsDetected()
    {
        if (!XzTool.Available())
        {
            return;
        }

        byte[] small = XzTool.Compress(XzDecoderTests.Text(200));
        for (int len = 0; len < small.Length; len++)
        {
            Assert.Null(TryDecode(small[..len]));
        }

        byte[] original = [.. XzDecoderTests.Text(300_000), .. XzDecoderTests.Random(70_000)];
        byte[] xz = XzTool.Compress(original, "--block-size=50000");
        for (int len = 0; len < xz.Length; len += 97)
        {
            Assert.Null(TryDecode(xz[..len], 65536));
        }
    }

    [Fact]
    public void RandomCorruptionRaisesOnlyXzFormatException()
    {
        if (!XzTool.Available())
        {
            return;
        }

        byte[] original = [.. XzDecoderTests.Text(20_000), .. XzDecoderTests.Random(3000), .. XzDecoderTests.Text(20_000, 5)];
        byte[][] files = [XzTool.Compress(original), XzTool.Compress(original, "-0", "--check=none"), XzTool.Compress(original, "--lzma2=dict=4KiB,lc=0,lp=4,pb=0", "--check=none")];
        var rng = new Random(42);
        foreach (byte[] xz in files)
        {
            for (int iter = 0; iter < 600; iter++)
            {
                byte[] bad = (byte[])xz.Clone();
                int edits = rng.Next(1, 6);
                for (int e = 0; e < edits; e++)
                {
                    bad[rng.Next(12, bad.Length)] = (byte)rng.Next(256);
                }

                // With --check=none corruption may decode to different data; it must still end in output or XzFormatException.
                byte[]? decoded = TryDecode(bad, rng.Next(1, 70_000));
                if (decoded is not null && xz == files[0])
                {
                    Assert.Equal(original, decoded);
                }
            }
        }
    }

    [Fact]
    public void RandomDataRoundTripsThroughRealXz()
    {
        if (!XzTool.Available())
        {
            return;
        }

        string[][] settings = [[], ["-0"], ["-9"], ["--check=sha256"], ["--check=none", "-1"], ["--block-size=4096"], ["--lzma2=dict=4KiB"]];
        Gen<byte[]> data = Gen.Choose(0, 3).SelectMany(kind => Gen.Choose(0, 256 * 1024).SelectMany(size => Gen.Choose(0, int.MaxValue).Select(seed =>
        {
            var rng = new Random(seed);
            var b = new byte[size];
            switch (kind)
            {
                case 0:
                    rng.NextBytes(b);
                    break;
                case 1:
                    for (int i = 0; i < size; i++)
                    {
                        b[i] = (byte)"abcab\n"[rng.Next(6)];
                    }

                    break;
                default:
                    // Runs and repeats: copies of earlier material at random distances.
                    for (int i = 0; i < size;)
                    {
                        if (i > 16 && rng.Next(2) == 0)
                        {
                            int from = rng.Next(i);
                            int len = Math.Min(rng.Next(1, 300), size - i);
                            for (int k = 0; k < len; k++)
                            {
                                b[i + k] = b[from + k];
                            }

                            i += len;
                        }
                        else
                        {
                            b[i++] = (byte)rng.Next(kind == 2 ? 256 : 4);
                        }
                    }

                    break;
            }

            return b;
        })));
        Prop.ForAll(Arb.From(data), Arb.From(Gen.Choose(0, settings.Length - 1)), (original, setting) =>
        {
            byte[] xz = XzTool.Compress(original, settings[setting]);
            return Xz.Decompress(xz).AsSpan().SequenceEqual(original);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(50));
    }

    // ---- hand-built files (spec-level framing around chosen LZMA2 chunks) ----------------------------------------

    private static byte[] BuildXz(byte[] lzma2, long uncompressedSize, byte checkType = 0, byte dictProp = 0)
    {
        var o = new List<byte>();
        byte[] flags = [0, checkType];
        o.AddRange([0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0, .. flags]);
        o.AddRange(LE(Crc32.Compute(flags)));
        byte[] header = [2, 0, 0x21, 1, dictProp, 0, 0, 0];
        o.AddRange(header);
        o.AddRange(LE(Crc32.Compute(header)));
        o.AddRange(lzma2);
        int pad = (4 - (lzma2.Length & 3)) & 3;
        o.AddRange(new byte[pad]);
        int checkSize = checkType == 1 ? 4 : 0;
        if (checkType == 1)
        {
            o.AddRange(LE(0));
        }

        var index = new List<byte> { 0, 1 };
        index.AddRange(Varint((ulong)(12 + lzma2.Length + checkSize)));
        index.AddRange(Varint((ulong)uncompressedSize));
        while (index.Count % 4 != 0)
        {
            index.Add(0);
        }

        index.AddRange(LE(Crc32.Compute([.. index])));
        o.AddRange(index);
        byte[] footer = [.. LE((uint)(index.Count / 4 - 1)), 0, checkType];
        o.AddRange(LE(Crc32.Compute(footer)));
        o.AddRange(footer);
        o.AddRange("YZ"u8.ToArray());
        return [.. o];
    }

    private static byte[] LE(uint v)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        return b;
    }

    private static IEnumerable<byte> Varint(ulong v)
    {
        while (v >= 0x80)
        {
            yield return (byte)(v | 0x80);
            v >>= 7;
        }

        yield return (byte)v;
    }

    [Fact]
    public void HandBuiltUncompressedChunksDecode()
    {
        byte[] lzma2 = [0x01, 0x00, 0x02, (byte)'a', (byte)'b', (byte)'c', 0x02, 0x00, 0x00, (byte)'d', 0x00];
        Assert.Equal("abcd"u8.ToArray(), Xz.Decompress(BuildXz(lzma2, 4)));
        if (XzTool.Available())
        {
            Assert.Equal("abcd"u8.ToArray(), XzTool.Decompress(BuildXz(lzma2, 4)));
        }

        Assert.Equal([], Xz.Decompress(BuildXz([0x00], 0)));
    }

    [Theory]
    [InlineData(new byte[] { 0x02, 0x00, 0x00, 0x61, 0x00 }, "reset the dictionary")]
    [InlineData(new byte[] { 0x03, 0x00 }, "control byte")]
    [InlineData(new byte[] { 0x01, 0x00, 0x00, 0x61, 0x80, 0x00, 0x00, 0x00, 0x04, 0, 0, 0, 0, 0, 0x00 }, "without properties")]
    [InlineData(new byte[] { 0xE0, 0x00, 0x00, 0x00, 0x04, 0x5D, 1, 0, 0, 0, 0, 0x00 }, "zero byte")]
    [InlineData(new byte[] { 0xE0, 0x00, 0x00, 0x00, 0x04, 0xE1, 0, 0, 0, 0, 0, 0x00 }, "properties byte")]
    [InlineData(new byte[] { 0xE0, 0x00, 0x00, 0x00, 0x04, 0x5D }, "runs past the end")]
    [InlineData(new byte[] { 0x01, 0x00, 0x00, 0x61 }, "block padding")]
    public void HandBuiltBadChunksAreNamed(byte[] lzma2, string expected)
    {
        var ex = Assert.Throws<XzFormatException>(() => Xz.Decompress(BuildXz(lzma2, 1)));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HandBuiltIndexMismatchIsNamed()
    {
        byte[] lzma2 = [0x01, 0x00, 0x02, (byte)'a', (byte)'b', (byte)'c', 0x00];
        var ex = Assert.Throws<XzFormatException>(() => Xz.Decompress(BuildXz(lzma2, 4)));
        Assert.Contains("index", ex.Message, StringComparison.Ordinal);
    }
}
