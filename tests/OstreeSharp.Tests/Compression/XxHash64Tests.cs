using System.Buffers.Binary;
using System.Text;
using OstreeSharp.Compression;

namespace OstreeSharp.Tests.Compression;

public class XxHash64Tests
{
    [Theory]
    [InlineData("", 0UL, 0xEF46DB3751D8E999UL)]
    [InlineData("a", 0UL, 0xD24EC4F1A98C6E5BUL)]
    [InlineData("abc", 0UL, 0x44BC2CF5AD770999UL)]
    public void KnownVectors(string text, ulong seed, ulong expected)
    {
        Assert.Equal(expected, XxHash64.Hash(Encoding.ASCII.GetBytes(text), seed));
    }

    [Fact]
    public void IncrementalEqualsOneShot()
    {
        byte[] data = XzDecoderTests.Random(1000, 3);
        ulong whole = XxHash64.Hash(data);
        var rng = new Random(5);
        for (int round = 0; round < 50; round++)
        {
            var h = new XxHash64();
            int at = 0;
            while (at < data.Length)
            {
                int n = Math.Min(rng.Next(0, 70), data.Length - at);
                h.Update(data.AsSpan(at, n));
                at += n;
            }

            Assert.Equal(whole, h.Digest());
        }

        Assert.NotEqual(whole, XxHash64.Hash(data, 1));
    }

    /// <summary>The zstd content checksum is the low 32 bits of XXH64 (seed 0), little-endian, at the frame's end.</summary>
    [Fact]
    public void MatchesTheChecksumsZstdWrites()
    {
        if (!ZstdTool.Available())
        {
            return;
        }

        foreach (int size in new[] { 0, 1, 3, 4, 7, 8, 15, 31, 32, 33, 63, 64, 100, 1000, 70_000 })
        {
            byte[] data = XzDecoderTests.Random(size, size);
            byte[] frame = ZstdTool.Compress(data, "--check");
            Assert.Equal(BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan(frame.Length - 4)), (uint)XxHash64.Hash(data));
        }
    }
}
