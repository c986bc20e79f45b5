using OstreeSharp.Deltas;
using OstreeSharp.Tests.Support;

namespace OstreeSharp.Tests.Deltas;

/// <summary><see cref="MappedFile"/>: writable spool mappings and releasing pages behind.</summary>
public sealed class MappedFileTests : IDisposable
{
    private readonly ScratchDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public unsafe void ReleasedPagesKeepTheirBytes()
    {
        // Written through the mapping, released (unmapped from the process), read again: the bytes come back from the
        // file's page cache, for every alignment of the released range.
        const int Size = (8 << 20) + 12345;
        string path = _dir.Combine("spool");
        var expected = new byte[Size];
        new Random(4).NextBytes(expected);
        using (var map = MappedFile.CreateWritable(path, Size))
        {
            expected.CopyTo(new Span<byte>(map.WritablePointer, Size));
            map.Release(map.Span[..(4 << 20)]);
            map.Release(map.Span[1000..((5 << 20) + 777)]);
            map.Release(map.Span[Size..]);
            map.Release(map.Span);
            Assert.True(map.Span.SequenceEqual(expected));

            // Written again after a release: the new bytes are what reads see.
            new Span<byte>(map.WritablePointer, 100).Clear();
            map.Release(map.Span[..(1 << 20)]);
            expected.AsSpan(0, 100).Clear();
            Assert.True(map.Span.SequenceEqual(expected));
            Assert.Throws<ArgumentOutOfRangeException>(() => map.Release(new byte[10]));
        }

        Assert.Equal(expected, File.ReadAllBytes(path));
    }
}
