using OstreeSharp.Cli.Commands;
using OstreeSharp.Objects;

namespace OstreeSharp.Cli.Handlers;

/// <summary><c>log</c>: the chain of commits from REV back to the first (or the last one present).</summary>
public sealed class LogHandler : ICommandHandler<LogCommandOptions>
{
    /// <inheritdoc/>
    public Task<int> ExecuteAsync(LogCommandOptions options, CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        using var repo = RepoOpener.Open(options.Repository);
        var o = context.Console.Out;
        Checksum? current = RevResolver.Resolve(repo, options.Rev);
        var seen = new HashSet<Checksum>();
        while (current is { } c && seen.Add(c))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!repo.HasObject(c, ObjectType.Commit))
            {
                if (seen.Count == 1)
                    CommitPrinter.ThrowIfMissing(repo, c);
                o.Write("<< History beyond this commit not fetched >>\n");
                break;
            }
            if (options.Raw)
            {
                CommitPrinter.PrintRaw(o, "commit", c, repo.ReadMetadataBytes(c, ObjectType.Commit), OstreeTypes.Commit, byteswap: true);
            }
            else
            {
                CommitPrinter.Print(o, c, repo.ReadCommit(c));
            }
            current = repo.ReadCommit(c).Parent;
        }
        return Task.FromResult(0);
    }
}
