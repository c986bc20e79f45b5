namespace OstreeSharp.Compression;

/// <summary>
/// The bytes given to <see cref="ZstdDecoderStream"/> or <see cref="Zstd"/> are not valid Zstandard data (RFC 8878):
/// bad magic, a malformed frame or block header, corrupt literals or sequences, truncation, a failed content
/// checksum, a content size that differs from the declared one, a frame that needs a dictionary, or a window larger
/// than <see cref="ZstdDecoderOptions.MaxWindowSize"/>. The message names the problem.
/// </summary>
/// <remarks>
/// <see cref="InvalidDataException"/> is sealed, so this derives from <see cref="OstreeDataException"/>, the library's
/// base for malformed input (like <see cref="XzFormatException"/>).
/// </remarks>
public class ZstdFormatException : OstreeDataException
{
    /// <summary>Creates an exception with a default message.</summary>
    public ZstdFormatException() : base("Malformed zstd data") { }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    /// <param name="message">What is wrong with the data.</param>
    public ZstdFormatException(string message) : base(message) { }

    /// <summary>Creates an exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    /// <param name="message">What is wrong with the data.</param>
    /// <param name="innerException">The underlying error.</param>
    public ZstdFormatException(string message, Exception? innerException) : base(message, innerException) { }
}
