using OstreeSharp.Cli.Commands;
using OstreeSharp.Maintenance;

namespace OstreeSharp.Cli.Handlers;

/// <summary><c>reset</c>: checks the ref exists, resolves the commit and moves the ref (no output on success).</summary>
public sealed class ResetHandler : ICommandHandler<ResetCommandOptions>
{
    /// <inheritdoc/>
    public Task<int> ExecuteAsync(ResetCommandOptions options, CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        using var repo = RepoOpener.Open(options.Repository);
        if (!Repository.RefSpec.TryParse(options.Ref, out var spec) || spec.IsChecksum || !repo.TryReadRef(spec.Remote, spec.Ref, out _))
            throw new RefNotFoundException($"Invalid ref '{options.Ref}'");
        var target = RevResolver.Resolve(repo, options.Commit);
        RefReset.Reset(repo, options.Ref, target);
        return Task.FromResult(0);
    }
}
