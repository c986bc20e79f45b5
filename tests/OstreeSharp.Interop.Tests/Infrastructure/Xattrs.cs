using System.Runtime.InteropServices;
using System.Text;

namespace OstreeSharp.Interop.Tests.Infrastructure;

/// <summary>Minimal libc xattr access (no symlink following) for building and comparing test trees.</summary>
public static partial class Xattrs
{
    [LibraryImport("libc", EntryPoint = "lsetxattr", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int LSetXattr(string path, string name, ReadOnlySpan<byte> value, nuint size, int flags);

    [LibraryImport("libc", EntryPoint = "lgetxattr", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial nint LGetXattr(string path, string name, Span<byte> value, nuint size);

    [LibraryImport("libc", EntryPoint = "llistxattr", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial nint LListXattr(string path, Span<byte> list, nuint size);

    /// <summary>True when <c>user.*</c> xattrs can be set on files in <paramref name="directory"/>.</summary>
    public static bool AreSupported(string directory)
    {
        string probe = Path.Combine(directory, ".xattr-probe-" + Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(probe, []);
        try
        {
            return TrySet(probe, "user.probe", "1"u8);
        }
        finally
        {
            File.Delete(probe);
        }
    }

    public static bool TrySet(string path, string name, ReadOnlySpan<byte> value) => LSetXattr(path, name, value, (nuint)value.Length, 0) == 0;

    public static void Set(string path, string name, ReadOnlySpan<byte> value)
    {
        if (!TrySet(path, name, value))
        {
            throw new IOException($"lsetxattr({path}, {name}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>All xattrs of <paramref name="path"/> whose names start with <paramref name="prefix"/>, sorted by name.</summary>
    public static SortedDictionary<string, byte[]> List(string path, string prefix = "user.")
    {
        var result = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        nint size = LListXattr(path, [], 0);
        if (size <= 0)
        {
            return result;
        }
        byte[] names = new byte[size];
        size = LListXattr(path, names, (nuint)names.Length);
        if (size <= 0)
        {
            return result;
        }
        foreach (string name in Encoding.UTF8.GetString(names, 0, (int)size).Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!name.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }
            nint len = LGetXattr(path, name, [], 0);
            byte[] value = new byte[Math.Max(0, len)];
            if (len > 0)
            {
                len = LGetXattr(path, name, value, (nuint)value.Length);
                Array.Resize(ref value, (int)Math.Max(0, len));
            }
            result[name] = value;
        }
        return result;
    }
}
