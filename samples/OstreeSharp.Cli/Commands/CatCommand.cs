using OstreeSharp.Cli.Errors;

namespace OstreeSharp.Cli.Commands;

/// <summary><c>cat</c>: concatenate contents of files.</summary>
public sealed class CatCommand : CliCommand
{
    /// <summary>Declares the options of <c>ostree cat</c>.</summary>
    public CatCommand() : base("cat", "Concatenate contents of files", "COMMIT PATH...", usesRepository: true)
    {
    }

    /// <inheritdoc/>
    protected override Task<int> ExecuteAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        string repo = ResolveRepository(invocation);
        IReadOnlyList<string> args = invocation.Positionals;
        if (args.Count < 2)
        {
            throw new CliUsageException("A COMMIT and at least one PATH argument are required");
        }
        var options = new CatCommandOptions { Repository = repo, Commit = args[0], Paths = [.. args.Skip(1)] };
        return invocation.Handlers.Cat.ExecuteAsync(options, invocation.Context, cancellationToken);
    }
}
