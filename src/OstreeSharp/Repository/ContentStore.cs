using System.Buffers;
using System.IO.Compression;
using System.Text;
using Microsoft.Win32.SafeHandles;
using OstreeSharp.Native;
using OstreeSharp.Objects;

namespace OstreeSharp.Repository;

/// <summary>
/// How content objects are laid out on disk in each repository mode (spec §2.3, §3.3): reading them back into
/// (header, content), and materialising a verified object into a staging file.
/// </summary>
internal static class ContentStore
{
    internal static readonly byte[] OstreeMetaXattr = "user.ostreemeta"u8.ToArray();

    // ---------------------------------------------------------------- reading

    public static ContentObject Read(OstreeRepo repo, Checksum checksum)
    {
        var name = new ObjectName(checksum, ObjectType.File);
        string path = repo.GetObjectPath(name);
        FileStatus st = default;
        if (repo.Mode != RepoMode.Archive && !FileSystem.TryLstat(path, out st))
            throw new ObjectNotFoundException($"Couldn't find file object '{checksum}'");
        try
        {
            var obj = repo.Mode switch
            {
                RepoMode.Archive => ReadArchive(repo, name, path),
                RepoMode.Bare => ReadBare(repo, name, path, st),
                RepoMode.BareUser => ReadBareUser(name, path),
                RepoMode.BareUserOnly => ReadBareUserOnly(name, path, st),
                RepoMode.BareSplitXattrs => ReadBareSplitXattrs(repo, name, path, st),
                _ => throw new InvalidOperationException(),
            };
            if (obj.Size > (ulong)repo.Limits.MaxContentObjectSize)
            {
                obj.Dispose();
                throw new CorruptObjectException(name, $"size {obj.Size} exceeds the content limit of {repo.Limits.MaxContentObjectSize} bytes");
            }
            return obj;
        }
        catch (OstreeDataException ex) when (ex is not CorruptObjectException)
        {
            throw new CorruptObjectException(name, ex.Message, ex);
        }
    }

    private static ContentObject ReadArchive(OstreeRepo repo, ObjectName name, string path)
    {
        Stream fs;
        try
        {
            fs = new HandleReadStream(NativeFile.OpenRead(path), 64 * 1024);
        }
        catch (FileNotFoundException ex)
        {
            throw new ObjectNotFoundException($"Couldn't find file object '{name.Checksum}'", ex);
        }
        try
        {
            Span<byte> prefix = stackalloc byte[8];
            if (fs.ReadAtLeast(prefix, 8, throwOnEndOfStream: false) < 8)
                throw new CorruptObjectException(name, "truncated archive header");
            int len = FileHeader.ReadPrefixLength(prefix, repo.Limits.MaxFileHeaderSize);
            byte[] buf = new byte[8 + len];
            prefix.CopyTo(buf);
            if (fs.ReadAtLeast(buf.AsSpan(8), len, throwOnEndOfStream: false) < len)
                throw new CorruptObjectException(name, "truncated archive header");
            var header = FileHeader.ParseArchiveHeader(buf, out ulong size, out _);
            if (header.IsSymlink)
            {
                fs.Dispose();
                return new ContentObject(name.Checksum, header, 0, null, null);
            }
            var inflate = new DeflateStream(fs, CompressionMode.Decompress, leaveOpen: false);
            return new ContentObject(name.Checksum, header, size, new ExactLengthStream(inflate, size, name), null);
        }
        catch
        {
            fs.Dispose();
            throw;
        }
    }

    private static ContentObject ReadBare(OstreeRepo repo, ObjectName name, string path, FileStatus st)
    {
        var xattrs = repo.DisableXattrs ? XattrSet.Empty : FileSystem.ReadXattrs(path);
        if (UnixMode.IsSymlink(st.Mode))
        {
            var header = new FileHeader(st.Uid, st.Gid, st.Mode, FileSystem.ReadLink(path), xattrs);
            return new ContentObject(name.Checksum, header, 0, null, null);
        }
        if (!UnixMode.IsRegular(st.Mode))
            throw new CorruptObjectException(name, "not a regular file or symlink");
        var h = new FileHeader(st.Uid, st.Gid, st.Mode, "", xattrs);
        return new ContentObject(name.Checksum, h, (ulong)st.Size, OpenRead(path), path);
    }

    private static ContentObject ReadBareUser(ObjectName name, string path)
    {
        var meta = FileSystem.GetXattr(path, OstreeMetaXattr)
            ?? throw new CorruptObjectException(name, "missing user.ostreemeta xattr");
        var dm = DirMetaObject.Parse(meta);
        if (UnixMode.IsSymlink(dm.Mode))
        {
            var bytes = File.ReadAllBytes(path);
            int end = Array.IndexOf(bytes, (byte)0);
            string target = Encoding.UTF8.GetString(bytes, 0, end < 0 ? bytes.Length : end);
            return new ContentObject(name.Checksum, new FileHeader(dm.Uid, dm.Gid, dm.Mode, target, dm.Xattrs), 0, null, null);
        }
        if (!UnixMode.IsRegular(dm.Mode))
            throw new CorruptObjectException(name, "user.ostreemeta mode is not a regular file or symlink");
        var stream = OpenRead(path);
        var header = new FileHeader(dm.Uid, dm.Gid, dm.Mode, "", dm.Xattrs);
        return new ContentObject(name.Checksum, header, (ulong)stream.Length, stream, path);
    }

    private static ContentObject ReadBareUserOnly(ObjectName name, string path, FileStatus st)
    {
        if (UnixMode.IsSymlink(st.Mode))
            return new ContentObject(name.Checksum, new FileHeader(0, 0, st.Mode, FileSystem.ReadLink(path)), 0, null, null);
        if (!UnixMode.IsRegular(st.Mode))
            throw new CorruptObjectException(name, "not a regular file or symlink");
        return new ContentObject(name.Checksum, new FileHeader(0, 0, st.Mode, ""), (ulong)st.Size, OpenRead(path), path);
    }

    private static ContentObject ReadBareSplitXattrs(OstreeRepo repo, ObjectName name, string path, FileStatus st)
    {
        var xattrs = XattrSet.Empty;
        string link = repo.GetObjectPath(name.Checksum, ObjectType.FileXattrsLink);
        if (File.Exists(link))
        {
            var bytes = File.ReadAllBytes(link);
            var r = new GVariant.GVariantReader(bytes, OstreeTypes.Xattrs);
            r.ValidateNormalForm();
            xattrs = XattrSet.Read(r);
        }
        if (UnixMode.IsSymlink(st.Mode))
            return new ContentObject(name.Checksum, new FileHeader(st.Uid, st.Gid, st.Mode, FileSystem.ReadLink(path), xattrs), 0, null, null);
        if (!UnixMode.IsRegular(st.Mode))
            throw new CorruptObjectException(name, "not a regular file or symlink");
        return new ContentObject(name.Checksum, new FileHeader(st.Uid, st.Gid, st.Mode, "", xattrs), (ulong)st.Size, OpenRead(path), path);
    }

    internal static Stream OpenRead(string path) => new HandleReadStream(NativeFile.OpenRead(path));

    // ---------------------------------------------------------------- writing

    /// <summary>
    /// Writes the stored form of a content object to <paramref name="tmpPath"/> (which must not exist):
    /// the content comes from <paramref name="content"/> (null for symlinks) and is <paramref name="size"/> bytes.
    /// Owner, mode, xattrs and mtime are applied as the mode requires, after the data is written.
    /// </summary>
    public static void WriteStored(OstreeRepo repo, string tmpPath, FileHeader header, ReadOnlySpan<byte> inMemory, Stream? content, ulong size)
    {
        switch (repo.Mode)
        {
            case RepoMode.Archive:
                using (var h = NativeFile.CreateNew(tmpPath, 0x1A4)) // 0644
                {
                    using var fs = new FileStream(h, FileAccess.Write, 64 * 1024);
                    fs.Write(header.SerializeArchiveHeader(size));
                    if (!header.IsSymlink && size == 0)
                    {
                        // DeflateStream writes nothing at all when given no data; libostree (zlib) writes an empty
                        // final block, and its reader fails ("Need more input") without one.
                        fs.Write(EmptyDeflateStream);
                    }
                    else if (!header.IsSymlink)
                    {
                        WriteDeflated(fs, repo.ZlibLevel, inMemory, content, size);
                    }
                }
                break;
            case RepoMode.Bare:
                if (header.IsSymlink)
                {
                    FileSystem.Symlink(header.SymlinkTarget, tmpPath);
                    FileSystem.Lchown(tmpPath, header.Uid, header.Gid);
                    if (!repo.DisableXattrs)
                        FileSystem.SetXattrs(tmpPath, header.Xattrs);
                }
                else
                {
                    using var h = NativeFile.CreateNew(tmpPath, 0x180); // 0600 until the real mode is applied
                    WritePlain(h, inMemory, content, size);
                    NativeFile.Fchown(h, header.Uid, header.Gid);
                    NativeFile.Fchmod(h, header.Mode & UnixMode.PermissionMask);
                    if (!repo.DisableXattrs)
                    {
                        foreach (var x in header.Xattrs)
                            Xattrs.Set(h, x.Name, x.Value);
                    }
                    NativeFile.SetTimes(h, 0, 0, 0, 0);
                }
                break;
            case RepoMode.BareUser:
            {
                Span<byte> small = stackalloc byte[12];
                ReadOnlySpan<byte> meta = DirMetaObject.TrySerializeWithoutXattrs(header.Uid, header.Gid, header.Mode, header.Xattrs, small, out int metaLength)
                    ? small[..metaLength]
                    : DirMetaObject.Serialize(header.Uid, header.Gid, header.Mode, header.Xattrs);
                using var h = NativeFile.CreateNew(tmpPath, 0x180);
                if (header.IsSymlink)
                {
                    var target = Encoding.UTF8.GetBytes(header.SymlinkTarget + "\0");
                    WritePlain(h, target, null, (ulong)target.Length);
                    NativeFile.Fchmod(h, 0x1A4); // 0644
                }
                else
                {
                    WritePlain(h, inMemory, content, size);
                    NativeFile.Fchmod(h, (header.Mode & 0x1FD) | 0x100); // (mode & 0775) | 0400
                }
                Xattrs.Set(h, OstreeMetaXattr, meta);
                NativeFile.SetTimes(h, 0, 0, 0, 0);
                break;
            }
            case RepoMode.BareUserOnly:
                if (header.IsSymlink)
                {
                    FileSystem.Symlink(header.SymlinkTarget, tmpPath);
                }
                else
                {
                    using var h = NativeFile.CreateNew(tmpPath, 0x180);
                    WritePlain(h, inMemory, content, size);
                    NativeFile.Fchmod(h, header.Mode & UnixMode.PermissionMask);
                    NativeFile.SetTimes(h, 0, 0, 0, 0);
                }
                break;
            default:
                throw new NotSupportedException($"Writing to {repo.Mode.ToConfigString()} repositories is not supported.");
        }
    }

    internal static void WritePlain(SafeFileHandle handle, ReadOnlySpan<byte> inMemory, Stream? content, ulong size)
    {
        if (content is null)
        {
            RandomAccess.Write(handle, inMemory, 0);
            return;
        }
        byte[] buffer = ArrayPool<byte>.Shared.Rent(256 * 1024);
        try
        {
            ulong left = size;
            long offset = 0;
            while (left > 0)
            {
                // Fill the buffer before writing: an inflating stream returns a few KiB per call, and each write is
                // a syscall (checkout from archive: 15560 pwrite64 for 5330 files before, one per file now).
                int want = (int)Math.Min((ulong)buffer.Length, left);
                int n = content.ReadAtLeast(buffer.AsSpan(0, want), want, throwOnEndOfStream: false);
                if (n == 0)
                    throw new IOException($"Content ended {left} bytes early (file changed while committing?).");
                RandomAccess.Write(handle, buffer.AsSpan(0, n), offset);
                offset += n;
                left -= (ulong)n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A raw deflate stream holding no data: one final, fixed-Huffman block with just the end code.</summary>
    private static ReadOnlySpan<byte> EmptyDeflateStream => [0x03, 0x00];

    /// <summary>Files at least this large are probed for compressibility before they are deflated.</summary>
    internal const int IncompressibleProbeMinSize = 16 * 1024;

    /// <summary>How much of a file's start the probe compresses.</summary>
    internal const int IncompressibleProbeSize = 64 * 1024;

    /// <summary>
    /// Deflates the content (raw deflate, as <c>.filez</c> stores it) at <paramref name="level"/>, except when the
    /// first <see cref="IncompressibleProbeSize"/> bytes of a file of at least <see cref="IncompressibleProbeMinSize"/>
    /// do not shrink by 3 % at level 1 (already compressed data: <c>.gz</c>, <c>.xz</c>, <c>.deb</c>, images): then
    /// the file is written as stored deflate blocks, which any inflater reads, instead of spending level-6 match
    /// searches on data that would come out no smaller (18.8 % of the bytes of a debootstrap minbase root).
    /// </summary>
    private static void WriteDeflated(Stream output, int level, ReadOnlySpan<byte> inMemory, Stream? content, ulong size)
    {
        byte[]? probe = null;
        int probed = 0;
        try
        {
            if (size >= IncompressibleProbeMinSize)
            {
                if (content is null)
                {
                    if (LooksIncompressible(inMemory[..Math.Min(inMemory.Length, IncompressibleProbeSize)]))
                        level = 0;
                }
                else
                {
                    probe = ArrayPool<byte>.Shared.Rent(IncompressibleProbeSize);
                    int want = (int)Math.Min((ulong)IncompressibleProbeSize, size);
                    probed = content.ReadAtLeast(probe.AsSpan(0, want), want, throwOnEndOfStream: false);
                    if (probed < want)
                        throw new IOException($"Content ended {size - (ulong)probed} bytes early (file changed while committing?).");
                    if (LooksIncompressible(probe.AsSpan(0, probed)))
                        level = 0;
                }
            }
            using var deflate = new DeflateStream(output, new ZLibCompressionOptions { CompressionLevel = level }, leaveOpen: true);
            if (content is null)
            {
                deflate.Write(inMemory);
            }
            else
            {
                if (probe is not null)
                    deflate.Write(probe, 0, probed);
                CopyExactly(content, deflate, size - (ulong)probed);
            }
        }
        finally
        {
            if (probe is not null)
                ArrayPool<byte>.Shared.Return(probe);
        }
    }

    /// <summary>True if <paramref name="sample"/> does not shrink by 3 % under level-1 deflate.</summary>
    internal static bool LooksIncompressible(ReadOnlySpan<byte> sample)
    {
        var counter = new CountingStream();
        using (var deflate = new DeflateStream(counter, new ZLibCompressionOptions { CompressionLevel = 1 }, leaveOpen: true))
            deflate.Write(sample);
        return counter.Length >= sample.Length - (sample.Length * 3L / 100);
    }

    /// <summary>A write-only stream that only counts what is written to it.</summary>
    private sealed class CountingStream : ForwardWriteStream
    {
        private long _length;

        public override long Length => _length;

        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;
    }

    internal static void CopyExactly(Stream source, Stream destination, ulong size)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(256 * 1024);
        try
        {
            ulong left = size;
            while (left > 0)
            {
                int n = source.Read(buffer, 0, (int)Math.Min((ulong)buffer.Length, left));
                if (n == 0)
                    throw new IOException($"Content ended {left} bytes early (file changed while committing?).");
                destination.Write(buffer, 0, n);
                left -= (ulong)n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
