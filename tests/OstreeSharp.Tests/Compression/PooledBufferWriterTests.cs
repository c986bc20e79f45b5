using OstreeSharp.Compression;

namespace OstreeSharp.Tests.Compression;

/// <summary><see cref="PooledBufferWriter"/>: coded output in a match finder storage's array, kept for reuse.</summary>
public sealed class PooledBufferWriterTests
{
    [Fact]
    public void TheArrayGoesBackToTheStorageWithItsPagesReleased()
    {
        var storage = new LzmaMatchFinderStorage();
        var pool = new LzmaMatchFinderPool(1);
        const int length = 12 << 20; // large enough to be pinned and released
        using (var writer = new PooledBufferWriter(storage, pool, length))
        {
            Span<byte> span = writer.GetSpan(length);
            span[..length].Fill(0xA5);
            writer.Advance(length);
            Assert.Equal(length, writer.WrittenCount);
            Assert.Equal(0xA5, writer.WrittenSpan[length - 1]);
        }

        byte[] array = storage.Output;
        Assert.True(array.Length >= length);
        Assert.Same(storage, pool.Rent());

        // Whole pages inside the written range now read as zeros (the memory went back to the system); at most the
        // partial pages at either end keep their bytes.
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(0, array[length / 2]);
            Assert.True(array.AsSpan(8192, length - 16384).IndexOfAnyExcept((byte)0) < 0, "released pages read as zeros");
        }

        // A later writer reuses the array rather than allocating one.
        using var again = new PooledBufferWriter(storage, null, 1 << 20);
        Assert.True(again.GetSpan(1).Length >= array.Length - 1);
    }
}
