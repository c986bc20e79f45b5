using System.Text;
using OstreeSharp.Cli.Errors;

namespace OstreeSharp.Cli.Commands;

/// <summary>
/// <c>static-delta</c>: the group of delta subcommands. The subcommand is the first argument not starting with
/// <c>-</c>; the other arguments are scanned with that subcommand's option table, as for top-level commands. Unlike
/// <c>remote</c>, ostree's <c>static-delta</c> scans no options of its own: an exact <c>-h</c> or <c>--help</c>
/// before the subcommand name prints the group help (even when a subcommand follows); anything else without a known
/// subcommand is <c>No command specified</c> or <c>Unknown "static-delta" subcommand 'X'</c> after the group help.
/// </summary>
public sealed class StaticDeltaCommand : CliCommandGroup
{
    /// <summary>Declares the group.</summary>
    public StaticDeltaCommand() : base("static-delta", "Static delta related commands", string.Empty)
    {
        Subcommands = Enum.GetValues<StaticDeltaSubcommand>().Select(s => new StaticDeltaSubcommandCommand(s)).ToList();
    }

    /// <summary>The subcommands in ostree's order.</summary>
    public override IReadOnlyList<CliCommand> Subcommands { get; }

    /// <inheritdoc/>
    protected override string CommandLineName(CliCommand subcommand) =>
        StaticDeltaSubcommandCommand.NameOf(((StaticDeltaSubcommandCommand)subcommand).Subcommand);

    /// <inheritdoc/>
    public override string FormatSubcommandHelp(CliCommand subcommand) => ((StaticDeltaSubcommandCommand)subcommand).FormatHelp();

    /// <summary>The group help (<c>ostree static-delta --help</c>).</summary>
    public override string FormatHelp()
    {
        var sb = new StringBuilder();
        sb.Append("Usage:\n  ").Append(CliInfo.ProgramName).Append(" static-delta [OPTION...] COMMAND\n\n");
        sb.Append("Builtin \"static-delta\" Commands:\n");
        foreach (var c in Subcommands)
        {
            sb.Append("  ").Append(CommandLineName(c).PadRight(17)).Append(c.Summary).Append('\n');
        }
        sb.Append('\n');
        return sb.ToString();
    }

    /// <inheritdoc/>
    internal override CliCommand? Resolve(List<string> rest, CliConsole console, out int exitCode)
    {
        ArgumentNullException.ThrowIfNull(rest);
        ArgumentNullException.ThrowIfNull(console);
        exitCode = 0;
        int index = rest.FindIndex(a => !a.StartsWith('-'));
        int end = index < 0 ? rest.Count : index;
        if (rest.Take(end).Any(a => a is "-h" or "--help"))
        {
            console.Out.Write(FormatHelp());
            return null;
        }
        CliCommand? sub = index < 0 ? null : FindSubcommand(rest[index]);
        if (sub is not null)
        {
            rest.RemoveAt(index);
            return sub;
        }
        console.Error.Write(FormatHelp());
        ErrorReporter.WriteError(console.Error, index < 0 ? "No command specified" : $"Unknown \"static-delta\" subcommand '{rest[index]}'");
        exitCode = ErrorReporter.FailureExitCode;
        return null;
    }
}
