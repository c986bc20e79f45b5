using System.Text;
using OstreeSharp.Cli.Commands;
using OstreeSharp.Cli.Errors;
using OstreeSharp.Remotes;
using OstreeSharp.Summary;

namespace OstreeSharp.Cli.Handlers;

/// <summary>The <c>remote</c> subcommands, over <see cref="RemoteConfigStore"/>.</summary>
public sealed class RemoteHandler : ICommandHandler<RemoteCommandOptions>
{
    /// <inheritdoc/>
    public Task<int> ExecuteAsync(RemoteCommandOptions options, CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        using var repo = RepoOpener.Open(options.Repository);
        var store = new RemoteConfigStore(repo);
        var o = context.Console.Out;
        switch (options.Operation)
        {
            case RemoteOperation.Add:
                Add(store, options);
                if (options.GpgImport is not null)
                {
                    int imported = RemoteGpgKeys.Import(repo.Path, options.Name!, [options.GpgImport], false, [], context.Console);
                    o.Write(RemoteGpgKeys.ImportedLine(imported, options.Name!));
                }
                break;
            case RemoteOperation.Delete:
                store.Delete(options.Name!, options.IfExists);
                break;
            case RemoteOperation.ShowUrl:
                o.Write((store.Get(options.Name!).Url ?? throw new CliException($"No \"url\" option in remote \"{options.Name}\"")) + "\n");
                break;
            case RemoteOperation.List:
                List(store, options.ShowUrls, o);
                break;
            case RemoteOperation.GpgImport:
            {
                if (!store.TryGet(options.Name!, out _))
                    throw new CliException($"GPG: Remote \"{options.Name}\" not found");
                int imported = RemoteGpgKeys.Import(repo.Path, options.Name!, options.Keyrings, options.Stdin, options.KeyIds, context.Console);
                o.Write(RemoteGpgKeys.ImportedLine(imported, options.Name!));
                break;
            }
            case RemoteOperation.GpgListKeys:
            {
                var remote = store.Get(options.Name!);
                o.Write(RemoteGpgKeys.ListKeys(repo.Path, remote));
                break;
            }
            case RemoteOperation.AddCookie:
            case RemoteOperation.DeleteCookie:
            case RemoteOperation.ListCookies:
                store.Get(options.Name!);
                throw new CliException("remote cookies are not supported yet by ostree-sharp");
            case RemoteOperation.Refs:
            {
                var summary = RepoSummary.Parse(Fetch(repo.Path, store.Get(options.Name!), "Remote refs not available; server has no summary file", out _));
                var sb = new StringBuilder();
                foreach (var r in summary.Refs.OrderBy(r => r.Name, StringComparer.Ordinal))
                    sb.Append(options.Name).Append(':').Append(r.Name).Append('\n');
                o.Write(sb.ToString());
                break;
            }
            case RemoteOperation.Summary:
            {
                byte[] bytes = Fetch(repo.Path, store.Get(options.Name!), "Remote server has no summary file", out string verification);
                o.Write(options.Raw ? SummaryFormatter.FormatRaw(bytes) : SummaryFormatter.FormatView(RepoSummary.Parse(bytes)));
                o.Write(verification);
                break;
            }
        }
        return Task.FromResult(0);
    }

    private static void Add(RemoteConfigStore store, RemoteCommandOptions options)
    {
        var settings = new List<KeyValuePair<string, string>>();
        foreach (var s in options.Set)
        {
            int eq = s.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
                throw new CliException("Missing '=' in KEY=VALUE for --set");
            settings.Add(new(s[..eq], s[(eq + 1)..]));
        }
        store.Add(options.Name!, options.Url!, new RemoteAddOptions
        {
            Branches = options.Branches,
            ContentUrl = options.ContentUrl,
            CustomBackend = options.CustomBackend,
            Settings = settings,
            NoGpgVerify = options.NoGpgVerify,
            NoSignVerify = options.NoSignVerify,
            SignVerify = options.SignVerify,
            CollectionId = options.CollectionId,
            IfNotExists = options.IfNotExists,
            Force = options.Force,
        });
    }

    private static void List(RemoteConfigStore store, bool showUrls, TextWriter o)
    {
        var remotes = store.List();
        var sb = new StringBuilder();
        int width = remotes.Count == 0 ? 0 : remotes.Max(r => r.Name.Length);
        foreach (var r in remotes)
        {
            if (showUrls)
                sb.Append(r.Name.PadRight(width + 2)).Append(r.Url ?? "").Append('\n');
            else
                sb.Append(r.Name).Append('\n');
        }
        o.Write(sb.ToString());
    }

    private static byte[] Fetch(string repoPath, OstreeRemote remote, string noSummaryMessage, out string verification)
    {
        if (!RemoteSummaryFetcher.TryFetch(remote, out var summary, out var signature))
            throw new CliException(noSummaryMessage);
        verification = remote.GpgVerifySummary ? RemoteGpgKeys.VerifyGpg(repoPath, remote, summary, signature) : "";
        RemoteGpgKeys.VerifySign(remote, summary, signature);
        return summary;
    }
}
