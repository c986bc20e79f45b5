using OstreeSharp.Cli.Commands;

namespace OstreeSharp.Cli.Handlers;

/// <summary>Executes one command once its arguments are parsed and validated into <typeparamref name="TOptions"/>.</summary>
public interface ICommandHandler<in TOptions>
{
    /// <summary>Runs the command; returns the process exit code. Failures are thrown and mapped to <c>error: MESSAGE</c>.</summary>
    Task<int> ExecuteAsync(TOptions options, CommandContext context, CancellationToken cancellationToken);
}
