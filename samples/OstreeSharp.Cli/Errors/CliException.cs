namespace OstreeSharp.Cli.Errors;

/// <summary>A command failure reported as <c>error: MESSAGE</c> on stderr with exit code 1.</summary>
public class CliException : Exception
{
    /// <summary>Creates an exception with a default message.</summary>
    public CliException() { }

    /// <summary>Creates an exception with <paramref name="message"/> (printed after <c>error: </c>).</summary>
    public CliException(string message) : base(message) { }

    /// <summary>Creates an exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public CliException(string message, Exception innerException) : base(message, innerException) { }
}
