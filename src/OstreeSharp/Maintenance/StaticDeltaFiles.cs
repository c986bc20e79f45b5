using OstreeSharp.Objects;
using OstreeSharp.Repository;

namespace OstreeSharp.Maintenance;

/// <summary>Finds and removes static delta directories (spec §8.1) for pruning.</summary>
internal static class StaticDeltaFiles
{
    /// <summary>One delta directory: <c>deltas/XX/REST</c>.</summary>
    internal readonly record struct Entry(string Directory, Checksum? From, Checksum To)
    {
        public string Name => From is { } f ? $"{f}-{To}" : To.ToString();
    }

    public static IEnumerable<Entry> Enumerate(OstreeRepo repo)
    {
        string root = Path.Combine(repo.Path, "deltas");
        if (!Directory.Exists(root))
            yield break;
        foreach (string prefixDir in Directory.EnumerateDirectories(root))
        {
            string prefix = Path.GetFileName(prefixDir);
            if (prefix.Length != 2)
                continue;
            foreach (string dir in Directory.EnumerateDirectories(prefixDir))
            {
                string rest = Path.GetFileName(dir);
                if (TryParse(prefix, rest, out var from, out var to))
                    yield return new Entry(dir, from, to);
            }
        }
    }

    internal static bool TryParse(string prefix, string rest, out Checksum? from, out Checksum to)
    {
        from = null;
        to = default;
        try
        {
            int dash = rest.IndexOf('-', StringComparison.Ordinal);
            if (dash < 0)
            {
                if (prefix.Length + rest.Length != Checksum.MBase64Length)
                    return false;
                to = Checksum.FromMBase64(prefix + rest);
                return true;
            }
            string f = prefix + rest[..dash];
            string t = rest[(dash + 1)..];
            if (f.Length != Checksum.MBase64Length || t.Length != Checksum.MBase64Length)
                return false;
            from = Checksum.FromMBase64(f);
            to = Checksum.FromMBase64(t);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public static void Delete(Entry entry) => Directory.Delete(entry.Directory, recursive: true);
}
