using System.Globalization;
using OstreeSharp.Cli.Commands;
using OstreeSharp.Cli.Errors;
using OstreeSharp.Maintenance;
using OstreeSharp.Objects;

namespace OstreeSharp.Cli.Handlers;

/// <summary><c>prune</c>: runs <see cref="RepoPruner"/> and prints ostree's summary lines.</summary>
public sealed class PruneHandler : ICommandHandler<PruneCommandOptions>
{
    /// <inheritdoc/>
    public Task<int> ExecuteAsync(PruneCommandOptions options, CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        using var repo = RepoOpener.Open(options.Repository);
        DateTimeOffset? keepYoungerThan = null;
        if (options.KeepYoungerThan is { } date)
        {
            if (!DateExpression.TryParse(date, DateTimeOffset.Now, TimeZoneInfo.Local, out var parsed))
                throw new CliException($"Could not parse '{date}'");
            keepYoungerThan = parsed;
        }
        var retain = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string spec in options.RetainBranchDepth)
        {
            int eq = spec.LastIndexOf('=');
            if (eq < 0)
                throw new CliException($"Invalid value {spec}, must specify BRANCH=DEPTH");
            string depthText = spec[(eq + 1)..];
            if (!int.TryParse(depthText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int depth))
                throw new CliException($"Invalid depth {depthText}");
            retain[spec[..eq]] = depth;
        }
        Checksum? deleteCommit = null;
        if (options.DeleteCommit is { } victim)
        {
            if (!Checksum.IsValidLowerHex(victim))
            {
                // No ref can point at it; ostree enables tombstones before failing to unlink it.
                TombstoneCommits.Enable(repo);
                string rel = victim.Length >= 2 ? $"{victim[..2]}/{victim[2..]}.commit" : victim;
                throw new CliException($"Deleting object {victim}.commit: unlinkat({rel}): No such file or directory");
            }
            deleteCommit = Checksum.Parse(victim);
        }
        var result = RepoPruner.Prune(repo, new PruneOptions
        {
            DryRun = options.NoPrune,
            RefsOnly = options.RefsOnly,
            Depth = options.Depth,
            KeepYoungerThan = keepYoungerThan,
            DeleteCommit = deleteCommit,
            StaticDeltasOnly = options.StaticDeltasOnly,
            RetainBranchDepth = retain,
            OnlyBranches = options.OnlyBranches,
            CommitOnly = options.CommitOnly,
        }, null, cancellationToken);
        var o = context.Console.Out;
        o.Write(options.CommitOnly ? $"Total (commit only) objects: {result.TotalObjects}\n" : $"Total objects: {result.TotalObjects}\n");
        if (result.PrunedObjects == 0)
            o.Write("No unreachable objects\n");
        else if (result.DryRun)
            o.Write($"Would delete: {result.PrunedObjects} objects, freeing {ByteSize.Format(result.FreedBytes)}\n");
        else
            o.Write($"Deleted {result.PrunedObjects} objects, {ByteSize.Format(result.FreedBytes)} freed\n");
        return Task.FromResult(0);
    }
}
