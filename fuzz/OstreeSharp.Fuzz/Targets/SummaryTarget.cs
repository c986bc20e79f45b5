using OstreeSharp.Fuzz.Engine;
using OstreeSharp.GVariant;
using OstreeSharp.Objects;
using OstreeSharp.Repository;
using OstreeSharp.Summary;

namespace OstreeSharp.Fuzz.Targets;

/// <summary>
/// <see cref="RepoSummary.Parse"/> on arbitrary bytes (summaries come from untrusted servers), then every accessor,
/// the <c>--view</c> and <c>--raw</c> renderings; a normal-form summary must re-serialize to exactly its own bytes.
/// </summary>
public sealed class SummaryTarget : FuzzTarget
{
    public override string Name => "summary";

    public override string Description => "RepoSummary.Parse, accessors, --view/--raw formatting and re-serialization";

    public override IEnumerable<byte[]> Seeds(SeedMaterial material)
    {
        using (var repo = OstreeRepo.Open(material.RepoPath))
        {
            var user = new MetadataDictionary();
            user.SetString("custom", "value");
            yield return SummaryWriter.Build(repo, new SummaryOptions { AdditionalMetadata = user, Timestamp = DateTimeOffset.UnixEpoch }).Serialize();
        }
        yield return new RepoSummary([], new MetadataDictionary()).Serialize();
    }

    public override void Execute(byte[] input)
    {
        var summary = RepoSummary.Parse(input);
        _ = summary.Mode;
        _ = summary.CollectionId;
        _ = summary.LastModified;
        _ = summary.Expires;
        _ = summary.TombstoneCommits;
        _ = summary.IndexedDeltas;
        _ = summary.StaticDeltas;
        _ = summary.CollectionMap;
        _ = SummaryFormatter.FormatView(summary);
        _ = SummaryFormatter.FormatRaw(input);
        // GLib also calls zero bytes "normal" (the all-default value) although serializing it gives one byte.
        if (input.Length > 0 && new GVariantReader(input, RepoSummary.VariantType).IsNormalForm() && !summary.Serialize().AsSpan().SequenceEqual(input))
            throw new FuzzInvariantException("a normal-form summary did not re-serialize to its own bytes");
    }
}
