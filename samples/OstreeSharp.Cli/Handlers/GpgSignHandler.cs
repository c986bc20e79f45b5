using OstreeSharp.Cli.Commands;
using OstreeSharp.Signing;

namespace OstreeSharp.Cli.Handlers;

/// <summary><c>gpg-sign</c>: appends one signature per key to <c>ostree.gpgsigs</c>, or deletes them.</summary>
public sealed class GpgSignHandler : ICommandHandler<GpgSignCommandOptions>
{
    /// <inheritdoc/>
    public Task<int> ExecuteAsync(GpgSignCommandOptions options, CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        using var repo = RepoOpener.Open(options.Repository);
        var commit = RevResolver.Resolve(repo, options.Commit);
        if (options.Delete)
        {
            int deleted = CommitSigner.DeleteGpgSignatures(repo, commit, options.KeyIds, GpgKeySource.PublicKeyring(options.GpgHomedir));
            context.Console.Out.Write($"Signatures deleted: {deleted}\n");
            return Task.FromResult(0);
        }
        foreach (string keyId in options.KeyIds)
        {
            using var key = GpgKeySource.LoadSigningKey(keyId, options.GpgHomedir);
            CommitSigner.AddGpgSignature(repo, commit, key);
        }
        return Task.FromResult(0);
    }
}
