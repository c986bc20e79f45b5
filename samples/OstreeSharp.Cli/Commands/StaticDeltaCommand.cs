using System.CommandLine;
using System.Text;
using OstreeSharp.Cli.Errors;
using OstreeSharp.Cli.Handlers;
using OstreeSharp.Cli.Help;
using OstreeSharp.Cli.Parsing;

namespace OstreeSharp.Cli.Commands;

/// <summary>
/// <c>static-delta</c>: the group of delta subcommands. The subcommand is the first argument not starting with
/// <c>-</c>; the other arguments are scanned with that subcommand's option table, as for top-level commands.
/// </summary>
public sealed class StaticDeltaCommand : CliCommand, ICommandGroup
{
    /// <summary>Declares the group.</summary>
    public StaticDeltaCommand() : base("static-delta", "Static delta related commands", string.Empty, usesRepository: false)
    {
    }

    /// <summary>The subcommands in ostree's order.</summary>
    public static IReadOnlyList<StaticDeltaSubcommandCommand> CreateSubcommands() =>
        Enum.GetValues<StaticDeltaSubcommand>().Select(s => new StaticDeltaSubcommandCommand(s)).ToList();

    /// <summary>The group help (<c>ostree static-delta --help</c>).</summary>
    public static string FormatGroupHelp()
    {
        var sb = new StringBuilder();
        sb.Append("Usage:\n  ").Append(CliInfo.ProgramName).Append(" static-delta [OPTION...] COMMAND\n\n");
        sb.Append("Builtin \"static-delta\" Commands:\n");
        foreach (var s in Enum.GetValues<StaticDeltaSubcommand>())
        {
            sb.Append("  ").Append(StaticDeltaSubcommandCommand.NameOf(s).PadRight(17)).Append(StaticDeltaSubcommandCommand.SummaryOf(s)).Append('\n');
        }
        sb.Append('\n');
        return sb.ToString();
    }

    /// <inheritdoc/>
    protected override Task<int> ExecuteAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        invocation.Context.Console.Error.Write(FormatGroupHelp());
        ErrorReporter.WriteError(invocation.Context.Console.Error, "No command specified");
        return Task.FromResult(ErrorReporter.FailureExitCode);
    }

    /// <inheritdoc/>
    public async Task<int> DispatchAsync(IReadOnlyList<string> args, CliConsole console, CommandHandlers handlers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(handlers);
        var (index, rest) = CliApplication.SplitAtFirstPositional(args);
        StaticDeltaSubcommandCommand? command = index < 0 ? null
            : CreateSubcommands().FirstOrDefault(c => StaticDeltaSubcommandCommand.NameOf(c.Subcommand) == args[index]);
        if (command is null)
        {
            if (index < 0 && rest.Any(a => a is "-h" or "--help" or "-?" or "--help-all"))
            {
                console.Out.Write(FormatGroupHelp());
                return 0;
            }
            console.Error.Write(FormatGroupHelp());
            ErrorReporter.WriteError(console.Error, index < 0 ? "No command specified" : $"Unknown \"static-delta\" subcommand '{args[index]}'");
            return ErrorReporter.FailureExitCode;
        }

        return await CliApplication.RunCommandAsync(command, rest, c => ((StaticDeltaSubcommandCommand)c).FormatHelp(), console, handlers,
            cancellationToken).ConfigureAwait(false);
    }
}
