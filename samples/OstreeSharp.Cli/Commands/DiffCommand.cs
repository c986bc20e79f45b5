using System.CommandLine;
using OstreeSharp.Cli.Errors;

namespace OstreeSharp.Cli.Commands;

/// <summary><c>diff</c>: compare two revisions or directories (one revision: its parent against it).</summary>
public sealed class DiffCommand : CliCommand
{
    private readonly Option<bool> _stats;
    private readonly Option<bool> _fsDiff;
    private readonly Option<bool> _noXattrs;
    private readonly Option<int?> _ownerUid;
    private readonly Option<int?> _ownerGid;

    /// <summary>Declares the options of <c>ostree diff</c>.</summary>
    public DiffCommand() : base("diff", "Compare directory TARGETDIR against revision REV", "REV_OR_DIR REV_OR_DIR", usesRepository: true)
    {
        _stats = AddFlag("stats", null, "Print various statistics");
        _fsDiff = AddFlag("fs-diff", null, "Print filesystem diff");
        _noXattrs = AddFlag("no-xattrs", null, "Skip output of extended attributes");
        _ownerUid = AddInt("owner-uid", null, "UID", "Use file ownership user id for local files");
        _ownerGid = AddInt("owner-gid", null, "GID", "Use file ownership group id for local files");
    }

    /// <inheritdoc/>
    protected override Task<int> ExecuteAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        string repo = ResolveRepository(invocation);
        IReadOnlyList<string> args = invocation.Positionals;
        if (args.Count == 0)
        {
            throw new CliUsageException("REV must be specified");
        }
        bool stats = invocation.Get(_stats);
        var options = new DiffCommandOptions
        {
            Repository = repo,
            Old = args.Count == 1 ? args[0] + "^" : args[0],
            New = args.Count == 1 ? args[0] : args[1],
            Stats = stats,
            FsDiff = invocation.Get(_fsDiff) || !stats,
            NoXattrs = invocation.Get(_noXattrs),
            OwnerUid = invocation.Get(_ownerUid),
            OwnerGid = invocation.Get(_ownerGid),
        };
        return invocation.Handlers.Diff.ExecuteAsync(options, invocation.Context, cancellationToken);
    }
}
