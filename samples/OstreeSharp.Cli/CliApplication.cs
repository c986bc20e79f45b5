using System.CommandLine;
using OstreeSharp.Cli.Commands;
using OstreeSharp.Cli.Errors;
using OstreeSharp.Cli.Handlers;
using OstreeSharp.Cli.Help;
using OstreeSharp.Cli.Parsing;

namespace OstreeSharp.Cli;

/// <summary>
/// The <c>ostree-sharp</c> entry point. Dispatch mirrors ostree (docs/cli-formats.md §4): the command is the
/// first argument not starting with <c>-</c>; all other arguments, before or after it, are scanned with that
/// command's GOption table by <see cref="GOptionScanner"/>, then bound through System.CommandLine from a
/// canonical argv, validated and handed to the command's handler from <see cref="CommandHandlers"/>.
/// </summary>
public static class CliApplication
{
    /// <summary>The supported commands, in ostree's help order.</summary>
    public static IReadOnlyList<CliCommand> CreateCommands() =>
    [
        new CatCommand(),
        new CheckoutCommand(),
        new ChecksumCommand(),
        new CommitCommand(),
        new ConfigCommand(),
        new DiffCommand(),
        new ExportCommand(),
        new FsckCommand(),
        new GpgSignCommand(),
        new InitCommand(),
        new LogCommand(),
        new LsCommand(),
        new PruneCommand(),
        new RefsCommand(),
        new RemoteCommand(),
        new ResetCommand(),
        new RevParseCommand(),
        new SignCommand(),
        new ShowCommand(),
        new StaticDeltaCommand(),
        new SummaryCommand(),
    ];

    /// <summary>Runs the CLI synchronously; returns the exit code.</summary>
    public static int Run(IReadOnlyList<string> args, CliConsole console, CommandHandlers? handlers = null) =>
        RunAsync(args, console, handlers).GetAwaiter().GetResult();

    /// <summary>Runs the CLI; returns the exit code. Output goes to <paramref name="console"/>.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CommandHandlers? handlers = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        try
        {
            return await DispatchAsync(args, console, handlers ?? CommandHandlers.CreateDefault(), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            try
            {
                console.Flush();
            }
            catch (IOException)
            {
                // the reader of stdout went away (EPIPE): the exit code stands
            }
        }
    }

    private static async Task<int> DispatchAsync(IReadOnlyList<string> args, CliConsole console, CommandHandlers handlers, CancellationToken cancellationToken)
    {
        IReadOnlyList<CliCommand> commands = CreateCommands();
        var (index, rest) = SplitAtFirstPositional(args);
        CliCommand? command = index < 0 ? null : commands.FirstOrDefault(c => c.Name == args[index]);
        if (command is null)
        {
            return RunGlobal(rest, index < 0 ? null : args[index], commands, console);
        }
        Func<CliCommand, string> formatHelp = HelpFormatter.FormatCommand;
        if (command is CliCommandGroup group)
        {
            command = group.Resolve(rest, console, out int groupExit);
            if (command is null)
            {
                return groupExit;
            }
            formatHelp = group.FormatSubcommandHelp;
        }

        return await RunCommandAsync(command, rest, formatHelp, console, handlers, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The first argument not starting with <c>-</c> (the command or subcommand name; -1 if none) and the others,
    /// which GOption scans wherever they stand.
    /// </summary>
    internal static (int Index, List<string> Others) SplitAtFirstPositional(IReadOnlyList<string> args)
    {
        int index = -1;
        var rest = new List<string>(args.Count);
        for (int i = 0; i < args.Count; i++)
        {
            if (index < 0 && !args[i].StartsWith('-'))
                index = i;
            else
                rest.Add(args[i]);
        }
        return (index, rest);
    }

    /// <summary>
    /// Runs one (sub)command: scans <paramref name="rest"/> with its GOption table (help, version and scan errors
    /// answered here), binds the canonical arguments through System.CommandLine and invokes the handler; failures
    /// are reported with <paramref name="formatHelp"/>'s text where ostree prints the usage.
    /// </summary>
    internal static async Task<int> RunCommandAsync(CliCommand command, List<string> rest, Func<CliCommand, string> formatHelp,
        CliConsole console, CommandHandlers handlers, CancellationToken cancellationToken)
    {
        ScanResult scan = GOptionScanner.Scan(rest, command.Options);
        switch (scan.Outcome)
        {
            case ScanOutcome.Help:
                console.Out.Write(formatHelp(command));
                return 0;
            case ScanOutcome.Error:
                ErrorReporter.WriteError(console.Error, scan.ErrorMessage!);
                return ErrorReporter.FailureExitCode;
            case ScanOutcome.Version:
                CliInfo.WriteVersion(console.Out);
                return 0;
        }

        var root = new RootCommand(CliInfo.ProgramName);
        root.Options.Clear();
        root.Directives.Clear();
        root.Subcommands.Add(command.Build(handlers, console));
        var parserConfiguration = new ParserConfiguration { EnablePosixBundling = false, ResponseFileTokenReplacer = null };
        ParseResult parse = root.Parse(scan.ToCanonicalArguments(command.Name), parserConfiguration);
        if (parse.Errors.Count > 0)
        {
            ErrorReporter.WriteError(console.Error, parse.Errors[0].Message);
            return ErrorReporter.FailureExitCode;
        }
        bool verbose = scan.Options.Any(o => o.Key.LongName == "verbose");
        try
        {
            var invocation = new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
                Output = console.Out,
                Error = console.Error,
            };
            return await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return ErrorReporter.Report(console.Error, e, formatHelp(command), verbose);
        }
    }

    private static int RunGlobal(List<string> rest, string? unknownCommand, IReadOnlyList<CliCommand> commands, CliConsole console)
    {
        var verbose = new Option<bool>("--verbose");
        CliOption[] table = [new CliOption(verbose, "verbose", 'v', CliOptionKind.Flag, null, CliCommand.VerboseDescription)];
        ScanResult scan = GOptionScanner.Scan(rest, table);
        string help = HelpFormatter.FormatGlobal(commands);
        switch (scan.Outcome)
        {
            case ScanOutcome.Help:
                console.Out.Write(help);
                return 0;
            case ScanOutcome.Version:
                CliInfo.WriteVersion(console.Out);
                return 0;
        }
        console.Error.Write(help);
        string message = scan.Outcome == ScanOutcome.Error
            ? scan.ErrorMessage!
            : unknownCommand is null ? "No command specified" : $"Unknown command '{unknownCommand}'";
        ErrorReporter.WriteError(console.Error, message);
        return ErrorReporter.FailureExitCode;
    }
}
