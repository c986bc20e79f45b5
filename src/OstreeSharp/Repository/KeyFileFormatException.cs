namespace OstreeSharp.Repository;

/// <summary>
/// A key file (repository <c>config</c>, remote <c>.conf</c>) is malformed, or a value cannot be interpreted as
/// the requested type. Messages follow GLib's <c>GKeyFile</c> wording. (Derives from <see cref="FormatException"/>
/// because <see cref="InvalidDataException"/> is sealed.)
/// </summary>
public class KeyFileFormatException : FormatException
{
    /// <summary>Creates an exception with a default message.</summary>
    public KeyFileFormatException() { }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    public KeyFileFormatException(string message) : base(message) { }

    /// <summary>Creates an exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public KeyFileFormatException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates an exception about line <paramref name="lineNumber"/>.</summary>
    /// <param name="message">GLib-style description.</param>
    /// <param name="lineNumber">1-based line number, or 0 when the line was not read from a file.</param>
    public KeyFileFormatException(string message, int lineNumber)
        : base(lineNumber > 0 ? $"{message} (line {lineNumber})" : message)
    {
        LineNumber = lineNumber;
    }

    /// <summary>1-based line number of the offending line, or 0 when unknown.</summary>
    public int LineNumber { get; }
}
