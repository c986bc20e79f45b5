using OstreeSharp.Signing.OpenPgp;

namespace OstreeSharp.Tests.Signing.OpenPgp;

public class OpenPgpPacketReaderTests
{
    private static List<(OpenPgpPacketTag Tag, byte[] Body, bool New)> ReadAll(byte[] data)
    {
        var reader = new OpenPgpPacketReader(data);
        var list = new List<(OpenPgpPacketTag, byte[], bool)>();
        while (reader.TryRead(out var p))
        {
            list.Add((p.Tag, p.Body.ToArray(), p.IsNewFormat));
        }
        return list;
    }

    private static byte[] Body(int n) => Enumerable.Range(0, n).Select(i => (byte)(i * 7)).ToArray();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(191)]
    [InlineData(192)]
    [InlineData(8383)]
    [InlineData(8384)]
    [InlineData(70000)]
    public void NewFormatLengths(int n)
    {
        byte[] body = Body(n);
        byte[] header = n < 192 ? [(byte)n]
            : n <= 8383 ? [(byte)(((n - 192) >> 8) + 192), (byte)((n - 192) & 0xFF)]
            : [255, (byte)(n >> 24), (byte)(n >> 16), (byte)(n >> 8), (byte)n];
        byte[] data = [0xC0 | 13, .. header, .. body, 0xC0 | 2, 1, 42];
        var packets = ReadAll(data);
        Assert.Equal(2, packets.Count);
        Assert.Equal(OpenPgpPacketTag.UserId, packets[0].Tag);
        Assert.True(packets[0].New);
        Assert.Equal(body, packets[0].Body);
        Assert.Equal(new byte[] { 42 }, packets[1].Body);
    }

    [Fact]
    public void NewFormatBodyIsASliceNotACopy()
    {
        byte[] data = [0xC0 | 11, 3, 1, 2, 3];
        var reader = new OpenPgpPacketReader(data);
        Assert.True(reader.TryRead(out var p));
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(p.Body, out var seg));
        Assert.Same(data, seg.Array);
        Assert.Equal(2, seg.Offset);
    }

    [Fact]
    public void PartialBodyLengthsAreJoined()
    {
        byte[] body = Body(512 + 2 + 300);
        // 512 (0xE9), then 2 (0xE1), then final two-octet length 300
        byte[] data = [0xC0 | 11, 0xE9, .. body[..512], 0xE1, .. body[512..514], (byte)(((300 - 192) >> 8) + 192), (byte)((300 - 192) & 0xFF), .. body[514..]];
        var packets = ReadAll(data);
        Assert.Single(packets);
        Assert.Equal(body, packets[0].Body);
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(1, 300)]
    [InlineData(2, 70000)]
    public void OldFormatLengths(int lengthType, int n)
    {
        byte[] body = Body(n);
        byte[] len = lengthType switch
        {
            0 => [(byte)n],
            1 => [(byte)(n >> 8), (byte)n],
            _ => [(byte)(n >> 24), (byte)(n >> 16), (byte)(n >> 8), (byte)n],
        };
        byte[] data = [(byte)(0x80 | (6 << 2) | lengthType), .. len, .. body];
        var packets = ReadAll(data);
        Assert.Single(packets);
        Assert.Equal(OpenPgpPacketTag.PublicKey, packets[0].Tag);
        Assert.False(packets[0].New);
        Assert.Equal(body, packets[0].Body);
    }

    [Fact]
    public void OldFormatIndeterminateLengthRunsToEnd()
    {
        byte[] data = [0x80 | (8 << 2) | 3, 1, 2, 3, 0x88, 9];
        var packets = ReadAll(data);
        Assert.Single(packets);
        Assert.Equal(OpenPgpPacketTag.CompressedData, packets[0].Tag);
        Assert.Equal(new byte[] { 1, 2, 3, 0x88, 9 }, packets[0].Body);
    }

    [Theory]
    [InlineData(new byte[] { 0x00 })]                          // bit 7 clear
    [InlineData(new byte[] { 0xC2 })]                          // no length
    [InlineData(new byte[] { 0xC2, 5, 1, 2 })]                 // short body
    [InlineData(new byte[] { 0xC2, 0xC5 })]                    // two-octet length cut
    [InlineData(new byte[] { 0xC2, 0xFF, 0, 0 })]              // five-octet length cut
    [InlineData(new byte[] { 0xC2, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 1 })] // overlong five-octet length
    [InlineData(new byte[] { 0xC2, 0xE1, 1, 2 })]              // partial chunk without a final length
    [InlineData(new byte[] { 0x89, 0x01 })]                    // old two-octet length cut
    [InlineData(new byte[] { 0x8A, 0xFF, 0xFF, 0xFF, 0xFF })]  // old four-octet overlong
    public void MalformedStreamsThrowFormatException(byte[] data)
    {
        Assert.Throws<OpenPgpFormatException>(() => ReadAll(data));
    }
}
