using System.Runtime.InteropServices;
using OstreeSharp.Compression;

namespace OstreeSharp.Tests.Compression;

/// <summary>
/// Decoding into an exactly sized buffer that doubles as the LZMA dictionary (<c>XzDecoderStream.DecodeAll</c>), sized
/// by <see cref="XzIndexReader"/>: same output as the streaming decoder, and typed errors for everything else.
/// </summary>
public sealed class XzLinearDecodeTests
{
    private static unsafe byte[] DecodeLinear(byte[] xz, int capacity, CancellationToken cancellationToken = default)
    {
        byte* buffer = (byte*)NativeMemory.Alloc((nuint)Math.Max(1, capacity));
        try
        {
            XzDecoderStream.DecodeAll(new MemoryStream(xz, writable: false), buffer, capacity, null, cancellationToken);
            return new ReadOnlySpan<byte>(buffer, capacity).ToArray();
        }
        finally
        {
            NativeMemory.Free(buffer);
        }
    }

    private static long IndexSize(byte[] xz, long start = 0)
    {
        Assert.True(XzIndexReader.TryReadUncompressedSize(new MemoryStream(xz, writable: false), start, out long size));
        return size;
    }

    [Theory]
    [InlineData(0, "-6")]
    [InlineData(1, "-6")]
    [InlineData(70_000, "-1")]
    [InlineData(2_000_000, "-6")]
    [InlineData(500_000, "--block-size=10000")]
    [InlineData(500_000, "--block-list=1,2,3,100000,5")]
    [InlineData(600_000, "--lzma2=dict=4KiB")]
    [InlineData(600_000, "--lzma2=dict=12KiB,lc=0,lp=4,pb=0")]
    [InlineData(600_000, "--check=sha256")]
    public void MatchesTheStreamingDecoder(int size, string args)
    {
        if (!XzTool.Available())
        {
            return;
        }

        byte[] original = [.. XzDecoderTests.Text(size / 2), .. XzDecoderTests.Random(size / 4), .. XzDecoderTests.Text(size - (size / 2) - (size / 4), 1)];
        byte[] xz = XzTool.Compress(original, args);
        Assert.Equal(original.Length, IndexSize(xz));
        Assert.Equal(original, DecodeLinear(xz, original.Length));
    }

    [Fact]
    public void ConcatenatedStreamsAndPaddingAreSummed()
    {
        if (!XzTool.Available())
        {
            return;
        }

        byte[] a = XzDecoderTests.Text(50_000, 1), b = XzDecoderTests.Random(1000), c = XzDecoderTests.Text(10, 2);
        byte[] xz = [.. XzTool.Compress(a), 0, 0, 0, 0, .. XzTool.Compress(b, "--check=sha256"), .. XzTool.Compress(c, "--check=none"), 0, 0, 0, 0, 0, 0, 0, 0];
        Assert.Equal(a.Length + b.Length + c.Length, IndexSize(xz));
        Assert.Equal([.. a, .. b, .. c], DecodeLinear(xz, a.Length + b.Length + c.Length));

        // An offset start (a part file's compression byte) is honoured.
        Assert.Equal(a.Length + b.Length + c.Length, IndexSize([(byte)'x', .. xz], 1));
        Assert.False(XzIndexReader.TryReadUncompressedSize(new MemoryStream([(byte)'x', 1, 2, 3, .. xz]), 1, out _));
    }

    [Fact]
    public void AWrongCapacityIsAFormatError()
    {
        if (!XzTool.Available())
        {
            return;
        }

        byte[] original = XzDecoderTests.Text(300_000);
        byte[] xz = XzTool.Compress(original, "--block-size=100000");
        Assert.Contains("more bytes than", Assert.Throws<XzFormatException>(() => DecodeLinear(xz, original.Length - 1)).Message, StringComparison.Ordinal);
        Assert.Throws<XzFormatException>(() => DecodeLinear(xz, original.Length + 1));
        Assert.Throws<XzFormatException>(() => DecodeLinear(xz, 0));
    }

    [Fact]
    public void GarbageTailsAreNotSized()
    {
        Assert.False(XzIndexReader.TryReadUncompressedSize(new MemoryStream([]), 0, out _));
        Assert.False(XzIndexReader.TryReadUncompressedSize(new MemoryStream(new byte[3]), 0, out _));
        Assert.False(XzIndexReader.TryReadUncompressedSize(new MemoryStream(new byte[64]), 0, out _));
        Assert.False(XzIndexReader.TryReadUncompressedSize(new MemoryStream(XzDecoderTests.Random(4096)), 0, out _));
        if (!XzTool.Available())
        {
            return;
        }

        byte[] xz = XzTool.Compress(XzDecoderTests.Text(10_000));
        for (int i = 0; i < xz.Length; i++)
        {
            // A change the walk notices (CRCs cover every field it reads) is refused; other bytes are not read.
            byte[] bad = (byte[])xz.Clone();
            bad[i] ^= 0x55;
            if (XzIndexReader.TryReadUncompressedSize(new MemoryStream(bad), 0, out long size))
            {
                Assert.Equal(10_000, size);
            }
        }
    }

    [Fact]
    public void MutatedInputDecodesIdenticallyOrFailsTyped()
    {
        if (!XzTool.Available())
        {
            return;
        }

        byte[] original = [.. XzDecoderTests.Text(200_000), .. XzDecoderTests.Random(5000)];
        byte[] xz = XzTool.Compress(original, "--block-size=60000");
        var rng = new Random(11);
        for (int n = 0; n < 300; n++)
        {
            byte[] bad = (byte[])xz.Clone();
            int flips = 1 + rng.Next(3);
            for (int k = 0; k < flips; k++)
            {
                bad[rng.Next(bad.Length)] ^= (byte)(1 + rng.Next(255));
            }

            int capacity = XzIndexReader.TryReadUncompressedSize(new MemoryStream(bad), 0, out long size) && size <= 1 << 22 ? (int)size : original.Length;
            try
            {
                byte[] linear = DecodeLinear(bad, capacity);
                Assert.Equal(Xz.Decompress(bad), linear);
            }
            catch (XzFormatException)
            {
            }
        }
    }

    [Fact]
    public void CancellationIsObserved()
    {
        if (!XzTool.Available())
        {
            return;
        }

        byte[] original = XzDecoderTests.Text(100_000);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => DecodeLinear(XzTool.Compress(original), original.Length, cts.Token));
    }
}
