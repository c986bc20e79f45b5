using System.Globalization;
using System.Text;
using OstreeSharp.GVariant;
using OstreeSharp.Objects;

namespace OstreeSharp.Summary;

/// <summary>
/// Renders a summary the way <c>ostree summary --view</c> and <c>ostree remote summary</c> print it (black-box
/// captured from ostree 2022.7), and its <c>--raw</c> form.
/// </summary>
public static class SummaryFormatter
{
    /// <summary>The <c>--view</c> text: one block per ref (own refs, then the collection map), then the metadata.</summary>
    public static string FormatView(RepoSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var sb = new StringBuilder();
        string? collectionId = summary.CollectionId;
        foreach (var r in summary.Refs)
            AppendRef(sb, collectionId, r);
        foreach (var (coll, refs) in summary.CollectionMap)
        {
            foreach (var r in refs)
                AppendRef(sb, coll, r);
        }
        foreach (var e in summary.Metadata)
        {
            switch (e.Key)
            {
                case SummaryKeys.Mode when e.Type.Equals(GVariantType.String):
                    sb.Append("Repository Mode (ostree.summary.mode): ").Append(e.GetReader().GetString()).Append('\n');
                    break;
                case SummaryKeys.LastModified when e.Type.Equals(GVariantType.UInt64):
                    sb.Append("Last-Modified (ostree.summary.last-modified): ").Append(FormatTimestamp(e)).Append('\n');
                    break;
                case SummaryKeys.Expires when e.Type.Equals(GVariantType.UInt64):
                    sb.Append("Expires (ostree.summary.expires): ").Append(FormatTimestamp(e)).Append('\n');
                    break;
                case SummaryKeys.TombstoneCommits when e.Type.Equals(GVariantType.Boolean):
                    sb.Append("Has Tombstone Commits (ostree.summary.tombstone-commits): ").Append(e.GetReader().GetBoolean() ? "Yes" : "No").Append('\n');
                    break;
                case SummaryKeys.StaticDeltas:
                    sb.Append("Static Deltas (ostree.static-deltas): ").Append(PrintValue(e)).Append('\n');
                    break;
                case SummaryKeys.CollectionId when e.Type.Equals(GVariantType.String):
                    sb.Append("Collection ID (ostree.summary.collection-id): ").Append(e.GetReader().GetString()).Append('\n');
                    break;
                case SummaryKeys.CollectionMap:
                    sb.Append("Collection Map (ostree.summary.collection-map): (printed above)\n");
                    break;
                default:
                    sb.Append(e.Key).Append(": ").Append(PrintValue(e)).Append('\n');
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>
    /// The <c>--raw</c> text: the whole summary in GVariant text form with type annotations, byteswapped as
    /// ostree does (it assumes big-endian data), then a newline.
    /// </summary>
    /// <exception cref="OstreeDataException">The bytes are not a summary.</exception>
    public static string FormatRaw(ReadOnlySpan<byte> summaryBytes)
    {
        byte[] swapped;
        try
        {
            swapped = GVariantByteSwapper.Byteswap(summaryBytes, RepoSummary.VariantType);
        }
        catch (ArgumentException ex)
        {
            // the byteswapper re-serializes strings and rejects malformed ones (e.g. without their NUL)
            throw new OstreeDataException("Summary contains a malformed string: " + ex.Message, ex);
        }
        return GVariantValue.Read(swapped, RepoSummary.VariantType).Print(true) + "\n";
    }

    private static void AppendRef(StringBuilder sb, string? collectionId, SummaryRef r)
    {
        sb.Append("* ");
        if (collectionId is not null)
            sb.Append('(').Append(collectionId).Append(", ").Append(r.Name).Append(')');
        else
            sb.Append(r.Name);
        sb.Append("\n    Latest Commit (").Append(Maintenance.ByteSize.Format(r.CommitSize)).Append("):\n      ").Append(r.Checksum).Append('\n');
        foreach (var e in r.Metadata)
        {
            switch (e.Key)
            {
                case SummaryKeys.CommitTimestamp when e.Type.Equals(GVariantType.UInt64):
                    sb.Append("    Timestamp (ostree.commit.timestamp): ").Append(FormatTimestamp(e)).Append('\n');
                    break;
                case SummaryKeys.CommitVersion when e.Type.Equals(GVariantType.String):
                    sb.Append("    Version (ostree.commit.version): ").Append(e.GetReader().GetString()).Append('\n');
                    break;
                default:
                    sb.Append("    ").Append(e.Key).Append(": ").Append(PrintValue(e)).Append('\n');
                    break;
            }
        }
        sb.Append('\n');
    }

    private static string PrintValue(MetadataEntry e) => GVariantValue.Read(e.Value.Span, e.Type).Print(false);

    private static string FormatTimestamp(MetadataEntry e)
    {
        long seconds = unchecked((long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(e.Value.Span));
        return FormatTimestamp(seconds);
    }

    /// <summary>A Unix time as ostree prints it (<c>2020-09-13T12:26:40+00</c>), or <c>invalid</c> out of range.</summary>
    public static string FormatTimestamp(long unixSeconds)
    {
        if (unixSeconds < -62135596800L || unixSeconds > 253402300799L)
            return "invalid";
        return DateTimeOffset.FromUnixTimeSeconds(unixSeconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "+00";
    }
}
