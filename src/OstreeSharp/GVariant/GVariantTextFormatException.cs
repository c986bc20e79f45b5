namespace OstreeSharp.GVariant;

/// <summary>Raised by <see cref="GVariantValue.ParseText(string, GVariantType?)"/> for text that is not a valid GVariant literal.</summary>
public class GVariantTextFormatException : FormatException
{
    /// <summary>Creates an exception with a default message.</summary>
    public GVariantTextFormatException() { }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    public GVariantTextFormatException(string message) : base(message) { }

    /// <summary>Creates an exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public GVariantTextFormatException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates an exception describing <paramref name="reason"/> at character <paramref name="position"/>.</summary>
    public GVariantTextFormatException(string reason, int position)
        : base($"Invalid GVariant text at position {position}: {reason}")
    {
        Position = position;
    }

    /// <summary>Character position of the problem in the parsed text, or -1 when unknown.</summary>
    public int Position { get; } = -1;
}
