using OstreeSharp.Cli.Commands;
using OstreeSharp.Cli.Errors;

namespace OstreeSharp.Cli.Handlers;

/// <summary><c>rev-parse</c>: prints the commit each rev resolves to.</summary>
public sealed class RevParseHandler : ICommandHandler<RevParseCommandOptions>
{
    /// <inheritdoc/>
    public Task<int> ExecuteAsync(RevParseCommandOptions options, CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        using var repo = RepoOpener.Open(options.Repository);
        if (options.Single)
        {
            var commits = repo.EnumerateCommits().Take(2).ToList();
            if (commits.Count != 1)
                throw new CliException(commits.Count == 0 ? "No commits found" : "Multiple commit objects found");
            context.Console.Out.Write(commits[0] + "\n");
            return Task.FromResult(0);
        }
        foreach (var rev in options.Revs)
        {
            var c = RevResolver.Resolve(repo, rev);
            context.Console.Out.Write(c + "\n");
        }
        return Task.FromResult(0);
    }
}
