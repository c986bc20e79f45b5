using OstreeSharp.Cli.Errors;

namespace OstreeSharp.Cli.Commands;

/// <summary><c>reset</c>: reset a REF to a previous COMMIT. Extra positionals are ignored, as ostree does.</summary>
public sealed class ResetCommand : CliCommand
{
    /// <summary>Declares the options of <c>ostree reset</c>.</summary>
    public ResetCommand() : base("reset", "Reset a REF to a previous COMMIT", "REF COMMIT", usesRepository: true)
    {
    }

    /// <inheritdoc/>
    protected override Task<int> ExecuteAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        string repo = ResolveRepository(invocation);
        if (invocation.Positionals.Count < 2)
        {
            throw new CliUsageException("A REF and COMMIT argument is required");
        }
        var options = new ResetCommandOptions { Repository = repo, Ref = invocation.Positionals[0], Commit = invocation.Positionals[1] };
        return invocation.Handlers.Reset.ExecuteAsync(options, invocation.Context, cancellationToken);
    }
}
