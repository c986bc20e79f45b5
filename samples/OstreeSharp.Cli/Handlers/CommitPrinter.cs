using System.Globalization;
using System.Text;
using OstreeSharp.GVariant;
using OstreeSharp.Objects;
using OstreeSharp.Repository;

namespace OstreeSharp.Cli.Handlers;

/// <summary>Formats commits exactly as <c>ostree show</c> and <c>ostree log</c> print them.</summary>
internal static class CommitPrinter
{
    public static void Print(TextWriter o, Checksum checksum, CommitObject commit)
    {
        var sb = new StringBuilder();
        sb.Append("commit ").Append(checksum).Append('\n');
        if (commit.Parent is { } p)
            sb.Append("Parent:  ").Append(p).Append('\n');
        sb.Append("ContentChecksum:  ").Append(commit.ContentChecksum).Append('\n');
        sb.Append("Date:  ").Append(commit.Date.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).Append(" +0000\n");
        if (commit.Metadata.TryGetString("version", out var version))
            sb.Append("Version: ").Append(version).Append('\n');
        if (commit.Subject.Length == 0)
        {
            sb.Append("(no subject)\n");
        }
        else
        {
            sb.Append("\n    ").Append(commit.Subject).Append('\n');
        }
        if (commit.Body.Length > 0)
        {
            sb.Append('\n');
            foreach (var line in commit.Body.Split('\n'))
                sb.Append("    ").Append(line).Append('\n');
        }
        sb.Append('\n');
        o.Write(sb.ToString());
    }

    public static void PrintRaw(TextWriter o, string label, Checksum checksum, ReadOnlySpan<byte> bytes, GVariantType type, bool byteswap)
    {
        o.Write($"{label} {checksum}\n");
        var data = byteswap ? GVariantByteSwapper.Byteswap(bytes, type) : bytes.ToArray();
        o.Write(GVariantValue.Read(data, type).Print(true));
        o.Write('\n');
    }

    public static string PrintValue(MetadataEntry entry, bool byteswap)
    {
        var data = byteswap ? GVariantByteSwapper.Byteswap(entry.Value.Span, entry.Type) : entry.Value.ToArray();
        return GVariantValue.Read(data, entry.Type).Print(false);
    }

    public static void ThrowIfMissing(OstreeRepo repo, Checksum checksum)
    {
        if (!repo.HasObject(checksum, ObjectType.Commit))
            throw new ObjectNotFoundException(new ObjectName(checksum, ObjectType.Commit));
    }
}
