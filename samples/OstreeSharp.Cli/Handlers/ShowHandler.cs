using OstreeSharp.Cli.Commands;
using OstreeSharp.Cli.Errors;
using OstreeSharp.GVariant;
using OstreeSharp.Objects;

namespace OstreeSharp.Cli.Handlers;

/// <summary><c>show</c>: a commit (or a dirtree/dirmeta by checksum), or one metadata key.</summary>
public sealed class ShowHandler : ICommandHandler<ShowCommandOptions>
{
    /// <inheritdoc/>
    public Task<int> ExecuteAsync(ShowCommandOptions options, CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        if (options.PrintSizes || options.PrintVariantType is not null || options.PrintRelated)
            throw new CliException("This show option is not supported yet by ostree-sharp");
        using var repo = RepoOpener.Open(options.Repository);
        var o = context.Console.Out;
        bool swap = !options.NoByteswap;

        if (options.PrintMetadataKey is { } key || options.PrintDetachedMetadataKey is not null)
        {
            var csum = RevResolver.Resolve(repo, options.Object);
            MetadataDictionary? md = options.PrintMetadataKey is not null
                ? repo.ReadCommit(csum).Metadata
                : repo.ReadDetachedMetadata(csum);
            string k = options.PrintMetadataKey ?? options.PrintDetachedMetadataKey!;
            if (md is null)
                throw new CliException($"No detached metadata for commit {csum}");
            if (md is null || !md.TryGetValue(k, out var entry))
                throw new CliException($"No such metadata key '{k}'");
            o.Write(CommitPrinter.PrintValue(entry, swap) + "\n");
            return Task.FromResult(0);
        }

        if (Checksum.IsValidLowerHex(options.Object))
        {
            var c = Checksum.Parse(options.Object);
            if (!repo.HasObject(c, ObjectType.Commit))
            {
                foreach (var (type, vt) in new[] { (ObjectType.DirTree, OstreeTypes.DirTree), (ObjectType.DirMeta, OstreeTypes.DirMeta) })
                {
                    if (repo.HasObject(c, type))
                    {
                        if (options.Raw)
                            CommitPrinter.PrintRaw(o, type.DisplayName(), c, repo.ReadMetadataBytes(c, type), vt, swap);
                        else
                            o.Write($"{type.DisplayName()} {c}\n");
                        return Task.FromResult(0);
                    }
                }
                if (!repo.HasObject(c, ObjectType.File))
                    throw new CliException($"No such metadata object {c}.commit");
                throw new CliException($"Couldn't find file object '{c}'");
            }
        }
        var checksum = RevResolver.Resolve(repo, options.Object);
        if (options.Raw)
        {
            CommitPrinter.PrintRaw(o, "commit", checksum, repo.ReadMetadataBytes(checksum, ObjectType.Commit), OstreeTypes.Commit, swap);
        }
        else
        {
            CommitPrinter.Print(o, checksum, repo.ReadCommit(checksum));
            ShowSignatures.Print(o, repo, checksum, options.GpgVerifyRemote, options.GpgHomedir);
        }
        return Task.FromResult(0);
    }
}
