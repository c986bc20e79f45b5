using OstreeSharp.Cli.Progress;

namespace OstreeSharp.Cli.Commands;

/// <summary>What a handler may use besides its options: the console, verbosity and progress.</summary>
public sealed class CommandContext
{
    /// <summary>Creates a context.</summary>
    public CommandContext(CliConsole console, bool verbose)
    {
        Console = console;
        Verbose = verbose;
    }

    /// <summary>Standard streams.</summary>
    public CliConsole Console { get; }

    /// <summary>True with <c>-v</c>/<c>--verbose</c>.</summary>
    public bool Verbose { get; }

    /// <summary>Writes <c>OT: MESSAGE</c> to stderr when verbose (ostree's debug-line shape).</summary>
    public void Debug(string message)
    {
        if (Verbose)
        {
            Console.Error.Write("OT: ");
            Console.Error.Write(message);
            Console.Error.Write('\n');
        }
    }

    /// <summary>Starts a progress display (a no-op unless stderr is a terminal).</summary>
    public IProgressSession StartProgress(string description) => ProgressReporter.Start(Console, description);
}
