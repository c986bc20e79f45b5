namespace OstreeSharp.Compression;

/// <summary>
/// The bytes given to <see cref="XzDecoderStream"/> or <see cref="Xz"/> are not a valid .xz file: bad magic, header or
/// index checksums, malformed LZMA2 data, a failed integrity check, truncation, an unsupported filter, or a
/// dictionary larger than the configured memory limit. The message names the problem.
/// </summary>
public class XzFormatException : OstreeDataException
{
    /// <summary>Creates an exception with a default message.</summary>
    public XzFormatException() : base("Malformed xz data") { }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    /// <param name="message">What is wrong with the data.</param>
    public XzFormatException(string message) : base(message) { }

    /// <summary>Creates an exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    /// <param name="message">What is wrong with the data.</param>
    /// <param name="innerException">The underlying error.</param>
    public XzFormatException(string message, Exception? innerException) : base(message, innerException) { }
}
