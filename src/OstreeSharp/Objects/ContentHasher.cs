using System.Buffers;
using System.Security.Cryptography;

namespace OstreeSharp.Objects;

/// <summary>
/// Computes a content object's checksum streaming: the file header prefix (spec §3.1), then the content bytes as
/// they arrive. Whole files are never buffered.
/// </summary>
public sealed class ContentHasher : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    // One hash per thread for the one-shot Compute (reset after each use): objects are hashed by the thousand.
    [ThreadStatic]
    private static IncrementalHash? t_oneShot;

    /// <summary>Starts hashing a content object with <paramref name="header"/>.</summary>
    public ContentHasher(FileHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        AppendHeader(_hash, header);
    }

    private static void AppendHeader(IncrementalHash hash, FileHeader header)
    {
        Span<byte> small = stackalloc byte[FileHeader.SmallContentStreamHeaderMax];
        if (header.TryWriteContentStreamHeader(small, out int written))
            hash.AppendData(small[..written]);
        else
            hash.AppendData(header.SerializeContentStreamHeader());
    }

    /// <summary>Starts hashing with an already serialized content-stream header prefix.</summary>
    public ContentHasher(ReadOnlySpan<byte> contentStreamHeader) => _hash.AppendData(contentStreamHeader);

    /// <summary>Appends content bytes.</summary>
    public void Append(ReadOnlySpan<byte> content) => _hash.AppendData(content);

    /// <summary>Finishes and returns the checksum.</summary>
    public Checksum Finish()
    {
        Span<byte> digest = stackalloc byte[Checksum.ByteLength];
        _hash.GetHashAndReset(digest);
        return Checksum.FromBytes(digest);
    }

    /// <summary>The checksum of a content object with the given header and in-memory content.</summary>
    public static Checksum Compute(FileHeader header, ReadOnlySpan<byte> content)
    {
        ArgumentNullException.ThrowIfNull(header);
        var hash = t_oneShot ?? IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        t_oneShot = null; // not reused if anything below throws half-way
        AppendHeader(hash, header);
        hash.AppendData(content);
        Span<byte> digest = stackalloc byte[Checksum.ByteLength];
        hash.GetHashAndReset(digest);
        t_oneShot = hash;
        return Checksum.FromBytes(digest);
    }

    /// <summary>The checksum of a content object, reading <paramref name="content"/> to its end.</summary>
    public static Checksum Compute(FileHeader header, Stream content)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var h = new ContentHasher(header);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(128 * 1024);
        try
        {
            int n;
            while ((n = content.Read(buffer, 0, buffer.Length)) > 0)
                h.Append(buffer.AsSpan(0, n));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return h.Finish();
    }

    /// <summary>The checksum of a content object, reading <paramref name="content"/> to its end asynchronously.</summary>
    public static async ValueTask<Checksum> ComputeAsync(FileHeader header, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var h = new ContentHasher(header);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(128 * 1024);
        try
        {
            int n;
            while ((n = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                h.Append(buffer.AsSpan(0, n));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return h.Finish();
    }

    /// <inheritdoc/>
    public void Dispose() => _hash.Dispose();
}
