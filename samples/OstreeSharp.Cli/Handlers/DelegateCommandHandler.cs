using OstreeSharp.Cli.Commands;

namespace OstreeSharp.Cli.Handlers;

/// <summary>Adapts a delegate to <see cref="ICommandHandler{TOptions}"/>.</summary>
public sealed class DelegateCommandHandler<TOptions> : ICommandHandler<TOptions>
{
    private readonly Func<TOptions, CommandContext, CancellationToken, Task<int>> _execute;

    /// <summary>Wraps <paramref name="execute"/>.</summary>
    public DelegateCommandHandler(Func<TOptions, CommandContext, CancellationToken, Task<int>> execute) =>
        _execute = execute ?? throw new ArgumentNullException(nameof(execute));

    /// <inheritdoc/>
    public Task<int> ExecuteAsync(TOptions options, CommandContext context, CancellationToken cancellationToken) =>
        _execute(options, context, cancellationToken);
}
