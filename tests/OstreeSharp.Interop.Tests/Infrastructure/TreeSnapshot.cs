using System.Security.Cryptography;

namespace OstreeSharp.Interop.Tests.Infrastructure;

/// <summary>
/// A comparable description of a directory tree: one line per entry with type, permission bits, size, content
/// hash or link target and (optionally) <c>user.*</c> xattrs. Ownership and timestamps are not included.
/// </summary>
public static class TreeSnapshot
{
    public static IReadOnlyList<string> Capture(string root, bool includeXattrs)
    {
        var lines = new List<string>();
        Walk(root, "", includeXattrs, lines);
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static void Walk(string root, string rel, bool xattrs, List<string> lines)
    {
        string full = rel.Length == 0 ? root : Path.Combine(root, rel);
        foreach (string path in Directory.EnumerateFileSystemEntries(full))
        {
            string name = Path.GetFileName(path);
            string childRel = rel.Length == 0 ? name : rel + "/" + name;
            var info = new FileInfo(path);
            string x = xattrs ? " " + FormatXattrs(path) : "";
            if (info.LinkTarget is string target)
            {
                lines.Add($"l {childRel} -> {target}");
            }
            else if ((info.Attributes & FileAttributes.Directory) != 0)
            {
                lines.Add($"d {childRel} {ModeString(File.GetUnixFileMode(path))}{x}");
                Walk(root, childRel, xattrs, lines);
            }
            else
            {
                using FileStream s = File.OpenRead(path);
                string hash = Convert.ToHexStringLower(SHA256.HashData(s));
                lines.Add($"- {childRel} {ModeString(info.UnixFileMode)} {info.Length} {hash}{x}");
            }
        }
    }

    private static string ModeString(UnixFileMode mode) => Convert.ToString((int)mode & 0xFFF, 8).PadLeft(4, '0');

    private static string FormatXattrs(string path) =>
        "{" + string.Join(",", Xattrs.List(path).Select(kv => kv.Key + "=" + Convert.ToHexStringLower(kv.Value))) + "}";
}
