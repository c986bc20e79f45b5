using System.Text;
using OstreeSharp.Archive;
using OstreeSharp.Cli.Commands;
using OstreeSharp.Cli.Errors;
using OstreeSharp.Commit;
using OstreeSharp.GVariant;
using OstreeSharp.Objects;
using OstreeSharp.Repository;

namespace OstreeSharp.Cli.Handlers;

/// <summary><c>commit</c>: composes the trees in order, writes the commit, moves the branch.</summary>
public sealed class CommitHandler : ICommandHandler<CommitCommandOptions>
{
    /// <inheritdoc/>
    public Task<int> ExecuteAsync(CommitCommandOptions options, CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        RejectUnsupported(options);
        if (options.Branch is null && !options.Orphan)
            throw new CliException("A branch must be specified with --branch, or use --orphan");
        if (options.Branch is not null && !NameValidation.IsValidRefName(options.Branch))
            throw new CliException($"Invalid refspec {options.Branch}");

        using var repo = RepoOpener.Open(options.Repository);
        if (options.Fsync is { } fsync)
            repo.FsyncEnabled = fsync;

        Checksum? parent = null;
        if (options.Parent is { } p)
        {
            // ostree takes a full checksum here, not a rev, and does not require the commit to exist.
            if (p != "none")
                parent = ParseParent(p);
        }
        else if (options.Branch is not null && repo.TryResolveRev(options.Branch, out var head))
        {
            // As ostree, the branch is resolved like a rev: a hex name that prefixes a commit's checksum names that
            // commit (ahead of the ref itself), and refs/remotes/BRANCH is tried after refs/heads/BRANCH.
            parent = head;
        }

        if (options.CanonicalPermissions && options.OwnerUid is > 0)
            throw new CliException("Cannot specify both --canonical-permissions and non-zero --owner-uid");
        if (options.CanonicalPermissions && options.OwnerGid is > 0)
            throw new CliException("Cannot specify both --canonical-permissions and non-zero --owner-gid");

        string body = options.Body ?? "";
        if (options.BodyFile is { } bodyFile)
            body = File.ReadAllText(bodyFile, Encoding.UTF8);

        var modifier = new CommitModifier
        {
            SkipXattrs = options.NoXattrs,
            CanonicalPermissions = options.CanonicalPermissions,
            OwnerUid = options.OwnerUid is { } u ? (uint)u : null,
            OwnerGid = options.OwnerGid is { } g ? (uint)g : null,
            ReadOnlyExecutables = options.ModeReadOnlyExecutables,
            StatOverrides = options.StatOverride is { } so ? ReadStatOverrides(so) : null,
            SkipPaths = options.SkipList is { } sl ? ReadSkipList(sl) : null,
            DevInoCache = options.LinkCheckoutSpeedup ? DevInoCache.Scan(repo, cancellationToken) : null,
            ProcessWhiteouts = options.ProcessWhiteouts,
            Consume = options.Consume,
        };
        TarPathnameFilter? pathnameFilter = null;
        if (options.TarPathnameFilter is { } tpf)
        {
            try
            {
                pathnameFilter = TarPathnameFilter.Parse(tpf);
            }
            catch (FormatException e)
            {
                throw new CliException(e.Message);
            }
        }

        using var signing = CommitSigning.Prepare(options);
        using var progress = context.StartProgress("Committing");
        using var tx = repo.BeginTransaction(cancellationToken);
        var root = new MutableTree();
        var trees = options.Trees.Count > 0 ? options.Trees : [new CommitTreeSource(CommitTreeKind.Directory, ".")];
        var reporter = Progress.ProgressAdapter<CommitProgress>.For(progress, pr => new Progress.OperationProgress(pr.FilesDone, pr.FilesTotal, pr.BytesDone, pr.BytesTotal));
        // ostree --generate-sizes lists what the last layer wrote (and the final tree's dirtrees): each layer starts afresh.
        bool generateSizes = options.GenerateSizes && repo.IsArchive;
        IEnumerable<ObjectName> refLayerObjects = [];
        foreach (var source in trees)
        {
            if (generateSizes)
            {
                tx.StartWriteLog();
                refLayerObjects = [];
            }
            switch (source.Kind)
            {
                case CommitTreeKind.Directory:
                    if (!Directory.Exists(source.Value))
                        throw new CliException($"opendir({source.Value}): No such file or directory");
                    CommitWriter.ImportDirectory(tx, root, source.Value, modifier, reporter, cancellationToken);
                    break;
                case CommitTreeKind.Ref:
                    // As ostree, the modifier applies to the ref's tree too; without one the tree is reused unread.
                    var rc = repo.ReadCommit(repo.ResolveRev(source.Value));
                    CommitWriter.ImportTree(tx, root, rc.RootTree, rc.RootMeta, modifier, reporter, cancellationToken);
                    // A rewritten layer logged what it wrote; a reused one counts as writing all its files and dirmetas.
                    if (generateSizes && !modifier.RewritesExistingTrees)
                        refLayerObjects = CommitSizes.EnumerateLayerObjects(repo, rc.RootTree, rc.RootMeta);
                    break;
                default:
                    try
                    {
                        TarImporter.ImportFile(tx, root, source.Value, new TarImportOptions
                        {
                            AutoCreateParents = options.TarAutocreateParents,
                            PathnameFilter = pathnameFilter,
                            Modifier = modifier,
                        }, reporter, cancellationToken);
                    }
                    catch (FileNotFoundException e)
                    {
                        throw new CliException(e.Message);
                    }
                    break;
            }
        }
        if (modifier.StatOverrides is { } table && table.UnmatchedPaths.Count > 0)
        {
            foreach (var path in table.UnmatchedPaths)
                context.Console.Error.Write($"Unmatched statoverride path: {path}\n");
            throw new CliException("Unmatched statoverride paths");
        }
        if (modifier.UnmatchedSkipPaths is { Count: > 0 } unmatchedSkips)
        {
            foreach (var path in unmatchedSkips)
                context.Console.Error.Write($"Unmatched skip-list path: {path}\n");
            throw new CliException("Unmatched skip-list paths");
        }
        if (root.MetaChecksum is null)
            throw new CliException("Can't commit an empty tree");

        string? kernel = options.Bootable ? BootableTree.FindKernelVersion(root) : null;
        var metadata = BuildMetadata(repo, options, parent);
        var (treeChecksum, metaChecksum) = root.Write(tx);
        if (options.SkipIfUnchanged && parent is { } pp)
        {
            var pcommit = repo.ReadCommit(pp);
            if (pcommit.RootTree == treeChecksum && pcommit.RootMeta == metaChecksum)
            {
                tx.Abort();
                context.Console.Out.Write(pp + "\n");
                return Task.FromResult(0);
            }
        }

        List<string>? bindings = null;
        if (!options.NoBindings)
        {
            bindings = [.. options.BindRefs];
            if (options.Branch is not null)
                bindings.Add(options.Branch);
        }
        var commitChecksum = CommitWriter.WriteCommit(tx, treeChecksum, metaChecksum, new CommitOptions
        {
            Subject = options.Subject ?? "",
            Body = body,
            Timestamp = options.Timestamp,
            Parent = parent,
            Metadata = metadata,
            BootableKernelVersion = kernel,
            RefBindings = bindings,
            CollectionBinding = options.NoBindings ? null : repo.CollectionId,
            Sizes = generateSizes ? CommitSizes.Compute(tx, root, tx.WriteLog.Concat(refLayerObjects)) : null,
        });
        if (options.AddDetachedMetadataStrings.Count > 0)
        {
            var detached = new MetadataDictionary();
            foreach (var (k, v) in options.AddDetachedMetadataStrings)
                detached.AddString(k, v);
            tx.WriteDetachedMetadata(commitChecksum, detached);
        }
        if (options.Branch is not null && !options.Orphan)
            tx.SetRef(null, options.Branch, commitChecksum);
        var stats = tx.Commit();
        signing.Sign(repo, commitChecksum);

        if (options.TableOutput)
        {
            var o = context.Console.Out;
            o.Write($"Commit: {commitChecksum}\n");
            o.Write($"Metadata Total: {stats.MetadataObjectsTotal}\n");
            o.Write($"Metadata Written: {stats.MetadataObjectsWritten}\n");
            o.Write($"Content Total: {stats.ContentObjectsTotal}\n");
            o.Write($"Content Written: {stats.ContentObjectsWritten}\n");
            o.Write("Content Cache Hits: 0\n");
            o.Write($"Content Bytes Written: {stats.ContentBytesWritten}\n");
        }
        else
        {
            context.Console.Out.Write(commitChecksum + "\n");
        }
        return Task.FromResult(0);
    }

    private static void RejectUnsupported(CommitCommandOptions o)
    {
        string? flag =
            o.Editor ? "--editor" :
            o.Base is not null ? "--base" :
            o.SelinuxPolicy is not null ? "--selinux-policy" :
            o.SelinuxPolicyFromBase ? "--selinux-policy-from-base" :
            null;
        if (flag is not null)
            throw new CliException($"{flag} is not supported yet by ostree-sharp");
    }

    private static Checksum ParseParent(string text)
    {
        if (text.Length != Checksum.HexLength)
            throw new CliException($"Invalid rev {text[..Math.Min(text.Length, Checksum.HexLength)]}");
        foreach (char c in text)
        {
            if (!char.IsAsciiHexDigitLower(c))
                throw new CliException($"Invalid character '{(int)c}' in rev '{text}'");
        }
        return Checksum.Parse(text);
    }

    private static StatOverrideTable ReadStatOverrides(string path)
    {
        try
        {
            return StatOverrideTable.Parse(File.ReadAllText(path, Encoding.UTF8));
        }
        catch (FormatException e)
        {
            throw new CliException(e.Message);
        }
    }

    private static HashSet<string> ReadSkipList(string path)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllText(path, Encoding.UTF8).Split('\n'))
        {
            if (line.Length > 0)
                set.Add(line);
        }
        return set;
    }

    private static MetadataDictionary BuildMetadata(OstreeRepo repo, CommitCommandOptions options, Checksum? parent)
    {
        var md = new MetadataDictionary();
        // Repeated keys are all stored, in order (lookups see the first), exactly as ostree writes them.
        foreach (var (k, v) in options.AddMetadataStrings)
            md.AddString(k, v);
        foreach (var (k, text) in options.AddMetadata)
        {
            GVariantValue value;
            try
            {
                value = GVariantValue.ParseText(text, null);
            }
            catch (FormatException ex)
            {
                throw new CliException($"Parsing {k}={text}: {ex.Message}");
            }
            md.Add(k, value.Type, value.Serialize());
        }
        if (options.KeepMetadata.Count > 0)
        {
            if (parent is not { } p)
                throw new CliException("Either --branch or --parent must be specified when using --keep-metadata");
            var pc = repo.ReadCommit(p);
            foreach (var key in options.KeepMetadata)
            {
                // ostree keeps the parent's last value for a repeated key and appends it even if already present.
                var entry = pc.Metadata.LastOrDefault(e => string.Equals(e.Key, key, StringComparison.Ordinal));
                if (entry.Key is null)
                    throw new CliException($"Missing metadata key '{key}' from commit '{p}'");
                md.Add(key, entry.Type, entry.Value);
            }
        }
        return md;
    }
}
