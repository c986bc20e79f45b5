namespace OstreeSharp.Cli.Errors;

/// <summary>Maps exceptions to ostree's <c>error: MESSAGE</c> convention and exit codes.</summary>
public static class ErrorReporter
{
    /// <summary>Exit code for every failure (ostree uses 1).</summary>
    public const int FailureExitCode = 1;

    /// <summary>Exit code after cancellation (SIGINT), as a shell reports it.</summary>
    public const int CancelledExitCode = 130;

    /// <summary>Writes <c>error: MESSAGE</c>.</summary>
    public static void WriteError(TextWriter error, string message)
    {
        error.Write("error: ");
        error.Write(message);
        error.Write('\n');
    }

    /// <summary>
    /// Reports <paramref name="exception"/>; <paramref name="usage"/> is the help text of the running command,
    /// printed before the message for <see cref="CliUsageException"/>. With <paramref name="verbose"/>, the
    /// stack trace of unexpected exceptions follows. Returns the exit code.
    /// </summary>
    public static int Report(TextWriter error, Exception exception, string? usage, bool verbose)
    {
        switch (exception)
        {
            case OperationCanceledException:
                return CancelledExitCode;
            case CliUsageException u:
                if (usage is not null)
                {
                    error.Write(usage);
                    if (u.BlankLineAfterUsage)
                    {
                        error.Write('\n');
                    }
                }
                WriteError(error, u.Message);
                return FailureExitCode;
            case AggregateException { InnerExceptions.Count: 1 } agg:
                return Report(error, agg.InnerExceptions[0], usage, verbose);
            default:
                WriteError(error, exception.Message);
                if (verbose && !IsExpected(exception))
                {
                    error.Write(exception.ToString());
                    error.Write('\n');
                }
                return FailureExitCode;
        }
    }

    private static bool IsExpected(Exception e) =>
        e is CliException or OstreeException or IOException or InvalidDataException or ArgumentException
          or UnauthorizedAccessException or FormatException or NotSupportedException;
}
