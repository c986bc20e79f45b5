using System.CommandLine;
using OstreeSharp.Cli.Errors;

namespace OstreeSharp.Cli.Commands;

/// <summary><c>rev-parse</c>: output the target of a rev.</summary>
public sealed class RevParseCommand : CliCommand
{
    private readonly Option<bool> _single;

    /// <summary>Declares the options of <c>ostree rev-parse</c>.</summary>
    public RevParseCommand() : base("rev-parse", "Output the target of a rev", "REV", usesRepository: true)
    {
        _single = AddFlag("single", 'S', "If the repository has exactly one commit, then print it; any other case will result in an error");
    }

    /// <inheritdoc/>
    protected override Task<int> ExecuteAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        string repo = ResolveRepository(invocation);
        bool single = invocation.Get(_single);
        if (!single && invocation.Positionals.Count == 0)
        {
            throw new CliUsageException("REV must be specified");
        }
        var options = new RevParseCommandOptions { Repository = repo, Revs = invocation.Positionals, Single = single };
        return invocation.Handlers.RevParse.ExecuteAsync(options, invocation.Context, cancellationToken);
    }
}
