using System.Runtime.InteropServices;

namespace OstreeSharp.Native;

/// <summary>Maps <c>errno</c> values to exceptions.</summary>
internal static class NativeErrors
{
    /// <summary>The <c>errno</c> of the last P/Invoke call.</summary>
    internal static int LastErrno => Marshal.GetLastPInvokeError();

    /// <summary>The C library's text for <paramref name="errno"/> (<c>strerror</c>).</summary>
    internal static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno);

    /// <summary>Builds the exception for a failed <paramref name="operation"/> on <paramref name="path"/>.</summary>
    internal static Exception Create(int errno, string operation, string? path, string? detail = null)
    {
        string where = path is null
            ? detail ?? string.Empty
            : detail is null ? path : path + ", " + detail;
        string message = $"{operation}({where}): {Describe(errno)}";
        var native = new NativeIOException(message, errno, path);
        return errno switch
        {
            LibC.EACCES or LibC.EPERM => new UnauthorizedAccessException(message, native),
            LibC.ENOENT => new FileNotFoundException(message, path, native),
            _ => native,
        };
    }

    /// <summary>Throws the exception for the last failed call.</summary>
    internal static Exception Last(string operation, string? path, string? detail = null)
        => Create(LastErrno, operation, path, detail);

    /// <summary>Rejects paths the C library would silently truncate.</summary>
    internal static void ValidatePath(string path, string paramName)
    {
        ArgumentException.ThrowIfNullOrEmpty(path, paramName);
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("Path contains a NUL character.", paramName);
        }
    }
}
