using System.IO.Compression;
using ICSharpCode.SharpZipLib.BZip2;
using OstreeSharp.Compression;

namespace OstreeSharp.Archive;

/// <summary>
/// Recognises the compression of a tar stream by its magic bytes (never by file name), as libarchive does for
/// <c>ostree commit --tree=tar=</c>: gzip, xz, bzip2, zstd, or none.
/// </summary>
public static class TarDecompression
{
    /// <summary>
    /// Returns a stream of the uncompressed tar bytes of <paramref name="source"/> (read forward only).
    /// Errors in the compressed layer surface as <see cref="TarFormatException"/> when read through
    /// <see cref="TarArchiveReader"/>.
    /// </summary>
    /// <remarks>zstd frames are decoded by <see cref="ZstdDecoderStream"/> with its default options (windows up to
    /// 128 MiB, like <c>zstd -d</c>'s default memory limit).</remarks>
    /// <exception cref="TarFormatException">The data is compressed with a format that is not supported (lz4), or the
    /// compressed stream's header is malformed.</exception>
    public static Stream Open(Stream source, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(source);
        byte[] magic = new byte[6];
        int n = 0;
        while (n < magic.Length)
        {
            int r = source.Read(magic, n, magic.Length - n);
            if (r == 0)
                break;
            n += r;
        }
        var head = magic.AsSpan(0, n);
        Stream whole = new PrefixedStream(magic, n, source, leaveOpen);
        try
        {
            if (head.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]))
                return new GZipStream(whole, CompressionMode.Decompress, leaveOpen: false);
            if (head.StartsWith((ReadOnlySpan<byte>)[0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0]))
                return new XzDecoderStream(whole, leaveOpen: false);
            if (head.StartsWith("BZh"u8))
                return new BZip2InputStream(whole) { IsStreamOwner = true };
            if (Zstd.HasFrameMagic(head))
                return new ZstdDecoderStream(whole, leaveOpen: false);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or OstreeDataException
            || e.GetType().Namespace?.StartsWith("ICSharpCode.SharpZipLib", StringComparison.Ordinal) == true)
        {
            whole.Dispose();
            throw new TarFormatException($"Malformed compressed tar stream: {e.Message}", e);
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0x04, 0x22, 0x4D, 0x18]))
        {
            whole.Dispose();
            throw new TarFormatException("lz4-compressed tar archives are not supported; decompress first (lz4 -d)");
        }
        return whole;
    }

    private sealed class PrefixedStream(byte[] prefix, int prefixLength, Stream inner, bool leaveOpen) : ForwardReadStream
    {
        private int _prefixPos;

        public override int Read(Span<byte> buffer)
        {
            if (_prefixPos < prefixLength)
            {
                int n = Math.Min(buffer.Length, prefixLength - _prefixPos);
                prefix.AsSpan(_prefixPos, n).CopyTo(buffer);
                _prefixPos += n;
                return n;
            }
            return inner.Read(buffer);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && !leaveOpen)
                inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
