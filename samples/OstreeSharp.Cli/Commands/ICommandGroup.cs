using OstreeSharp.Cli.Handlers;

namespace OstreeSharp.Cli.Commands;

/// <summary>A command with subcommands (<c>static-delta</c>): it receives the arguments after its name and dispatches itself.</summary>
public interface ICommandGroup
{
    /// <summary>Dispatches <paramref name="args"/> (everything but the group's own name); returns the exit code.</summary>
    Task<int> DispatchAsync(IReadOnlyList<string> args, CliConsole console, CommandHandlers handlers, CancellationToken cancellationToken);
}
