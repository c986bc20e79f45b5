using OstreeSharp.Cli.Commands;
using OstreeSharp.Cli.Errors;

namespace OstreeSharp.Cli.Handlers;

/// <summary>
/// The handler of a command whose library support is not wired yet: fails with
/// <c>error: Operation not supported yet: COMMAND</c>. Only <see cref="CommandHandlers.CreateDefault"/> uses it.
/// </summary>
public sealed class UnsupportedCommandHandler<TOptions> : ICommandHandler<TOptions>
{
    private readonly string _commandName;

    /// <summary>Creates the handler for <paramref name="commandName"/>.</summary>
    public UnsupportedCommandHandler(string commandName) => _commandName = commandName;

    /// <inheritdoc/>
    public Task<int> ExecuteAsync(TOptions options, CommandContext context, CancellationToken cancellationToken) =>
        throw new CliException("Operation not supported yet: " + _commandName);
}
