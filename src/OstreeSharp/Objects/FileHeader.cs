using System.Buffers.Binary;
using OstreeSharp.GVariant;

namespace OstreeSharp.Objects;

/// <summary>
/// The metadata of a content (FILE) object: owner, mode, symlink target and xattrs. Its serialized form
/// <c>(uuuusa(ayay))</c> (integers big-endian) prefixes the content when computing the checksum (spec §3.1).
/// </summary>
public sealed class FileHeader : IEquatable<FileHeader>
{
    /// <summary>Creates a header.</summary>
    /// <param name="uid">Owner user id.</param>
    /// <param name="gid">Owner group id.</param>
    /// <param name="mode">Full <c>st_mode</c>, including the file type bits (regular or symlink).</param>
    /// <param name="symlinkTarget">The link target for symlinks; empty for regular files.</param>
    /// <param name="xattrs">Extended attributes (use <see cref="XattrSet.Create"/> for canonical order).</param>
    /// <param name="rdev">Device number; always 0 for the file types ostree stores.</param>
    public FileHeader(uint uid, uint gid, uint mode, string symlinkTarget, XattrSet? xattrs = null, uint rdev = 0)
    {
        ArgumentNullException.ThrowIfNull(symlinkTarget);
        if (!UnixMode.IsRegular(mode) && !UnixMode.IsSymlink(mode))
            throw new ArgumentException($"Content objects are regular files or symlinks; mode 0{Convert.ToString(mode, 8)} is neither.", nameof(mode));
        if (UnixMode.IsRegular(mode) && symlinkTarget.Length != 0)
            throw new ArgumentException("A regular file has no symlink target.", nameof(symlinkTarget));
        if (UnixMode.IsSymlink(mode) && symlinkTarget.Length == 0)
            throw new ArgumentException("A symlink needs a target.", nameof(symlinkTarget));
        if (symlinkTarget.Contains('\0', StringComparison.Ordinal))
            throw new ArgumentException("A symlink target cannot contain NUL.", nameof(symlinkTarget));
        Uid = uid;
        Gid = gid;
        Mode = mode;
        Rdev = rdev;
        SymlinkTarget = symlinkTarget;
        Xattrs = xattrs ?? XattrSet.Empty;
    }

    /// <summary>A regular file header.</summary>
    public static FileHeader RegularFile(uint uid, uint gid, uint mode, XattrSet? xattrs = null)
        => new(uid, gid, UnixMode.Regular | (mode & UnixMode.PermissionMask), "", xattrs);

    /// <summary>A symlink header (mode 0120777 unless given).</summary>
    public static FileHeader SymbolicLink(uint uid, uint gid, string target, XattrSet? xattrs = null, uint permissions = 0x1FF)
        => new(uid, gid, UnixMode.Symlink | (permissions & UnixMode.PermissionMask), target, xattrs);

    /// <summary>Owner user id.</summary>
    public uint Uid { get; }

    /// <summary>Owner group id.</summary>
    public uint Gid { get; }

    /// <summary>Full mode with type bits.</summary>
    public uint Mode { get; }

    /// <summary>Device number (0).</summary>
    public uint Rdev { get; }

    /// <summary>Symlink target, or empty.</summary>
    public string SymlinkTarget { get; }

    /// <summary>Extended attributes.</summary>
    public XattrSet Xattrs { get; }

    /// <summary>True for symlinks.</summary>
    public bool IsSymlink => UnixMode.IsSymlink(Mode);

    /// <summary>True for regular files.</summary>
    public bool IsRegularFile => UnixMode.IsRegular(Mode);

    /// <summary>Returns a copy with other xattrs.</summary>
    public FileHeader WithXattrs(XattrSet xattrs) => new(Uid, Gid, Mode, SymlinkTarget, xattrs, Rdev);

    /// <summary>Returns a copy with another owner and mode (type bits of <paramref name="mode"/> are kept from this header).</summary>
    public FileHeader WithOwnerAndMode(uint uid, uint gid, uint mode)
        => new(uid, gid, (Mode & UnixMode.TypeMask) | (mode & UnixMode.PermissionMask), SymlinkTarget, Xattrs, Rdev);

    private void WriteFields(GVariantWriter w)
    {
        w.WriteUInt32(BinaryPrimitives.ReverseEndianness(Uid));
        w.WriteUInt32(BinaryPrimitives.ReverseEndianness(Gid));
        w.WriteUInt32(BinaryPrimitives.ReverseEndianness(Mode));
        w.WriteUInt32(BinaryPrimitives.ReverseEndianness(Rdev));
        w.WriteString(SymlinkTarget);
        Xattrs.WriteTo(w);
    }

    /// <summary>The <c>(uuuusa(ayay))</c> variant bytes.</summary>
    public byte[] SerializeVariant() => GVariantWriter.Serialize(OstreeTypes.FileHeader, w =>
    {
        w.StartTuple();
        WriteFields(w);
        w.EndTuple();
    });

    /// <summary>
    /// The content-stream prefix hashed before the content: BE u32 length, 4 zero bytes, then the variant (spec §3.1).
    /// </summary>
    public byte[] SerializeContentStreamHeader() => Prefix(SerializeVariant());

    /// <summary>
    /// The <c>.filez</c> prefix (spec §3.3): BE u32 length, 4 zero bytes, then <c>(tuuuusa(ayay))</c> with
    /// <paramref name="size"/> (0 for symlinks). Raw-deflated content follows it in the object.
    /// </summary>
    public byte[] SerializeArchiveHeader(ulong size) => Prefix(GVariantWriter.Serialize(OstreeTypes.ArchiveHeader, w =>
    {
        w.StartTuple();
        w.WriteUInt64(BinaryPrimitives.ReverseEndianness(IsSymlink ? 0UL : size));
        WriteFields(w);
        w.EndTuple();
    }));

    /// <summary>The most bytes <see cref="TryWriteContentStreamHeader"/> writes.</summary>
    internal const int SmallContentStreamHeaderMax = 8 + 16 + MaxSmallTarget + 2;

    // With no xattrs and a target of at most this many UTF-8 bytes, the variant is under 256 bytes: one-byte offsets.
    private const int MaxSmallTarget = 237;

    /// <summary>
    /// Writes <see cref="SerializeContentStreamHeader"/> into <paramref name="destination"/> without allocating, for
    /// the common header (no xattrs, a symlink target of at most 237 UTF-8 bytes); false for any other header, and
    /// then nothing is written. The layout: <c>(uuuusa(ayay))</c> is four big-endian integers, the NUL-terminated
    /// target, an empty array (no bytes) and one framing offset, the end of the string.
    /// </summary>
    internal bool TryWriteContentStreamHeader(Span<byte> destination, out int written)
    {
        written = 0;
        if (Xattrs.Count != 0 || destination.Length < SmallContentStreamHeaderMax)
            return false;
        int targetLength;
        if (SymlinkTarget.Length == 0)
            targetLength = 0;
        else if (SymlinkTarget.Length > MaxSmallTarget || !System.Text.Encoding.UTF8.TryGetBytes(SymlinkTarget, destination.Slice(24, MaxSmallTarget), out targetLength))
            return false;
        int variant = 16 + targetLength + 2;
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)variant);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], Uid);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], Gid);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], Mode);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], Rdev);
        destination[24 + targetLength] = 0;
        destination[25 + targetLength] = (byte)(17 + targetLength);
        written = 8 + variant;
        return true;
    }

    private static byte[] Prefix(byte[] variant)
    {
        var result = new byte[8 + variant.Length];
        BinaryPrimitives.WriteUInt32BigEndian(result, (uint)variant.Length);
        variant.CopyTo(result, 8);
        return result;
    }

    /// <summary>Parses a <c>(uuuusa(ayay))</c> variant.</summary>
    /// <exception cref="OstreeDataException">The bytes are not a valid header.</exception>
    public static FileHeader ParseVariant(ReadOnlySpan<byte> data)
    {
        var r = new GVariantReader(data, OstreeTypes.FileHeader);
        r.ValidateNormalForm();
        return FromFields(r, 0);
    }

    /// <summary>
    /// Parses the start of a <c>.filez</c> object (spec §3.3).
    /// </summary>
    /// <param name="filez">At least the prefix; more bytes (the deflate stream) may follow.</param>
    /// <param name="size">The uncompressed content size from the header.</param>
    /// <param name="prefixLength">Bytes taken by the prefix; the deflate stream starts there.</param>
    /// <exception cref="OstreeDataException">The prefix is malformed or truncated.</exception>
    public static FileHeader ParseArchiveHeader(ReadOnlySpan<byte> filez, out ulong size, out int prefixLength)
    {
        int len = ReadPrefixLength(filez, maxLength: 10 * 1024 * 1024);
        if (filez.Length - 8 < len)
            throw new OstreeDataException($"Truncated file header: {len} bytes declared, {filez.Length - 8} present.");
        var r = new GVariantReader(filez.Slice(8, len), OstreeTypes.ArchiveHeader);
        r.ValidateNormalForm();
        size = BinaryPrimitives.ReverseEndianness(r.GetChild(0).GetUInt64());
        prefixLength = 8 + len;
        return FromFields(r, 1);
    }

    /// <summary>
    /// Reads the 8-byte length prefix of a content stream or <c>.filez</c> header and returns the variant length,
    /// checking it against <paramref name="maxLength"/> (the variant itself may not be in <paramref name="data"/> yet).
    /// </summary>
    /// <exception cref="OstreeDataException">The prefix is truncated, has non-zero padding, or is too long.</exception>
    public static int ReadPrefixLength(ReadOnlySpan<byte> data, int maxLength)
    {
        if (data.Length < 8)
            throw new OstreeDataException("Truncated file header: fewer than 8 bytes.");
        uint len = BinaryPrimitives.ReadUInt32BigEndian(data);
        if (BinaryPrimitives.ReadUInt32BigEndian(data[4..]) != 0)
            throw new OstreeDataException("Invalid file header: padding after the length is not zero.");
        if (len > (uint)maxLength)
            throw new OstreeDataException($"File header of {len} bytes exceeds the limit of {maxLength}.");
        return (int)len;
    }

    private static FileHeader FromFields(GVariantReader r, int first)
    {
        uint uid = BinaryPrimitives.ReverseEndianness(r.GetChild(first).GetUInt32());
        uint gid = BinaryPrimitives.ReverseEndianness(r.GetChild(first + 1).GetUInt32());
        uint mode = BinaryPrimitives.ReverseEndianness(r.GetChild(first + 2).GetUInt32());
        uint rdev = BinaryPrimitives.ReverseEndianness(r.GetChild(first + 3).GetUInt32());
        string target = r.GetChild(first + 4).GetString();
        var xattrs = XattrSet.Read(r.GetChild(first + 5));
        if (!UnixMode.IsRegular(mode) && !UnixMode.IsSymlink(mode))
            throw new OstreeDataException($"Invalid file header: mode 0{Convert.ToString(mode, 8)} is not a regular file or symlink.");
        if (UnixMode.IsRegular(mode) != (target.Length == 0))
            throw new OstreeDataException("Invalid file header: symlink target present for a regular file or missing for a symlink.");
        return new FileHeader(uid, gid, mode, target, xattrs, rdev);
    }

    /// <inheritdoc/>
    public bool Equals(FileHeader? other) =>
        other is not null && Uid == other.Uid && Gid == other.Gid && Mode == other.Mode && Rdev == other.Rdev &&
        SymlinkTarget == other.SymlinkTarget && Xattrs.Equals(other.Xattrs);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as FileHeader);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Uid, Gid, Mode, SymlinkTarget, Xattrs);

    /// <inheritdoc/>
    public override string ToString() => $"{Uid}:{Gid} 0{Convert.ToString(Mode, 8)}{(IsSymlink ? " -> " + SymlinkTarget : "")}";
}
