using FsCheck;
using FsCheck.Fluent;
using OstreeSharp.Compression;

namespace OstreeSharp.Tests.Compression;

public class ZstdDecoderTests
{
    private static byte[] Text(int size, int seed = 0) => XzDecoderTests.Text(size, seed);

    private static byte[] Random(int size, int seed = 7) => XzDecoderTests.Random(size, seed);

    /// <summary>Text with long runs, short-period repeats and random bytes: RLE blocks, RLE literals, overlapping matches.</summary>
    private static byte[] Mixed(int size, int seed)
    {
        var rng = new Random(seed);
        var o = new List<byte>(size + 300);
        while (o.Count < size)
        {
            switch (rng.Next(5))
            {
                case 0:
                    o.AddRange(Enumerable.Repeat((byte)rng.Next(256), rng.Next(1, 300)));
                    break;
                case 1:
                    byte[] pattern = Random(rng.Next(1, 20), rng.Next());
                    for (int i = rng.Next(1, 40); i > 0; i--)
                    {
                        o.AddRange(pattern);
                    }

                    break;
                case 2:
                    o.AddRange(Random(rng.Next(1, 200), rng.Next()));
                    break;
                default:
                    o.AddRange(Text(rng.Next(1, 400), rng.Next()));
                    break;
            }
        }

        return [.. o.Take(size)];
    }

    private static byte[] Decode(byte[] compressed, ZstdDecoderOptions? options = null)
    {
        using var s = new ZstdDecoderStream(new MemoryStream(compressed), options);
        var output = new MemoryStream();
        s.CopyTo(output);
        return output.ToArray();
    }

    private static void AssertDecodes(byte[] expected, byte[] compressed, string what, ZstdDecoderOptions? options = null)
    {
        byte[] decoded = Decode(compressed, options);
        Assert.Equal(expected.Length, decoded.Length);
        Assert.True(expected.AsSpan().SequenceEqual(decoded), $"{what}: output differs at {expected.AsSpan().CommonPrefixLength(decoded)}");
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("-3")]
    [InlineData("-19")]
    [InlineData("--ultra", "-22")]
    [InlineData("--long=27", "-3")]
    [InlineData("-3", "-B4096")]
    [InlineData("-5", "-T2", "-B262144")]
    [InlineData("-3", "--no-check")]
    [InlineData("--fast=5")]
    [InlineData("-12", "--no-check")]
    public void RoundTripsTheZstdTool(params string[] args)
    {
        if (!ZstdTool.Available())
        {
            return;
        }

        foreach ((byte[] data, string name) in new[]
        {
            (Text(3_000_000), "text"), (Mixed(1_500_000, 1), "mixed"), (Text(1000, 4), "small text"), (Random(200_000), "random"),
        })
        {
            AssertDecodes(data, ZstdTool.Compress(data, args), $"{name}, piped, zstd {string.Join(' ', args)}");
            AssertDecodes(data, ZstdTool.CompressFile(data, args), $"{name}, file (content size), zstd {string.Join(' ', args)}");
        }
    }

    [Fact]
    public void EmptyIncompressibleAndRunHeavyInputs()
    {
        if (!ZstdTool.Available())
        {
            return;
        }

        byte[] runs = [.. Enumerable.Repeat((byte)'a', 1_000_000), .. Enumerable.Repeat((byte)0, 300_000), 1, 2, 3];
        foreach (byte[] data in new[] { Array.Empty<byte>(), [42], Random(1_000_000, 9), runs, Mixed(400_000, 2) })
        {
            foreach (string level in new[] { "-1", "-19" })
            {
                AssertDecodes(data, ZstdTool.Compress(data, level), $"{data.Length} bytes piped {level}");
                AssertDecodes(data, ZstdTool.CompressFile(data, level), $"{data.Length} bytes from file {level}");
            }
        }
    }

    [Fact]
    public void ConcatenatedAndSkippableFrames()
    {
        if (!ZstdTool.Available())
        {
            return;
        }

        byte[] a = Text(100_000, 1), b = Mixed(50_000, 3);
        byte[] za = ZstdTool.Compress(a, "-3"), zb = ZstdTool.CompressFile(b, "-19", "--no-check"), zEmpty = ZstdTool.Compress([], "-1");
        byte[] skippable = [0x5A, 0x2A, 0x4D, 0x18, 5, 0, 0, 0, 1, 2, 3, 4, 5];
        byte[] emptySkippable = [0x50, 0x2A, 0x4D, 0x18, 0, 0, 0, 0];
        AssertDecodes([.. a, .. b], [.. za, .. zb], "two frames");
        AssertDecodes([.. a, .. b, .. a], [.. skippable, .. za, .. emptySkippable, .. zEmpty, .. zb, .. za, .. skippable], "frames and skippable frames");
        AssertDecodes([], skippable, "only a skippable frame");
        Assert.Throws<ZstdFormatException>(() => Decode([.. za, .. skippable[..10]]));
        Assert.Throws<ZstdFormatException>(() => Decode([.. za, 0, 0, 0, 0]));
        Assert.Throws<ZstdFormatException>(() => Decode([.. za, 0x28]));
    }

    [Fact]
    public void EmptyInputIsRejectedLikeZstd()
    {
        var e = Assert.Throws<ZstdFormatException>(() => Decode([]));
        Assert.Contains("Empty", e.Message, StringComparison.Ordinal);
        Assert.Throws<ZstdFormatException>(() => Decode("not zstd at all"u8.ToArray()));
    }

    [Fact]
    public void WindowAboveTheLimitIsRefusedUnlessRaised()
    {
        if (!ZstdTool.Available())
        {
            return;
        }

        byte[] data = Text(300_000, 5);
        byte[] z = ZstdTool.Compress(data, "--long=28", "-3"); // piped: the frame declares the 256 MiB window
        var e = Assert.Throws<ZstdFormatException>(() => Decode(z));
        Assert.Contains("MaxWindowSize", e.Message, StringComparison.Ordinal);
        AssertDecodes(data, z, "raised limit", new ZstdDecoderOptions { MaxWindowSize = 1L << 28 });
        Assert.Throws<ZstdFormatException>(() => Decode(ZstdTool.Compress(data, "-19"), new ZstdDecoderOptions { MaxWindowSize = 1 << 20 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ZstdDecoderOptions { MaxWindowSize = 1L << 40 });
    }

    [Fact]
    public void HandMadeFrames()
    {
        // Single segment, 1-byte content size 3, raw last block "abc".
        AssertDecodes("abc"u8.ToArray(), [0x28, 0xB5, 0x2F, 0xFD, 0x20, 3, 0x19, 0, 0, (byte)'a', (byte)'b', (byte)'c'], "raw block");
        // RLE last block of 5 'x' with a 1 KiB window and no content size.
        AssertDecodes("xxxxx"u8.ToArray(), [0x28, 0xB5, 0x2F, 0xFD, 0x00, 0x00, (5 << 3) | 2 | 1, 0, 0, (byte)'x'], "RLE block");
        // Declared size 5, actual 3.
        var e = Assert.Throws<ZstdFormatException>(() => Decode([0x28, 0xB5, 0x2F, 0xFD, 0x20, 5, 0x19, 0, 0, (byte)'a', (byte)'b', (byte)'c']));
        Assert.Contains("declared", e.Message, StringComparison.Ordinal);
        // Declared size 2, block of 3 (above the 2-byte window).
        Assert.Throws<ZstdFormatException>(() => Decode([0x28, 0xB5, 0x2F, 0xFD, 0x20, 2, 0x19, 0, 0, (byte)'a', (byte)'b', (byte)'c']));
        // Dictionary ID 7.
        e = Assert.Throws<ZstdFormatException>(() => Decode([0x28, 0xB5, 0x2F, 0xFD, 0x01, 0x00, 7, 0x19, 0, 0, (byte)'a', (byte)'b', (byte)'c']));
        Assert.Contains("dictionaries are not supported", e.Message, StringComparison.Ordinal);
        // Reserved frame header bit, reserved block type.
        Assert.Throws<ZstdFormatException>(() => Decode([0x28, 0xB5, 0x2F, 0xFD, 0x08, 0x00, 0x19, 0, 0, 1, 2, 3]));
        Assert.Throws<ZstdFormatException>(() => Decode([0x28, 0xB5, 0x2F, 0xFD, 0x00, 0x00, 0x07, 0, 0]));
        // Repeat-mode sequence table in the first block: no previous table.
        Assert.Throws<ZstdFormatException>(() => Decode([0x28, 0xB5, 0x2F, 0xFD, 0x00, 0x00, (6 << 3) | 4 | 1, 0, 0, 0x08, (byte)'a', 1, 0xFC, 0x80, 0x80]));
    }

    [Fact]
    public void ChecksumIsVerifiedUnlessDisabled()
    {
        if (!ZstdTool.Available())
        {
            return;
        }

        byte[] data = Text(50_000, 2);
        byte[] z = ZstdTool.Compress(data, "-3", "--check");
        z[^1] ^= 0x40;
        var e = Assert.Throws<ZstdFormatException>(() => Decode(z));
        Assert.Contains("checksum", e.Message, StringComparison.Ordinal);
        AssertDecodes(data, z, "unverified", new ZstdDecoderOptions { VerifyChecksum = false });
    }

    [Fact]
    public void EveryTruncationIsAFormatError()
    {
        if (!ZstdTool.Available())
        {
            return;
        }

        foreach (byte[] z in new[]
        {
            ZstdTool.Compress(Text(3000, 1), "-3"), ZstdTool.CompressFile(Mixed(5000, 4), "-19"),
            ZstdTool.Compress([.. Enumerable.Repeat((byte)7, 4000)], "-1"), ZstdTool.Compress(Random(500, 1), "-1"),
            ZstdTool.CompressFile(Text(2000, 9), "-3", "--no-check"),
        })
        {
            for (int n = 0; n < z.Length; n++)
            {
                byte[] prefix = z[..n];
                Assert.Throws<ZstdFormatException>(() => Decode(prefix));
            }
        }
    }

    [Fact]
    public void RandomCorruptionsRaiseOnlyFormatErrors()
    {
        if (!ZstdTool.Available())
        {
            return;
        }

        byte[][] frames =
        [
            ZstdTool.Compress(Text(4000, 1), "-3"), ZstdTool.CompressFile(Mixed(6000, 5), "-19"),
            ZstdTool.Compress(Mixed(3000, 6), "-1", "--no-check"), ZstdTool.CompressFile(Text(20_000, 2), "--ultra", "-22", "--no-check"),
        ];
        var rng = new Random(12345);
        int rejected = 0, accepted = 0;
        for (int i = 0; i < 3000; i++)
        {
            byte[] z = (byte[])frames[i % frames.Length].Clone();
            for (int k = rng.Next(1, 4); k > 0; k--)
            {
                int at = rng.Next(z.Length);
                z[at] = rng.Next(3) == 0 ? (byte)(z[at] ^ (1 << rng.Next(8))) : (byte)rng.Next(256);
            }

            try
            {
                Decode(z, new ZstdDecoderOptions { MaxWindowSize = 1 << 24 });
                accepted++;
            }
            catch (ZstdFormatException)
            {
                rejected++;
            }
        }

        Assert.True(rejected > 2000, $"only {rejected} of 3000 corruptions were detected");
        Assert.Equal(3000, rejected + accepted);
    }

    [Fact]
    public void ReadSizesDoNotChangeTheOutput()
    {
        if (!ZstdTool.Available())
        {
            return;
        }

        byte[] data = Mixed(600_000, 8);
        byte[] z = [.. ZstdTool.Compress(data, "-19", "-B100000"), .. ZstdTool.CompressFile(data[..1000], "-3")];
        byte[] expected = [.. data, .. data[..1000]];

        // 1-byte reads from a source that also delivers 1 byte at a time.
        using (var s = new ZstdDecoderStream(new TrickleStream(z, new Random(1), maxChunk: 1)))
        {
            var o = new MemoryStream();
            int b;
            while ((b = s.ReadByte()) >= 0)
            {
                o.WriteByte((byte)b);
            }

            Assert.True(expected.AsSpan().SequenceEqual(o.ToArray()));
        }

        var rng = new Random(2);
        for (int round = 0; round < 4; round++)
        {
            using var s = new ZstdDecoderStream(new TrickleStream(z, rng, maxChunk: 1 + rng.Next(70_000)));
            var o = new MemoryStream();
            byte[] buffer = new byte[200_000];
            int n;
            while ((n = s.Read(buffer, 0, 1 + rng.Next(buffer.Length))) > 0)
            {
                o.Write(buffer, 0, n);
            }

            Assert.True(expected.AsSpan().SequenceEqual(o.ToArray()), $"round {round}");
        }
    }

    [Fact]
    public async Task ReadAsyncGivesTheSameOutput()
    {
        if (!ZstdTool.Available())
        {
            return;
        }

        byte[] data = Text(500_000, 3);
        byte[] z = ZstdTool.Compress(data, "-3");
        await using var s = new ZstdDecoderStream(new TrickleStream(z, new Random(4), maxChunk: 5000));
        var o = new MemoryStream();
        await s.CopyToAsync(o, 777);
        Assert.True(data.AsSpan().SequenceEqual(o.ToArray()));
    }

    [Fact]
    public void LeaveOpenAndOneShotHelper()
    {
        if (!ZstdTool.Available())
        {
            return;
        }

        byte[] data = Text(10_000, 3);
        byte[] z = ZstdTool.Compress(data, "-3");
        var source = new MemoryStream(z);
        using (var s = new ZstdDecoderStream(source, leaveOpen: true))
        {
            s.CopyTo(Stream.Null);
        }

        Assert.True(source.CanRead);
        using (var s = new ZstdDecoderStream(source))
        {
        }

        Assert.False(source.CanRead);
        Assert.Equal(data, Zstd.Decompress(z));
        Assert.True(Zstd.HasFrameMagic(z));
    }

    [Fact]
    public void DecodesWhatZstdEncodesProperty()
    {
        if (!ZstdTool.Available())
        {
            return;
        }

        var gen = Gen.Choose(0, 3).SelectMany(kind => Gen.Choose(0, int.MaxValue).SelectMany(seed => Gen.Choose(0, 40_000)
            .SelectMany(size => Gen.Elements("-1", "-3", "-9", "-19").Select(level => (kind, seed, size, level)))));
        Prop.ForAll(Arb.From(gen), t =>
        {
            byte[] data = t.kind switch
            {
                0 => Random(t.size, t.seed),
                1 => Text(t.size, t.seed),
                2 => Mixed(t.size, t.seed),
                _ => [.. Random(t.size % 64, t.seed).SelectMany(b => Enumerable.Repeat(b, 1 + (t.seed % 50)))],
            };
            Assert.Equal(data, Decode(ZstdTool.Compress(data, t.level)));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(40));
    }

    /// <summary>A read-only stream returning random short reads.</summary>
    private sealed class TrickleStream(byte[] data, Random rng, int maxChunk) : ForwardReadStream
    {
        private int _pos;

        public override int Read(Span<byte> buffer)
        {
            int n = Math.Min(Math.Min(buffer.Length, data.Length - _pos), 1 + rng.Next(maxChunk));
            data.AsSpan(_pos, n).CopyTo(buffer);
            _pos += n;
            return n;
        }
    }
}
