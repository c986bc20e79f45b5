using System.Text;
using OstreeSharp.Cli.Errors;
using OstreeSharp.Cli.Parsing;

namespace OstreeSharp.Cli.Commands;

/// <summary>
/// A command with subcommands (<c>ostree remote add …</c>, <c>ostree static-delta generate …</c>). The subcommand is
/// the first remaining argument that does not start with <c>-</c>; the other arguments, wherever they stand, are
/// scanned with the subcommand's option table. By default (ostree's <c>remote</c>), when no known subcommand is
/// named, the group's own options (only <c>-v</c>, plus help and version) are scanned and
/// <c>No "NAME" subcommand specified</c> or <c>Unknown "NAME" subcommand 'X'</c> follows the group help; a group
/// with other rules overrides <see cref="Resolve"/>.
/// </summary>
public abstract class CliCommandGroup : CliCommand
{
    /// <summary>Declares a group.</summary>
    protected CliCommandGroup(string name, string summary, string parameterSyntax = "COMMAND") : base(name, summary, parameterSyntax, usesRepository: false) { }

    /// <summary>The subcommands, in help order.</summary>
    public abstract IReadOnlyList<CliCommand> Subcommands { get; }

    /// <summary>The name by which <paramref name="subcommand"/> is given on the command line.</summary>
    protected virtual string CommandLineName(CliCommand subcommand)
    {
        ArgumentNullException.ThrowIfNull(subcommand);
        return subcommand.Name;
    }

    /// <summary>The subcommand named <paramref name="name"/> on the command line, or null.</summary>
    protected CliCommand? FindSubcommand(string name) => Subcommands.FirstOrDefault(c => CommandLineName(c) == name);

    /// <summary>The help text of <paramref name="subcommand"/> (<c>ostree GROUP SUB --help</c>).</summary>
    public virtual string FormatSubcommandHelp(CliCommand subcommand) => Help.HelpFormatter.FormatCommand(subcommand);

    /// <summary>The group help in GOption's layout.</summary>
    public virtual string FormatHelp()
    {
        var sb = new StringBuilder();
        sb.Append("Usage:\n  ").Append(CliInfo.ProgramName).Append(' ').Append(Name).Append(" [OPTION\u2026] COMMAND\n\n");
        sb.Append(Summary).Append("\n\nBuiltin \"").Append(Name).Append("\" Commands:\n");
        foreach (var c in Subcommands)
            sb.Append("  ").Append(c.Name.PadRight(18)).Append(c.Summary).Append('\n');
        sb.Append("\nHelp Options:\n  -h, --help        Show help options\n\nApplication Options:\n");
        sb.Append("  -v, --verbose     ").Append(VerboseDescription).Append('\n');
        sb.Append("  --version         Print version information and exit\n\n");
        return sb.ToString();
    }

    /// <summary>
    /// Finds the subcommand in <paramref name="rest"/> and removes it. Returns null after writing help or an error
    /// (<paramref name="exitCode"/> then holds the exit code).
    /// </summary>
    internal virtual CliCommand? Resolve(List<string> rest, CliConsole console, out int exitCode)
    {
        ArgumentNullException.ThrowIfNull(rest);
        ArgumentNullException.ThrowIfNull(console);
        exitCode = 0;
        int index = rest.FindIndex(a => !a.StartsWith('-'));
        if (index >= 0)
        {
            CliCommand? sub = FindSubcommand(rest[index]);
            if (sub is not null)
            {
                rest.RemoveAt(index);
                return sub;
            }
        }
        ScanResult scan = GOptionScanner.Scan(index >= 0 ? rest.Where((_, i) => i != index).ToList() : rest, Options);
        switch (scan.Outcome)
        {
            case ScanOutcome.Help:
                console.Out.Write(FormatHelp());
                return null;
            case ScanOutcome.Version:
                CliInfo.WriteVersion(console.Out);
                return null;
        }
        console.Error.Write(FormatHelp());
        string message = scan.Outcome == ScanOutcome.Error
            ? scan.ErrorMessage!
            : index < 0 ? $"No \"{Name}\" subcommand specified" : $"Unknown \"{Name}\" subcommand '{rest[index]}'";
        ErrorReporter.WriteError(console.Error, message);
        exitCode = ErrorReporter.FailureExitCode;
        return null;
    }

    /// <inheritdoc/>
    protected override Task<int> ExecuteAsync(CommandInvocation invocation, CancellationToken cancellationToken) =>
        throw new CliUsageException($"No \"{Name}\" subcommand specified");
}
