namespace OstreeSharp.Native;

/// <summary>
/// An I/O error reported by a C library call, carrying the <c>errno</c> value and the path involved.
/// Permission errors surface as <see cref="UnauthorizedAccessException"/> and missing files as
/// <see cref="FileNotFoundException"/>, each wrapping a <see cref="NativeIOException"/>.
/// </summary>
public sealed class NativeIOException : IOException
{
    /// <summary>Creates an exception with a default message.</summary>
    public NativeIOException() { }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    public NativeIOException(string message) : base(message) { }

    /// <summary>Creates an exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public NativeIOException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates an exception for a failed call.</summary>
    /// <param name="message">Full message, e.g. <c>lsetxattr(/repo/x): Operation not supported</c>.</param>
    /// <param name="errno">The <c>errno</c> value the call failed with.</param>
    /// <param name="path">The path the call operated on, if any.</param>
    public NativeIOException(string message, int errno, string? path) : base(message)
    {
        Errno = errno;
        Path = path;
        HResult = errno;
    }

    /// <summary>The <c>errno</c> value of the failed call (0 when unknown).</summary>
    public int Errno { get; }

    /// <summary>The path the failed call operated on, or <see langword="null"/>.</summary>
    public string? Path { get; }
}
