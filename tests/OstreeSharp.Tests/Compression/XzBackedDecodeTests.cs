using OstreeSharp.Compression;
using OstreeSharp.Deltas;
using OstreeSharp.Tests.Support;

namespace OstreeSharp.Tests.Compression;

/// <summary>
/// Decoding into a spool-file mapping whose far history is released while decoding: matches and match bytes further
/// back than the resident distance are read from the backing file (<c>XzDecoderStream.DecodeAll</c> with a backing
/// handle), as the static-delta applier does.
/// </summary>
public sealed class XzBackedDecodeTests : IDisposable
{
    private readonly ScratchDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Random blocks repeated megabytes later (with edits), text, and random filler: far matches of every length.</summary>
    private static byte[] FarRepeats()
    {
        var rng = new Random(17);
        byte[] a = new byte[2 << 20], b = new byte[3 << 20];
        rng.NextBytes(a);
        rng.NextBytes(b);
        byte[] a2 = (byte[])a.Clone();
        for (int i = 0; i < a2.Length; i += 4093)
        {
            a2[i] ^= 0x33; // short matches and matched literals right after them
        }

        return [.. a, .. XzDecoderTests.Text(1 << 20), .. b, .. a2, .. XzDecoderTests.Text(300_000, 3), .. b.AsSpan(1 << 20, 1 << 20)];
    }

    private unsafe byte[] DecodeIntoSpool(byte[] xz, int size, int residentDistance, Func<MappedFile, Microsoft.Win32.SafeHandles.SafeFileHandle> backing)
    {
        string spool = _dir.Combine("spool-" + Guid.NewGuid().ToString("N"));
        using var map = MappedFile.CreateWritable(spool, size);
        int released = 0;
        XzDecoderStream.DecodeAll(new MemoryStream(xz, writable: false), map.WritablePointer, size, null, CancellationToken.None,
            decoded =>
            {
                // Unmap everything the decoder may no longer read through the mapping.
                int until = decoded - residentDistance;
                if (until > released)
                {
                    map.Release(map.Span[..until]);
                    released = until;
                }
            },
            backing(map), residentDistance);
        return map.Span.ToArray();
    }

    [Theory]
    [InlineData(4096)]
    [InlineData(64 * 1024)]
    [InlineData(1 << 20)]
    public void FarReadsComeFromTheBackingFile(int residentDistance)
    {
        if (!XzTool.Available())
        {
            return;
        }

        byte[] original = FarRepeats();
        byte[] xz = XzTool.Compress(original, "--lzma2=preset=6,dict=16MiB");
        Assert.Equal(original, DecodeIntoSpool(xz, original.Length, residentDistance, map => map.FileHandle!));
    }

    [Fact]
    public void AWrongBackingFileCorruptsTheOutput()
    {
        if (!XzTool.Available())
        {
            return;
        }

        // The far path is taken: a backing file of zeros instead of the spool breaks the data (the check catches it).
        byte[] original = FarRepeats();
        byte[] xz = XzTool.Compress(original, "--lzma2=preset=6,dict=16MiB");
        string zeros = _dir.Combine("zeros");
        File.WriteAllBytes(zeros, new byte[original.Length]);
        using var handle = File.OpenHandle(zeros);
        Assert.Throws<XzFormatException>(() => DecodeIntoSpool(xz, original.Length, 64 * 1024, _ => handle));
    }

    [Fact]
    public void TheResidentDistanceCoversACachedPage()
    {
        if (!XzTool.Available())
        {
            return;
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => DecodeIntoSpool(XzTool.Compress([1, 2, 3]), 3, 4095, m => m.FileHandle!));
    }
}
