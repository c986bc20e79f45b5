namespace OstreeSharp.Cli.Progress;

/// <summary>Chooses the progress display: Spectre.Console live progress only when stderr is a terminal.</summary>
public static class ProgressReporter
{
    /// <summary>Starts a progress display for an operation called <paramref name="description"/>.</summary>
    public static IProgressSession Start(CliConsole console, string description)
    {
        ArgumentNullException.ThrowIfNull(console);
        if (!console.IsErrorTerminal || Environment.GetEnvironmentVariable("OSTREE_SHARP_NO_PROGRESS") is { Length: > 0 })
        {
            return NullProgressSession.Instance;
        }
        return new SpectreProgressSession(console.Error, description);
    }
}
