namespace OstreeSharp.Cli.Errors;

/// <summary>
/// An argument-validation failure. Like ostree, the command's help text is printed to stderr first, then an
/// empty line, then <c>error: MESSAGE</c> (exit 1).
/// </summary>
public sealed class CliUsageException : CliException
{
    /// <summary>Creates an exception with a default message.</summary>
    public CliUsageException() { }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    public CliUsageException(string message) : base(message) { }

    /// <summary>
    /// Creates an exception with <paramref name="message"/>; <paramref name="blankLineAfterUsage"/> false omits the
    /// empty line between help and message (ostree's <c>Command requires a --repo argument</c> layout).
    /// </summary>
    public CliUsageException(string message, bool blankLineAfterUsage) : base(message) => BlankLineAfterUsage = blankLineAfterUsage;

    /// <summary>Whether an empty line separates the help text from <c>error: …</c> (true for argument errors).</summary>
    public bool BlankLineAfterUsage { get; } = true;

    /// <summary>Creates an exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public CliUsageException(string message, Exception innerException) : base(message, innerException) { }
}
