using System.Buffers;
using System.Text;
using OstreeSharp.Objects;

namespace OstreeSharp.Archive;

/// <summary>
/// Writes a POSIX (pax) tar stream: ustar headers, with a PAX extended header only when an entry needs one (a long
/// path or link target, a large size or id, extended attributes as <c>SCHILY.xattr.NAME</c> with their exact bytes).
/// Forward only; file content is streamed.
/// </summary>
public sealed class TarArchiveWriter : IDisposable
{
    private const int Block = 512;
    private readonly Stream _output;
    private readonly bool _leaveOpen;
    private readonly byte[] _header = new byte[Block];
    private bool _finished;

    /// <summary>Writes to <paramref name="output"/>.</summary>
    public TarArchiveWriter(Stream output, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        _leaveOpen = leaveOpen;
    }

    /// <summary>Writes a directory entry (a trailing <c>/</c> is added to <paramref name="name"/> if missing).</summary>
    public void WriteDirectory(string name, uint mode, uint uid, uint gid, long mtime, IReadOnlyList<Xattr> xattrs)
    {
        ArgumentNullException.ThrowIfNull(name);
        WriteHeader(name.EndsWith('/') ? name : name + "/", (byte)'5', mode, uid, gid, 0, mtime, "", xattrs);
    }

    /// <summary>Writes a symbolic link entry.</summary>
    public void WriteSymbolicLink(string name, string target, uint mode, uint uid, uint gid, long mtime, IReadOnlyList<Xattr> xattrs)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(target);
        WriteHeader(name, (byte)'2', mode, uid, gid, 0, mtime, target, xattrs);
    }

    /// <summary>Writes a regular file entry whose content is exactly <paramref name="size"/> bytes of <paramref name="content"/>.</summary>
    /// <exception cref="IOException"><paramref name="content"/> ended early.</exception>
    public void WriteFile(string name, uint mode, uint uid, uint gid, long mtime, IReadOnlyList<Xattr> xattrs, Stream content, long size)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(content);
        WriteHeader(name, (byte)'0', mode, uid, gid, size, mtime, "", xattrs);
        byte[] buf = ArrayPool<byte>.Shared.Rent(128 * 1024);
        try
        {
            long left = size;
            while (left > 0)
            {
                int n = content.Read(buf, 0, (int)Math.Min(buf.Length, left));
                if (n == 0)
                    throw new IOException($"Content of {name} ended {left} bytes early.");
                _output.Write(buf, 0, n);
                left -= n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buf);
        }
        Pad(size);
    }

    /// <summary>Writes the end-of-archive marker (two zero blocks). Idempotent.</summary>
    public void Finish()
    {
        if (_finished)
            return;
        _finished = true;
        _output.Write(new byte[2 * Block]);
        _output.Flush();
    }

    private void Pad(long size)
    {
        int pad = (int)((Block - (size % Block)) % Block);
        if (pad > 0)
            _output.Write(new byte[pad]);
    }

    private void WriteHeader(string name, byte type, uint mode, uint uid, uint gid, long size, long mtime, string link, IReadOnlyList<Xattr> xattrs)
    {
        byte[] nameBytes = Encoding.UTF8.GetBytes(name);
        byte[] linkBytes = Encoding.UTF8.GetBytes(link);
        var pax = new List<(byte[] Key, byte[] Value)>();
        if (nameBytes.Length > 100)
            pax.Add(("path"u8.ToArray(), nameBytes));
        if (linkBytes.Length > 100)
            pax.Add(("linkpath"u8.ToArray(), linkBytes));
        if (size > 077777777777L)
            pax.Add(("size"u8.ToArray(), Encoding.ASCII.GetBytes(size.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        if (uid > 07777777)
            pax.Add(("uid"u8.ToArray(), Encoding.ASCII.GetBytes(uid.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        if (gid > 07777777)
            pax.Add(("gid"u8.ToArray(), Encoding.ASCII.GetBytes(gid.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        foreach (var x in xattrs)
            pax.Add(([.. "SCHILY.xattr."u8, .. x.Name], x.Value.ToArray()));
        if (pax.Count > 0)
        {
            var body = new MemoryStream();
            foreach (var (k, v) in pax)
                WriteRecord(body, k, v);
            string paxName = "PaxHeaders/" + Path.GetFileName(name.TrimEnd('/'));
            byte[] pn = Encoding.UTF8.GetBytes(paxName);
            FillHeader(pn.Length > 100 ? pn.AsSpan(0, 100) : pn, (byte)'x', 0x1A4, 0, 0, body.Length, mtime, []);
            _output.Write(_header);
            body.Position = 0;
            body.CopyTo(_output);
            Pad(body.Length);
        }
        FillHeader(nameBytes.Length > 100 ? nameBytes.AsSpan(0, 100) : nameBytes, type, mode, Math.Min(uid, 07777777u), Math.Min(gid, 07777777u),
            Math.Min(size, 077777777777L), mtime, linkBytes.Length > 100 ? linkBytes.AsSpan(0, 100) : linkBytes);
        _output.Write(_header);
    }

    private static void WriteRecord(MemoryStream body, byte[] key, byte[] value)
    {
        int baseLen = key.Length + value.Length + 3; // ' ', '=', '\n'
        int len = baseLen + 1;
        while (len != baseLen + len.ToString(System.Globalization.CultureInfo.InvariantCulture).Length)
            len = baseLen + len.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
        body.Write(Encoding.ASCII.GetBytes(len.ToString(System.Globalization.CultureInfo.InvariantCulture) + " "));
        body.Write(key);
        body.WriteByte((byte)'=');
        body.Write(value);
        body.WriteByte((byte)'\n');
    }

    private void FillHeader(ReadOnlySpan<byte> name, byte type, uint mode, uint uid, uint gid, long size, long mtime, ReadOnlySpan<byte> link)
    {
        Array.Clear(_header);
        name.CopyTo(_header);
        Octal(_header.AsSpan(100, 8), mode & 0xFFF);
        Octal(_header.AsSpan(108, 8), uid);
        Octal(_header.AsSpan(116, 8), gid);
        Octal(_header.AsSpan(124, 12), size);
        Octal(_header.AsSpan(136, 12), Math.Clamp(mtime, 0, 077777777777L));
        _header[156] = type;
        link.CopyTo(_header.AsSpan(157, 100));
        "ustar\0"u8.CopyTo(_header.AsSpan(257));
        "00"u8.CopyTo(_header.AsSpan(263));
        _header.AsSpan(148, 8).Fill((byte)' ');
        uint sum = 0;
        foreach (byte b in _header)
            sum += b;
        Octal(_header.AsSpan(148, 7), sum);
        _header[155] = (byte)' ';
    }

    private static void Octal(Span<byte> field, long value)
    {
        int digits = field.Length - 1;
        for (int i = digits - 1; i >= 0; i--)
        {
            field[i] = (byte)('0' + (value & 7));
            value >>= 3;
        }
        field[digits] = 0;
    }

    /// <summary>Disposes the output unless <c>leaveOpen</c> was given (does not write the end marker: call <see cref="Finish"/>).</summary>
    public void Dispose()
    {
        if (!_leaveOpen)
            _output.Dispose();
    }
}
