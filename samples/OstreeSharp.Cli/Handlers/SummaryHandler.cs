using OstreeSharp.Cli.Commands;
using OstreeSharp.Cli.Errors;
using OstreeSharp.GVariant;
using OstreeSharp.Objects;
using OstreeSharp.Summary;

namespace OstreeSharp.Cli.Handlers;

/// <summary><c>summary</c>: <c>-u</c> regenerates, <c>-v</c>/<c>--raw</c> print; <c>-u</c> wins over both.</summary>
public sealed class SummaryHandler : ICommandHandler<SummaryCommandOptions>
{
    /// <inheritdoc/>
    public Task<int> ExecuteAsync(SummaryCommandOptions options, CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        using var repo = RepoOpener.Open(options.Repository);
        if (options.Update)
        {
            var metadata = ParseMetadata(options.AddMetadata);
            using var signing = CommitSigning.Prepare(options.Sign, options.SignType, options.GpgSign, options.GpgHomedir);
            SummaryWriter.Update(repo, new SummaryOptions { AdditionalMetadata = metadata, Signer = signing.CreateSummarySigner() });
            return Task.FromResult(0);
        }
        if (options.View || options.Raw)
        {
            string path = Path.Combine(repo.Path, SummaryWriter.SummaryFileName);
            if (!File.Exists(path))
                throw new CliException("openat(summary): No such file or directory");
            byte[] bytes = File.ReadAllBytes(path);
            context.Console.Out.Write(options.Raw ? SummaryFormatter.FormatRaw(bytes) : SummaryFormatter.FormatView(RepoSummary.Parse(bytes)));
            return Task.FromResult(0);
        }
        throw new CliException("No option specified; use -u to update summary");
    }

    /// <summary>Parses <c>KEY=VALUE</c> pairs (VALUE in GVariant text format) with ostree's error wording.</summary>
    internal static MetadataDictionary ParseMetadata(IReadOnlyList<string> pairs)
    {
        var md = new MetadataDictionary();
        foreach (var pair in pairs)
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
                throw new CliException($"Missing '=' in KEY=VALUE metadata '{pair}'");
            string key = pair[..eq];
            string text = pair[(eq + 1)..];
            GVariantValue value;
            try
            {
                value = GVariantValue.ParseText(text, null);
            }
            catch (FormatException ex)
            {
                throw new CliException($"Error parsing variant \u2018{text}\u2019: : {ex.Message}");
            }
            md.Add(key, value.Type, value.Serialize());
        }
        return md;
    }
}
