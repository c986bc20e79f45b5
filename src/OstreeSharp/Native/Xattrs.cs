using System.Buffers;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace OstreeSharp.Native;

/// <summary>
/// Extended attributes of files, never following symbolic links (<c>l*xattr</c>) or on open
/// handles (<c>f*xattr</c>). Names are byte strings without the trailing NUL.
/// File systems without xattr support (<c>ENOTSUP</c>) read as having no attributes.
/// </summary>
public static unsafe class Xattrs
{
    private const int StackNameLimit = 256;
    private const string ProbeName = "user.ostreesharp-probe";

    /// <summary>
    /// Lists the extended attributes of <paramref name="path"/> (not following a final symlink),
    /// sorted bytewise by name. Attributes with an empty value are skipped, as libostree does when
    /// hashing (spec §3.4).
    /// </summary>
    /// <param name="path">The file, directory or symbolic link.</param>
    /// <returns>Name/value pairs in canonical order; empty when the file system has no xattr support.</returns>
    public static IReadOnlyList<(byte[] Name, byte[] Value)> List(string path)
    {
        NativeErrors.ValidatePath(path, nameof(path));
        return ListCore(path, null);
    }

    /// <summary>Lists the extended attributes of an open file, like <see cref="List(string)"/>.</summary>
    /// <param name="handle">An open file descriptor.</param>
    /// <returns>Name/value pairs in canonical order; empty when the file system has no xattr support.</returns>
    public static IReadOnlyList<(byte[] Name, byte[] Value)> List(SafeFileHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        return ListCore(null, handle);
    }

    /// <summary>Lists only the attribute names of <paramref name="path"/>, in the order the kernel reports them.</summary>
    /// <param name="path">The file, directory or symbolic link.</param>
    /// <returns>The names; empty when the file system has no xattr support.</returns>
    public static IReadOnlyList<byte[]> ListNames(string path)
    {
        NativeErrors.ValidatePath(path, nameof(path));
        return ListNamesCore(path, null);
    }

    /// <summary>Reads one attribute of <paramref name="path"/> (not following a final symlink).</summary>
    /// <param name="path">The file, directory or symbolic link.</param>
    /// <param name="name">Attribute name without a trailing NUL.</param>
    /// <returns>The value, or <see langword="null"/> when absent or unsupported.</returns>
    public static byte[]? Get(string path, ReadOnlySpan<byte> name)
    {
        NativeErrors.ValidatePath(path, nameof(path));
        return GetCore(path, null, name);
    }

    /// <summary>Reads one attribute of <paramref name="path"/>; <paramref name="name"/> is encoded as UTF-8.</summary>
    /// <param name="path">The file, directory or symbolic link.</param>
    /// <param name="name">Attribute name, e.g. <c>user.ostreemeta</c>.</param>
    /// <returns>The value, or <see langword="null"/> when absent or unsupported.</returns>
    public static byte[]? Get(string path, string name) => Get(path, EncodeName(name));

    /// <summary>Reads one attribute of an open file.</summary>
    /// <param name="handle">An open file descriptor.</param>
    /// <param name="name">Attribute name without a trailing NUL.</param>
    /// <returns>The value, or <see langword="null"/> when absent or unsupported.</returns>
    public static byte[]? Get(SafeFileHandle handle, ReadOnlySpan<byte> name)
    {
        ArgumentNullException.ThrowIfNull(handle);
        return GetCore(null, handle, name);
    }

    /// <summary>Creates or replaces an attribute of <paramref name="path"/> (not following a final symlink).</summary>
    /// <param name="path">The file, directory or symbolic link.</param>
    /// <param name="name">Attribute name without a trailing NUL.</param>
    /// <param name="value">The value (may be empty).</param>
    /// <exception cref="NativeIOException">The file system refuses the attribute (e.g. <c>ENOTSUP</c>).</exception>
    public static void Set(string path, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        NativeErrors.ValidatePath(path, nameof(path));
        SetCore(path, null, name, value);
    }

    /// <summary>Creates or replaces an attribute; <paramref name="name"/> is encoded as UTF-8.</summary>
    /// <param name="path">The file, directory or symbolic link.</param>
    /// <param name="name">Attribute name.</param>
    /// <param name="value">The value (may be empty).</param>
    public static void Set(string path, string name, ReadOnlySpan<byte> value) => Set(path, EncodeName(name), value);

    /// <summary>Creates or replaces an attribute of an open file.</summary>
    /// <param name="handle">An open file descriptor.</param>
    /// <param name="name">Attribute name without a trailing NUL.</param>
    /// <param name="value">The value (may be empty).</param>
    public static void Set(SafeFileHandle handle, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        ArgumentNullException.ThrowIfNull(handle);
        SetCore(null, handle, name, value);
    }

    /// <summary>Removes an attribute of <paramref name="path"/> (not following a final symlink).</summary>
    /// <param name="path">The file, directory or symbolic link.</param>
    /// <param name="name">Attribute name without a trailing NUL.</param>
    /// <returns><see langword="false"/> when the attribute did not exist or xattrs are unsupported.</returns>
    public static bool Remove(string path, ReadOnlySpan<byte> name)
    {
        NativeErrors.ValidatePath(path, nameof(path));
        return RemoveCore(path, null, name);
    }

    /// <summary>Removes an attribute of an open file.</summary>
    /// <param name="handle">An open file descriptor.</param>
    /// <param name="name">Attribute name without a trailing NUL.</param>
    /// <returns><see langword="false"/> when the attribute did not exist or xattrs are unsupported.</returns>
    public static bool Remove(SafeFileHandle handle, ReadOnlySpan<byte> name)
    {
        ArgumentNullException.ThrowIfNull(handle);
        return RemoveCore(null, handle, name);
    }

    /// <summary>
    /// Probes whether files in <paramref name="directory"/> accept <c>user.*</c> extended attributes,
    /// by setting one on a temporary file that is removed again.
    /// </summary>
    /// <param name="directory">An existing, writable directory.</param>
    /// <returns><see langword="true"/> when <c>user.*</c> xattrs can be written.</returns>
    public static bool IsSupported(string directory)
    {
        NativeErrors.ValidatePath(directory, nameof(directory));
        string probe = System.IO.Path.Combine(directory, $".xattr-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
        using (File.Create(probe, 1, FileOptions.None)) { }
        try
        {
            byte[] name = Encoding.ASCII.GetBytes(ProbeName);
            try
            {
                Set(probe, name, "1"u8);
                return true;
            }
            catch (NativeIOException e) when (e.Errno is LibC.EOPNOTSUPP or LibC.EPERM)
            {
                return false;
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
        }
        finally
        {
            File.Delete(probe);
        }
    }

    private static byte[] EncodeName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return Encoding.UTF8.GetBytes(name);
    }

    private static bool IsUnsupported(int errno) => errno == LibC.EOPNOTSUPP;

    private static string Describe(ReadOnlySpan<byte> name) => Encoding.UTF8.GetString(name);

    private static IReadOnlyList<(byte[] Name, byte[] Value)> ListCore(string? path, SafeFileHandle? handle)
    {
        IReadOnlyList<byte[]> names = ListNamesCore(path, handle);
        if (names.Count == 0)
        {
            return [];
        }

        var result = new List<(byte[] Name, byte[] Value)>(names.Count);
        foreach (byte[] name in names)
        {
            byte[]? value = GetCore(path, handle, name);
            if (value is { Length: > 0 })
            {
                result.Add((name, value));
            }
        }

        result.Sort(static (a, b) => a.Name.AsSpan().SequenceCompareTo(b.Name));
        return result;
    }

    private static IReadOnlyList<byte[]> ListNamesCore(string? path, SafeFileHandle? handle)
    {
        while (true)
        {
            nint size = handle is null ? LibC.llistxattr(path!, null, 0) : LibC.flistxattr(handle, null, 0);
            if (size < 0)
            {
                int errno = NativeErrors.LastErrno;
                if (IsUnsupported(errno))
                {
                    return [];
                }

                throw NativeErrors.Create(errno, handle is null ? "llistxattr" : "flistxattr", path);
            }

            if (size == 0)
            {
                return [];
            }

            byte[] buffer = ArrayPool<byte>.Shared.Rent((int)size);
            try
            {
                nint got;
                fixed (byte* p = buffer)
                {
                    got = handle is null
                        ? LibC.llistxattr(path!, p, (nuint)size)
                        : LibC.flistxattr(handle, p, (nuint)size);
                }

                if (got < 0)
                {
                    int errno = NativeErrors.LastErrno;
                    if (errno == LibC.ERANGE)
                    {
                        continue; // grew between the two calls
                    }

                    throw NativeErrors.Create(errno, handle is null ? "llistxattr" : "flistxattr", path);
                }

                var names = new List<byte[]>();
                ReadOnlySpan<byte> rest = buffer.AsSpan(0, (int)got);
                while (!rest.IsEmpty)
                {
                    int nul = rest.IndexOf((byte)0);
                    ReadOnlySpan<byte> name = nul < 0 ? rest : rest[..nul];
                    if (!name.IsEmpty)
                    {
                        names.Add(name.ToArray());
                    }

                    rest = nul < 0 ? default : rest[(nul + 1)..];
                }

                return names;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private static byte[]? GetCore(string? path, SafeFileHandle? handle, ReadOnlySpan<byte> name)
    {
        ValidateName(name);
        Span<byte> cname = name.Length < StackNameLimit ? stackalloc byte[name.Length + 1] : new byte[name.Length + 1];
        name.CopyTo(cname);
        cname[^1] = 0;
        fixed (byte* n = cname)
        {
            while (true)
            {
                nint size = handle is null ? LibC.lgetxattr(path!, n, null, 0) : LibC.fgetxattr(handle, n, null, 0);
                if (size < 0)
                {
                    int errno = NativeErrors.LastErrno;
                    if (errno == LibC.ENODATA || IsUnsupported(errno))
                    {
                        return null;
                    }

                    throw NativeErrors.Create(errno, handle is null ? "lgetxattr" : "fgetxattr", path, Describe(name));
                }

                if (size == 0)
                {
                    return [];
                }

                byte[] value = new byte[size];
                nint got;
                fixed (byte* v = value)
                {
                    got = handle is null
                        ? LibC.lgetxattr(path!, n, v, (nuint)size)
                        : LibC.fgetxattr(handle, n, v, (nuint)size);
                }

                if (got < 0)
                {
                    int errno = NativeErrors.LastErrno;
                    if (errno == LibC.ERANGE)
                    {
                        continue;
                    }

                    if (errno == LibC.ENODATA)
                    {
                        return null;
                    }

                    throw NativeErrors.Create(errno, handle is null ? "lgetxattr" : "fgetxattr", path, Describe(name));
                }

                return got == size ? value : value.AsSpan(0, (int)got).ToArray();
            }
        }
    }

    private static void SetCore(string? path, SafeFileHandle? handle, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        ValidateName(name);
        Span<byte> cname = name.Length < StackNameLimit ? stackalloc byte[name.Length + 1] : new byte[name.Length + 1];
        name.CopyTo(cname);
        cname[^1] = 0;
        int rc;
        fixed (byte* n = cname)
        fixed (byte* v = value)
        {
            rc = handle is null
                ? LibC.lsetxattr(path!, n, v, (nuint)value.Length, 0)
                : LibC.fsetxattr(handle, n, v, (nuint)value.Length, 0);
        }

        if (rc != 0)
        {
            throw NativeErrors.Last(handle is null ? "lsetxattr" : "fsetxattr", path, Describe(name));
        }
    }

    private static bool RemoveCore(string? path, SafeFileHandle? handle, ReadOnlySpan<byte> name)
    {
        ValidateName(name);
        Span<byte> cname = name.Length < StackNameLimit ? stackalloc byte[name.Length + 1] : new byte[name.Length + 1];
        name.CopyTo(cname);
        cname[^1] = 0;
        int rc;
        fixed (byte* n = cname)
        {
            rc = handle is null ? LibC.lremovexattr(path!, n) : LibC.fremovexattr(handle, n);
        }

        if (rc == 0)
        {
            return true;
        }

        int errno = NativeErrors.LastErrno;
        if (errno == LibC.ENODATA || IsUnsupported(errno))
        {
            return false;
        }

        throw NativeErrors.Create(errno, handle is null ? "lremovexattr" : "fremovexattr", path, Describe(name));
    }

    private static void ValidateName(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty)
        {
            throw new ArgumentException("Extended attribute name is empty.", nameof(name));
        }

        if (name.Contains((byte)0))
        {
            throw new ArgumentException("Extended attribute name contains a NUL byte.", nameof(name));
        }
    }
}
