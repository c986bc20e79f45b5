using OstreeSharp.Cli.Commands;
using OstreeSharp.Cli.Errors;
using OstreeSharp.Objects;
using OstreeSharp.Repository;

namespace OstreeSharp.Cli.Handlers;

/// <summary><c>cat</c>: writes file contents from a commit (symlinks inside the commit are followed).</summary>
public sealed class CatHandler : ICommandHandler<CatCommandOptions>
{
    private const int MaxSymlinkHops = 40;

    /// <inheritdoc/>
    public Task<int> ExecuteAsync(CatCommandOptions options, CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        using var repo = RepoOpener.Open(options.Repository);
        var commit = RevResolver.Resolve(repo, options.Commit);
        var raw = context.Console.OpenRawOutput(); // owned by the console: not disposed here
        foreach (var p in options.Paths)
        {
            string path = "/" + p.Trim('/');
            for (int hop = 0; ; hop++)
            {
                if (!repo.TryResolvePath(commit, path, out var entry))
                    throw new CliException(hop == 0 ? PathErrors.Describe(repo, commit, path) : $"No such file or directory: {p}");
                if (entry.Kind == TreeEntryKind.Directory)
                    throw new CliException("Can't open directory");
                using var obj = repo.ReadContent(entry.Checksum);
                if (obj.Header.IsSymlink)
                {
                    if (hop >= MaxSymlinkHops)
                        throw new CliException($"Too many levels of symbolic links: {p}");
                    string target = obj.Header.SymlinkTarget;
                    string dir = path[..(path.LastIndexOf('/') + 1)];
                    path = Normalize(target.StartsWith('/') ? target : dir + target);
                    continue;
                }
                obj.Content!.CopyTo(raw);
                break;
            }
        }
        raw.Flush();
        return Task.FromResult(0);
    }

    private static string Normalize(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
                continue;
            if (part == "..")
            {
                if (parts.Count > 0)
                    parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        return "/" + string.Join('/', parts);
    }
}
