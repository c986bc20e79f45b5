using System.CommandLine;
using OstreeSharp.Cli.Errors;

namespace OstreeSharp.Cli.Commands;

/// <summary><c>prune</c>: search for unreachable objects (and delete them).</summary>
public sealed class PruneCommand : CliCommand
{
    private readonly Option<bool> _noPrune;
    private readonly Option<bool> _refsOnly;
    private readonly Option<int?> _depth;
    private readonly Option<string?> _deleteCommit;
    private readonly Option<string?> _keepYoungerThan;
    private readonly Option<bool> _staticDeltasOnly;
    private readonly Option<string[]> _retainBranchDepth;
    private readonly Option<string[]> _onlyBranch;
    private readonly Option<bool> _commitOnly;

    /// <summary>Declares the options of <c>ostree prune</c>.</summary>
    public PruneCommand() : base("prune", "Search for unreachable objects", string.Empty, usesRepository: true)
    {
        _noPrune = AddFlag("no-prune", null, "Only display unreachable objects; don't delete");
        _refsOnly = AddFlag("refs-only", null, "Only compute reachability via refs");
        _depth = AddInt("depth", null, "DEPTH", "Only traverse DEPTH parents for each commit (default: -1=infinite)");
        _deleteCommit = AddString("delete-commit", null, "COMMIT", "Specify a commit to delete");
        _keepYoungerThan = AddString("keep-younger-than", null, "DATE", "Prune all commits older than the specified date");
        _staticDeltasOnly = AddFlag("static-deltas-only", null, "Change the behavior of delete-commit and keep-younger-than to prune only static deltas");
        _retainBranchDepth = AddStringArray("retain-branch-depth", null, "BRANCH=DEPTH", "Additionally retain BRANCH=DEPTH commits");
        _onlyBranch = AddStringArray("only-branch", null, "BRANCH", "Only prune BRANCH (may be specified multiple times)");
        _commitOnly = AddFlag("commit-only", null, "Only traverse and delete commit objects.");
    }

    /// <inheritdoc/>
    protected override Task<int> ExecuteAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        string repo = ResolveRepository(invocation);
        bool noPrune = invocation.Get(_noPrune);
        string? deleteCommit = invocation.Get(_deleteCommit);
        bool staticDeltasOnly = invocation.Get(_staticDeltasOnly);
        if (deleteCommit is not null && noPrune)
        {
            throw new CliUsageException("Cannot specify both --delete-commit and --no-prune");
        }
        if (staticDeltasOnly && deleteCommit is null)
        {
            throw new CliException("--static-deltas-only requires --delete-commit; see https://github.com/ostreedev/ostree/issues/1479");
        }
        var options = new PruneCommandOptions
        {
            Repository = repo,
            NoPrune = noPrune,
            RefsOnly = invocation.Get(_refsOnly),
            Depth = invocation.Get(_depth) ?? -1,
            DeleteCommit = deleteCommit,
            KeepYoungerThan = invocation.Get(_keepYoungerThan),
            StaticDeltasOnly = staticDeltasOnly,
            RetainBranchDepth = invocation.GetAll(_retainBranchDepth),
            OnlyBranches = invocation.GetAll(_onlyBranch),
            CommitOnly = invocation.Get(_commitOnly),
        };
        return invocation.Handlers.Prune.ExecuteAsync(options, invocation.Context, cancellationToken);
    }
}
