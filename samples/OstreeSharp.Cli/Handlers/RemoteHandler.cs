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
                store.Get(options.Name!);
                throw new CliException("remote gpg-import is not supported yet by ostree-sharp");
            case RemoteOperation.GpgListKeys:
                store.Get(options.Name!);
                throw new CliException("remote gpg-list-keys is not supported yet by ostree-sharp");
            case RemoteOperation.AddCookie:
            case RemoteOperation.DeleteCookie:
            case RemoteOperation.ListCookies:
                store.Get(options.Name!);
                throw new CliException("remote cookies are not supported yet by ostree-sharp");
            case RemoteOperation.Refs:
            {
                var summary = RepoSummary.Parse(Fetch(store.Get(options.Name!), "Remote refs not available; server has no summary file"));
                var sb = new StringBuilder();
                foreach (var r in summary.Refs.OrderBy(r => r.Name, StringComparer.Ordinal))
                    sb.Append(options.Name).Append(':').Append(r.Name).Append('\n');
                o.Write(sb.ToString());
                break;
            }
            case RemoteOperation.Summary:
            {
                byte[] bytes = Fetch(store.Get(options.Name!), "Remote server has no summary file");
                o.Write(options.Raw ? SummaryFormatter.FormatRaw(bytes) : SummaryFormatter.FormatView(RepoSummary.Parse(bytes)));
                break;
            }
        }
        return Task.FromResult(0);
    }

    private static void Add(RemoteConfigStore store, RemoteCommandOptions options)
    {
        if (options.GpgImport is not null)
            throw new CliException("--gpg-import is not supported yet by ostree-sharp");
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

    private static byte[] Fetch(OstreeRemote remote, string noSummaryMessage)
    {
        if (!RemoteSummaryFetcher.TryFetch(remote, out var summary, out var signature))
            throw new CliException(noSummaryMessage);
        if (remote.GpgVerifySummary)
        {
            if (signature is null)
                throw new CliException("GPG verification enabled, but no summary signatures found (use gpg-verify-summary=false in remote config to disable)");
            throw new CliException("GPG verification of summaries is not supported yet by ostree-sharp");
        }
        return summary;
    }
}
