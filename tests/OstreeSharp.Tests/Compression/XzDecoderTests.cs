using System.Text;
using OstreeSharp.Compression;

namespace OstreeSharp.Tests.Compression;

public class XzDecoderTests
{
    internal static byte[] Text(int size, int seed = 0)
    {
        var sb = new StringBuilder(size + 16);
        var rng = new Random(size + seed);
        string[] words = ["ostree", "commit", "dirtree", "the", "a", "repository", "static", "delta", "xz", "lzma", "\n", "of", "object", "Ü", "0123"];
        while (sb.Length < size)
        {
            sb.Append(words[rng.Next(words.Length)]).Append(rng.Next(3) == 0 ? rng.Next(1000).ToString() : " ");
        }

        return Encoding.UTF8.GetBytes(sb.ToString())[..size];
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
        byte[] decoded = Xz.Decompress(compressed);
        Assert.Equal(original.Length, decoded.Length);
        Assert.True(original.AsSpan().SequenceEqual(decoded), $"xz {string.Join(' ', xzArgs)}: output differs");
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

    [Theory]
    [InlineData("-0")]
    [InlineData("-1")]
    [InlineData("-2")]
    [InlineData("-3")]
    [InlineData("-4")]
    [InlineData("-5")]
    [InlineData("-6")]
    [InlineData("-7")]
    [InlineData("-8")]
    [InlineData("-9")]
    [InlineData("-9e")]
    [InlineData("-0e")]
    [InlineData("-3e")]
    public void Presets(string preset)
    {
        if (!XzTool.Available())
        {
            return;
        }

        byte[] data = [.. Text(400_000), .. Random(50_000), .. Text(200_000, 3)];
        RoundTrip(data, preset);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("crc32")]
    [InlineData("crc64")]
    [InlineData("sha256")]
    public void Checks(string check)
    {
        if (!XzTool.Available())
        {
            return;
        }

        RoundTrip(Text(123_457), $"--check={check}");
        RoundTrip([], $"--check={check}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(65_536)]
    [InlineData(200_000)]
    [InlineData(2_500_000)]
    public void IncompressibleDataUsesUncompressedChunks(int size)
    {
        if (!XzTool.Available())
        {
            return;
        }

        RoundTrip(Random(size, size));
    }

    [Fact]
    public void HighlyRepetitive()
    {
        if (!XzTool.Available())
        {
            return;
        }

        RoundTrip(new byte[5_000_000]);
        RoundTrip(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("ab", 300_000))));
        RoundTrip(Enumerable.Range(0, 1_000_000).Select(i => (byte)(i % 251)).ToArray(), "-9e");
    }

    [Theory]
    [InlineData("--block-size=10000")]
    [InlineData("--block-size=65536")]
    [InlineData("--block-list=1,2,3,100000,5")]
    public void MultiBlock(string blockArgs)
    {
        if (!XzTool.Available())
        {
            return;
        }

        RoundTrip(Text(500_000), blockArgs);
        RoundTrip(Text(500_000), blockArgs, "-T2");
    }

    [Theory]
    [InlineData("--lzma2=dict=4KiB")]
    [InlineData("--lzma2=dict=12KiB,lc=0,lp=4,pb=0")]
    [InlineData("--lzma2=preset=6,lc=4,lp=0,pb=4")]
    [InlineData("--lzma2=preset=1,lc=1,lp=2,pb=2,mode=fast")]
    [InlineData("--lzma2=dict=64KiB,nice=273,mf=bt4,depth=0")]
    public void LzmaOptionsAndSmallDictionaries(string filter)
    {
        if (!XzTool.Available())
        {
            return;
        }

        byte[] data = [.. Text(1_500_000), .. Random(10_000), .. Text(300_000, 1), .. Text(300_000, 1)];
        RoundTrip(data, filter);
    }

    [Fact]
    public void ConcatenatedStreamsAndPadding()
    {
        if (!XzTool.Available())
        {
            return;
        }

        byte[] a = Text(50_000, 1), b = Random(1000), c = Text(10, 2);
        byte[] xa = XzTool.Compress(a), xb = XzTool.Compress(b, "--check=sha256"), xc = XzTool.Compress(c, "--check=none");
        Assert.Equal([.. a, .. b, .. c], Xz.Decompress([.. xa, .. xb, .. xc]));
        Assert.Equal([.. a, .. b], Xz.Decompress([.. xa, 0, 0, 0, 0, .. xb, 0, 0, 0, 0, 0, 0, 0, 0]));
        Assert.Equal(a, Xz.Decompress([.. xa, 0, 0, 0, 0]));
        Assert.Equal(XzTool.Decompress([.. xa, 0, 0, 0, 0, .. xb]), Xz.Decompress([.. xa, 0, 0, 0, 0, .. xb]));

        var odd = Assert.Throws<XzFormatException>(() => Xz.Decompress([.. xa, 0, 0]));
        Assert.Contains("padding", odd.Message, StringComparison.Ordinal);
        Assert.Throws<XzFormatException>(() => Xz.Decompress([.. xa, 0, 0, .. xb]));
        Assert.Throws<XzFormatException>(() => Xz.Decompress([.. xa, 1, 2, 3, 4]));
    }

    [Fact]
    public async Task StreamApiVariantsAgree()
    {
        if (!XzTool.Available())
        {
            return;
        }

        byte[] original = [.. Text(700_000), .. Random(100_000)];
        byte[] compressed = XzTool.Compress(original, "--block-size=200000");

        using (var oneByteReads = new XzDecoderStream(new TrickleStream(compressed, 1)))
        {
            var output = new MemoryStream();
            var buf = new byte[1];
            int n;
            while ((n = oneByteReads.Read(buf, 0, 1)) > 0)
            {
                output.Write(buf, 0, n);
            }

            Assert.Equal(original, output.ToArray());
        }

        using (var async = new XzDecoderStream(new TrickleStream(compressed, 777)))
        {
            var output = new MemoryStream();
            await async.CopyToAsync(output, 4093);
            Assert.Equal(original, output.ToArray());
        }

        using (var bytes = new XzDecoderStream(new MemoryStream(compressed)))
        {
            var output = new MemoryStream();
            int b;
            int count = 0;
            while ((b = bytes.ReadByte()) >= 0 && count++ < 10_000)
            {
                output.WriteByte((byte)b);
            }

            Assert.Equal(original.AsSpan(0, 10_000).ToArray(), output.ToArray()[..10_000]);
        }
    }

    [Fact]
    public void LeaveOpenAndDispose()
    {
        if (!XzTool.Available())
        {
            return;
        }

        var source = new MemoryStream(XzTool.Compress([1, 2, 3]));
        var decoder = new XzDecoderStream(source, leaveOpen: true);
        Assert.True(decoder.CanRead);
        Assert.False(decoder.CanSeek);
        Assert.False(decoder.CanWrite);
        Assert.Throws<NotSupportedException>(() => decoder.Length);
        decoder.Dispose();
        Assert.True(source.CanRead);
        Assert.Throws<ObjectDisposedException>(() => decoder.Read(new byte[1], 0, 1));
        new XzDecoderStream(source).Dispose();
        Assert.False(source.CanRead);
    }

    [Fact]
    public void MemoryLimitIsHonoured()
    {
        if (!XzTool.Available())
        {
            return;
        }

        byte[] data = Text(10_000);
        byte[] nine = XzTool.Compress(data, "-9"); // 64 MiB dictionary
        var ex = Assert.Throws<XzFormatException>(() => Xz.Decompress(nine, new XzDecoderOptions { MemoryLimit = 32L << 20 }));
        Assert.Contains("memory limit", ex.Message, StringComparison.Ordinal);
        Assert.Equal(data, Xz.Decompress(nine, new XzDecoderOptions { MemoryLimit = 64L << 20 }));
        byte[] small = XzTool.Compress(data, "--lzma2=dict=1MiB");
        Assert.Equal(data, Xz.Decompress(small, new XzDecoderOptions { MemoryLimit = 1L << 20 }));
        Assert.Throws<XzFormatException>(() => Xz.Decompress(small, new XzDecoderOptions { MemoryLimit = (1L << 20) - 1 }));
    }

    [Fact]
    public void VerifyChecksCanBeDisabled()
    {
        if (!XzTool.Available())
        {
            return;
        }

        byte[] data = Text(5000);
        foreach (string check in new[] { "crc32", "crc64", "sha256" })
        {
            byte[] xz = XzTool.Compress(data, $"--check={check}");
            // The block check sits right before the index, which is followed by the 12-byte footer; an index of one
            // block is 8 bytes here (indicator, count, two 2-byte varints, padding, CRC32 = 12) — locate it from the end.
            int backward = (int)((BitConverter.ToUInt32(xz, xz.Length - 8) + 1) * 4);
            int checkEnd = xz.Length - 12 - backward;
            xz[checkEnd - 1] ^= 0x01;
            var ex = Assert.Throws<XzFormatException>(() => Xz.Decompress(xz));
            Assert.Contains("integrity check", ex.Message, StringComparison.Ordinal);
            Assert.Equal(data, Xz.Decompress(xz, new XzDecoderOptions { VerifyChecks = false }));
        }
    }

    [Theory]
    [InlineData("--delta=dist=2", "delta")]
    [InlineData("--x86", "BCJ")]
    [InlineData("--arm", "BCJ")]
    public void UnsupportedFiltersAreRejectedClearly(string filter, string expected)
    {
        if (!XzTool.Available())
        {
            return;
        }

        byte[] xz = XzTool.Compress(Text(1000), filter, "--lzma2");
        var ex = Assert.Throws<XzFormatException>(() => Xz.Decompress(xz));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NonXzInputIsRejected()
    {
        Assert.Contains("Empty", Assert.Throws<XzFormatException>(() => Xz.Decompress([])).Message, StringComparison.Ordinal);
        Assert.Throws<XzFormatException>(() => Xz.Decompress("hello world, not xz"u8));
        Assert.Throws<XzFormatException>(() => Xz.Decompress(new byte[64]));
        Assert.Throws<XzFormatException>(() => Xz.Decompress([0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z']));
        Assert.IsType<OstreeDataException>(new XzFormatException("x"), exactMatch: false);
    }

    /// <summary>A read-only stream that returns at most <c>chunk</c> bytes per read.</summary>
    internal sealed class TrickleStream(byte[] data, int chunk) : Stream
    {
        private int _pos;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => data.Length;

        public override long Position { get => _pos; set => throw new NotSupportedException(); }

        public override void Flush() { }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = Math.Min(Math.Min(count, chunk), data.Length - _pos);
            Array.Copy(data, _pos, buffer, offset, n);
            _pos += n;
            return n;
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
