using System.Buffers;
using System.Buffers.Text;
using System.Text;
using OstreeSharp.Objects;

namespace OstreeSharp.Archive;

/// <summary>
/// A forward-only reader of POSIX (ustar/PAX), GNU and v7 tar streams. Unlike <c>System.Formats.Tar</c> it keeps
/// PAX values as bytes, so binary extended attributes (<c>SCHILY.xattr.*</c>) survive exactly. Memory is bounded:
/// headers and extension records are capped, file data is streamed through <see cref="DataStream"/>.
/// Any malformation raises <see cref="TarFormatException"/>.
/// </summary>
public sealed class TarArchiveReader : IDisposable
{
    /// <summary>Largest accepted PAX extended header or GNU long-name record.</summary>
    public const int MaxExtensionSize = 16 * 1024 * 1024;

    private const int Block = 512;
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    private readonly Stream _source;
    private readonly bool _leaveOpen;
    private readonly byte[] _header = new byte[Block];
    private long _position;
    private long _dataRemaining;
    private long _padding;
    private bool _finished;
    private EntryDataStream? _data;

    /// <summary>Reads tar data from <paramref name="source"/> (already decompressed; see <see cref="TarDecompression"/>).</summary>
    public TarArchiveReader(Stream source, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
        _leaveOpen = leaveOpen;
    }

    /// <summary>The content of the entry last returned by <see cref="ReadNext"/> (valid until the next call).</summary>
    public Stream DataStream => _data ?? throw new InvalidOperationException("No current entry.");

    /// <summary>Returns the next entry, or null at the end of the archive.</summary>
    /// <exception cref="TarFormatException">The archive is malformed or truncated.</exception>
    public TarArchiveEntry? ReadNext()
    {
        if (_finished)
            return null;
        SkipRest();
        string? longName = null, longLink = null;
        Dictionary<string, byte[]>? pax = null;
        List<Xattr>? xattrs = null;
        while (true)
        {
            long offset = _position;
            int n = ReadFully(_header);
            if (n == 0)
            {
                _finished = true; // EOF on a block boundary without the end marker: accepted, like GNU tar
                return null;
            }
            if (n < Block)
                throw new TarFormatException(offset, "truncated header");
            if (IsZero(_header))
            {
                _finished = true;
                return null;
            }
            VerifyChecksum(offset);
            byte type = _header[156];
            long size = ParseNumber(_header.AsSpan(124, 12), offset, "size");
            if (size < 0)
                throw new TarFormatException(offset, "negative size");
            switch (type)
            {
                case (byte)'x':
                    pax ??= [];
                    ParsePax(ReadExtension(size, offset), offset, pax, ref xattrs);
                    continue;
                case (byte)'g':
                    ReadExtension(size, offset); // global attributes: nothing ostree records depends on them
                    continue;
                case (byte)'L':
                    longName = DecodeName(TrimNul(ReadExtension(size, offset)), offset);
                    continue;
                case (byte)'K':
                    longLink = DecodeName(TrimNul(ReadExtension(size, offset)), offset);
                    continue;
            }

            bool gnu = _header.AsSpan(257, 8).SequenceEqual("ustar  \0"u8);
            bool ustar = _header.AsSpan(257, 6).SequenceEqual("ustar\0"u8);
            string name = longName ?? ReadHeaderName(offset, ustar && !gnu);
            string link = longLink ?? DecodeName(Field(_header.AsSpan(157, 100)), offset);
            uint mode = (uint)(ParseNumber(_header.AsSpan(100, 8), offset, "mode") & 0xFFF);
            long uid = ParseNumber(_header.AsSpan(108, 8), offset, "uid");
            long gid = ParseNumber(_header.AsSpan(116, 8), offset, "gid");
            long mtime = ParseNumber(_header.AsSpan(136, 12), offset, "mtime");
            if (pax is not null)
            {
                if (pax.TryGetValue("path", out var p))
                    name = DecodeName(p, offset);
                if (pax.TryGetValue("linkpath", out var lp))
                    link = DecodeName(lp, offset);
                if (pax.TryGetValue("size", out var s))
                    size = ParseDecimal(s, offset, "size");
                if (pax.TryGetValue("uid", out var u))
                    uid = ParseDecimal(u, offset, "uid");
                if (pax.TryGetValue("gid", out var g))
                    gid = ParseDecimal(g, offset, "gid");
                if (pax.TryGetValue("mtime", out var mt))
                    mtime = ParseDecimal(TrimFraction(mt), offset, "mtime");
            }
            if (uid is < 0 or > uint.MaxValue || gid is < 0 or > uint.MaxValue)
                throw new TarFormatException(offset, "uid or gid out of range");
            var kind = type switch
            {
                (byte)'0' or 0 or (byte)'7' => name.EndsWith('/') ? TarArchiveEntryType.Directory : TarArchiveEntryType.RegularFile,
                (byte)'1' => TarArchiveEntryType.HardLink,
                (byte)'2' => TarArchiveEntryType.SymbolicLink,
                (byte)'3' => TarArchiveEntryType.CharacterDevice,
                (byte)'4' => TarArchiveEntryType.BlockDevice,
                (byte)'5' or (byte)'D' => TarArchiveEntryType.Directory,
                (byte)'6' => TarArchiveEntryType.Fifo,
                _ => throw new TarFormatException(offset, $"unsupported entry type '{(char)type}' for {name}"),
            };
            uint devMajor = 0, devMinor = 0;
            if (kind is TarArchiveEntryType.CharacterDevice or TarArchiveEntryType.BlockDevice && (ustar || gnu))
            {
                devMajor = (uint)Math.Min(uint.MaxValue, ParseNumber(_header.AsSpan(329, 8), offset, "devmajor"));
                devMinor = (uint)Math.Min(uint.MaxValue, ParseNumber(_header.AsSpan(337, 8), offset, "devminor"));
            }
            _dataRemaining = size;
            _padding = (Block - (size % Block)) % Block;
            _data = new EntryDataStream(this);
            return new TarArchiveEntry(name, link, kind, mode, (uint)uid, (uint)gid, kind == TarArchiveEntryType.RegularFile ? size : 0,
                mtime, (IReadOnlyList<Xattr>?)xattrs ?? [], offset, devMajor, devMinor);
        }
    }

    private string ReadHeaderName(long offset, bool usePrefix)
    {
        var name = Field(_header.AsSpan(0, 100));
        if (usePrefix)
        {
            var prefix = Field(_header.AsSpan(345, 155));
            if (!prefix.IsEmpty)
                return DecodeName(prefix, offset) + "/" + DecodeName(name, offset);
        }
        return DecodeName(name, offset);
    }

    private static ReadOnlySpan<byte> Field(ReadOnlySpan<byte> f)
    {
        int z = f.IndexOf((byte)0);
        return z < 0 ? f : f[..z];
    }

    private static ReadOnlySpan<byte> TrimNul(byte[] b)
    {
        int z = b.AsSpan().IndexOf((byte)0);
        return z < 0 ? b : b.AsSpan(0, z);
    }

    private static ReadOnlySpan<byte> TrimFraction(ReadOnlySpan<byte> v)
    {
        int dot = v.IndexOf((byte)'.');
        return dot < 0 ? v : v[..dot];
    }

    private static string DecodeName(ReadOnlySpan<byte> bytes, long offset)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new TarFormatException(offset, "invalid UTF-8 in a path name");
        }
    }

    private static bool IsZero(ReadOnlySpan<byte> b) => !b.ContainsAnyExcept((byte)0);

    private void VerifyChecksum(long offset)
    {
        long stored = ParseNumber(_header.AsSpan(148, 8), offset, "checksum");
        long unsigned = 0, signed = 0;
        for (int i = 0; i < Block; i++)
        {
            byte b = i is >= 148 and < 156 ? (byte)' ' : _header[i];
            unsigned += b;
            signed += (sbyte)b;
        }
        if (stored != unsigned && stored != signed)
            throw new TarFormatException(offset, "header checksum mismatch");
    }

    /// <summary>Parses an octal (space/NUL terminated) or base-256 numeric header field.</summary>
    internal static long ParseNumber(ReadOnlySpan<byte> field, long offset, string what)
    {
        if (field.Length > 0 && (field[0] & 0x80) != 0)
        {
            if (field[0] == 0xFF)
                throw new TarFormatException(offset, $"negative {what}");
            long v = field[0] & 0x7F;
            for (int i = 1; i < field.Length; i++)
            {
                if (v > (long.MaxValue >> 8))
                    throw new TarFormatException(offset, $"{what} out of range");
                v = (v << 8) | field[i];
            }
            return v;
        }
        int pos = 0;
        while (pos < field.Length && field[pos] is (byte)' ' or 0)
            pos++;
        long value = 0;
        for (; pos < field.Length; pos++)
        {
            byte c = field[pos];
            if (c is (byte)' ' or 0)
                break;
            if (c is < (byte)'0' or > (byte)'7')
                throw new TarFormatException(offset, $"bad octal digit in {what}");
            if (value > (long.MaxValue >> 3))
                throw new TarFormatException(offset, $"{what} out of range");
            value = (value << 3) | (long)(c - '0');
        }
        for (; pos < field.Length; pos++)
        {
            if (field[pos] is not ((byte)' ' or 0))
                throw new TarFormatException(offset, $"garbage after {what}");
        }
        return value;
    }

    private static long ParseDecimal(ReadOnlySpan<byte> v, long offset, string what)
    {
        if (v.IsEmpty || !Utf8Parser.TryParse(v, out long value, out int consumed) || consumed != v.Length || value < 0)
            throw new TarFormatException(offset, $"bad PAX {what}");
        return value;
    }

    private byte[] ReadExtension(long size, long offset)
    {
        if (size > MaxExtensionSize)
            throw new TarFormatException(offset, "extension header too large");
        var buf = new byte[size];
        if (ReadFully(buf) != size)
            throw new TarFormatException(offset, "truncated extension header");
        long pad = (Block - (size % Block)) % Block;
        Span<byte> scratch = stackalloc byte[Block];
        if (pad > 0 && ReadFully(scratch[..(int)pad]) != pad)
            throw new TarFormatException(offset, "truncated extension header");
        return buf;
    }

    private static void ParsePax(byte[] data, long offset, Dictionary<string, byte[]> pax, ref List<Xattr>? xattrs)
    {
        var span = data.AsSpan();
        int pos = 0;
        while (pos < span.Length)
        {
            if (span[pos] == 0)
                break; // some writers pad the record block with NULs
            int sp = span[pos..].IndexOf((byte)' ');
            if (sp <= 0 || !Utf8Parser.TryParse(span.Slice(pos, sp), out int len, out int used) || used != sp
                || len <= sp + 1 || len > span.Length - pos)
                throw new TarFormatException(offset, "bad PAX record length");
            var record = span.Slice(pos + sp + 1, len - sp - 1);
            if (record[^1] != (byte)'\n')
                throw new TarFormatException(offset, "PAX record without newline");
            record = record[..^1];
            int eq = record.IndexOf((byte)'=');
            if (eq <= 0)
                throw new TarFormatException(offset, "PAX record without '='");
            var key = record[..eq];
            var value = record[(eq + 1)..];
            if (key.StartsWith("SCHILY.xattr."u8))
            {
                var xname = key["SCHILY.xattr.".Length..];
                if (xname.IsEmpty)
                    throw new TarFormatException(offset, "empty xattr name");
                AddXattr(ref xattrs, xname, value, offset);
            }
            else if (key.StartsWith("LIBARCHIVE.xattr."u8))
            {
                var xname = UrlDecode(key["LIBARCHIVE.xattr.".Length..], offset);
                byte[] decoded = new byte[Base64.GetMaxDecodedFromUtf8Length(value.Length)];
                if (Base64.DecodeFromUtf8(value, decoded, out _, out int written) != OperationStatus.Done)
                {
                    // libarchive writes unpadded base64
                    Span<byte> padded = new byte[value.Length + 3];
                    value.CopyTo(padded);
                    int plen = value.Length;
                    while (plen % 4 != 0)
                        padded[plen++] = (byte)'=';
                    if (Base64.DecodeFromUtf8(padded[..plen], decoded, out _, out written) != OperationStatus.Done)
                        throw new TarFormatException(offset, "bad base64 in LIBARCHIVE.xattr record");
                }
                if (xname.Length == 0)
                    throw new TarFormatException(offset, "empty xattr name");
                AddXattr(ref xattrs, xname, decoded.AsSpan(0, written), offset);
            }
            else if (key.StartsWith("GNU.sparse."u8))
            {
                throw new TarFormatException(offset, "sparse files are not supported");
            }
            else
            {
                pax[Encoding.UTF8.GetString(key)] = value.ToArray();
            }
            pos += len;
        }
    }

    private static void AddXattr(ref List<Xattr>? xattrs, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, long offset)
    {
        if (name.IsEmpty || name.Contains((byte)0))
            throw new TarFormatException(offset, "PAX xattr with an empty name or a NUL in its name");
        xattrs ??= [];
        for (int i = 0; i < xattrs.Count; i++)
        {
            if (xattrs[i].Name.SequenceEqual(name))
            {
                xattrs[i] = new Xattr(name, value);
                return;
            }
        }
        xattrs.Add(new Xattr(name, value));
    }

    private static byte[] UrlDecode(ReadOnlySpan<byte> s, long offset)
    {
        var result = new List<byte>(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == (byte)'%')
            {
                if (i + 2 >= s.Length || !byte.TryParse(Encoding.ASCII.GetString(s.Slice(i + 1, 2)), System.Globalization.NumberStyles.HexNumber, null, out byte b))
                    throw new TarFormatException(offset, "bad %-escape in LIBARCHIVE.xattr name");
                result.Add(b);
                i += 2;
            }
            else
            {
                result.Add(s[i]);
            }
        }
        return [.. result];
    }

    private void SkipRest()
    {
        if (_data is not null)
        {
            _data.Detach();
            _data = null;
        }
        long skip = _dataRemaining + _padding;
        _dataRemaining = 0;
        _padding = 0;
        if (skip == 0)
            return;
        byte[] buf = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (skip > 0)
            {
                int want = (int)Math.Min(buf.Length, skip);
                int n = ReadFully(buf.AsSpan(0, want));
                if (n < want)
                    throw new TarFormatException(_position, "unexpected end of archive inside entry data");
                skip -= n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buf);
        }
    }

    private int ReadFully(Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = ReadSource(buffer[total..]);
            if (n == 0)
                break;
            total += n;
        }
        return total;
    }

    private int ReadSource(Span<byte> buffer)
    {
        int n;
        try
        {
            n = _source.Read(buffer);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or OstreeDataException || e.GetType().Namespace?.StartsWith("ICSharpCode.SharpZipLib", StringComparison.Ordinal) == true)
        {
            throw e as TarFormatException ?? new TarFormatException($"Malformed compressed tar stream: {e.Message}", e);
        }
        _position += n;
        return n;
    }

    private int ReadData(Span<byte> buffer)
    {
        if (_dataRemaining == 0 || buffer.IsEmpty)
            return 0;
        int want = (int)Math.Min(buffer.Length, _dataRemaining);
        int n = ReadSource(buffer[..want]);
        if (n == 0)
            throw new TarFormatException(_position, "unexpected end of archive inside entry data");
        _dataRemaining -= n;
        return n;
    }

    /// <summary>Disposes the source stream unless <c>leaveOpen</c> was given.</summary>
    public void Dispose()
    {
        if (!_leaveOpen)
            _source.Dispose();
    }

    private sealed class EntryDataStream(TarArchiveReader owner) : ForwardReadStream
    {
        private TarArchiveReader? _owner = owner;

        public void Detach() => _owner = null;


        public override int Read(Span<byte> buffer)
        {
            var o = _owner ?? throw new ObjectDisposedException(nameof(TarArchiveReader), "The entry's data is no longer available.");
            return o.ReadData(buffer);
        }
    }
}
