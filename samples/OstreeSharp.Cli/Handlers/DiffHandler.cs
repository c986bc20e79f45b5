using System.Text;
using OstreeSharp.Cli.Commands;
using OstreeSharp.Diff;
using OstreeSharp.Maintenance;
using OstreeSharp.Repository;

namespace OstreeSharp.Cli.Handlers;

/// <summary><c>diff</c>: prints <c>M</c>/<c>D</c>/<c>A</c> lines (then statistics with <c>--stats</c>).</summary>
public sealed class DiffHandler : ICommandHandler<DiffCommandOptions>
{
    /// <inheritdoc/>
    public Task<int> ExecuteAsync(DiffCommandOptions options, CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        using var repo = RepoOpener.Open(options.Repository);
        var o = context.Console.Out;
        if (options.FsDiff)
        {
            var a = Resolve(repo, options.Old);
            var b = Resolve(repo, options.New);
            var result = TreeDiff.Compare(a, b, new TreeDiffOptions
            {
                ReadXattrs = !options.NoXattrs,
                OwnerUid = options.OwnerUid is { } u ? unchecked((uint)u) : null,
                OwnerGid = options.OwnerGid is { } g ? unchecked((uint)g) : null,
            }, cancellationToken);
            var sb = new StringBuilder();
            foreach (var e in result.All)
                sb.Append(e.ToString()).Append('\n');
            o.Write(sb.ToString());
        }
        if (options.Stats)
        {
            var a = RevResolver.Resolve(repo, options.Old);
            var b = RevResolver.Resolve(repo, options.New);
            var stats = TreeDiff.ComputeStats(repo, a, b, cancellationToken);
            o.Write($"[A] Object Count: {stats.ObjectCountA}\n");
            o.Write($"[B] Object Count: {stats.ObjectCountB}\n");
            o.Write($"Common Object Count: {stats.CommonObjectCount}\n");
            o.Write($"Common Object Size: {ByteSize.Format(stats.CommonObjectSize)}\n");
        }
        return Task.FromResult(0);
    }

    /// <summary>ostree reads an argument as a directory when it starts with <c>/</c> or <c>./</c>, else as a rev.</summary>
    private static DiffTree Resolve(OstreeRepo repo, string arg) =>
        arg.StartsWith('/') || arg.StartsWith("./", StringComparison.Ordinal)
            ? DiffTree.FromDirectory(arg)
            : DiffTree.FromCommit(repo, repo.ResolveRev(arg));
}
