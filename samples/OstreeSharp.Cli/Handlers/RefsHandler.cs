using OstreeSharp.Cli.Commands;
using OstreeSharp.Cli.Errors;
using OstreeSharp.Objects;
using OstreeSharp.Repository;

namespace OstreeSharp.Cli.Handlers;

/// <summary><c>refs</c>: list, create, delete refs and aliases.</summary>
public sealed class RefsHandler : ICommandHandler<RefsCommandOptions>
{
    /// <inheritdoc/>
    public Task<int> ExecuteAsync(RefsCommandOptions options, CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        using var repo = RepoOpener.Open(options.Repository);
        var o = context.Console.Out;

        if (options.Delete)
        {
            if (options.Prefixes.Count == 0)
                throw new CliException("At least one PREFIX is required when deleting refs");
            Delete(repo, options.Prefixes);
            return Task.FromResult(0);
        }
        if (options.Create is { } create)
        {
            Create(repo, options, create);
            return Task.FromResult(0);
        }
        if (options.Alias)
        {
            foreach (var (alias, target) in repo.ListRefAliases())
                o.Write($"{alias} -> {target}\n");
            return Task.FromResult(0);
        }
        if (options.Collections)
        {
            string? collectionFilter = options.Prefixes.Count > 0 ? options.Prefixes[0] : null;
            foreach (var ((coll, name), _) in repo.ListCollectionRefs())
            {
                if (collectionFilter is null || coll == collectionFilter)
                    o.Write($"({coll}, {name})\n");
            }
            return Task.FromResult(0);
        }
        var prefixes = options.Prefixes.Count == 0 ? [null] : options.Prefixes.Select(p => (string?)p).ToList();
        foreach (var prefix in prefixes)
        {
            foreach (var name in repo.ListRefs(prefix).Keys)
            {
                if (prefix is null || options.List)
                {
                    o.Write(name + "\n");
                }
                else
                {
                    string rest = name[prefix.Length..].TrimStart('/');
                    o.Write((rest.Length == 0 ? name : rest) + "\n");
                }
            }
        }
        return Task.FromResult(0);
    }

    private static void Create(OstreeRepo repo, RefsCommandOptions options, string create)
    {
        if (options.Prefixes.Count == 0)
            throw new CliException("You must specify a revision when creating a new ref");
        string target = options.Prefixes[0];
        if (options.Collections && !options.Alias)
        {
            CreateCollectionRef(repo, create, target);
            return;
        }
        int colon = create.IndexOf(':', StringComparison.Ordinal);
        string? remote = colon >= 0 ? create[..colon] : null;
        string name = colon >= 0 ? create[(colon + 1)..] : create;
        if (!NameValidation.IsValidRefName(name) || (remote is not null && !NameValidation.IsValidRemoteName(remote)))
            throw new CliException($"Invalid refspec {create}");
        if (options.Alias)
        {
            if (Checksum.IsValidLowerHex(target) || !NameValidation.IsValidRefName(target) || !repo.TryReadRef(null, target, out _))
                throw new CliException($"Cannot create alias to non-existent ref: {target}");
            repo.SetRefAlias(name, target);
            return;
        }
        if (!options.Force && repo.TryResolveRev(create, out _))
            throw new CliException($"--create specified but ref {create} already exists");
        var checksum = RevResolver.Resolve(repo, target);
        repo.SetRefImmediate(remote, name, checksum);
    }

    private static void CreateCollectionRef(OstreeRepo repo, string create, string target)
    {
        // ostree overwrites an existing collection ref without --force.
        int colon = create.IndexOf(':', StringComparison.Ordinal);
        string collectionId = colon >= 0 ? create[..colon] : create;
        if (!NameValidation.IsValidCollectionId(collectionId))
            throw new CliException($"Invalid collection ID {collectionId}");
        string name = create[(colon + 1)..];
        if (!NameValidation.IsValidRefName(name))
            throw new CliException($"Invalid refspec {create}");
        var checksum = RevResolver.Resolve(repo, target);
        repo.SetCollectionRefImmediate(new CollectionRef(collectionId, name), checksum);
    }

    private static void Delete(OstreeRepo repo, IReadOnlyList<string> prefixes)
    {
        var aliases = repo.ListRefAliases();
        foreach (var prefix in prefixes)
        {
            foreach (var name in repo.ListRefs(prefix).Keys)
            {
                foreach (var (alias, target) in aliases)
                {
                    if (target == name && !prefixes.Contains(alias))
                        throw new CliException($"Ref '{name}' has an active alias: '{alias}'");
                }
                int colon = name.IndexOf(':', StringComparison.Ordinal);
                if (aliases.ContainsKey(name))
                    repo.SetRefAlias(name, null);
                else if (colon >= 0)
                    repo.SetRefImmediate(name[..colon], name[(colon + 1)..], null);
                else
                    repo.SetRefImmediate(null, name, null);
            }
        }
    }
}
